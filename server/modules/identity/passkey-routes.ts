import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import {
  PasskeyEnrolRequest,
  PasskeyList,
  PasskeyLoginOptionsRequest,
  PasskeyLoginRequest,
  PasskeyOptionsRequest,
  PasskeyRemoveRequest,
  PasskeySummary,
  SecondFactorPasskeyOptionsRequest,
  WebauthnOptions,
} from './passkey-schemas.ts';
import { refusalOf } from './passkey-verify.ts';
import type { PasskeyAddress, PasskeyService } from './passkeys.ts';
import { SessionState } from './schemas.ts';
import type { IdentityService, RequestContext } from './service.ts';

type SessionLogin = () => ReturnType<IdentityService['completeSecondFactor']>;

/** What routes.ts hands over: the service, and its own helpers for logins. */
export interface PasskeyRouteDependencies {
  passkeys: PasskeyService;
  /** The public URL of a request (server/public-url.ts). */
  publicUrlOf: (request: FastifyRequest) => string | undefined;
  loginReply: (request: FastifyRequest, reply: FastifyReply) => (login: SessionLogin) => Promise<unknown>;
  requestContext: (request: FastifyRequest) => RequestContext;
}

/** Passkeys on the account page, passwordless sign-in, and the options for a passkey as second factor. */
export function registerPasskeyRoutes(app: FastifyInstance, deps: PasskeyRouteDependencies): void {
  const { passkeys } = deps;
  // Where the browser is: the request's public URL, and the page's origin (sent with every POST by browsers).
  const addressOf = (request: FastifyRequest): PasskeyAddress => ({
    publicUrl: deps.publicUrlOf(request),
    origin: request.headers.origin,
  });
  // A refused passkey says why in the server log, for the operator: addresses and codes, never secrets.
  app.addHook('onError', async (request, _reply, error) => {
    const refusal = refusalOf(error);
    if (refusal) request.log.warn({ passkeyRefusal: refusal }, `passkey refused: ${refusal.reason}`);
  });
  // Open while the organisation's policy still waits for a second factor: a passkey is one.
  const enrolment = { allowDuringSecondFactorSetup: true };

  app.get(
    '/api/v1/account/passkeys',
    {
      preHandler: requireAuth,
      config: enrolment,
      schema: { tags: ['auth'], summary: 'Your passkeys', response: { 200: PasskeyList } },
    },
    async (request) => passkeys.list(authOf(request)),
  );

  app.post(
    '/api/v1/account/passkeys/options',
    {
      preHandler: requireAuth,
      config: enrolment,
      schema: {
        tags: ['auth'],
        summary: 'Start adding a passkey (needs the password): options for startRegistration()',
        body: PasskeyOptionsRequest,
        response: { 200: WebauthnOptions },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { password } = (request.body ?? {}) as { password?: string };
      return passkeys.registrationOptions(authOf(request), password, request.id, addressOf(request));
    },
  );

  app.post(
    '/api/v1/account/passkeys',
    {
      preHandler: requireAuth,
      config: enrolment,
      schema: {
        tags: ['auth'],
        summary: "Add a passkey: the authenticator's answer to the options, and a name",
        body: PasskeyEnrolRequest,
        response: { 201: PasskeySummary },
      },
    },
    async (request, reply) => {
      const body = request.body as { name: string; response: RegistrationResponseJSON };
      const passkey = await passkeys.enrol(authOf(request), body, request.id, addressOf(request));
      return reply.code(201).send(passkey);
    },
  );

  app.delete(
    '/api/v1/account/passkeys/:id',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['auth'],
        summary: 'Remove one of your passkeys (needs the password)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: PasskeyRemoveRequest,
        response: { 204: Type.Null({ description: 'Removed' }) },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { password } = (request.body ?? {}) as { password?: string };
      await passkeys.remove(authOf(request), id, password, request.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/auth/login/passkey/options',
    {
      config: { csrfExempt: true, guessable: true },
      schema: {
        tags: ['auth'],
        summary:
          "Start signing in with a passkey alone: options for startAuthentication() (the organisation's)",
        body: PasskeyLoginOptionsRequest,
        response: { 200: WebauthnOptions },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return passkeys.passwordlessOptions((request.body as { tenant: string }).tenant, addressOf(request));
    },
  );

  app.post(
    '/api/v1/auth/login/passkey',
    {
      config: { csrfExempt: true, guessable: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a passkey alone; sets the session cookie',
        body: PasskeyLoginRequest,
        response: { 200: SessionState },
      },
    },
    async (request, reply) =>
      deps.loginReply(
        request,
        reply,
      )(() =>
        passkeys.loginWithPasskey(
          request.body as { tenant: string; response: AuthenticationResponseJSON },
          deps.requestContext(request),
        ),
      ),
  );

  app.post(
    '/api/v1/auth/login/second-factor/passkey-options',
    {
      config: { csrfExempt: true, guessable: true },
      schema: {
        tags: ['auth'],
        summary: "Options for answering a login's second-factor challenge with a passkey",
        body: SecondFactorPasskeyOptionsRequest,
        response: { 200: WebauthnOptions },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return passkeys.secondFactorOptions(
        (request.body as { challenge: string }).challenge,
        addressOf(request),
      );
    },
  );
}
