import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { authOf, requireAuth, setSessionCookie } from '../../http/authenticate.ts';
import { TenantSlug } from '../tenants/schemas.ts';
import { SecondFactorPolicy, SsoPublicInfo, SsoSettings, SsoSettingsUpdate } from './schemas.ts';
import { type SingleSignOnService, SSO_STATE_MINUTES, SsoLoginFailed } from './service.ts';

export interface SingleSignOnRoutesOptions {
  /** Built once by the composition root (app.ts). */
  sso: SingleSignOnService;
}

/** Back on the login page: why, and the organisation filled in again. */
const failureQuery = (error: SsoLoginFailed) =>
  `?sso_error=${error.kind}${error.tenantSlug ? `&tenant=${encodeURIComponent(error.tenantSlug)}` : ''}`;

/** Binds a sign-in to the browser that started it. Lax, or the provider's redirect back would not carry it. */
const STATE_COOKIE = 'tma_sso_state';
const STATE_COOKIE_PATH = '/api/v1/auth/sso';

/**
 * Single sign-on (the redirects to and from the tenant's identity provider, and what the login page may
 * know) and the admins' sign-in security settings: the provider and the second-factor policy.
 */
export async function singleSignOnRoutes(
  app: FastifyInstance,
  options: SingleSignOnRoutesOptions,
): Promise<void> {
  const { sso } = options;
  // The Host header, not X-Forwarded-Host: server/public-url.ts says when it may count.
  const publicUrlOf = (request: FastifyRequest) =>
    sso.publicUrlOf({ protocol: request.protocol, host: request.headers.host });
  const toLogin = (request: FastifyRequest, reply: FastifyReply, params: string) =>
    reply.redirect(`${publicUrlOf(request)}/login${params}`, 303);
  const requestContext = (request: FastifyRequest) => ({
    requestId: request.id,
    address: request.ip,
    userAgent: request.headers['user-agent'],
    publicUrl: publicUrlOf(request),
  });

  app.get(
    '/api/v1/auth/sso/:tenant',
    {
      schema: {
        tags: ['auth'],
        summary: "Whether an organisation offers single sign-on, and its button's label (no secrets)",
        params: Type.Object({ tenant: TenantSlug }),
        response: { 200: SsoPublicInfo },
      },
    },
    async (request) => sso.publicInfo((request.params as { tenant: string }).tenant),
  );

  app.get(
    '/api/v1/auth/sso/:tenant/start',
    {
      schema: {
        tags: ['auth'],
        summary: "Start single sign-on: redirects to the organisation's identity provider",
        params: Type.Object({ tenant: TenantSlug }),
        response: {
          303: Type.Null({
            description: 'To the identity provider; to the login page if sign-on is not possible',
          }),
        },
      },
    },
    async (request, reply) => {
      try {
        const { redirectTo, state } = await sso.start(
          (request.params as { tenant: string }).tenant,
          publicUrlOf(request),
        );
        reply.setCookie(STATE_COOKIE, state, {
          httpOnly: true,
          sameSite: 'lax',
          path: STATE_COOKIE_PATH,
          secure: request.protocol === 'https',
          maxAge: SSO_STATE_MINUTES * 60,
        });
        reply.header('cache-control', 'no-store');
        return reply.redirect(redirectTo, 303);
      } catch (error) {
        if (error instanceof SsoLoginFailed) return toLogin(request, reply, failureQuery(error));
        throw error;
      }
    },
  );

  app.get(
    '/api/v1/auth/sso/callback',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Where the identity provider sends the browser back; opens the session and redirects to the app',
        querystring: Type.Object({ state: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: {
          303: Type.Null({ description: 'To the app, signed in; or to the login page, with why it failed' }),
        },
      },
    },
    async (request, reply) => {
      const browserState = request.cookies[STATE_COOKIE];
      reply.clearCookie(STATE_COOKIE, { path: STATE_COOKIE_PATH });
      reply.header('cache-control', 'no-store');
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      try {
        const outcome = await sso.callback(
          { search, state: (request.query as { state?: string }).state },
          browserState,
          requestContext(request),
        );
        if (outcome.kind === 'challenge') {
          // The fragment never reaches a server or a Referer header; the login page asks for the code.
          const { challenge, expiresAt } = outcome.state;
          return toLogin(
            request,
            reply,
            `#sso-challenge=${encodeURIComponent(challenge)}&expires=${encodeURIComponent(expiresAt)}`,
          );
        }
        setSessionCookie(request, reply, outcome.token);
        return reply.redirect(`${publicUrlOf(request)}/`, 303);
      } catch (error) {
        if (error instanceof SsoLoginFailed) return toLogin(request, reply, failureQuery(error));
        throw error;
      }
    },
  );

  app.get(
    '/api/v1/tenant/sso',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['auth'],
        summary: "The organisation's single sign-on settings (admins; the client secret is never returned)",
        response: { 200: SsoSettings },
      },
    },
    async (request) => sso.getSettings(authOf(request), publicUrlOf(request)),
  );

  app.put(
    '/api/v1/tenant/sso',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['auth'],
        summary: "Save the organisation's single sign-on settings (admins)",
        body: SsoSettingsUpdate,
        response: { 200: SsoSettings },
      },
    },
    async (request) =>
      sso.updateSettings(
        authOf(request),
        request.body as SsoSettingsUpdate,
        request.id,
        publicUrlOf(request),
      ),
  );

  app.get(
    '/api/v1/tenant/security',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['auth'],
        summary: 'The roles that must use a second factor (admins)',
        response: { 200: SecondFactorPolicy },
      },
    },
    async (request) => sso.getSecondFactorPolicy(authOf(request)),
  );

  app.put(
    '/api/v1/tenant/security',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['auth'],
        summary: 'Set the roles that must use a second factor (admins)',
        body: SecondFactorPolicy,
        response: { 200: SecondFactorPolicy },
      },
    },
    async (request) =>
      sso.setSecondFactorPolicy(
        authOf(request),
        (request.body as SecondFactorPolicy).requireSecondFactorRoles,
      ),
  );
}
