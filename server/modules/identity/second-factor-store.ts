import { type Selectable, sql } from 'kysely';
import type { Sealed } from '../../crypto/sealed.ts';
import type { LoginChallengesTable, UserRole, UserTotpTable } from '../../db/schema-identity.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type TotpRow = Selectable<UserTotpTable>;
export type ChallengeRow = Selectable<LoginChallengesTable>;

export function findTotp(trx: TenantTransaction, userId: string): Promise<TotpRow | undefined> {
  return trx.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Starts (or restarts) a pending enrolment. */
export async function upsertPendingTotp(
  trx: TenantTransaction,
  row: { tenant_id: string; user_id: string; secret_sealed: Sealed; created_at: Date },
): Promise<void> {
  await trx
    .insertInto('user_totp')
    .values({ ...row, confirmed_at: null, last_used_step: null })
    .onConflict((conflict) =>
      conflict.columns(['tenant_id', 'user_id']).doUpdateSet({
        secret_sealed: row.secret_sealed,
        created_at: row.created_at,
        confirmed_at: null,
        last_used_step: null,
      }),
    )
    .execute();
}

/**
 * Records that the code of `step` was used; false when that step or a later one was used before (a
 * replayed code). Atomic, so two requests with the same code cannot both pass.
 */
export async function claimTotpStep(
  trx: TenantTransaction,
  userId: string,
  step: number,
  confirmAt?: Date,
): Promise<boolean> {
  const result = await trx
    .updateTable('user_totp')
    .set({ last_used_step: step, ...(confirmAt ? { confirmed_at: confirmAt } : {}) })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteSecondFactors(trx: TenantTransaction, userId: string): Promise<boolean> {
  await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  const result = await trx.deleteFrom('user_totp').where('user_id', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function replaceRecoveryCodes(
  trx: TenantTransaction,
  tenantId: string,
  userId: string,
  hashes: Buffer[],
): Promise<void> {
  await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await trx
    .insertInto('recovery_codes')
    .values(hashes.map((code_hash) => ({ tenant_id: tenantId, user_id: userId, code_hash })))
    .execute();
}

/** Marks an unused recovery code as used; false when there is no such unused code. */
export async function spendRecoveryCode(
  trx: TenantTransaction,
  userId: string,
  hash: Buffer,
  now: Date,
): Promise<boolean> {
  const result = await trx
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countUnusedRecoveryCodes(trx: TenantTransaction, userId: string): Promise<number> {
  const row = await trx
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export function insertChallenge(
  trx: TenantTransaction,
  // No user agent: nothing reads it (the column stays, null, until a later release drops it).
  row: Pick<ChallengeRow, 'tenant_id' | 'user_id' | 'token_hash' | 'created_at' | 'expires_at'>,
): Promise<ChallengeRow> {
  return trx.insertInto('login_challenges').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findChallengeByTokenHash(
  trx: TenantTransaction,
  tokenHash: Uint8Array,
): Promise<ChallengeRow | undefined> {
  return trx
    .selectFrom('login_challenges')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

/** Uses up a challenge; false when it was used already (a concurrent request won). */
export async function consumeChallenge(trx: TenantTransaction, id: string, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('login_challenges')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countChallengeFailure(trx: TenantTransaction, id: string): Promise<number> {
  const row = await trx
    .updateTable('login_challenges')
    .set((eb) => ({ failures: eb('failures', '+', 1) }))
    .where('id', '=', id)
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}

/** Forgets challenges that ended before `before`. */
export async function pruneChallenges(trx: TenantTransaction, before: Date): Promise<void> {
  await trx.deleteFrom('login_challenges').where('expires_at', '<', before).execute();
}

export async function findRequiredRoles(trx: TenantTransaction): Promise<UserRole[]> {
  const row = await trx
    .selectFrom('tenant_security_settings')
    .select('require_second_factor_roles')
    .executeTakeFirst();
  return row?.require_second_factor_roles ?? [];
}

export async function upsertRequiredRoles(
  trx: TenantTransaction,
  tenantId: string,
  roles: UserRole[],
  now: Date,
): Promise<void> {
  const value = sql<UserRole[]>`${sql.val(`{${roles.join(',')}}`)}::text[]`;
  await trx
    .insertInto('tenant_security_settings')
    .values({ tenant_id: tenantId, require_second_factor_roles: value, updated_at: now })
    .onConflict((conflict) =>
      conflict.column('tenant_id').doUpdateSet({ require_second_factor_roles: value, updated_at: now }),
    )
    .execute();
}
