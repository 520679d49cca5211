import type { Keyring } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { findTenantByTokenHash } from '../../db/token-lookup.ts';
import { AppError, Invalid, Unauthorized } from '../../errors.ts';
import type { AuditEventInput } from '../audit/schemas.ts';
import { recordAuditEvent, recordAuditEventInOwnTransaction } from '../audit/service.ts';
import type { Tenant } from '../tenants/schemas.ts';
import { findTenantById, findTenantBySlug } from '../tenants/service.ts';
import {
  answerChallenge,
  challengeIsLive,
  challengeOutcome,
  insertLoginChallenge,
  type SecondFactorAnswer,
} from './login-challenge.ts';
import { checkPasskeyAddress, clientDataOrigin, type RelyingParty, relyingParty } from './passkey-verify.ts';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './passwords.ts';
import type { SessionState } from './schemas.ts';
import { findChallengeByTokenHash } from './second-factor-store.ts';
import type { AuthContext, IdentityOptions, LoginOutcome, RequestContext } from './service.ts';
import { sessionStateOf } from './session-service.ts';
import {
  hashSessionToken,
  newCsrfSecret,
  newSessionToken,
  type SessionTimeouts,
  shortUserAgent,
} from './sessions.ts';
import { findUserByEmail, findUserById, insertSession, type UserRow, updateUser } from './store.ts';
import { ephemeralThrottleKey, LoginThrottle } from './throttle.ts';
import { hasSecondFactor, normaliseEmail, secondFactorSetupRequired } from './users.ts';

// Signing in: a password (and, when the user has one, the second factor), single sign-on, a passkey or an
// accepted invitation, each ending in a new session. Failures are throttled and audited.

/** Second factors need the keyring (the TOTP secret is sealed); 503 when the app was built without one. */
export class SecondFactorUnavailable extends AppError {
  override name = 'SecondFactorUnavailable';
  readonly status = 503;
  constructor() {
    super('second_factor_unavailable', 'Second factors are not available on this server.');
  }
}

const invalidChallenge = () =>
  new Unauthorized('challenge_invalid', 'This sign-in has expired or was completed. Sign in again.');
const invalidSecondFactor = () => new Unauthorized('second_factor_invalid', 'The code is not correct.');

