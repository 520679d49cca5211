import type { Keyring } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { deleteUserPasskeys } from './passkey-store.ts';
import { verifyPassword } from './passwords.ts';
import type { RecoveryCodes, TotpSetup, TotpStatus } from './schemas.ts';
import {
  claimTotpStep,
  countUnusedRecoveryCodes,
  deleteSecondFactors,
  findRequiredRoles,
  findTotp,
  replaceRecoveryCodes,
  upsertPendingTotp,
  upsertRequiredRoles,
} from './second-factor-store.ts';
import type { AuthContext } from './service.ts';
import { scopeOf } from './session-service.ts';
import { SecondFactorUnavailable } from './sign-in.ts';
import { findUserByEmail, revokeUserSessions } from './store.ts';
import {
  hashRecoveryCode,
  matchTotpStep,
  newRecoveryCodes,
  newTotpSecret,
  totpQrCodeSvg,
  totpUri,
} from './totp.ts';
import { normaliseEmail, totpField, type UserAdmin } from './users.ts';

/** Enrolling and removing a user's own TOTP authenticator and recovery codes. */
export class SecondFactorService {
  readonly #database: Database;
  readonly #keyring: Keyring | undefined;
  readonly #now: () => Date;

  constructor(database: Database, keyring: Keyring | undefined, now: () => Date) {
    this.#database = database;
    this.#keyring = keyring;
    this.#now = now;
  }

  #requireKeyring(): Keyring {
    if (!this.#keyring) throw new SecondFactorUnavailable();
    return this.#keyring;
  }

  async status(auth: AuthContext): Promise<TotpStatus> {
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      const totp = await findTotp(trx, auth.userId);
      const required = (await findRequiredRoles(trx)).includes(auth.user.role);
      return {
        enabled: Boolean(totp?.confirmed_at),
        confirmedAt: totp?.confirmed_at?.toISOString() ?? null,
        recoveryCodesLeft: totp?.confirmed_at ? await countUnusedRecoveryCodes(trx, auth.userId) : 0,
        required,
      };
    });
  }

  /**
   * Starts enrolment: a new secret, sealed with the user's data key, pending until a code confirms it.
   * Starting again replaces a pending secret; an enrolled authenticator must be removed first.
   */
  async beginTotpSetup(auth: AuthContext): Promise<TotpSetup> {
    const keys = await this.#requireKeyring().forTenant(auth.tenantId);
    const secret = newTotpSecret();
    await withTenant(this.#database, scopeOf(auth), async (trx) => {
      if ((await findTotp(trx, auth.userId))?.confirmed_at)
        throw new Conflict('totp_already_enabled', 'Two-step sign-in is already set up. Remove it first.');
      const cipher = await keys.scope(trx, 'user', auth.userId);
      await upsertPendingTotp(trx, {
        tenant_id: auth.tenantId,
        user_id: auth.userId,
        secret_sealed: cipher.seal(secret, totpField(auth.userId)),
        created_at: this.#now(),
      });
    });
    const otpauthUri = totpUri(secret, auth.user.email, `TMA ${auth.tenant.name}`);
    return { secretBase32: secret, otpauthUri, qrCodeSvg: await totpQrCodeSvg(otpauthUri) };
  }

  /** Confirms a pending enrolment with a current code; returns the recovery codes, shown only now. */
  async confirmTotp(auth: AuthContext, code: string, requestId: string): Promise<RecoveryCodes> {
    const keys = await this.#requireKeyring().forTenant(auth.tenantId);
    const now = this.#now();
    const recoveryCodes = newRecoveryCodes();
    const confirmed = await withTenant(this.#database, scopeOf(auth), async (trx) => {
      const totp = await findTotp(trx, auth.userId);
      if (!totp) throw new NotFound('totp_not_pending', 'Start setting up two-step sign-in first.');
      if (totp.confirmed_at)
        throw new Conflict('totp_already_enabled', 'Two-step sign-in is already set up.');
      const cipher = await keys.scope(trx, 'user', auth.userId);
      const secret = cipher.openText(totp.secret_sealed, totpField(auth.userId));
      const step = matchTotpStep(secret, code, now);
      if (step === undefined || !(await claimTotpStep(trx, auth.userId, step, now))) return false;
      await replaceRecoveryCodes(trx, auth.tenantId, auth.userId, recoveryCodes.map(hashRecoveryCode));
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: auth.userId,
        action: 'auth.totp_enrolled',
        objectType: 'user',
        objectId: auth.userId,
        requestId,
        outcome: 'success',
      });
      return true;
    });
    if (!confirmed)
      throw new Invalid('totp_code_invalid', 'The code is not correct. Enter the current code of the app.', [
        { path: 'code', message: 'is not the current code' },
      ]);
    return { recoveryCodes };
  }

  /** Removes the authenticator and recovery codes after the user re-enters their password. */
  async removeTotp(auth: AuthContext, password: string, requestId: string): Promise<void> {
    const hash = auth.user.password_hash;
    if (!hash || !(await verifyPassword(hash, password))) {
      await withTenant(this.#database, scopeOf(auth), (trx) =>
        recordAuditEvent(trx, {
          actorType: 'user',
          actorId: auth.userId,
          action: 'auth.totp_removed',
          objectType: 'user',
          objectId: auth.userId,
          requestId,
          outcome: 'denied',
          reason: 'wrong_password',
        }),
      );
      throw new Invalid('password_incorrect', 'The password is not correct.', [
        { path: 'password', message: 'is not correct' },
      ]);
    }
    const removed = await withTenant(this.#database, scopeOf(auth), async (trx) => {
      if (!(await deleteSecondFactors(trx, auth.userId))) return false;
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: auth.userId,
        action: 'auth.totp_removed',
        objectType: 'user',
        objectId: auth.userId,
        requestId,
        outcome: 'success',
      });
      return true;
    });
    if (!removed) throw new NotFound('totp_not_enabled', 'Two-step sign-in is not set up.');
  }
}

