import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Forbidden, Unauthorized } from '../errors.ts';
import { presentedApiToken } from '../modules/api-tokens/tokens.ts';
import type { AuthContext, IdentityService } from '../modules/identity/service.ts';
import { csrfTokenMatches, SESSION_COOKIE } from '../modules/identity/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: the session's user (or an API token's, api-tokens/routes.ts); null when nobody is. */
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** Skip the CSRF check (only for login, which no session authenticates). */
    csrfExempt?: boolean;
    /** Open to a session that must first enrol a second factor (the tenant's policy). */
    allowDuringSecondFactorSetup?: boolean;
  }
}

export interface AuthenticationOptions {
  /** Built once by the composition root (app.ts); only its `authenticate` is used here. */
  identity: Pick<IdentityService, 'authenticate'>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The guard of a route that needs a signed-in caller: 401 `unauthenticated` without one. Routes declare it
 * as their `preHandler` (error-responses.ts reads it there to document the 401), but it runs at
 * preValidation, right after the caller is known and before the input is validated: a signed-out client
 * gets 401 whatever it sends, and learns nothing of the route's schema.
 */
export async function requireAuth(request: FastifyRequest): Promise<void> {
  if (!request.auth) throw new Unauthorized('unauthenticated', 'Log in first.');
}

/** The authenticated caller of a route guarded by requireAuth. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Unauthorized('unauthenticated', 'Log in first.');
  return request.auth;
}

const cookieOptions = (request: FastifyRequest) =>
  ({ httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https' }) as const;

/** Sets the session cookie a login (password, passkey or single sign-on) answers with. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(request));
}

/** Removes the session cookie (logout, or revoking the session the request came with). */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
}

/** Moves requireAuth from a route's preHandler to the front of its preValidation (see requireAuth). */
function guardBeforeValidation(route: RouteOptions): void {
  const preHandler = [route.preHandler ?? []].flat();
  if (!preHandler.includes(requireAuth as never)) return;
  route.preHandler = preHandler.filter((hook) => hook !== (requireAuth as never));
  route.preValidation = [requireAuth as never, ...[route.preValidation ?? []].flat()];
}

/**
 * Session authentication for the whole app (so it escapes encapsulation): every API request with a session
 * cookie gets `request.auth`, every state-changing one must carry the session's CSRF token, and the guard
 * of every route registered after this plugin runs before validation. Rate limits (onRequest) come first,
 * so a flood of made-up cookies is throttled before it costs a database lookup.
 */
async function authentication(app: FastifyInstance, options: AuthenticationOptions): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('auth', null);
  app.addHook('onRoute', guardBeforeValidation);

  // Before validation: a state change without its CSRF token is refused before its body is looked at.
  app.addHook('preValidation', async (request) => {
    // A request with an API token is the token's alone (api-tokens/routes.ts, the next hook): no session.
    if (presentedApiToken(request.headers.authorization) !== undefined) return;
    // Pages and assets of the web app carry the cookie too, but need no session: spare them the lookup.
    const token = request.url.startsWith('/api/') ? request.cookies[SESSION_COOKIE] : undefined;
    if (token === undefined) return;
    request.auth = await options.identity.authenticate(token);
    // Double submit, bound to the session: a cross-site form cannot read the token, so it cannot send it.
    if (request.auth && !SAFE_METHODS.has(request.method) && !request.routeOptions.config?.csrfExempt) {
      if (!csrfTokenMatches(request.auth.session, request.headers[CSRF_HEADER]))
        throw new Forbidden('csrf_token_invalid', `The ${CSRF_HEADER} header is missing or wrong.`);
    }
    if (request.auth?.secondFactorSetupRequired && !request.routeOptions.config?.allowDuringSecondFactorSetup)
      throw new Forbidden(
        'second_factor_setup_required',
        'Your organisation requires two-step sign-in for your role. Set it up first.',
      );
  });
}

export const authenticationPlugin = fp(authentication, { name: 'tma-authentication' });