/** Too many failed logins: try again after `retryAfterSeconds` (429). */
export class LoginThrottled extends AppError {
  override name = 'LoginThrottled';
  readonly status = 429;
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('login_throttled', `Too many failed logins. Try again in ${retryAfterSeconds} s.`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The one answer for every failed login, whatever failed: no account enumeration. */
export const INVALID_CREDENTIALS_MESSAGE = 'The organisation, e-mail address or password is not correct.';
const invalidCredentials = () => new Unauthorized('invalid_credentials', INVALID_CREDENTIALS_MESSAGE);

/** Proves who a user is and opens their session: every way in ends in `#openSession`. */
export class SignInService {
  readonly #database: Database;
  readonly #timeouts: SessionTimeouts;
  readonly #throttle: LoginThrottle;
  readonly #keyring: Keyring | undefined;
  readonly #relyingParty: RelyingParty;
  readonly #now: () => Date;

  constructor(database: Database, timeouts: SessionTimeouts, options: IdentityOptions, now: () => Date) {
    this.#database = database;
    this.#timeouts = timeouts;
    this.#throttle = new LoginThrottle(
      database,
      options.loginThrottleKey ?? ephemeralThrottleKey(),
      options.throttle,
    );
    this.#keyring = options.keyring;
    this.#relyingParty = relyingParty(options.publicUrl ?? 'http://localhost:3000');
    this.#now = now;
  }

  /** The failed-login bookkeeping, shared with the password change (a wrong current password counts). */
  get throttle(): LoginThrottle {
    return this.#throttle;
  }

  /**
   * Checks the credentials and opens a session. Every failure looks the same to the caller and costs one
   * password verification; it is counted against the account and the client address, and audited.
   */
  async login(
    input: { tenant: string; email: string; password: string },
    context: RequestContext,
  ): Promise<LoginOutcome> {
    const now = this.#now();
    const email = normaliseEmail(input.email);
    const keys = await this.#throttle.keys(input.tenant, email, context.address);
    const tenant = await findTenantBySlug(this.#database.db, input.tenant);
    const audit = async (user: UserRow | undefined, event: Partial<AuditEventInput>) => {
      if (!tenant) return; // an unknown tenant has no audit log
      await recordAuditEventInOwnTransaction(
        this.#database,
        { tenantId: tenant.id, userId: null },
        {
          ...(user ? { actorType: 'user', actorId: user.id } : { actorType: 'system', actorId: null }),
          action: 'auth.login',
          objectType: 'user',
          objectId: user?.id ?? null,
          requestId: context.requestId,
          outcome: 'failure',
          ...event,
        },
      );
    };

    const retryAfter = await this.#throttle.retryAfterSeconds(keys, now);
    const user =
      tenant && tenant.status === 'active'
        ? await withTenant(this.#database, { tenantId: tenant.id, userId: null }, (trx) =>
            findUserByEmail(trx, email),
          )
        : undefined;
    if (retryAfter > 0) {
      await audit(user, { outcome: 'denied', reason: 'throttled' });
      throw new LoginThrottled(retryAfter);
    }

    const usable = user && user.status === 'active' && user.password_hash !== null ? user : undefined;
    const matches = await verifyPassword(
      usable?.password_hash ?? (await dummyPasswordHash()),
      input.password,
    );
    if (!tenant || !usable || !matches) {
      await this.#throttle.recordFailure(keys, now);
      const reason = !tenant
        ? 'unknown_tenant'
        : tenant.status !== 'active'
          ? 'tenant_suspended'
          : !user
            ? 'unknown_user'
            : user.status !== 'active'
              ? 'user_deactivated'
              : user.password_hash === null
                ? 'no_password'
                : 'wrong_password';
      await audit(user, { reason });
      throw invalidCredentials();
    }

    const rehash = needsRehash(usable.password_hash as string) ? await hashPassword(input.password) : null;
    const scope = { tenantId: tenant.id, userId: usable.id };
    const challenge = await withTenant(this.#database, scope, async (trx) => {
      if (rehash) await updateUser(trx, usable.id, { password_hash: rehash }, now);
      if (!(await hasSecondFactor(trx, usable.id))) return undefined;
      // The password was right, but the login is not done: the account's failures are not forgiven yet,
      // or a known password would reset the count between guesses of the code.
      return insertLoginChallenge(trx, tenant.id, usable.id, context, now, null);
    });
    if (challenge !== undefined) return challengeOutcome(challenge, now);
    await this.#throttle.recordSuccess(keys, now);
    return { kind: 'session', ...(await this.#openSession(tenant, usable, context, now, null)) };
  }

  /** Opens a session for a user who has proved who they are, audited as `auth.login` success. */
  async #openSession(
    tenant: Pick<Tenant, 'id' | 'slug' | 'name'>,
    user: UserRow,
    context: RequestContext,
    now: Date,
    secondFactor: 'totp' | 'recovery_code' | 'passkey' | null,
    reason?: string,
  ): Promise<{ token: string; state: SessionState }> {
    const { token, tokenHash } = newSessionToken();
    const { session, setupRequired } = await withTenant(
      this.#database,
      { tenantId: tenant.id, userId: user.id },
      async (trx) => {
        const created = await insertSession(trx, {
          tenant_id: tenant.id,
          user_id: user.id,
          token_hash: tokenHash,
          csrf_secret: newCsrfSecret(),
          created_at: now,
          last_seen_at: now,
          expires_at: new Date(now.getTime() + this.#timeouts.maxHours * 3_600_000),
          user_agent: shortUserAgent(context.userAgent),
        });
        await recordAuditEvent(trx, {
          actorType: 'user',
          actorId: user.id,
          action: 'auth.login',
          objectType: 'session',
          objectId: created.id,
          requestId: context.requestId,
          outcome: 'success',
          reason: reason ?? (secondFactor ? `second_factor:${secondFactor}` : null),
        });
        return { session: created, setupRequired: await secondFactorSetupRequired(trx, user) };
      },
    );
    return {
      token,
      state: sessionStateOf(
        { session, user, tenant, secondFactorSetupRequired: setupRequired },
        this.#timeouts,
      ),
    };
  }

  /**
   * Finishes a single sign-on for a user the tenant's identity provider vouched for: a session, or, when
   * `requireTotp`, the same second-factor challenge a password login gets. Audited with `reason`.
   */
  async completeSingleSignOn(
    tenant: Pick<Tenant, 'id' | 'slug' | 'name'>,
    user: UserRow,
    context: RequestContext,
    options: { requireTotp: boolean; reason: string },
  ): Promise<LoginOutcome> {
    const now = this.#now();
    if (options.requireTotp) {
      const scope = { tenantId: tenant.id, userId: user.id };
      const challenge = await withTenant(this.#database, scope, (trx) =>
        insertLoginChallenge(trx, tenant.id, user.id, context, now, options.reason),
      );
      return challengeOutcome(challenge, now);
    }
    return {
      kind: 'session',
      ...(await this.#openSession(tenant, user, context, now, null, options.reason)),
    };
  }

  /** Signs in a user whose passkey alone proved who they are (passkeys.ts checked the assertion). */
  async openPasskeySession(
    tenant: Pick<Tenant, 'id' | 'slug' | 'name'>,
    user: UserRow,
    context: RequestContext,
  ): Promise<{ token: string; state: SessionState }> {
    return this.#openSession(tenant, user, context, this.#now(), null, 'passkey');
  }

  /** Signs in a user who has just accepted an invitation (set their first password): a normal session. */
  async openSessionAfterInvitation(
    tenant: Pick<Tenant, 'id' | 'slug' | 'name'>,
    user: UserRow,
    context: RequestContext,
  ): Promise<{ token: string; state: SessionState }> {
    return this.#openSession(tenant, user, context, this.#now(), null, 'invitation_accepted');
  }

  /**
   * The session that replaces a signed-in user's sessions after they changed their password
   * (password-change.ts): they proved the current password within a live session, so no second factor again.
   */
  async openSessionAfterPasswordChange(
    auth: Pick<AuthContext, 'tenant' | 'tenantId' | 'userId'>,
    context: RequestContext,
  ): Promise<{ token: string; state: SessionState }> {
    const scope = { tenantId: auth.tenantId, userId: auth.userId };
    const user = await withTenant(this.#database, scope, (trx) => findUserById(trx, auth.userId));
    if (user?.status !== 'active') throw new Unauthorized('unauthenticated', 'Sign in again.');
    return this.#openSession(auth.tenant, user, context, this.#now(), null, 'password_changed');
  }

  /**
   * The second step of a login: the challenge from the first and a TOTP code, an unused recovery code or
   * a passkey assertion (options from `POST /auth/login/second-factor/passkey-options`).
   * A wrong code counts as a failed login for the account and the address; a challenge lasts five
   * minutes, opens one session, and is used up after five wrong codes.
   */
  async completeSecondFactor(
    input: SecondFactorAnswer,
    context: RequestContext,
  ): Promise<{ token: string; state: SessionState }> {
    const given = [input.code, input.recoveryCode, input.passkey].filter((answer) => answer !== undefined);
    if (given.length !== 1)
      throw new Invalid('second_factor_missing', 'Send either a code, a recovery code or a passkey.', [
        { path: 'code', message: 'either code or recoveryCode' },
      ]);
    const now = this.#now();
    const tokenHash = hashSessionToken(input.challenge);
    const tenantId = tokenHash
      ? await findTenantByTokenHash(this.#database, 'login_challenge', tokenHash)
      : undefined;
    const tenant = tenantId ? await findTenantById(this.#database.db, tenantId) : undefined;
    if (!tokenHash || !tenant || tenant.status !== 'active') throw invalidChallenge();
    const pending = await withTenant(this.#database, { tenantId: tenant.id, userId: null }, async (trx) => {
      const challenge = await findChallengeByTokenHash(trx, tokenHash);
      const user = challenge ? await findUserById(trx, challenge.user_id) : undefined;
      return challenge && user ? { challenge, user } : undefined;
    });
    if (!pending || !challengeIsLive(pending.challenge, now) || pending.user.status !== 'active')
      throw invalidChallenge();
    const { user } = pending;
    const keys = await this.#throttle.keys(tenant.slug, user.email, context.address);
    const retryAfter = await this.#throttle.retryAfterSeconds(keys, now);
    if (retryAfter > 0) throw new LoginThrottled(retryAfter);
    if (input.code !== undefined && !this.#keyring) throw new SecondFactorUnavailable();
    const tenantKeys = input.code !== undefined ? await this.#keyring?.forTenant(tenant.id) : undefined;

    // A passkey answered at another address of this TMA is refused with what to do (passkey-verify.ts).
    const rp = context.publicUrl ? relyingParty(context.publicUrl) : this.#relyingParty;
    if (input.passkey !== undefined)
      checkPasskeyAddress(rp, clientDataOrigin(input.passkey.response.clientDataJSON), 'second_factor');
    const scope = { tenantId: tenant.id, userId: user.id };
    const outcome = await withTenant(this.#database, scope, (trx) =>
      answerChallenge(trx, tokenHash, user, input, {
        relyingParty: rp,
        tenantKeys,
        now,
        context,
      }),
    );
    if (outcome === 'challenge_invalid') throw invalidChallenge();
    if (outcome === 'wrong') {
      await this.#throttle.recordFailure(keys, now);
      throw invalidSecondFactor();
    }
    await this.#throttle.recordSuccess(keys, now);
    const method = input.passkey ? 'passkey' : input.code !== undefined ? 'totp' : 'recovery_code';
    return this.#openSession(tenant, user, context, now, method);
  }
}
