import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { listBulkhead } from '../../http/bulkhead.ts';
import { contentDisposition } from '../../http/content-disposition.ts';
import { errorResponse } from '../../http/error-responses.ts';
import { ALLOWED_ATTACHMENT_TYPES } from '../attachments/allowed-types.ts';
import type { InboxService } from './inbox-service.ts';
import { AttachmentParams, InboxPage, InboxQuery, ReportDetail, ReportIdParam } from './schemas.ts';

/** The media types an attachment is sent as: those it may have (its type was sniffed when it arrived). */
const attachmentMediaTypes = [
  ...new Set(ALLOWED_ATTACHMENT_TYPES.map((type) => type.contentType.replace(/;.*$/, ''))),
];

/** An attachment download's answer, for the OpenAPI document: the file's bytes and the headers sent with it. */
const AttachmentFile = {
  description: 'The file, sent as the type it was identified as when it arrived',
  headers: {
    'content-disposition': Type.String({
      description:
        'Always `attachment` (never shown inline), with the file’s name: `filename` in ASCII, `filename*` in UTF-8 (RFC 6266).',
    }),
    'content-length': Type.Integer({ minimum: 0, description: 'The file’s size in bytes.' }),
    'x-content-type-options': Type.Literal('nosniff', {
      description: 'Browsers take the content type as sent.',
    }),
    'cache-control': Type.Literal('private, no-store', { description: 'Never kept in any cache.' }),
  },
  content: Object.fromEntries(
    attachmentMediaTypes.map((mediaType) => [mediaType, { schema: Type.String({ format: 'binary' }) }]),
  ),
};

/** The team's reading of reports: the inbox, a report, and its attachments (every read of content audited). */
export const inboxRoutes: FastifyPluginAsyncTypebox<{ inbox: InboxService }> = async (app, { inbox }) => {
  const guarded = { preHandler: requireAuth };

  app.get(
    '/api/v1/reports',
    {
      ...guarded,
      onRequest: listBulkhead,
      schema: {
        tags: ['reports'],
        summary: 'The intake inbox: reports of your units, danger indicated first, then newest',
        querystring: InboxQuery,
        response: { 200: InboxPage },
      },
    },
    async (request) => inbox.list(authOf(request), request.query),
  );

  app.get(
    '/api/v1/reports/:id',
    {
      ...guarded,
      schema: {
        tags: ['reports'],
        summary: 'A report with its answers and dialogue (audited as report.read)',
        params: ReportIdParam,
        response: { 200: ReportDetail },
      },
    },
    async (request) => inbox.detail(authOf(request), request.params.id, request.id),
  );

  app.get(
    '/api/v1/reports/:id/attachments/:attachmentId',
    {
      ...guarded,
      schema: {
        tags: ['reports'],
        summary: 'Download an attachment (audited as report.attachment_read)',
        params: AttachmentParams,
        response: {
          200: AttachmentFile,
          403: errorResponse(
            'You see the report but may not read its content (`report_action_not_allowed`); a session that ' +
              'must first set up a second factor (`second_factor_setup_required`); an API token without the ' +
              'scope (`token_scope_missing`, `token_not_allowed`).',
          ),
          404: errorResponse(
            'No such report, or not visible to you (`report_not_found`); no such attachment of the report ' +
              '(`attachment_not_found`).',
          ),
          410: errorResponse(
            'The report was deleted (`report_deleted`; `error.deleted` says on which day and why).',
          ),
        },
      },
    },
    async (request, reply) => {
      const { id, attachmentId } = request.params;
      const file = await inbox.attachment(authOf(request), id, attachmentId, request.id);
      // Pull the first piece before the headers go out: a missing blob must still be a clean error.
      const iterator = file.content[Symbol.asyncIterator]();
      const first = await iterator.next();
      async function* rest() {
        if (!first.done) yield first.value;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      }
      return reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.byteLength))
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(Readable.from(rest()));
    },
  );
};
