import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { errorResponse as error } from '../../http/error-responses.ts';
import { CaseIdParam } from '../cases/schemas.ts';
import {
  AnswersInput,
  AssessmentComparison,
  AssessmentDetail,
  AssessmentParams,
  AssessmentSettings,
  CaseAssessments,
  CompareQuery,
  DueQuery,
  DueReviews,
  Judgement,
  NewAssessment,
  NewExternalResult,
} from './schemas.ts';
import type { AssessmentService } from './service.ts';
import type { AssessmentSettingsService } from './settings.ts';

const tags = ['assessments'];
const guarded = { preHandler: requireAuth };
const caseErrors = {
  403: error(
    'You do not take part in assessments, or may not take this step (`assessment_not_allowed`, `case_action_not_allowed`)',
  ),
  404: error('No such case or assessment, or not visible to you (`case_not_found`, `assessment_not_found`)'),
  410: error('The case was deleted (`case_deleted`)'),
};
const decided = error('The assessment is decided and never changes (`assessment_final`)');

/** Assessments of a case: start with a model, answer with a live suggestion, judge, sign off. */
export const assessmentRoutes: FastifyPluginAsyncTypebox<{
  assessments: AssessmentService;
  settings: AssessmentSettingsService;
}> = async (app, { assessments, settings }) => {
  app.get(
    '/api/v1/cases/:id/assessments',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'The assessments of a case, the models to start one with, and when the next is due (audited)',
        params: CaseIdParam,
        response: { 200: CaseAssessments, ...caseErrors },
      },
    },
    async (request) => assessments.list(authOf(request), request.params.id, request.id),
  );

  app.post(
    '/api/v1/cases/:id/assessments',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Start an assessment with the active version of a model, or re-assess (supersedes: a final one, whose answers start it)',
        params: CaseIdParam,
        body: NewAssessment,
        response: {
          201: AssessmentDetail,
          ...caseErrors,
          409: error('Only a final assessment is superseded (`assessment_not_final`)'),
          422: error('The model has no active version (`model_not_active`)'),
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await assessments.start(authOf(request), request.params.id, request.body, request.id)),
  );

  app.post(
    '/api/v1/cases/:id/external-assessments',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Record the result of an external licensed instrument, mapped onto L1–L4 by the organisation’s level map (the case’s threat managers; audited as assessment.external)',
        params: CaseIdParam,
        body: NewExternalResult,
        response: {
          201: AssessmentDetail,
          ...caseErrors,
          422: error(
            'Unknown instrument (`instrument_unknown`) or result (`instrument_result_unknown`), or a day in the future (`assessed_on_in_future`)',
          ),
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await assessments.recordExternal(authOf(request), request.params.id, request.body, request.id)),
  );

  app.get(
    '/api/v1/cases/:id/assessments/compare',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Compare two assessments (older first): item by item within a major version with the older answers re-scored under the newer rules (derived), by concept across majors and models (audited)',
        params: CaseIdParam,
        querystring: CompareQuery,
        response: {
          200: AssessmentComparison,
          ...caseErrors,
          422: error('An external result has no items to compare (`assessment_not_comparable`)'),
        },
      },
    },
    async (request) => assessments.compare(authOf(request), request.params.id, request.query, request.id),
  );

  app.get(
    '/api/v1/cases/:id/assessments/:assessmentId',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'One assessment: answers, the rule trace, the judgement and the model version it is pinned to (audited)',
        params: AssessmentParams,
        response: { 200: AssessmentDetail, ...caseErrors },
      },
    },
    async (request) =>
      assessments.get(authOf(request), request.params.id, request.params.assessmentId, request.id),
  );

  app.put(
    '/api/v1/cases/:id/assessments/:assessmentId/answers',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Replace the answers of a draft; answers the recomputed suggestion and rule trace',
        params: AssessmentParams,
        body: AnswersInput,
        response: {
          200: AssessmentDetail,
          ...caseErrors,
          409: decided,
          422: error('An item, code or evidence link does not fit (`assessment_answers_invalid`)'),
        },
      },
    },
    async (request) =>
      assessments.answer(
        authOf(request),
        request.params.id,
        request.params.assessmentId,
        request.body,
        request.id,
      ),
  );

  app.post(
    '/api/v1/cases/:id/assessments/:assessmentId/finalise',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Record the final judgement (level, rationale, a reason where it departs from the suggestion, scenarios, next review); the case takes the level unless four eyes are required',
        params: AssessmentParams,
        body: Judgement,
        response: {
          200: AssessmentDetail,
          ...caseErrors,
          409: decided,
          422: error(
            'Rationale missing (`judgement_rationale_missing`), departure unexplained (`judgement_deviation_unexplained`), or a positive answer the model wants supported has no note or evidence (`assessment_evidence_missing`)',
          ),
        },
      },
    },
    async (request) =>
      assessments.finalise(
        authOf(request),
        request.params.id,
        request.params.assessmentId,
        request.body,
        request.id,
      ),
  );

  app.post(
    '/api/v1/cases/:id/assessments/:assessmentId/sign-off',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'A second threat manager signs off a judgement that needs four eyes; it becomes final',
        params: AssessmentParams,
        response: {
          200: AssessmentDetail,
          ...caseErrors,
          409: error('Not waiting for a sign-off (`assessment_not_awaiting_sign_off`)'),
        },
      },
    },
    async (request) =>
      assessments.signOff(authOf(request), request.params.id, request.params.assessmentId, request.id),
  );

  app.post(
    '/api/v1/cases/:id/assessments/:assessmentId/return',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Send a judgement waiting for sign-off back to a draft (a threat manager of the case; audited as assessment.return)',
        params: AssessmentParams,
        response: {
          200: AssessmentDetail,
          ...caseErrors,
          409: error('Not waiting for a sign-off (`assessment_not_awaiting_sign_off`)'),
        },
      },
    },
    async (request) =>
      assessments.returnToDraft(authOf(request), request.params.id, request.params.assessmentId, request.id),
  );

  app.delete(
    '/api/v1/cases/:id/assessments/:assessmentId',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Discard a draft assessment',
        params: AssessmentParams,
        response: { 204: Type.Null({ description: 'Discarded' }), ...caseErrors, 409: decided },
      },
    },
    async (request, reply) => {
      await assessments.discard(authOf(request), request.params.id, request.params.assessmentId, request.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/assessments/due',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Cases whose re-assessment is due or overdue (or due within `within` days), among those you assess (audited)',
        querystring: DueQuery,
        response: { 200: DueReviews },
      },
    },
    async (request) => assessments.due(authOf(request), Number(request.query.within ?? 0), request.id),
  );

  app.get(
    '/api/v1/assessment-settings',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Who takes part in assessments, re-assessment intervals, levels needing four eyes',
        response: { 200: AssessmentSettings },
      },
    },
    async (request) => settings.get(authOf(request)),
  );

  app.put(
    '/api/v1/assessment-settings',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Change the assessment settings (admins; audited as assessment_settings.update)',
        body: AssessmentSettings,
        response: { 200: AssessmentSettings, 403: error('Not an admin (`assessment_settings_not_allowed`)') },
      },
    },
    async (request) => settings.update(authOf(request), request.body, request.id),
  );
};
