import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import type { Database } from '../../db/database.ts';
import { authOf, clearSessionCookie, requireAuth, setSessionCookie } from '../../http/authenticate.ts';
import { registerPasskeyRoutes } from './passkey-routes.ts';
import type { PasskeyService } from './passkeys.ts';
import {
  AccountLanguage,
  LoginAnswer,
  LoginRequest,
  PasswordChanged,
  PasswordChangeRequest,
  PasswordConfirmation,
  RecoveryCodes,
  SecondFactorRequest,
  SessionList,
  SessionState,
  TotpConfirmRequest,
  TotpSetup,
  TotpStatus,
} from './schemas.ts';
import type { SecondFactorService } from './second-factor.ts';
import type { IdentityOptions, IdentityService } from './service.ts';
import { LoginThrottled } from './sign-in.ts';

export interface IdentityRoutesOptions extends IdentityOptions {
  database: Database;
  /** Built once by the composition root (app.ts), as are the two below. */
  identity: IdentityService;
  secondFactors: SecondFactorService;
  passkeys: PasskeyService;
}

/**
 * Identity's own routes: login (password, second factor, passkey), the session, and the account's sessions
 * and second factors. Who is calling is decided before any of them, by server/http/authenticate.ts.
 */
async function identity(app: FastifyInstance, options: IdentityRoutesOptions): Promise<void> {
  const { identity: service, secondFactors } = options;

  const loginReply =
    (request: FastifyRequest, reply: FastifyReply) =>
    async (login: () => ReturnType<IdentityService['completeSecondFactor']>) => {
      try {
        const { token, state } = await login();
        setSessionCookie(request, reply, token);
        return state;
      } catch (error) {
        if (error instanceof LoginThrottled) reply.header('retry-after', String(error.retryAfterSeconds));
        throw error;
      }
    };
  // The Host header, not X-Forwarded-Host: server/public-url.ts says when it may count.
  const publicUrlOf = (request: FastifyRequest) =>
    options.publicAddress?.forRequest({ protocol: request.protocol, host: request.headers.host });
  const requestContext = (request: FastifyRequest) => ({
    requestId: request.id,
    address: request.ip,
    userAgent: request.headers['user-agent'],
    publicUrl: publicUrlOf(request),
  });
  registerPasskeyRoutes(app, {
    passkeys: options.passkeys,
    ...{ loginReply, requestContext, publicUrlOf },
  });

  app.post(
    '/api/v1/auth/login',
    {
      config: { csrfExempt: true, guessable: true },
      schema: {
        tags: ['auth'],
        summary:
          'Log in with e-mail and password; sets the session cookie, or asks for the second factor with a challenge',
        body: LoginRequest,
        response: { 200: LoginAnswer },
      },
    },
    async (request, reply) => {
      try {
        const outcome = await service.login(request.body as LoginRequest, requestContext(request));
        if (outcome.kind === 'challenge') return outcome.state;
        setSessionCookie(request, reply, outcome.token);
        return outcome.state;
      } catch (error) {
        if (error instanceof LoginThrottled) reply.header('retry-after', String(error.retryAfterSeconds));
        throw error;
      }
    },
  );

  app.post(
    '/api/v1/auth/login/second-factor',
    {
      config: { csrfExempt: true, guessable: true },
      schema: {
        tags: ['auth'],
        summary: 'Complete a login with a TOTP code or a recovery code; sets the session cookie',
        body: SecondFactorRequest,
        response: { 200: SessionState },
      },
    },
    async (request, reply) =>
      loginReply(
        request,
        reply,
      )(() => service.completeSecondFactor(request.body as SecondFactorRequest, requestContext(request))),
  );

  app.get(
    '/api/v1/auth/session',
    {
      preHandler: requireAuth,
      config: { allowDuringSecondFactorSetup: true },
      schema: { tags: ['auth'], summary: 'The current session', response: { 200: SessionState } },
    },
    async (request) => service.sessionState(authOf(request)),
  );

  app.post(
    '/api/v1/auth/logout',
    {
      preHandler: requireAuth,
      config: { allowDuringSecondFactorSetup: true },
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: { 204: Type.Null({ description: 'The session has ended' }) },
      },
    },
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
        response: { 204: Type.Null({ description: 'Revoked' }) },
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

  app.post(
    '/api/v1/account/password',
    {
      preHandler: requireAuth,
      config: { guessable: true },
      schema: {
        tags: ['auth'],
        summary:
          'Change your own password (needs the current one; throttled like a login). Ends every session of yours and answers the one that replaces the current session (sets the session cookie)',
        body: PasswordChangeRequest,
        response: { 200: PasswordChanged },
      },
    },
    async (request, reply) => {
      try {
        const { token, state, otherSessionsEnded } = await service.changeOwnPassword(
          authOf(request),
          request.body as PasswordChangeRequest,
          requestContext(request),
        );
        setSessionCookie(request, reply, token);
        return { session: state, otherSessionsEnded };
      } catch (error) {
        if (error instanceof LoginThrottled) reply.header('retry-after', String(error.retryAfterSeconds));
        throw error;
      }
    },
  );

  app.put(
    '/api/v1/account/language',
    {
      preHandler: requireAuth,
      config: { allowDuringSecondFactorSetup: true },
      schema: {
        tags: ['auth'],
        summary:
          'Record the language you work in: your e-mails (notices of reports, cases, tasks) come in it',
        body: AccountLanguage,
        response: { 204: Type.Null({ description: 'Recorded' }) },
      },
    },
    async (request, reply) => {
      await service.setLanguage(authOf(request), (request.body as { language: 'de' | 'en' }).language);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/account/totp',
    {
      preHandler: requireAuth,
      config: { allowDuringSecondFactorSetup: true },
      schema: {
        tags: ['auth'],
        summary: 'Whether two-step sign-in is set up',
        response: { 200: TotpStatus },
      },
    },
    async (request) => secondFactors.status(authOf(request)),
  );

  app.post(
    '/api/v1/account/totp/setup',
    {
      preHandler: requireAuth,
      config: { allowDuringSecondFactorSetup: true },
      schema: {
        tags: ['auth'],
        summary: 'Start setting up TOTP: a new secret and its QR code, pending until confirmed',
        response: { 200: TotpSetup },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return secondFactors.beginTotpSetup(authOf(request));
    },
  );

  app.post(
    '/api/v1/account/totp/confirm',
    {
      preHandler: requireAuth,
      config: { allowDuringSecondFactorSetup: true },
      schema: {
        tags: ['auth'],
        summary: 'Confirm TOTP with a current code; answers the recovery codes, shown only this once',
        body: TotpConfirmRequest,
        response: { 200: RecoveryCodes },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return secondFactors.confirmTotp(authOf(request), (request.body as { code: string }).code, request.id);
    },
  );

  app.delete(
    '/api/v1/account/totp',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['auth'],
        summary: 'Remove TOTP and the recovery codes (needs the password)',
        body: PasswordConfirmation,
        response: { 204: Type.Null({ description: 'Removed' }) },
      },
    },
    async (request, reply) => {
      await secondFactors.removeTotp(
        authOf(request),
        (request.body as { password: string }).password,
        request.id,
      );
      return reply.code(204).send();
    },
  );
}

export const identityRoutes = fp(identity, { name: 'tma-identity', dependencies: ['tma-authentication'] });
