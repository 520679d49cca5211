import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { listBulkhead } from '../../http/bulkhead.ts';
import { errorResponse as error } from '../../http/error-responses.ts';
import { CaseListQuery } from './case-list-filters.ts';
import {
  CaseDetail,
  CaseHandOver,
  CaseHandOverResult,
  CaseIdParam,
  CaseList,
  CaseOwners,
} from './schemas.ts';
import type { CaseService } from './service.ts';

/** Cases, as far as they exist today: the list to attach reports to, and the case page. */
export const caseRoutes: FastifyPluginAsyncTypebox<{ cases: CaseService }> = async (app, { cases }) => {
  app.get(
    '/api/v1/cases',
    {
      onRequest: listBulkhead,
      preHandler: requireAuth,
      schema: {
        tags: ['cases'],
        summary:
          'A page of the cases you may see, filtered, sorted and searched (blind index); by default the open ones and the tombstones of deleted ones, newest first (audited as one case.list event per page)',
        querystring: CaseListQuery,
        response: { 200: CaseList },
      },
    },
    async (request) => cases.listOpen(authOf(request), request.query, request.id),
  );
  app.get(
    '/api/v1/case-owners',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['cases'],
        summary:
          'Everyone who can own a case, by name: to filter the case list by (those who see cases by unit)',
        response: { 200: CaseOwners, 403: error('Sees cases only through their teams, or an auditor') },
      },
    },
    async (request) => cases.owners(authOf(request)),
  );
  app.get(
    '/api/v1/cases/:id',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['cases'],
        summary: 'A case (audited as case.read)',
        params: CaseIdParam,
        response: { 200: CaseDetail },
      },
    },
    async (request) => cases.detail(authOf(request), request.params.id, request.id),
  );
  app.post(
    '/api/v1/cases/:id/hand-over',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['cases'],
        summary:
          'Hand the case and its reports to another unit, with a reason; `case` is null if you cannot see it there',
        params: CaseIdParam,
        body: CaseHandOver,
        response: { 200: CaseHandOverResult },
      },
    },
    async (request) => ({
      case: await cases.handOver(authOf(request), request.params.id, request.body, request.id),
    }),
  );
};
