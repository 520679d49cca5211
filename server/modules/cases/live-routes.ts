import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { Forbidden } from '../../errors.ts';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import type { AuthContext, IdentityService } from '../identity/service.ts';
import { SESSION_COOKIE } from '../identity/sessions.ts';
import type { CaseEventHub } from './case-event-hub.ts';
import type { CaseEvent } from './case-events.ts';
import type { CaseFileService } from './case-file-service.ts';
import { CaseIdParam } from './schemas.ts';

// Live updates of a case page: server-sent events. The stream carries the part of the case file that
// changed (`event: change`, `data: {"part":"journal"}`), never content; the page re-reads that part through
// the API, with its own authorisation. Before telling anything, the stream checks again that the session
// is live and its user may still see the case: a member taken off the team (or whose membership ended, or
// who signed out) gets `event: revoked` and the stream ends.

/** How often a quiet stream checks its reader's access again, and says it is alive. */
const RECHECK_MS = 30_000;

export interface LiveRouteOptions {
  caseFile: CaseFileService;
  hub: CaseEventHub;
  identity: Pick<IdentityService, 'authenticate'>;
  /** Overrides RECHECK_MS (tests). */
  recheckMs?: number;
}

export const caseLiveRoutes: FastifyPluginAsyncTypebox<LiveRouteOptions> = async (app, options) => {
  const { caseFile, hub, identity } = options;
  const streams = new Set<() => void>();
  // Before the server stops listening: open streams would hold a rolling deploy's drain forever.
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
    await hub.close();
  });

  app.get(
    '/api/v1/cases/:id/events',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['cases'],
        summary:
          'Live updates of the case as server-sent events: `change` with the part that changed (ids only), `revoked` when your access ends',
        params: CaseIdParam,
        response: {
          200: {
            description: 'The event stream',
            content: { 'text/event-stream': { schema: Type.String({ title: 'CaseEventStream' }) } },
          },
        },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      if (auth.apiToken)
        throw new Forbidden(
          'live_updates_need_session',
          'Live updates are for the web app; poll the API instead.',
        );
      const caseId = request.params.id;
      // Throws NotFound / Gone as the case page does.
      await caseFile.liveAccess(auth, caseId);
      const token = request.cookies[SESSION_COOKIE];
      const stillAllowed = async (): Promise<boolean> => {
        const current: AuthContext | null = await identity.authenticate(token);
        if (!current || current.userId !== auth.userId) return false;
        return caseFile.liveAccess(current, caseId).then(
          () => true,
          () => false,
        );
      };
      const write = (text: string) => {
        if (!reply.raw.destroyed) reply.raw.write(text);
      };
      let ended = false;
      let unsubscribe = () => {};
      let checking: Promise<void> = Promise.resolve();
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(timer);
        unsubscribe();
        streams.delete(end);
        if (!reply.raw.destroyed) reply.raw.end();
      };
      const revokeUnlessAllowed = async (): Promise<boolean> => {
        if (await stillAllowed().catch(() => false)) return true;
        write('event: revoked\ndata: {}\n\n');
        end();
        return false;
      };
      // Changes are told in order, each after its own access check.
      const onEvent = (event: CaseEvent) => {
        checking = checking.then(async () => {
          if (ended) return;
          if (await revokeUnlessAllowed())
            write(`event: change\ndata: ${JSON.stringify({ part: event.part })}\n\n`);
        });
      };
      const timer = setInterval(() => {
        checking = checking.then(async () => {
          if (!ended && (await revokeUnlessAllowed())) write(': alive\n\n');
        });
      }, options.recheckMs ?? RECHECK_MS);
      timer.unref();
      streams.add(end);
      // Listening before the stream opens: `ready` promises that no later change is missed, and a hub that
      // cannot listen answers as an error rather than as a stream that stays silent.
      try {
        unsubscribe = await hub.subscribe(auth.tenantId, caseId, onEvent);
      } catch (error) {
        clearInterval(timer);
        streams.delete(end);
        throw error;
      }
      openStream(reply);
      reply.raw.on('close', end);
      if (ended || reply.raw.destroyed) {
        end();
        unsubscribe();
        return reply;
      }
      write('retry: 3000\nevent: ready\ndata: {}\n\n');
      return reply;
    },
  );
};

/** Takes the response over from Fastify and starts the event stream. */
function openStream(reply: FastifyReply): void {
  reply.hijack();
  reply.raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // Proxies must pass each event on at once.
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  reply.raw.flushHeaders();
}
