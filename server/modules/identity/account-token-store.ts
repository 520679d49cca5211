import { type Selectable, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { runInsideTransaction } from '../../db/guarded-dialect.ts';
import type { AccountTokenPurpose, AccountTokensTable } from '../../db/schema-invitations.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import type { UserRow } from './store.ts';

export type AccountTokenRow = Selectable<AccountTokensTable>;

/**
 * The tenant of the link whose token hashes to `tokenHash`, read outside any tenant: the
 * `account_token_by_hash` policy shows exactly the row whose hash the caller presents.
 */
export function findAccountTokenTenant(
  database: Database,
  tokenHash: Uint8Array,
): Promise<string | undefined> {
  return database.db.transaction().execute((trx) =>
    runInsideTransaction(async () => {
      const hex = Buffer.from(tokenHash).toString('hex');
      await sql`SELECT set_config('app.account_token_hash', ${hex}, true)`.execute(trx);
      await sql`SET LOCAL ROLE ${sql.id(database.appRole)}`.execute(trx);
      const row = await trx
        .selectFrom('account_tokens')
        .select('tenant_id')
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row?.tenant_id;
    }),
  );
}

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

/** Every user's units, as a map from user id to unit ids (one query). */
export async function listAllUserUnits(trx: TenantTransaction): Promise<Map<string, string[]>> {
  const rows = await trx.selectFrom('user_units').select(['user_id', 'unit_id']).orderBy('unit_id').execute();
  const units = new Map<string, string[]>();
  for (const row of rows) units.set(row.user_id, [...(units.get(row.user_id) ?? []), row.unit_id]);
  return units;
}
