import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { revokeOpenAccountTokens } from './account-token-store.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.ts';
import type { SessionState } from './schemas.ts';
import type { AuthContext, RequestContext } from './service.ts';
import { scopeOf } from './session-service.ts';
import { LoginThrottled } from './sign-in.ts';
import { findUserById, revokeUserSessions, updateUser } from './store.ts';
import type { LoginThrottle } from './throttle.ts';

// Changing one's own password on the Account page: the same policy and the same end of sessions as a reset
// (password-reset.ts), but proved by the current password instead of an e-mailed link. A wrong current
// password counts as a failed login of the account and the client address (throttle.ts), so a stolen session
// cannot be used to guess it. Every session of the user ends, the current one too; the caller gets a fresh
// session in its place (a new token and CSRF token: OWASP's "renew the session after a password change"),
// so whoever holds a copy of any older cookie is signed out. Second factors, passkeys and API tokens stay.

/** What the Account page sends. */
export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

/** Opens the session that replaces the user's current one (sign-in.ts, audited as `auth.login`). */
export type OpenReplacementSession = (
  auth: AuthContext,
  context: RequestContext,
) => Promise<{ token: string; state: SessionState }>;

const noLocalPassword = () =>
  new Conflict(
    'no_local_password',
    'Your account has no TMA password: you sign in through your organisation (single sign-on) or with a passkey. Change your password there, or ask an admin.',
  );

/** The new password's problems under the policy, reported on the `newPassword` field. */
function checkNewPassword(auth: AuthContext, input: PasswordChange): void {
  try {
    checkPasswordPolicy(input.newPassword, [auth.user.email, auth.user.display_name]);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    throw new Invalid(error.code, error.message, [{ path: 'newPassword', message: error.message }]);
  }
  if (input.newPassword.normalize('NFC') === input.currentPassword.normalize('NFC')) {
    const message = 'The new password must differ from the current one.';
    throw new Invalid('password_unchanged', message, [{ path: 'newPassword', message }]);
  }
}

/** Changes the signed-in user's own password; see the comment at the top of this file. */
export class PasswordChangeService {
  readonly #database: Database;
  readonly #throttle: LoginThrottle;
  readonly #openSession: OpenReplacementSession;
  readonly #now: () => Date;

  constructor(
    database: Database,
    throttle: LoginThrottle,
    openSession: OpenReplacementSession,
    now: () => Date,
  ) {
    this.#database = database;
    this.#throttle = throttle;
    this.#openSession = openSession;
    this.#now = now;
  }

  /**
   * Checks the current password (throttled like a login: 429 `login_throttled`; wrong: 422
   * `password_incorrect` on `currentPassword`), then the new one against the policy (422 `password_too_weak`
   * or `password_unchanged` on `newPassword`); 409 `no_local_password` for an account without one. Sets it,
   * ends every session and open reset link of the user (audited `auth.password_changed` with
   * `sessions_revoked=<n>`, refusals with outcome `denied`) and opens the replacement session.
   */
  async change(
    auth: AuthContext,
    input: PasswordChange,
    context: RequestContext,
  ): Promise<{ token: string; state: SessionState; otherSessionsEnded: number }> {
    const now = this.#now();
    const denied = (reason: string) =>
      withTenant(this.#database, scopeOf(auth), (trx) =>
        recordAuditEvent(trx, {
          actorType: 'user',
          actorId: auth.userId,
          action: 'auth.password_changed',
          objectType: 'user',
          objectId: auth.userId,
          requestId: context.requestId,
          outcome: 'denied',
          reason,
        }),
      );
    const hash = auth.user.password_hash;
    if (hash === null) {
      await denied('no_password');
      throw noLocalPassword();
    }
    const keys = await this.#throttle.keys(auth.tenant.slug, auth.user.email, context.address);
    const retryAfter = await this.#throttle.retryAfterSeconds(keys, now);
    if (retryAfter > 0) {
      await denied('throttled');
      throw new LoginThrottled(retryAfter);
    }
    if (!(await verifyPassword(hash, input.currentPassword))) {
      await this.#throttle.recordFailure(keys, now);
      await denied('wrong_password');
      const message = 'The current password is not correct.';
      throw new Invalid('password_incorrect', message, [{ path: 'currentPassword', message }]);
    }
    checkNewPassword(auth, input);
    // Hashed before the transaction: argon2 takes a while, and the embedded database has one connection.
    const passwordHash = await hashPassword(input.newPassword);
    const revoked = await withTenant(this.#database, scopeOf(auth), async (trx) => {
      // The password checked above must still be the account's: a change or reset in between wins.
      const user = await findUserById(trx, auth.userId);
      if (user?.status !== 'active' || user.password_hash !== hash)
        throw new Conflict(
          'password_changed_meanwhile',
          'Your password was changed meanwhile. Sign in again.',
        );
      await updateUser(trx, user.id, { password_hash: passwordHash }, now);
      await revokeOpenAccountTokens(trx, user.id, 'password_reset', now);
      const sessionsRevoked = await revokeUserSessions(trx, user.id, now);
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: user.id,
        action: 'auth.password_changed',
        objectType: 'user',
        objectId: user.id,
        requestId: context.requestId,
        outcome: 'success',
        reason: `sessions_revoked=${sessionsRevoked}`,
      });
      return sessionsRevoked;
    });
    await this.#throttle.recordSuccess(keys, now);
    const { token, state } = await this.#openSession(auth, context);
    // The current session was among those revoked; the rest were the user's other browsers and devices.
    return { token, state, otherSessionsEnded: Math.max(0, revoked - 1) };
  }
}
