import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { CaseDetail } from '../cases/schemas.ts';
import {
  Acknowledgement,
  AttachToCase,
  CloseReport,
  DialogueMessage,
  HandOver,
  HandOverResult,
  OpenCase,
  ReportDetail,
  ReportIdParam,
  TeamMessage,
} from './schemas.ts';
import type { TriageService } from './triage-service.ts';

/** The team's steps on a report: writing to the reporter, acknowledging, a case, closing, handing over. */
export const triageRoutes: FastifyPluginAsyncTypebox<{ triage: TriageService }> = async (app, { triage }) => {
  const guarded = { preHandler: requireAuth };

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
      reply.code(201).send(await triage.reply(authOf(request), request.params.id, request.body, request.id)),
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
    async (request) => triage.acknowledge(authOf(request), request.params.id, request.body.body, request.id),
  );

  app.post(
    '/api/v1/reports/:id/open-case',
    {
      ...guarded,
      schema: {
        tags: ['reports'],
        summary:
          'Open a new case from the report, optionally from a case template (category, tags, first tasks, experts to invite)',
        params: ReportIdParam,
        body: OpenCase,
        response: { 201: CaseDetail },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await triage.openCase(authOf(request), request.params.id, request.body, request.id)),
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
      triage.attachToCase(authOf(request), request.params.id, request.body.caseId, request.id),
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
    async (request) => triage.close(authOf(request), request.params.id, request.body, request.id),
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
      report: await triage.handOver(authOf(request), request.params.id, request.body, request.id),
    }),
  );
};
