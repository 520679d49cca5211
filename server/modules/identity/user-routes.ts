import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.ts';
import { authOf, requireAuth, setSessionCookie } from '../../http/authenticate.ts';
import { PageQuery } from '../../http/pagination.ts';
import { acceptInvitation, describeInvitation, inviteUser } from './invitations.ts';
import { completePasswordReset, describePasswordReset, PASSWORD_RESET_ACCEPTED } from './password-reset.ts';
import { createPasswordResetQueue } from './password-reset-queue.ts';
import { SessionState } from './schemas.ts';
import type { IdentityOptions, IdentityService } from './service.ts';
import { changeUserRole, deactivateUserById, listUsersForAdmin, revokeAllSessionsOf } from './user-admin.ts';
import {
  AdminUser,
  AdminUserList,
  InvitationAnswer,
  InvitationRequest,
  LinkDetails,
  LinkToken,
  LinkWithPassword,
  PasswordResetAccepted,
  PasswordResetRequest,
  RoleChange,
  SessionsRevoked,
  UserIdParam,
} from './user-admin-schemas.ts';

export interface UserRoutesOptions extends IdentityOptions {
  database: Database;
  /** Built once by the composition root (app.ts): the sessions it opens are the identity module's. */
  identity: IdentityService;
}

// Routes that a link from an e-mail opens carry no session: no CSRF token to check (like login), and a
// restricted session in the same browser must not get in the way. The token travels in the body only.
const publicConfig = { csrfExempt: true, allowDuringSecondFactorSetup: true };

/** The admin users API, invitations and password resets. */
export async function userRoutes(app: FastifyInstance, options: UserRoutesOptions): Promise<void> {
  const { database } = options;
  const service = options.identity;
  const context = (request: FastifyRequest) => ({ requestId: request.id, now: service.now() });
  // main.ts passes the server's queue (sealed with the system key, polling); tests pass theirs or get one.
  const passwordResets =
    options.passwordResets ??
    createPasswordResetQueue({
      database,
      logger: app.log,
      keyring: options.keyring,
      mailQueued: options.mailQueued,
      now: options.now,
    });
  // After the requests in flight: what they queued is worked off, or waits in the table for the next start.
  app.addHook('onClose', () => passwordResets.stop());

  app.get(
    '/api/v1/users',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['users'],
        summary: "The organisation's users, newest first, with what you may do to each (admins)",
        querystring: PageQuery,
        response: { 200: AdminUserList },
      },
    },
    async (request) => listUsersForAdmin(database, authOf(request), request.query as PageQuery),
  );

  app.post(
    '/api/v1/invitations',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['users'],
        summary:
          'Invite a user by e-mail (admins); inviting someone still invited again replaces their link. Without e-mail on this server, answers the link to pass on instead',
        body: InvitationRequest,
        response: { 201: InvitationAnswer },
      },
    },
    async (request, reply) => {
      const { user, delivery, link } = await inviteUser(
        database,
        authOf(request),
        request.body as InvitationRequest,
        context(request),
        options.keyring,
        { emailOff: options.emailOff },
      );
      if (!link) {
        options.mailQueued?.();
        return reply.code(201).send({ ...user, delivery });
      }
      // Nobody else learns the token: the answer must not be kept by a cache on the way.
      reply.header('cache-control', 'no-store');
      const base =
        options.publicAddress?.forRequest({ protocol: request.protocol, host: request.headers.host }) ??
        options.publicUrl ??
        'http://localhost:3000';
      return reply.code(201).send({
        ...user,
        delivery,
        invitationLink: {
          url: `${base}${link.path}`,
          path: link.path,
          expiresAt: link.expiresAt.toISOString(),
        },
      });
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['users'],
        summary: "Change a user's role, specialty and tenant-wide scope (admins, not their own)",
        params: UserIdParam,
        body: RoleChange,
        response: { 200: AdminUser },
      },
    },
    async (request) =>
      changeUserRole(
        database,
        authOf(request),
        (request.params as { id: string }).id,
        request.body as RoleChange,
        context(request),
      ),
  );

  app.post(
    '/api/v1/users/:id/deactivate',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['users'],
        summary: 'Deactivate a user and end all their sessions (admins, not themselves)',
        params: UserIdParam,
        response: { 200: AdminUser },
      },
    },
    async (request) =>
      deactivateUserById(database, authOf(request), (request.params as { id: string }).id, service.now()),
  );

  app.post(
    '/api/v1/users/:id/sessions/revoke',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['users'],
        summary: 'End every session of a user (admins)',
        params: UserIdParam,
        response: { 200: SessionsRevoked },
      },
    },
    async (request) =>
      revokeAllSessionsOf(database, authOf(request), (request.params as { id: string }).id, context(request)),
  );

  app.post(
    '/api/v1/auth/invitation/lookup',
    {
      config: { ...publicConfig, guessable: true },
      schema: {
        tags: ['auth'],
        summary: 'Who an invitation link is for, while it can be accepted',
        body: LinkToken,
        response: { 200: LinkDetails },
      },
    },
    async (request) => describeInvitation(database, (request.body as LinkToken).token, service.now()),
  );

  app.post(
    '/api/v1/auth/invitation/accept',
    {
      config: { ...publicConfig, guessable: true },
      schema: {
        tags: ['auth'],
        summary: 'Accept an invitation: set the password and sign in (sets the session cookie)',
        body: LinkWithPassword,
        response: { 200: SessionState },
      },
    },
    async (request, reply) => {
      const { tenant, user } = await acceptInvitation(
        database,
        request.body as LinkWithPassword,
        context(request),
      );
      const { token, state } = await service.openSessionAfterInvitation(tenant, user, {
        requestId: request.id,
        address: request.ip,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookie(request, reply, token);
      return state;
    },
  );

  app.post(
    '/api/v1/auth/password-reset',
    {
      config: { ...publicConfig, guessable: true },
      schema: {
        tags: ['auth'],
        summary: 'Ask for a password reset link by e-mail; the answer is the same whether the account exists',
        body: PasswordResetRequest,
        response: { 202: PasswordResetAccepted },
      },
    },
    async (request, reply) => {
      // The same work for every address: queue the request, answer. The rest happens after the answer.
      await passwordResets.enqueue(request.body as PasswordResetRequest, request.id);
      return reply.code(202).send({ message: PASSWORD_RESET_ACCEPTED });
    },
  );

  app.post(
    '/api/v1/auth/password-reset/lookup',
    {
      config: { ...publicConfig, guessable: true },
      schema: {
        tags: ['auth'],
        summary: 'Whose password a reset link sets, while it can be used',
        body: LinkToken,
        response: { 200: LinkDetails },
      },
    },
    async (request) => describePasswordReset(database, (request.body as LinkToken).token, service.now()),
  );

  app.post(
    '/api/v1/auth/password-reset/complete',
    {
      config: { ...publicConfig, guessable: true },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with a reset link; ends every session of the user',
        body: LinkWithPassword,
        response: { 200: SessionsRevoked },
      },
    },
    async (request) => {
      const { sessionsRevoked } = await completePasswordReset(
        database,
        request.body as LinkWithPassword,
        context(request),
      );
      return { sessionsRevoked };
    },
  );
}
