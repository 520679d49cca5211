import { type Insertable, type Selectable, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { runInsideTransaction } from '../../db/guarded-dialect.ts';
import type { ApiTokensTable } from '../../db/schema-api-tokens.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type ApiTokenRow = Selectable<ApiTokensTable>;
export type ApiTokenListRow = ApiTokenRow & { creator_name: string };

/**
 * The tenant of the token with this hash. A request knows only its token: presenting the hash (a secret
 * only the holder knows) makes that one row readable through the `api_token_by_hash` policy.
 */
export function findApiTokenTenant(database: Database, tokenHash: Uint8Array): Promise<string | undefined> {
  return database.db.transaction().execute((trx) =>
    runInsideTransaction(async () => {
      const hex = Buffer.from(tokenHash).toString('hex');
      await sql`SELECT set_config('app.api_token_hash', ${hex}, true)`.execute(trx);
      await sql`SET LOCAL ROLE ${sql.id(database.appRole)}`.execute(trx);
      const row = await trx
        .selectFrom('api_tokens')
        .select('tenant_id')
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row?.tenant_id;
    }),
  );
}

export function findApiTokenByHash(
  trx: TenantTransaction,
  tokenHash: Uint8Array,
): Promise<ApiTokenRow | undefined> {
  return trx.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function insertApiToken(
  trx: TenantTransaction,
  row: Insertable<ApiTokensTable>,
): Promise<string> {
  const { id } = await trx.insertInto('api_tokens').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

const withCreator = (trx: TenantTransaction) =>
  trx
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.created_by')
    .selectAll('api_tokens')
    .select('users.display_name as creator_name');

/** The tenant's tokens, newest first, with their creators' names. */
export function listApiTokens(trx: TenantTransaction): Promise<ApiTokenListRow[]> {
  return withCreator(trx).orderBy('api_tokens.created_at', 'desc').orderBy('api_tokens.id').execute();
}

export function findApiToken(trx: TenantTransaction, id: string): Promise<ApiTokenListRow | undefined> {
  return withCreator(trx).where('api_tokens.id', '=', id).executeTakeFirst();
}

/** Revokes a live token; false when there is none with this id or it is revoked already. */
export async function revokeApiToken(trx: TenantTransaction, id: string, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function touchApiToken(trx: TenantTransaction, id: string, now: Date): Promise<void> {
  await trx.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
