import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Keyring } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import type { ExpertSpecialty, UserRole } from '../../db/schema-identity.ts';
import { type TenantScope, type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { findTenantByTokenHash } from '../../db/token-lookup.ts';
import { AppError, Conflict, Invalid, NotFound, Unauthorized } from '../../errors.ts';
import type { AuditEventInput } from '../audit/schemas.ts';
import { recordAuditEvent, recordAuditEventInOwnTransaction } from '../audit/service.ts';
import type { Tenant } from '../tenants/schemas.ts';
import { findTenantById, findTenantBySlug } from '../tenants/service.ts';
import type { PasskeyAssertion } from './passkey-schemas.ts';
import { hasPasskey } from './passkey-store.ts';
import { type RelyingParty, relyingParty, verifyPasskeyAssertion } from './passkey-verify.ts';
import type { PasswordResetQueue } from './password-reset-queue.ts';
import {
  checkPasswordPolicy,
  dummyPasswordHash,
  hashPassword,
  needsRehash,
  verifyPassword,
} from './passwords.ts';
import { type Actor, authorize } from './policy.ts';
import type { SecondFactorChallenge, SessionList, SessionState, UserSummary } from './schemas.ts';
import {
  claimTotpStep,
  consumeChallenge,
  countChallengeFailure,
  findChallengeByTokenHash,
  findRequiredRoles,
  findTotp,
  insertChallenge,
  pruneChallenges,
  spendRecoveryCode,
} from './second-factor-store.ts';
import {
  csrfToken,
  hashSessionToken,
  idleExpiry,
  newCsrfSecret,
  newSessionToken,
  type SessionTimeouts,
  sessionIsLive,
  shortUserAgent,
  TOUCH_INTERVAL_MS,
} from './sessions.ts';
import {
  authenticateSession,
  findUserByEmail,
  findUserById,
  insertSession,
  insertUser,
  listOpenSessions,
  listUsers,
  revokeSession,
  revokeUserSessions,
  type SessionRow,
  type UserRow,
  updateUser,
} from './store.ts';
import { ephemeralThrottleKey, LoginThrottle, type ThrottleOptions } from './throttle.ts';
import { hashRecoveryCode, matchTotpStep } from './totp.ts';

/** How long the second step of a login may take, and how many wrong codes one challenge tolerates. */
export const CHALLENGE_MINUTES = 5;
const CHALLENGE_MAX_FAILURES = 5;

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

/** What a request resolves to once its session cookie is checked. */
export interface AuthContext extends Actor {
  tenantId: string;
  userId: string;
  sessionId: string;
  session: SessionRow;
  user: UserRow;
  tenant: Pick<Tenant, 'id' | 'slug' | 'name'>;
  /** The tenant requires a second factor for the user's role and they have none: only enrolment is open. */
  secondFactorSetupRequired: boolean;
  /** Set when an API token, not a session, authenticated the request (server/modules/api-tokens). */
  apiToken?: { id: string; scopes: readonly string[] };
}

/** What a correct password leads to: a session, or a challenge for the second factor. */
export type LoginOutcome =
  | { kind: 'session'; token: string; state: SessionState }
  | { kind: 'challenge'; state: SecondFactorChallenge };

/** Where a request came from; the address is only used, hashed, for throttling. */
export interface RequestContext {
  requestId: string;
  address: string;
  userAgent: string | undefined;
}

export interface IdentityOptions {
  /** The clock; tests move it. */
  now?: () => Date;
  throttle?: Partial<ThrottleOptions>;
  /**
   * The `login-throttle` system key (main.ts loads it), so every instance keys the same client address
   * alike. Left out (tests), a random key of this process.
   */
  loginThrottleKey?: (() => Promise<Buffer>) | undefined;
  /** Seals and opens TOTP secrets; without it, second factors answer 503. */
  keyring?: Keyring | undefined;
  /** TMA_PUBLIC_URL: its host is the passkeys' RP id, its origin the only one accepted. */
  publicUrl?: string | undefined;
  /** Called after a commit that queued e-mail (invitations, password resets): the mail dispatcher's wake(). */
  mailQueued?: () => void;
  /** Works off "Forgot password?" requests after the answer; left out, the user routes make one. */
  passwordResets?: PasswordResetQueue | undefined;
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

function toUserSummary(row: UserRow): UserSummary {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    specialty: row.specialty,
    tenantWide: row.tenant_wide,
    status: row.status,
    createdAt: row.created_at.toISOString(),
  };
}

/** Logins, sessions and the current user: the rules between the HTTP routes and the store. */
export class IdentityService {
  readonly #database: Database;
  readonly #timeouts: SessionTimeouts;
  readonly #throttle: LoginThrottle;
  readonly #keyring: Keyring | undefined;
  readonly #relyingParty: RelyingParty;
  readonly now: () => Date;

  constructor(database: Database, timeouts: SessionTimeouts, options: IdentityOptions = {}) {
    this.#database = database;
    this.#timeouts = timeouts;
    this.#throttle = new LoginThrottle(
      database,
      options.loginThrottleKey ?? ephemeralThrottleKey(),
      options.throttle,
    );
    this.#keyring = options.keyring;
    this.#relyingParty = relyingParty(options.publicUrl ?? 'http://localhost:3000');
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Checks the credentials and opens a session. Every failure looks the same to the caller and costs one
   * password verification; it is counted against the account and the client address, and audited.
   */
  async login(
    input: { tenant: string; email: string; password: string },
    context: RequestContext,
  ): Promise<LoginOutcome> {
    const now = this.now();
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
      state: this.#state({ session, user, tenant, secondFactorSetupRequired: setupRequired }),
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
    const now = this.now();
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
    return this.#openSession(tenant, user, context, this.now(), null, 'passkey');
  }

  /** Signs in a user who has just accepted an invitation (set their first password): a normal session. */
  async openSessionAfterInvitation(
    tenant: Pick<Tenant, 'id' | 'slug' | 'name'>,
    user: UserRow,
    context: RequestContext,
  ): Promise<{ token: string; state: SessionState }> {
    return this.#openSession(tenant, user, context, this.now(), null, 'invitation_accepted');
  }

  /**
   * The second step of a login: the challenge from the first and a TOTP code, an unused recovery code or
   * a passkey assertion (options from `POST /auth/login/second-factor/passkey-options`).
   * A wrong code counts as a failed login for the account and the address; a challenge lasts five
   * minutes, opens one session, and is used up after five wrong codes.
   */
  async completeSecondFactor(
    input: {
      challenge: string;
      code?: string | undefined;
      recoveryCode?: string | undefined;
      passkey?: PasskeyAssertion | undefined;
    },
    context: RequestContext,
  ): Promise<{ token: string; state: SessionState }> {
    const given = [input.code, input.recoveryCode, input.passkey].filter((answer) => answer !== undefined);
    if (given.length !== 1)
      throw new Invalid('second_factor_missing', 'Send either a code, a recovery code or a passkey.', [
        { path: 'code', message: 'either code or recoveryCode' },
      ]);
    const now = this.now();
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
    const live = (c: { used_at: Date | null; expires_at: Date }) =>
      c.used_at === null && c.expires_at.getTime() > now.getTime();
    if (!pending || !live(pending.challenge) || pending.user.status !== 'active') throw invalidChallenge();
    const { user } = pending;
    const keys = await this.#throttle.keys(tenant.slug, user.email, context.address);
    const retryAfter = await this.#throttle.retryAfterSeconds(keys, now);
    if (retryAfter > 0) throw new LoginThrottled(retryAfter);
    if (input.code !== undefined && !this.#keyring) throw new SecondFactorUnavailable();
    const tenantKeys = input.code !== undefined ? await this.#keyring?.forTenant(tenant.id) : undefined;

    const scope = { tenantId: tenant.id, userId: user.id };
    const outcome = await withTenant(this.#database, scope, async (trx) => {
      const challenge = await findChallengeByTokenHash(trx, tokenHash);
      if (!challenge || !live(challenge)) return 'challenge_invalid' as const;
      let ok = false;
      let passkeyFailure: string | undefined;
      if (input.passkey !== undefined) {
        const expected = {
          purpose: 'second_factor' as const,
          userId: user.id,
          loginChallengeId: challenge.id,
        };
        const result = await verifyPasskeyAssertion(
          trx,
          this.#relyingParty,
          input.passkey as AuthenticationResponseJSON,
          expected,
          now,
          context.requestId,
        );
        ok = result.ok;
        if (!result.ok) passkeyFailure = result.reason;
      } else if (input.code !== undefined && tenantKeys) {
        const totp = await findTotp(trx, user.id);
        if (totp?.confirmed_at) {
          const cipher = await tenantKeys.scope(trx, 'user', user.id);
          const secret = cipher.openText(totp.secret_sealed, totpField(user.id));
          const step = matchTotpStep(secret, input.code, now);
          ok = step !== undefined && (await claimTotpStep(trx, user.id, step));
        }
      } else if (input.recoveryCode !== undefined) {
        ok = await spendRecoveryCode(trx, user.id, hashRecoveryCode(input.recoveryCode), now);
        if (ok)
          await recordAuditEvent(trx, {
            actorType: 'user',
            actorId: user.id,
            action: 'auth.recovery_code_used',
            objectType: 'user',
            objectId: user.id,
            requestId: context.requestId,
            outcome: 'success',
          });
      }
      if (ok) {
        await consumeChallenge(trx, challenge.id, now);
        return 'ok' as const;
      }
      const failures = await countChallengeFailure(trx, challenge.id);
      if (failures >= CHALLENGE_MAX_FAILURES) await consumeChallenge(trx, challenge.id, now);
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: user.id,
        action: 'auth.second_factor_failed',
        objectType: 'user',
        objectId: user.id,
        requestId: context.requestId,
        outcome: 'failure',
        reason: passkeyFailure ?? (input.code !== undefined ? 'wrong_totp_code' : 'wrong_recovery_code'),
      });
      return 'wrong' as const;
    });
    if (outcome === 'challenge_invalid') throw invalidChallenge();
    if (outcome === 'wrong') {
      await this.#throttle.recordFailure(keys, now);
      throw invalidSecondFactor();
    }
    await this.#throttle.recordSuccess(keys, now);
    const method = input.passkey ? 'passkey' : input.code !== undefined ? 'totp' : 'recovery_code';
    return this.#openSession(tenant, user, context, now, method);
  }

  /**
   * The live session a cookie's token belongs to, with its user and tenant; null when there is none, it is
   * revoked or expired, its user is deactivated or its tenant suspended. One statement (store.ts,
   * authenticateSession), which also slides the idle expiry (written at most once a minute).
   */
  async authenticate(token: string | undefined): Promise<AuthContext | null> {
    const tokenHash = hashSessionToken(token);
    if (!tokenHash) return null;
    const now = this.now();
    const found = await authenticateSession(
      this.#database.db,
      tokenHash,
      now,
      this.#timeouts.idleMinutes * 60,
      TOUCH_INTERVAL_MS / 1000,
    );
    // The database decided; the same rule in TypeScript holds it to account (and to this clock).
    if (!found || !sessionIsLive(found.session, this.#timeouts, now) || found.user.status !== 'active')
      return null;
    const { session, user, tenant } = found;
    return {
      secondFactorSetupRequired: found.secondFactorSetupRequired,
      id: user.id,
      tenantId: tenant.id,
      userId: user.id,
      role: user.role,
      sessionId: session.id,
      session,
      user,
      tenant,
    };
  }

  /** The session state the web app needs: the user, the CSRF token and when the session ends. */
  sessionState(auth: AuthContext): SessionState {
    return this.#state(auth);
  }

  #state(auth: Pick<AuthContext, 'session' | 'user' | 'tenant' | 'secondFactorSetupRequired'>): SessionState {
    const { session, user, tenant } = auth;
    return {
      // Only present when true, so the answer for everyone else stays as it was.
      ...(auth.secondFactorSetupRequired ? { secondFactorSetupRequired: true as const } : {}),
      user: {
        id: user.id,
        email: user.email,
        displayName: user.display_name,
        role: user.role,
        specialty: user.specialty,
        tenantWide: user.tenant_wide,
        tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
      },
      csrfToken: csrfToken(session),
      session: {
        id: session.id,
        expiresAt: session.expires_at.toISOString(),
        idleExpiresAt: idleExpiry(session, this.#timeouts).toISOString(),
      },
    };
  }

  /** Ends the current session. */
  async logout(auth: AuthContext, requestId: string): Promise<void> {
    const now = this.now();
    await withTenant(this.#database, scopeOf(auth), async (trx) => {
      await revokeSession(trx, auth.sessionId, auth.userId, now);
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: auth.userId,
        action: 'auth.logout',
        objectType: 'session',
        objectId: auth.sessionId,
        requestId,
        outcome: 'success',
      });
    });
  }

  /** The user's own live sessions, newest first. */
  async listOwnSessions(auth: AuthContext): Promise<SessionList> {
    authorize(auth, 'list_sessions', { id: auth.userId, tenantId: auth.tenantId });
    const now = this.now();
    const rows = await withTenant(this.#database, scopeOf(auth), (trx) =>
      listOpenSessions(trx, auth.userId, now),
    );
    return {
      sessions: rows
        .filter((row) => sessionIsLive(row, this.#timeouts, now))
        .map((row) => ({
          id: row.id,
          createdAt: row.created_at.toISOString(),
          lastSeenAt: row.last_seen_at.toISOString(),
          expiresAt: row.expires_at.toISOString(),
          current: row.id === auth.sessionId,
          userAgent: row.user_agent,
        })),
    };
  }

  /** Revokes one of the user's own sessions; NotFound for anyone else's or an ended one. */
  async revokeOwnSession(auth: AuthContext, sessionId: string, requestId: string): Promise<void> {
    authorize(auth, 'revoke_session', { id: auth.userId, tenantId: auth.tenantId });
    const now = this.now();
    const revoked = await withTenant(this.#database, scopeOf(auth), async (trx) => {
      if (!(await revokeSession(trx, sessionId, auth.userId, now))) return false;
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: auth.userId,
        action: 'auth.session_revoked',
        objectType: 'session',
        objectId: sessionId,
        requestId,
        outcome: 'success',
      });
      return true;
    });
    if (!revoked) throw new NotFound('session_not_found', 'No such session.');
  }
}

