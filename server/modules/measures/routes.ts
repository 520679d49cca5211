import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { errorResponse as error } from '../../http/error-responses.ts';
import { CaseIdParam } from '../cases/schemas.ts';
import {
  CaseMeasure,
  InvitationAnswer,
  MeasureChange,
  MeasureIdParam,
  MeasureInvitations,
  MeasureParams,
  MeasurePlan,
  MyMeasures,
  NewMeasure,
} from './schemas.ts';
import type { MeasureService } from './service.ts';
import {
  MeasureType,
  MeasureTypeChange,
  MeasureTypeKeyParam,
  MeasureTypeList,
  NewMeasureType,
} from './type-schemas.ts';
import type { MeasureTypeService } from './type-service.ts';

const Created = Type.Object({ id: Type.String({ format: 'uuid' }) }, { title: 'CreatedMeasure' });

/** The measure catalogue, the measure plan of a case, and invitations to take part in a measure. */
export const measureRoutes: FastifyPluginAsyncTypebox<{
  measures: MeasureService;
  types: MeasureTypeService;
}> = async (app, { measures, types }) => {
  const guarded = { preHandler: requireAuth };
  app.get(
    '/api/v1/measure-types',
    {
      ...guarded,
      schema: {
        tags: ['measures'],
        summary: 'The measure catalogue of the organisation, switched-off types included (not for auditors)',
        response: { 200: MeasureTypeList, 403: error('An auditor') },
      },
    },
    async (request) => types.list(authOf(request)),
  );
  app.post(
    '/api/v1/measure-types',
    {
      ...guarded,
      schema: {
        tags: ['measures'],
        summary: 'Add an own measure type, in German and English (admins; audited as measure_type.create)',
        body: NewMeasureType,
        response: {
          201: MeasureType,
          403: error('Not an admin'),
          409: error('A type with this key exists (`measure_type_exists`)'),
          422: error('No such handbook page (`playbook_page_unknown`); a field is invalid'),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await types.create(authOf(request), request.body, request.id)),
  );
  app.patch(
    '/api/v1/measure-types/:key',
    {
      ...guarded,
      schema: {
        tags: ['measures'],
        summary:
          'Change a measure type, switch it on or off, or reset one of TMA’s to its default (admins; audited as measure_type.update)',
        params: MeasureTypeKeyParam,
        body: MeasureTypeChange,
        response: {
          200: MeasureType,
          403: error('Not an admin'),
          404: error('No such measure type (`measure_type_not_found`)'),
          422: error(
            'No such handbook page (`playbook_page_unknown`); reset of an own type; a field is invalid',
          ),
        },
      },
    },
    async (request) => types.update(authOf(request), request.params.key, request.body, request.id),
  );

  const tags = ['cases'];
  app.get(
    '/api/v1/cases/:id/measures',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'The measure plan of the case, open measures first by due day (audited as case.measure_read)',
        params: CaseIdParam,
        response: { 200: MeasurePlan, 404: error('No such case (`case_not_found`)') },
      },
    },
    async (request) => measures.plan(authOf(request), request.params.id, request.id),
  );
  app.post(
    '/api/v1/cases/:id/measures',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Plan a measure from the catalogue; experts not on the team are invited and join it by accepting (threat managers of the case; audited as case.measure_create)',
        params: CaseIdParam,
        body: NewMeasure,
        response: {
          201: Created,
          403: error('Not a threat manager of the case (`measure_not_allowed`)'),
          404: error('No such case (`case_not_found`)'),
          422: error(
            'Type not offered (`measure_type_not_offered`), someone who cannot take part (`expert_not_eligible`), no final assessment (`assessment_not_final`)',
          ),
        },
      },
    },
    async (request, reply) => {
      const id = await measures.create(authOf(request), request.params.id, request.body, request.id);
      return reply.code(201).send({ id });
    },
  );
  app.patch(
    '/api/v1/cases/:id/measures/:measureId',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Change a measure (threat managers), or start it, record notes, complete it with outcome and effectiveness (also its owner and accepted experts); audited as case.measure_update',
        params: MeasureParams,
        body: MeasureChange,
        response: {
          200: CaseMeasure,
          403: error('Not allowed to change or carry out this measure (`measure_not_allowed`)'),
          404: error('No such case or measure (`case_not_found`, `measure_not_found`)'),
          422: error('Completing without outcome or effectiveness (`outcome_required`); a field is invalid'),
        },
      },
    },
    async (request) =>
      measures.update(authOf(request), request.params.id, request.params.measureId, request.body, request.id),
  );

  app.get(
    '/api/v1/measures/mine',
    {
      ...guarded,
      schema: {
        tags: ['measures'],
        summary:
          'The open measures you carry out or take part in across cases, soonest due first (audited as case.measure_read)',
        response: { 200: MyMeasures },
      },
    },
    async (request) => ({ measures: await measures.mine(authOf(request), request.id) }),
  );
  app.get(
    '/api/v1/measure-invitations',
    {
      ...guarded,
      schema: {
        tags: ['measures'],
        summary:
          'Your open invitations to carry out or take part in a measure (the case’s reference, no content)',
        response: { 200: MeasureInvitations },
      },
    },
    async (request) => ({ invitations: await measures.invitations(authOf(request)) }),
  );
  app.post(
    '/api/v1/measure-invitations/:measureId',
    {
      ...guarded,
      schema: {
        tags: ['measures'],
        summary:
          'Accept an invitation (you join the case’s team) or decline it (audited as case.measure_invitation_answer)',
        params: MeasureIdParam,
        body: InvitationAnswer,
        response: {
          200: Type.Object({ caseId: Type.String({ format: 'uuid' }) }, { title: 'InvitationAnswered' }),
          404: error('No invitation (`invitation_not_found`)'),
          409: error('Answered already (`invitation_answered`), or the measure is closed (`measure_closed`)'),
        },
      },
    },
    async (request) =>
      measures.answer(authOf(request), request.params.measureId, request.body.answer, request.id),
  );
};