/**
 * Removes a user's TOTP and recovery codes and ends their sessions, for a user who lost their
 * authenticator (audited as `user.reset_2fa`).
 */
export async function resetSecondFactor(
  database: Database,
  tenantId: string,
  email: string,
  by: UserAdmin,
  now: Date = new Date(),
): Promise<{ removed: boolean; sessionsRevoked: number }> {
  const actor =
    by.kind === 'operator'
      ? { actorType: 'operator' as const, actorId: null }
      : { actorType: 'user' as const, actorId: by.actor.id };
  const result = await withTenant(database, { tenantId, userId: actor.actorId }, async (trx) => {
    const user = await findUserByEmail(trx, normaliseEmail(email));
    if (!user) return undefined;
    const removed = await deleteSecondFactors(trx, user.id);
    // Passkeys are second factors too: a user who lost their devices starts again without any.
    const passkeys = await deleteUserPasskeys(trx, user.id);
    const sessionsRevoked = await revokeUserSessions(trx, user.id, now);
    await recordAuditEvent(trx, {
      ...actor,
      action: 'user.reset_2fa',
      objectType: 'user',
      objectId: user.id,
      outcome: 'success',
      reason: `totp=${removed ? 'removed' : 'none'}:passkeys_removed=${passkeys}:sessions_revoked=${sessionsRevoked}`,
    });
    return { removed, sessionsRevoked };
  });
  if (!result)
    throw new NotFound('user_not_found', `No user with the e-mail address ${normaliseEmail(email)}.`);
  return result;
}

/** Sets the roles whose users must have a second factor (audited as `tenant.require_2fa`). */
export async function setRequiredSecondFactorRoles(
  database: Database,
  tenantId: string,
  roles: UserRole[],
  by: UserAdmin,
  now: Date = new Date(),
): Promise<UserRole[]> {
  const unique = [...new Set(roles)].sort();
  await withTenant(database, { tenantId, userId: by.kind === 'user' ? by.actor.id : null }, async (trx) => {
    await upsertRequiredRoles(trx, tenantId, unique, now);
    await recordAuditEvent(trx, {
      ...(by.kind === 'operator'
        ? { actorType: 'operator' as const, actorId: null }
        : { actorType: 'user' as const, actorId: by.actor.id }),
      action: 'tenant.require_2fa',
      objectType: 'tenant',
      objectId: tenantId,
      outcome: 'success',
      reason: unique.length > 0 ? `roles=${unique.join('.')}` : 'none',
    });
  });
  return unique;
}
