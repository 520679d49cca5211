import type { Selectable } from 'kysely';
import type { AccountTokenPurpose, AccountTokensTable } from '../../db/schema-invitations.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import type { UserRow } from './store.ts';

export type AccountTokenRow = Selectable<AccountTokensTable>;

/** The link with this hash, locked until the transaction ends (a link is used once). */
export function findAccountTokenByHash(
  trx: TenantTransaction,
  tokenHash: Uint8Array,
): Promise<AccountTokenRow | undefined> {
  return trx
    .selectFrom('account_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

/** Replaces the user's open links of this purpose: the older ones stop working. */
export async function revokeOpenAccountTokens(
  trx: TenantTransaction,
  userId: string,
  purpose: AccountTokenPurpose,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('account_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function insertAccountToken(
  trx: TenantTransaction,
  token: Pick<
    AccountTokenRow,
    'tenant_id' | 'user_id' | 'purpose' | 'token_hash' | 'created_at' | 'expires_at'
  >,
): Promise<void> {
  await trx.insertInto('account_tokens').values(token).execute();
}

export async function markAccountTokenUsed(trx: TenantTransaction, id: string, now: Date): Promise<void> {
  await trx.updateTable('account_tokens').set({ used_at: now }).where('id', '=', id).execute();
}

/** Inserts a user who has been invited and has no password yet; undefined when the e-mail is taken. */
export function insertInvitedUser(
  trx: TenantTransaction,
  user: Pick<UserRow, 'tenant_id' | 'email' | 'display_name' | 'role' | 'specialty' | 'tenant_wide'>,
): Promise<UserRow | undefined> {
  return trx
    .insertInto('users')
    .values({ ...user, password_hash: null, status: 'invited' })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'email']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Changes what an admin sets: name, role, specialty, tenant-wide scope. */
export async function updateUserProfile(
  trx: TenantTransaction,
  id: string,
  changes: Partial<Pick<UserRow, 'display_name' | 'role' | 'specialty' | 'tenant_wide'>>,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('users')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** The units of the given users, as a map from user id to unit ids (one query). */
export async function listUserUnitsOf(
  trx: TenantTransaction,
  userIds: readonly string[],
): Promise<Map<string, string[]>> {
  if (userIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('user_units')
    .select(['user_id', 'unit_id'])
    .where('user_id', 'in', userIds)
    .orderBy('unit_id')
    .execute();
  const units = new Map<string, string[]>();
  for (const row of rows) units.set(row.user_id, [...(units.get(row.user_id) ?? []), row.unit_id]);
  return units;
}
