import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import { CompiledQuery, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { markDatabaseError, poolCheckoutError } from './connection-errors.ts';
import type { Database } from './database.ts';
import {
  runInsideTransaction,
  type TransactionOpening,
  withCommitRiders,
  withTransactionOpening,
} from './guarded-dialect.ts';
import type { DB } from './schema.ts';

/** Who a tenant transaction acts for. `userId` is null for reporters and system jobs. */
export interface TenantScope {
  tenantId: string;
  userId: string | null;
}

export type TenantTransaction = Transaction<DB>;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `fn` in one transaction scoped to a tenant: `app.tenant_id` and `app.user_id` are set with
 * SET LOCAL semantics and the transaction switches to the application role, which owns no table, so the
 * row-level security policies filter every query even where the SQL forgets its `WHERE tenant_id`.
 * Inside `fn`, use only the transaction: the root database refuses queries until it returns.
 * Costs `fn`'s statements and two round trips: BEGIN with the scope in one message (on PGlite, which has
 * no network, one after the other), and COMMIT, which carries what `fn` gave sendWithCommit() (audit events).
 * Run on behalf of a caller that may go away (withAbortSignal(), which every HTTP request sets up), the
 * transaction is cancelled and rolled back when it does (guarded-dialect.ts).
 */
export function withTenant<T>(
  database: Database,
  scope: TenantScope,
  fn: (trx: TenantTransaction) => Promise<T>,
): Promise<T> {
  checkScope(scope);
  return withTransactionOpening(scopeOpening(scope, database.appRole), () =>
    withCommitRiders(() => database.db.transaction().execute((trx) => runInsideTransaction(() => fn(trx)))),
  );
}

/**
 * withTenant for what Kysely cannot carry: `fn` gets a PostgreSQL server connection of its own inside
 * a transaction scoped exactly as withTenant's (same settings, same role), for COPY streams. The
 * transaction commits when `fn` resolves and rolls back when it throws. withTenantPglite is the same
 * on the embedded database.
 */
export async function withTenantConnection<T>(
  pool: pg.Pool,
  appRole: string,
  scope: TenantScope,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  checkScope(scope);
  const client = await pool.connect().catch((error: unknown) => {
    // A refused or timed-out connection: its socket error code now says the database is away; a wait for
    // a free one that ran out says the pool is busy.
    markDatabaseError(error);
    throw poolCheckoutError(error);
  });
  let broken: Error | undefined;
  try {
    try {
      // BEGIN and the scope in one message, as withTenant's; if the scope fails, the rollback ends it.
      await client.query(`BEGIN; ${scopeOpening(scope, appRole).literal}`);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackFailed: Error) => {
        broken = rollbackFailed;
      });
      throw error;
    }
  } finally {
    // A connection whose rollback failed is in an unknown state: the pool must not hand it out again.
    client.release(broken);
  }
}

/**
 * withTenantConnection on the embedded database: a PGlite transaction of its own, scoped as withTenant's.
 * PGlite runs one transaction at a time, so this waits for Kysely's and they for it.
 */
export function withTenantPglite<T>(
  pglite: PGlite,
  appRole: string,
  scope: TenantScope,
  fn: (tx: PgliteTransaction) => Promise<T>,
): Promise<T> {
  checkScope(scope);
  return pglite.transaction(async (tx) => {
    await tx.query(SCOPE_SQL, scopeParameters(scope, appRole));
    return fn(tx);
  });
}

/**
 * The whole scope in one statement, one round trip: the tenant, the user, and the role. set_config('role',
 * …, true) is what SET LOCAL ROLE does (the same setting, with the same membership check), but as a
 * function it takes the role as a parameter and shares the statement with the other two.
 */
const SCOPE_SQL =
  "SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true), set_config('role', $3, true)";

function scopeParameters(scope: TenantScope, role: string): string[] {
  return [scope.tenantId, scope.userId ?? '', role];
}

/**
 * The scope as the statement a transaction opens with, also spelled with literals for BEGIN's message
 * (which takes no parameters). The values are safe to quote: checkScope() admits only UUIDs, and the role
 * is a configured identifier; pg's escapeLiteral quotes them all the same.
 */
function scopeOpening(scope: TenantScope, role: string): TransactionOpening {
  const parameters = scopeParameters(scope, role);
  return {
    statement: CompiledQuery.raw(SCOPE_SQL, parameters),
    literal: SCOPE_SQL.replace(/\$(\d)/g, (_, n: string) =>
      pg.escapeLiteral(parameters[Number(n) - 1] ?? ''),
    ),
  };
}

function checkScope(scope: TenantScope): void {
  if (!uuid.test(scope.tenantId)) throw new TypeError('withTenant: tenantId must be a UUID');
  if (scope.userId !== null && !uuid.test(scope.userId))
    throw new TypeError('withTenant: userId must be a UUID');
}

/**
 * Runs `fn` inside the tenant transaction without the user's unit scope and need-to-know policies (the
 * tenant's own policy still holds), then restores them. Only for a step the service has authorised and
 * whose result the user may not see afterwards: handing a report over to a unit outside one's scope.
 */
export async function withoutUserScope<T>(trx: TenantTransaction, fn: () => Promise<T>): Promise<T> {
  const { rows } = await sql<{
    user_id: string;
  }>`SELECT current_setting('app.user_id', true) AS user_id`.execute(trx);
  await sql`SELECT set_config('app.user_id', '', true)`.execute(trx);
  try {
    return await fn();
  } finally {
    await sql`SELECT set_config('app.user_id', ${rows[0]?.user_id ?? ''}, true)`.execute(trx);
  }
}