/** Starts the second step of a login: a random challenge, only its hash stored (audited). */
async function insertLoginChallenge(
  trx: TenantTransaction,
  tenantId: string,
  userId: string,
  context: RequestContext,
  now: Date,
  reason: string | null,
): Promise<string> {
  await pruneChallenges(trx, now);
  const { token, tokenHash } = newSessionToken();
  await insertChallenge(trx, {
    tenant_id: tenantId,
    user_id: userId,
    token_hash: tokenHash,
    created_at: now,
    expires_at: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
  });
  await recordAuditEvent(trx, {
    actorType: 'user',
    actorId: userId,
    action: 'auth.second_factor_challenge',
    objectType: 'user',
    objectId: userId,
    requestId: context.requestId,
    outcome: 'success',
    reason,
  });
  return token;
}

function challengeOutcome(challenge: string, now: Date): LoginOutcome {
  return {
    kind: 'challenge',
    state: {
      secondFactorRequired: true,
      challenge,
      expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000).toISOString(),
    },
  };
}

/** Where a user's sealed TOTP secret lives (bound to the ciphertext as associated data). */
export function totpField(userId: string) {
  return { table: 'user_totp', column: 'secret_sealed', rowId: userId };
}

/** Whether the tenant requires a second factor for the user's role and the user has not enrolled one. */
export async function secondFactorSetupRequired(trx: TenantTransaction, user: UserRow): Promise<boolean> {
  const roles = await findRequiredRoles(trx);
  if (!roles.includes(user.role)) return false;
  return !(await hasSecondFactor(trx, user.id));
}

