import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import type { Database } from '../../db/database.ts';
import { Forbidden, Unauthorized } from '../../errors.ts';
import { LoginRequest, SessionList, SessionState } from './schemas.ts';
import { type AuthContext, type IdentityOptions, IdentityService, LoginThrottled } from './service.ts';
import { csrfTokenMatches, SESSION_COOKIE } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session's user, resolved from the session cookie; null when the request has no live session. */
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** Skip the CSRF check (only for login, which no session authenticates). */
    csrfExempt?: boolean;
  }
}

export interface IdentityRoutesOptions extends IdentityOptions {
  database: Database;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/** preHandler for routes that need a logged-in user: 401 `unauthenticated` without a live session. */
export async function requireAuth(request: FastifyRequest): Promise<void> {
  if (!request.auth) throw new Unauthorized('unauthenticated', 'Log in first.');
}

/** The authenticated user of a route guarded by requireAuth. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Unauthorized('unauthenticated', 'Log in first.');
  return request.auth;
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: request.protocol === 'https',
  });
}

function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: request.protocol === 'https',
  });
}

/**
 * Session authentication for the whole app (so it escapes encapsulation): every request with a session
 * cookie gets `request.auth`, and every state-changing one must carry the session's CSRF token.
 */
async function identity(app: FastifyInstance, options: IdentityRoutesOptions): Promise<void> {
  const service = new IdentityService(
    options.database,
    { idleMinutes: options.sessionIdleMinutes, maxHours: options.sessionMaxHours },
    options,
  );
  await app.register(cookie);
  app.decorateRequest('auth', null);

  app.addHook('preHandler', async (request) => {
    // Pages and assets of the web app carry the cookie too, but need no session: spare them the lookup.
    const token = request.url.startsWith('/api/') ? request.cookies[SESSION_COOKIE] : undefined;
    if (token === undefined) return;
    request.auth = await service.authenticate(token);
    // Double submit, bound to the session: a cross-site form cannot read the token, so it cannot send it.
    if (request.auth && !SAFE_METHODS.has(request.method) && !request.routeOptions.config?.csrfExempt) {
      if (!csrfTokenMatches(request.auth.session, request.headers[CSRF_HEADER]))
        throw new Forbidden('csrf_token_invalid', `The ${CSRF_HEADER} header is missing or wrong.`);
    }
  });

  app.post(
    '/api/v1/auth/login',
    {
      config: { csrfExempt: true },
      schema: {
        tags: ['auth'],
        summary: 'Log in with e-mail and password; sets the session cookie',
        body: LoginRequest,
        response: { 200: SessionState },
      },
    },
    async (request, reply) => {
      try {
        const { token, state } = await service.login(request.body as LoginRequest, {
          requestId: request.id,
          address: request.ip,
          userAgent: request.headers['user-agent'],
        });
        setSessionCookie(request, reply, token);
        return state;
      } catch (error) {
        if (error instanceof LoginThrottled) reply.header('retry-after', String(error.retryAfterSeconds));
        throw error;
      }
    },
  );

  app.get(
    '/api/v1/auth/session',
    {
      preHandler: requireAuth,
      schema: { tags: ['auth'], summary: 'The current session', response: { 200: SessionState } },
    },
    async (request) => service.sessionState(authOf(request)),
  );

  app.post(
    '/api/v1/auth/logout',
    { preHandler: requireAuth, schema: { tags: ['auth'], summary: 'End the current session' } },
    async (request, reply) => {
      await service.logout(authOf(request), request.id);
      clearSessionCookie(request, reply);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/account/sessions',
    {
      preHandler: requireAuth,
      schema: { tags: ['auth'], summary: 'Your own live sessions', response: { 200: SessionList } },
    },
    async (request) => service.listOwnSessions(authOf(request)),
  );

  app.delete(
    '/api/v1/account/sessions/:id',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of your sessions',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { id } = request.params as { id: string };
      await service.revokeOwnSession(auth, id, request.id);
      if (id === auth.sessionId) clearSessionCookie(request, reply);
      return reply.code(204).send();
    },
  );
}

export const identityRoutes = fp(identity, { name: 'tma-identity' });
