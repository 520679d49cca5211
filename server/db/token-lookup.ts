import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { runInsideTransaction, type TransactionOpening, withTransactionOpening } from './guarded-dialect.ts';

/**
 * The tables whose rows a client finds by a secret token it holds, before its tenant is known: the client
 * sends only the token, so the row must say which tenant it belongs to. Each table's by-hash policy (in
 * its migration) shows the app role exactly the row whose hash the transaction presents in `setting`.
 */
const TOKEN_LOOKUPS = {
  /** A login's pending second step (migration 0006, policy login_challenge_by_token). */
  login_challenge: { table: 'login_challenges', column: 'token_hash', setting: 'app.challenge_token_hash' },
  /** An invitation or password-reset link (migration 0010, policy account_token_by_hash). */
  account_token: { table: 'account_tokens', column: 'token_hash', setting: 'app.account_token_hash' },
  /** A single sign-on in progress, by its state (migration 0011, policy sso_login_state_by_hash). */
  sso_state: { table: 'sso_login_states', column: 'state_hash', setting: 'app.sso_state_hash' },
} as const;

export type TokenLookup = keyof typeof TOKEN_LOOKUPS;

/**
 * The hash presented and the switch to the app role, in one statement that goes out with BEGIN (as a tenant
 * transaction's scope does). set_config('role', …, true) is SET LOCAL ROLE, taking the role as a parameter.
 */
const OPENING_SQL = "SELECT set_config($1, $2, true), set_config('role', $3, true)";

function lookupOpening(setting: string, tokenHash: Uint8Array, role: string): TransactionOpening {
  const parameters = [setting, Buffer.from(tokenHash).toString('hex'), role];
  return {
    statement: CompiledQuery.raw(OPENING_SQL, parameters),
    // The setting names are the constants above, the hash is hex, the role a configured identifier.
    literal: OPENING_SQL.replace(/\$(\d)/g, (_, n: string) =>
      pg.escapeLiteral(parameters[Number(n) - 1] ?? ''),
    ),
  };
}

/**
 * The tenant of the row of `lookup` whose token hashes to `tokenHash`, or undefined. Read outside any tenant,
 * as the app role under row-level security, so the query sees that one row or none: never another
 * tenant's, nor another token's. The caller then opens the tenant's transaction to use the row.
 */
export function findTenantByTokenHash(
  database: Database,
  lookup: TokenLookup,
  tokenHash: Uint8Array,
): Promise<string | undefined> {
  const { table, column, setting } = TOKEN_LOOKUPS[lookup];
  return withTransactionOpening(lookupOpening(setting, tokenHash, database.appRole), () =>
    database.db.transaction().execute((trx) =>
      runInsideTransaction(async () => {
        const { rows } = await sql<{ tenant_id: string }>`
          SELECT tenant_id FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${tokenHash}
        `.execute(trx);
        return rows[0]?.tenant_id;
      }),
    ),
  );
}
