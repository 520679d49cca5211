import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { listBulkhead } from '../../http/bulkhead.ts';
import { CaseDetail } from '../cases/schemas.ts';
import { ReportFormDefinition } from './form-definition.ts';
import type { InboxService } from './inbox-service.ts';
import {
  Acknowledgement,
  AttachmentParams,
  AttachToCase,
  CloseReport,
  DialogueMessage,
  HandOver,
  HandOverResult,
  InboxPage,
  InboxQuery,
  OpenCase,
  ReportDetail,
  ReportIdParam,
  ReportSettings,
  StaffReport,
  StaffReportCreated,
  TeamMessage,
} from './schemas.ts';
import type { SettingsService } from './settings-service.ts';
import { jsonWithFilesBody, readJsonWithFiles } from './uploads.ts';

/** `filename*` per RFC 6266/5987, with a plain ASCII fallback. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The team's side of reports: the inbox, a report, the dialogue, triage, and the portal's settings. */
export const reportRoutes: FastifyPluginAsyncTypebox<{
  inbox: InboxService;
  settings: SettingsService;
}> = async (app, { inbox, settings }) => {
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

  app.post(
    '/api/v1/reports',
    {
      ...guarded,
      config: { documentedBody: jsonWithFilesBody('report', StaffReport, 'The report as the team took it.') },
      schema: {
        tags: ['reports'],
        summary: 'Record a report received by phone, in person, by letter or e-mail',
        response: { 201: StaffReportCreated },
      },
    },
    async (request, reply) => {
      const { json, files } = await readJsonWithFiles<StaffReport>(request, 'report', StaffReport);
      const created = await inbox.record(authOf(request), json, files, request.id);
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(created);
    },
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

  app.post(
    '/api/v1/reports/:id/messages',
    {
      ...guarded,
      schema: {
        tags: ['reports'],
        summary: 'Write to the reporter (they read it with their receipt)',
        params: ReportIdParam,
        body: TeamMessage,
        response: { 201: DialogueMessage },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await inbox.reply(authOf(request), request.params.id, request.body, request.id)),
  );

  app.post(
    '/api/v1/reports/:id/acknowledge',
    {
      ...guarded,
      schema: {
        tags: ['reports'],
        summary: 'Acknowledge receipt to the reporter',
        params: ReportIdParam,
        body: Acknowledgement,
        response: { 200: ReportDetail },
      },
    },
    async (request) => inbox.acknowledge(authOf(request), request.params.id, request.body.body, request.id),
  );

  app.post(
    '/api/v1/reports/:id/open-case',
    {
      ...guarded,
      schema: {
        tags: ['reports'],
        summary: 'Open a new case from the report',
        params: ReportIdParam,
        body: OpenCase,
        response: { 201: CaseDetail },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await inbox.openCase(authOf(request), request.params.id, request.body.title, request.id)),
  );

  app.post(
    '/api/v1/reports/:id/attach-to-case',
    {
      ...guarded,
      schema: {
        tags: ['reports'],
        summary: 'Attach the report to an existing case',
        params: ReportIdParam,
        body: AttachToCase,
        response: { 200: ReportDetail },
      },
    },
    async (request) =>
      inbox.attachToCase(authOf(request), request.params.id, request.body.caseId, request.id),
  );

  app.post(
    '/api/v1/reports/:id/close',
    {
      ...guarded,
      schema: {
        tags: ['reports'],
        summary: 'Close the report with a reason',
        params: ReportIdParam,
        body: CloseReport,
        response: { 200: ReportDetail },
      },
    },
    async (request) => inbox.close(authOf(request), request.params.id, request.body, request.id),
  );

  app.post(
    '/api/v1/reports/:id/hand-over',
    {
      ...guarded,
      schema: {
        tags: ['reports'],
        summary:
          'Hand the report over to another unit, with a reason; `report` is null if you cannot see it there',
        params: ReportIdParam,
        body: HandOver,
        response: { 200: HandOverResult },
      },
    },
    async (request) => ({
      report: await inbox.handOver(authOf(request), request.params.id, request.body, request.id),
    }),
  );

  app.get(
    '/api/v1/report-form',
    {
      ...guarded,
      schema: {
        tags: ['reports'],
        summary: 'The report form the portal shows now',
        response: { 200: ReportFormDefinition },
      },
    },
    async (request) => settings.currentForm(authOf(request)),
  );

  app.put(
    '/api/v1/report-form',
    {
      ...guarded,
      // Checked by the service, which explains every problem of a form (form-publishing.ts).
      config: { documentedBody: { content: { 'application/json': { schema: ReportFormDefinition } } } },
      schema: {
        tags: ['reports'],
        summary: 'Publish a new version of the report form (admins); published versions never change',
        body: Type.Unknown(),
        response: { 200: ReportFormDefinition },
      },
    },
    async (request) => settings.publishForm(authOf(request), request.body, request.id),
  );

  app.get(
    '/api/v1/report-settings',
    {
      ...guarded,
      schema: {
        tags: ['reports'],
        summary: 'Reporting settings: emergency notice and deadlines',
        response: { 200: ReportSettings },
      },
    },
    async (request) => settings.get(authOf(request)),
  );

  app.put(
    '/api/v1/report-settings',
    {
      ...guarded,
      schema: {
        tags: ['reports'],
        summary: 'Change the reporting settings (admins)',
        body: ReportSettings,
        response: { 200: ReportSettings },
      },
    },
    async (request) => settings.update(authOf(request), request.body, request.id),
  );
};