/** Whether the user has a confirmed TOTP authenticator or a passkey. */
export async function hasSecondFactor(trx: TenantTransaction, userId: string): Promise<boolean> {
  return Boolean((await findTotp(trx, userId))?.confirmed_at) || (await hasPasskey(trx, userId));
}

export function scopeOf(auth: AuthContext): TenantScope {
  return { tenantId: auth.tenantId, userId: auth.userId };
}

/** A new account, as an admin or the operator creates it. */
export interface NewUser {
  email: string;
  displayName?: string | undefined;
  role: UserRole;
  specialty?: ExpertSpecialty | null | undefined;
  tenantWide?: boolean | undefined;
  /** Omitted: the account can log in only after a password is set (invitation, single sign-on). */
  password?: string | undefined;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a new user's fields and password against the rules; throws Invalid. */
export function validateNewUser(input: NewUser): { email: string; displayName: string } {
  const email = normaliseEmail(input.email);
  if (!emailPattern.test(email) || email.length > 254)
    throw new Invalid('user_invalid', 'The e-mail address is not valid.', [
      { path: 'email', message: 'is not a valid e-mail address' },
    ]);
  const displayName = (input.displayName ?? email.split('@')[0] ?? email).trim();
  if (displayName.length < 1 || displayName.length > 200)
    throw new Invalid('user_invalid', 'The name must have 1 to 200 characters.', [
      { path: 'displayName', message: 'must have 1 to 200 characters' },
    ]);
  if (input.specialty && input.role !== 'expert')
    throw new Invalid('user_invalid', 'Only experts have a specialty.', [
      { path: 'specialty', message: 'only for experts' },
    ]);
  if (input.tenantWide && input.role !== 'threat_manager')
    throw new Invalid('user_invalid', 'Only threat managers can be tenant-wide.', [
      { path: 'tenantWide', message: 'only for threat managers' },
    ]);
  if (input.password !== undefined) checkPasswordPolicy(input.password, [email, displayName]);
  return { email, displayName };
}

/** Who creates or changes users: a logged-in admin, or the operator at the command line. */
export type UserAdmin = { kind: 'operator' } | { kind: 'user'; actor: Actor };

function auditActor(by: UserAdmin): Pick<AuditEventInput, 'actorType' | 'actorId'> {
  return by.kind === 'operator'
    ? { actorType: 'operator', actorId: null }
    : { actorType: 'user', actorId: by.actor.id };
}

/** Creates a user in a tenant (password policy enforced, audited as `user.create`). */
export async function createUser(
  database: Database,
  tenantId: string,
  input: NewUser,
  by: UserAdmin,
): Promise<UserSummary> {
  if (by.kind === 'user') authorize(by.actor, 'create', { id: '', tenantId });
  const { email, displayName } = validateNewUser(input);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const userId = by.kind === 'user' ? by.actor.id : null;
  const row = await withTenant(database, { tenantId, userId }, async (trx) => {
    const inserted = await insertUser(trx, {
      tenant_id: tenantId,
      email,
      display_name: displayName,
      password_hash: passwordHash,
      role: input.role,
      specialty: input.specialty ?? null,
      tenant_wide: input.tenantWide ?? false,
    });
    if (!inserted) return undefined;
    await recordAuditEvent(trx, {
      ...auditActor(by),
      action: 'user.create',
      objectType: 'user',
      objectId: inserted.id,
      outcome: 'success',
    });
    return inserted;
  });
  if (!row) throw new Conflict('user_exists', `A user with the e-mail address ${email} already exists.`);
  return toUserSummary(row);
}

/** Deactivates a user and revokes all their sessions (audited as `user.deactivate`). */
export async function deactivateUser(
  database: Database,
  tenantId: string,
  email: string,
  by: UserAdmin,
  now: Date = new Date(),
): Promise<{ user: UserSummary; sessionsRevoked: number }> {
  const userId = by.kind === 'user' ? by.actor.id : null;
  const result = await withTenant(database, { tenantId, userId }, async (trx) => {
    const user = await findUserByEmail(trx, normaliseEmail(email));
    if (!user) return undefined;
    if (by.kind === 'user') authorize(by.actor, 'deactivate', { id: user.id, tenantId });
    await updateUser(trx, user.id, { status: 'deactivated' }, now);
    const sessionsRevoked = await revokeUserSessions(trx, user.id, now);
    await recordAuditEvent(trx, {
      ...auditActor(by),
      action: 'user.deactivate',
      objectType: 'user',
      objectId: user.id,
      outcome: 'success',
      reason: sessionsRevoked > 0 ? `sessions_revoked=${sessionsRevoked}` : null,
    });
    return { user: { ...toUserSummary(user), status: 'deactivated' as const }, sessionsRevoked };
  });
  if (!result)
    throw new NotFound('user_not_found', `No user with the e-mail address ${normaliseEmail(email)}.`);
  return result;
}

/** Every user of a tenant, by e-mail. */
export async function listTenantUsers(database: Database, tenantId: string): Promise<UserSummary[]> {
  const rows = await withTenant(database, { tenantId, userId: null }, (trx) => listUsers(trx));
  return rows.map(toUserSummary);
}
