import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { errorResponse } from '../../http/error-responses.ts';
import { NewSetup, SetupDone, SetupStatus } from './schemas.ts';
import type { SetupRequestAddress, SetupService } from './service.ts';

export interface SetupRoutesOptions {
  setup: SetupService;
}

/** Where a request came from, as setup judges it (service.ts, fromThisMachine). */
const addressOf = (request: FastifyRequest): SetupRequestAddress => ({
  socketAddress: request.socket.remoteAddress,
  ip: request.ip,
  headers: request.headers,
});

/** First-run setup: the first organisation and its administrator, from this machine only. */
export const setupRoutes: FastifyPluginAsyncTypebox<SetupRoutesOptions> = async (app, { setup }) => {
  app.get(
    '/api/v1/setup',
    {
      schema: {
        tags: ['system'],
        summary: 'Whether TMA can be set up in the browser (first start, embedded database, this machine)',
        response: { 200: SetupStatus },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return setup.status(addressOf(request));
    },
  );

  app.post(
    '/api/v1/setup',
    {
      schema: {
        tags: ['system'],
        summary: 'Create the first organisation and its administrator (first start, from this machine only)',
        description:
          'Answers 409 `setup_done` once any organisation exists, 403 `setup_not_local` unless the browser is on the computer TMA runs on (a loopback address, no proxy), 403 `setup_needs_command_line` on PostgreSQL. The password policy is the same as everywhere.',
        body: NewSetup,
        response: {
          201: SetupDone,
          403: errorResponse(
            'Not from this machine (`setup_not_local`), or on PostgreSQL (`setup_needs_command_line`).',
          ),
          409: errorResponse('An organisation exists already (`setup_done`).'),
        },
      },
    },
    async (request, reply) => {
      const done = await setup.run(request.body, addressOf(request));
      return reply.code(201).send(done);
    },
  );
};
