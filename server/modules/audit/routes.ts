import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { contentDisposition } from '../../http/content-disposition.ts';
import { errorResponse as error } from '../../http/error-responses.ts';
import { CaseIdParam } from '../cases/schemas.ts';
import {
  AuditEventsQuery,
  AuditFilterQuery,
  AuditLogPage,
  AuditLogStatus,
  AuditLogUsers,
  CaseViewers,
} from './viewer-schemas.ts';
import type { AuditViewerService } from './viewer-service.ts';

const tags = ['audit'];
const refused = {
  403: error('Only auditors and admins read the audit log (`audit_log_not_allowed`)'),
};

/** The audit viewer (docs/audit-log.md, "Reading the log") and "who has seen this case". */
export const auditRoutes: FastifyPluginAsyncTypebox<{ viewer: AuditViewerService }> = async (
  app,
  { viewer },
) => {
  app.get(
    '/api/v1/audit/events',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'The audit log, newest first, filtered by user, case (id or reference), action (or `prefix.*`), outcome and time; keyset-paged (audited as audit.read)',
        querystring: AuditEventsQuery,
        response: {
          200: AuditLogPage,
          400: error('The `after` cursor is not one of this list (`cursor_invalid`)'),
          ...refused,
        },
      },
    },
    async (request) => viewer.list(authOf(request), request.query, request.id),
  );

  app.get(
    '/api/v1/audit/events.csv',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'The filtered audit log as CSV, streamed, with the chain head at export time; `tma audit verify --extract` checks it (audited as audit.export)',
        querystring: AuditFilterQuery,
        response: {
          200: { description: 'The CSV file', content: { 'text/csv': { schema: { type: 'string' } } } },
          ...refused,
        },
      },
    },
    async (request, reply) => {
      const file = await viewer.csv(authOf(request), request.query, request.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8; header=present')
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(Readable.from(file.lines, { objectMode: false }));
    },
  );

  app.get(
    '/api/v1/audit/status',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'The chain’s verification status: the last verification (when, intact or where it broke) and the last verified head, the head now, events not linked or not verified yet',
        response: { 200: AuditLogStatus, ...refused },
      },
    },
    async (request) => viewer.status(authOf(request)),
  );

  app.get(
    '/api/v1/audit/users',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'The organisation’s users (id, name, role), for the audit log’s user filter',
        response: { 200: AuditLogUsers, ...refused },
      },
    },
    async (request) => viewer.users(authOf(request)),
  );

  app.get(
    '/api/v1/cases/:id/viewers',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['cases'],
        summary:
          'Who has seen this case: per person, how often they read, exported and changed it, and when last, from the audit log (for the case’s owner and admins; audited as case.viewers_read)',
        params: CaseIdParam,
        response: {
          200: CaseViewers,
          403: error('Only the case’s owner and admins see who has seen it (`case_viewers_not_allowed`)'),
          404: error('No such case, or not visible to you (`case_not_found`)'),
          410: error('The case was deleted (`case_deleted`)'),
        },
      },
    },
    async (request) => viewer.caseViewers(authOf(request), request.params.id, request.id),
  );
};
