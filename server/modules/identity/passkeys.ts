import { randomBytes } from 'node:crypto';
import {
  type AuthenticationResponseJSON,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { findTenantByTokenHash } from '../../db/token-lookup.ts';
import { AppError, Conflict, Invalid, NotFound, Unauthorized } from '../../errors.ts';
import { recordAuditEvent, recordAuditEventInOwnTransaction } from '../audit/service.ts';
import { findTenantById, findTenantBySlug } from '../tenants/service.ts';
import type { PasskeyList } from './passkey-schemas.ts';
import {
  consumeWebauthnChallenge,
  deletePasskey,
  ensureUserHandle,
  insertPasskey,
  listPasskeys,
} from './passkey-store.ts';
import {
  assertionOptions,
  challengeOf,
  checkPasskeyAddress,
  clientDataOrigin,
  hashChallenge,
  PasskeyRegistrationRefused,
  PasskeySignInRefused,
  type RelyingParty,
  relyingParty,
  storeChallenge,
  verifyPasskeyAssertion,
} from './passkey-verify.ts';
import { verifyPassword } from './passwords.ts';
import { findChallengeByTokenHash } from './second-factor-store.ts';
import type { AuthContext, IdentityService, RequestContext } from './service.ts';
import { scopeOf } from './session-service.ts';
import { hashSessionToken } from './sessions.ts';
import { INVALID_CREDENTIALS_MESSAGE, LoginThrottled } from './sign-in.ts';
import { findUserById } from './store.ts';
import { ephemeralThrottleKey, LoginThrottle, type ThrottleOptions } from './throttle.ts';

/** An account without a password proves it is its owner by a login this recent. */
const FRESH_LOGIN_MINUTES = 5;

/**
 * Where the browser is, as the routes see it: the public URL of the request (server/public-url.ts)
 * and the Origin header of an options request. Left out: the configured public URL, origin unknown.
 */
export interface PasskeyAddress {
  publicUrl?: string | undefined;
  origin?: string | undefined;
}

/** Enrolling and removing a user's passkeys, and signing in with one alone. */
export class PasskeyService {
  readonly #database: Database;
  readonly #identity: IdentityService;
  readonly #throttle: LoginThrottle;
  readonly rp: RelyingParty;

  constructor(
    database: Database,
    identity: IdentityService,
    options: {
      publicUrl?: string | undefined;
      throttle?: Partial<ThrottleOptions> | undefined;
      loginThrottleKey?: (() => Promise<Buffer>) | undefined;
    },
  ) {
    this.#database = database;
    this.#identity = identity;
    this.#throttle = new LoginThrottle(
      database,
      options.loginThrottleKey ?? ephemeralThrottleKey(),
      options.throttle,
    );
    this.rp = relyingParty(options.publicUrl ?? 'http://localhost:3000');
  }

  /** The relying party of a request: its public URL's host and origin. */
  #rpAt(at: PasskeyAddress): RelyingParty {
    return at.publicUrl ? relyingParty(at.publicUrl) : this.rp;
  }

  async list(auth: AuthContext): Promise<PasskeyList> {
    const rows = await withTenant(this.#database, scopeOf(auth), (trx) => listPasskeys(trx, auth.userId));
    return {
      passkeys: rows.map((row) => ({
        id: row.id,
        name: row.name,
        createdAt: row.created_at.toISOString(),
        lastUsedAt: row.last_used_at?.toISOString() ?? null,
        backedUp: row.backed_up,
      })),
      passwordRequired: auth.user.password_hash !== null,
    };
  }

  /**
   * Adding and removing a passkey needs the password again, like removing TOTP; an account without a
   * password (single sign-on) needs a session opened in the last five minutes instead. Audited on refusal.
   */
  async #confirmOwner(auth: AuthContext, password: string | undefined, action: string, requestId: string) {
    const hash = auth.user.password_hash;
    const fresh =
      auth.session.created_at.getTime() > this.#identity.now().getTime() - FRESH_LOGIN_MINUTES * 60_000;
    const confirmed = hash ? password !== undefined && (await verifyPassword(hash, password)) : fresh;
    if (confirmed) return;
    await recordAuditEventInOwnTransaction(this.#database, scopeOf(auth), {
      actorType: 'user',
      actorId: auth.userId,
      action,
      objectType: 'user',
      objectId: auth.userId,
      requestId,
      outcome: 'denied',
      reason: hash ? 'wrong_password' : 'login_not_fresh',
    });
    if (hash)
      throw new Invalid('password_incorrect', 'The password is not correct.', [
        { path: 'password', message: 'is not correct' },
      ]);
    throw new Unauthorized('fresh_login_required', 'Sign in again, then add or remove the passkey.');
  }

  /** Registration options (after the password): the user's random handle, excluding their passkeys. */
  async registrationOptions(
    auth: AuthContext,
    password: string | undefined,
    requestId: string,
    at: PasskeyAddress = {},
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const rp = this.#rpAt(at);
    checkPasskeyAddress(rp, at.origin, 'registration_options');
    await this.#confirmOwner(auth, password, 'auth.passkey_enrolled', requestId);
    const now = this.#identity.now();
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      const handle = await ensureUserHandle(trx, {
        tenant_id: auth.tenantId,
        user_id: auth.userId,
        handle: randomBytes(32),
        created_at: now,
      });
      const existing = await listPasskeys(trx, auth.userId);
      const options = await generateRegistrationOptions({
        rpName: 'TMA',
        rpID: rp.id,
        userID: new Uint8Array(handle),
        userName: auth.user.email,
        userDisplayName: `${auth.user.display_name} (${auth.tenant.name})`,
        timeout: 120_000,
        attestationType: 'none',
        excludeCredentials: existing.map((passkey) => ({
          id: Buffer.from(passkey.credential_id).toString('base64url'),
          transports: passkey.transports,
        })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      });
      await storeChallenge(
        trx,
        { tenantId: auth.tenantId, purpose: 'registration', userId: auth.userId },
        options.challenge,
        now,
      );
      return options;
    });
  }

  /** Verifies the authenticator's answer to the registration options and stores the passkey. */
  async enrol(
    auth: AuthContext,
    input: { name: string; response: RegistrationResponseJSON },
    requestId: string,
    at: PasskeyAddress = {},
  ): Promise<PasskeyList['passkeys'][number]> {
    const now = this.#identity.now();
    const name = input.name.trim();
    if (name === '')
      throw new Invalid('passkey_name_invalid', 'Give the passkey a name.', [
        { path: 'name', message: 'must not be empty' },
      ]);
    const rp = this.#rpAt(at);
    const receivedOrigin = clientDataOrigin(input.response.response.clientDataJSON);
    try {
      checkPasskeyAddress(rp, receivedOrigin, 'registration');
    } catch (error) {
      await recordAuditEventInOwnTransaction(this.#database, scopeOf(auth), {
        actorType: 'user',
        actorId: auth.userId,
        action: 'auth.passkey_enrolled',
        objectType: 'user',
        objectId: auth.userId,
        requestId,
        outcome: 'failure',
        // passkey_origin_mismatch or passkey_needs_host_name (passkey-verify.ts)
        reason: error instanceof AppError ? error.code : 'passkey_origin_mismatch',
      });
      throw error;
    }
    const challenge = challengeOf(input.response.response.clientDataJSON);
    let detail: string | undefined;
    const outcome = await withTenant(this.#database, scopeOf(auth), async (trx) => {
      const issued = challenge
        ? await consumeWebauthnChallenge(trx, hashChallenge(challenge), 'registration', now)
        : undefined;
      let failure: string | undefined;
      let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>> | undefined;
      if (!challenge || !issued || issued.user_id !== auth.userId) failure = 'passkey_challenge_invalid';
      else {
        try {
          verification = await verifyRegistrationResponse({
            response: input.response,
            expectedChallenge: challenge,
            expectedOrigin: rp.origin,
            expectedRPID: rp.id,
            requireUserVerification: false,
          });
          if (!verification.verified) failure = 'passkey_invalid';
        } catch (error) {
          failure = 'passkey_invalid';
          detail = (error as Error).message;
        }
      }
      const info = verification?.registrationInfo;
      const row =
        !failure && info
          ? await insertPasskey(trx, {
              tenant_id: auth.tenantId,
              user_id: auth.userId,
              credential_id: Buffer.from(info.credential.id, 'base64url'),
              public_key: Buffer.from(info.credential.publicKey),
              counter: info.credential.counter,
              transports: (input.response.response.transports ?? []).slice(0, 10),
              name,
              backed_up: info.credentialBackedUp,
              created_at: now,
            })
          : undefined;
      if (!failure && !row) failure = 'passkey_exists';
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: auth.userId,
        action: 'auth.passkey_enrolled',
        objectType: row ? 'passkey' : 'user',
        objectId: row?.id ?? auth.userId,
        requestId,
        outcome: row ? 'success' : 'failure',
        reason: failure ?? null,
      });
      return row ?? failure ?? 'passkey_invalid';
    });
    if (outcome === 'passkey_exists')
      throw new Conflict('passkey_exists', 'This passkey is registered already.');
    if (typeof outcome === 'string')
      throw new PasskeyRegistrationRefused({
        reason: `registration:${outcome}`,
        expectedOrigin: rp.origin,
        expectedRpId: rp.id,
        receivedOrigin,
        detail,
      });
    return {
      id: outcome.id,
      name: outcome.name,
      createdAt: outcome.created_at.toISOString(),
      lastUsedAt: null,
      backedUp: outcome.backed_up,
    };
  }

  /** Removes one of the user's passkeys (after the password). */
  async remove(
    auth: AuthContext,
    id: string,
    password: string | undefined,
    requestId: string,
  ): Promise<void> {
    await this.#confirmOwner(auth, password, 'auth.passkey_removed', requestId);
    const removed = await withTenant(this.#database, scopeOf(auth), async (trx) => {
      if (!(await deletePasskey(trx, auth.userId, id))) return false;
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: auth.userId,
        action: 'auth.passkey_removed',
        objectType: 'passkey',
        objectId: id,
        requestId,
        outcome: 'success',
      });
      return true;
    });
    if (!removed) throw new NotFound('passkey_not_found', 'No such passkey.');
  }

  /**
   * Options for signing in with a passkey alone. An unknown organisation gets options too (that are
   * never accepted), so the answer does not tell which organisations exist.
   */
  async passwordlessOptions(
    tenantSlug: string,
    at: PasskeyAddress = {},
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const rp = this.#rpAt(at);
    checkPasskeyAddress(rp, at.origin, 'sign_in_options');
    const tenant = await findTenantBySlug(this.#database.db, tenantSlug);
    if (tenant?.status !== 'active')
      return {
        challenge: randomBytes(32).toString('base64url'),
        rpId: rp.id,
        timeout: 120_000,
        userVerification: 'required',
      };
    return withTenant(this.#database, { tenantId: tenant.id, userId: null }, (trx) =>
      assertionOptions(trx, rp, { tenantId: tenant.id, userId: null }, this.#identity.now()),
    );
  }

  /**
   * Signs in with a discoverable passkey: the assertion's user handle and credential find the user within
   * the organisation. Every failure is the same 401 `invalid_credentials`, audited as `auth.login`.
   */
  async loginWithPasskey(
    input: { tenant: string; response: AuthenticationResponseJSON },
    context: RequestContext,
  ): ReturnType<IdentityService['completeSecondFactor']> {
    const now = this.#identity.now();
    const rp = this.#rpAt(context);
    const receivedOrigin = clientDataOrigin(input.response.response.clientDataJSON);
    checkPasskeyAddress(rp, receivedOrigin, 'sign_in');
    const refused = (reason: string, detail?: string) =>
      new PasskeySignInRefused(INVALID_CREDENTIALS_MESSAGE, {
        reason: `sign_in:${reason}`,
        expectedOrigin: rp.origin,
        expectedRpId: rp.id,
        receivedOrigin,
        detail,
      });
    const tenant = await findTenantBySlug(this.#database.db, input.tenant);
    if (tenant?.status !== 'active') throw refused('unknown_organisation');
    const scope = { tenantId: tenant.id, userId: null };
    const outcome = await withTenant(this.#database, scope, async (trx) => {
      const result = await verifyPasskeyAssertion(
        trx,
        rp,
        input.response,
        { purpose: 'passwordless' },
        now,
        context.requestId,
      );
      const user = result.passkey ? await findUserById(trx, result.passkey.user_id) : undefined;
      return { result, user };
    });
    const { result, user } = outcome;
    const keys = user ? await this.#throttle.keys(tenant.slug, user.email, context.address) : undefined;
    const retryAfter = keys ? await this.#throttle.retryAfterSeconds(keys, now) : 0;
    const reason = !result.ok
      ? result.reason
      : user?.status !== 'active'
        ? 'user_deactivated'
        : retryAfter > 0
          ? 'throttled'
          : undefined;
    if (reason || !user) {
      if (keys && reason !== 'throttled') await this.#throttle.recordFailure(keys, now);
      await recordAuditEventInOwnTransaction(this.#database, scope, {
        ...(user ? { actorType: 'user', actorId: user.id } : { actorType: 'system', actorId: null }),
        action: 'auth.login',
        objectType: 'user',
        objectId: user?.id ?? null,
        requestId: context.requestId,
        outcome: reason === 'throttled' ? 'denied' : 'failure',
        reason: `passkey:${reason ?? 'unknown_user'}`,
      });
      if (reason === 'throttled') throw new LoginThrottled(retryAfter);
      throw refused(reason ?? 'unknown_user', result.ok ? undefined : result.detail);
    }
    if (keys) await this.#throttle.recordSuccess(keys, now);
    return this.#identity.openPasskeySession(tenant, user, context);
  }

  /** Options for answering a login's second-factor challenge with one of the user's passkeys. */
  async secondFactorOptions(
    challengeToken: string,
    at: PasskeyAddress = {},
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const now = this.#identity.now();
    const rp = this.#rpAt(at);
    checkPasskeyAddress(rp, at.origin, 'second_factor_options');
    const invalid = () =>
      new Unauthorized('challenge_invalid', 'This sign-in has expired or was completed. Sign in again.');
    const tokenHash = hashSessionToken(challengeToken);
    const tenantId = tokenHash
      ? await findTenantByTokenHash(this.#database, 'login_challenge', tokenHash)
      : undefined;
    const tenant = tenantId ? await findTenantById(this.#database.db, tenantId) : undefined;
    if (!tokenHash || !tenant || tenant.status !== 'active') throw invalid();
    const options = await withTenant(this.#database, { tenantId: tenant.id, userId: null }, async (trx) => {
      const challenge = await findChallengeByTokenHash(trx, tokenHash);
      if (!challenge || challenge.used_at !== null || challenge.expires_at.getTime() <= now.getTime())
        return undefined;
      const user = await findUserById(trx, challenge.user_id);
      if (user?.status !== 'active') return undefined;
      if ((await listPasskeys(trx, user.id)).length === 0) return 'none' as const;
      return assertionOptions(
        trx,
        rp,
        { tenantId: tenant.id, userId: user.id, loginChallengeId: challenge.id },
        now,
      );
    });
    if (options === undefined) throw invalid();
    if (options === 'none') throw new NotFound('passkey_not_enrolled', 'This account has no passkey.');
    return options;
  }
}
