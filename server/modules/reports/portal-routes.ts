import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { PortalService } from './portal-service.ts';
import {
  DialogueMessage,
  PortalChallenge,
  PortalInfo,
  PortalParams,
  PortalSubmission,
  ReceiptLogin,
  ReceiptSession,
  ReporterMessage,
  ReporterView,
  SubmissionReceipt,
} from './schemas.ts';
import { jsonWithFilesBody, readJsonWithFiles } from './uploads.ts';

// The public reporting portal. No cookie, no session: a reporter is known only by a receipt and the short
// token it buys. These routes log nothing below warnings: no line may say when a reporter was here.
const quiet = { logLevel: 'warn' as const };

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9_.-]{1,500})$/.exec(header) : null;
  return match?.[1];
}

function noStore(reply: FastifyReply): void {
  // Answers hold a receipt or a reporter's own words: no cache may keep them.
  reply.header('cache-control', 'no-store');
}

export const portalRoutes: FastifyPluginAsyncTypebox<{ portal: PortalService }> = async (app, { portal }) => {
  app.get(
    '/api/v1/portal/:tenant',
    {
      ...quiet,
      schema: {
        tags: ['portal'],
        summary: 'What the reporting portal shows: organisation, units, form, emergency notice',
        params: PortalParams,
        response: { 200: PortalInfo },
      },
    },
    async (request) => portal.info(request.params.tenant),
  );

  app.get(
    '/api/v1/portal/:tenant/challenge',
    {
      ...quiet,
      schema: {
        tags: ['portal'],
        summary: 'A proof-of-work challenge; solve it in the browser and send the answer as `proof`',
        description:
          'One challenge per submission (`purpose=report`, the default) or receipt login (`purpose=receipt`). A receipt login costs more work while wrong receipts are being entered at this portal; its challenge asks for the work due when it is issued.',
        params: PortalParams,
        querystring: Type.Object(
          { purpose: Type.Optional(Type.Union([Type.Literal('report'), Type.Literal('receipt')])) },
          { additionalProperties: false },
        ),
        response: { 200: PortalChallenge },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return portal.challenge(request.params.tenant, request.query.purpose);
    },
  );

  app.post(
    '/api/v1/portal/:tenant/reports',
    {
      ...quiet,
      config: {
        guessable: true,
        documentedBody: jsonWithFilesBody('submission', PortalSubmission, 'The report.'),
      },
      schema: {
        tags: ['portal'],
        summary: 'Submit a report, named or anonymous; answers with the receipt, shown only this once',
        params: PortalParams,
        response: { 201: SubmissionReceipt },
      },
    },
    async (request, reply) => {
      const { json, files } = await readJsonWithFiles<PortalSubmission>(
        request,
        'submission',
        PortalSubmission,
      );
      const receipt = await portal.submit(request.params.tenant, json, files);
      noStore(reply);
      return reply.code(201).send(receipt);
    },
  );

  app.post(
    '/api/v1/portal/:tenant/receipt-sessions',
    {
      ...quiet,
      config: { guessable: true },
      schema: {
        tags: ['portal'],
        summary: 'Log in with a receipt: a 30-minute token for the dialogue',
        description:
          'The `proof` must answer a challenge fetched with `purpose=receipt`. A proof of less work than is due now gets `409 proof_of_work_outdated`: fetch a new challenge and solve it.',
        params: PortalParams,
        body: ReceiptLogin,
        response: { 201: ReceiptSession },
      },
    },
    async (request, reply) => {
      const session = await portal.openSession(request.params.tenant, request.body);
      noStore(reply);
      return reply.code(201).send(session);
    },
  );

  app.get(
    '/api/v1/portal/:tenant/dialogue',
    {
      ...quiet,
      schema: {
        tags: ['portal'],
        summary: 'The reporter’s report and dialogue (Authorization: Bearer <token>)',
        params: PortalParams,
        response: { 200: ReporterView },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return portal.view(request.params.tenant, bearerToken(request));
    },
  );

  app.post(
    '/api/v1/portal/:tenant/dialogue/messages',
    {
      ...quiet,
      config: { documentedBody: jsonWithFilesBody('message', ReporterMessage, 'The message.') },
      schema: {
        tags: ['portal'],
        summary: 'A message from the reporter, with attachments (Authorization: Bearer <token>)',
        params: PortalParams,
        response: { 201: DialogueMessage },
      },
    },
    async (request, reply) => {
      const { json, files } = await readJsonWithFiles<{ body: string }>(request, 'message', ReporterMessage);
      const message = await portal.postMessage(request.params.tenant, bearerToken(request), json.body, files);
      noStore(reply);
      return reply.code(201).send(message);
    },
  );
};
