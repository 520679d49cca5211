import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { contentDisposition } from '../../http/content-disposition.ts';
import { errorResponse } from '../../http/error-responses.ts';
import {
  DataSubjectConfirmation,
  DataSubjectExportRequest,
  DataSubjectRequestDetail,
  DataSubjectRequestList,
  DataSubjectRequestSummary,
  DataSubjectRequestsQuery,
  NewDataSubjectRequest,
  PersonIdParam,
  ProcessingRestrictionChange,
  RequestIdParam,
} from './schemas.ts';
import type { DataSubjectService } from './service.ts';

const forbidden = errorResponse(
  'Only admins and the data protection officer (`data_subjects_not_allowed`); other people’s names only the officer (`data_subject_names_not_allowed`).',
);
const notFound = errorResponse('No such request (`data_subject_request_not_found`).');
const Restriction = Type.Object(
  { processingRestrictedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) },
  { title: 'ProcessingRestriction' },
);

/** Data subject requests (access, GDPR Art. 15) and restriction of processing (Art. 18). */
export const dataSubjectRoutes: FastifyPluginAsyncTypebox<{ dataSubjects: DataSubjectService }> = async (
  app,
  { dataSubjects },
) => {
  const tags = ['data-subjects'];
  app.get(
    '/api/v1/data-subject-requests',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'The data subject requests, newest first, with their due days; keyset-paged',
        querystring: DataSubjectRequestsQuery,
        response: { 200: DataSubjectRequestList, 403: forbidden },
      },
    },
    async (request) => dataSubjects.list(authOf(request), request.query),
  );
  app.post(
    '/api/v1/data-subject-requests',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Record a request (the name sealed) and find the person in every case and report by blind index (audited as data_subject.search, without the name)',
        body: NewDataSubjectRequest,
        response: { 201: DataSubjectRequestDetail, 403: forbidden },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await dataSubjects.create(authOf(request), request.body, request.id)),
  );
  app.get(
    '/api/v1/data-subject-requests/:id',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'A request with a fresh search for its matches (audited as data_subject.search)',
        params: RequestIdParam,
        response: { 200: DataSubjectRequestDetail, 403: forbidden, 404: notFound },
      },
    },
    async (request) => dataSubjects.read(authOf(request), request.params.id, request.id),
  );
  app.put(
    '/api/v1/data-subject-requests/:id/confirmed',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Which matches are the data subject: only these are exported (audited as data_subject.confirm)',
        params: RequestIdParam,
        body: DataSubjectConfirmation,
        response: { 200: DataSubjectRequestDetail, 403: forbidden, 404: notFound },
      },
    },
    async (request) => dataSubjects.confirm(authOf(request), request.params.id, request.body, request.id),
  );
  app.post(
    '/api/v1/data-subject-requests/:id/export',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'The ZIP of what TMA holds about the confirmed matches (JSON and documents), other people redacted unless the officer includes names with a reason; streamed (audited as data_subject.export)',
        params: RequestIdParam,
        body: DataSubjectExportRequest,
        response: {
          200: {
            description:
              'The ZIP archive: manifest.json, cases/<reference>/case.json and documents, reports/<reference>/report.json.',
            content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
          },
          403: forbidden,
          404: notFound,
          422: errorResponse(
            'Nothing confirmed yet (`nothing_confirmed`), or names without a reason (`names_reason_required`).',
          ),
        },
      },
    },
    async (request, reply) => {
      const file = await dataSubjects.export(authOf(request), request.params.id, request.body, request.id);
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(file.stream);
    },
  );
  app.post(
    '/api/v1/data-subject-requests/:id/release',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Mark the request answered once the reviewed export was released (audited as data_subject.release)',
        params: RequestIdParam,
        response: { 200: DataSubjectRequestSummary, 403: forbidden, 404: notFound },
      },
    },
    async (request) => dataSubjects.release(authOf(request), request.params.id, request.id),
  );
  app.put(
    '/api/v1/persons/:personId/processing-restriction',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Restrict processing of a case person’s data (kept and read, not changed) or lift it; the reason sealed (audited as data_subject.restrict / data_subject.restriction_lifted)',
        params: PersonIdParam,
        body: ProcessingRestrictionChange,
        response: {
          200: Restriction,
          403: forbidden,
          404: errorResponse('No such person (`person_not_found`).'),
        },
      },
    },
    async (request) =>
      dataSubjects.restrict(authOf(request), request.params.personId, request.body, request.id),
  );
};
