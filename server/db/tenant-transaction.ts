import { sql, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import { runInsideTransaction } from './guarded-dialect.ts';
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
 */
export function withTenant<T>(
  database: Database,
  scope: TenantScope,
  fn: (trx: TenantTransaction) => Promise<T>,
): Promise<T> {
  if (!uuid.test(scope.tenantId)) throw new TypeError('withTenant: tenantId must be a UUID');
  if (scope.userId !== null && !uuid.test(scope.userId))
    throw new TypeError('withTenant: userId must be a UUID');
  return database.db.transaction().execute((trx) =>
    runInsideTransaction(async () => {
      await sql`
        SELECT set_config('app.tenant_id', ${scope.tenantId}, true),
               set_config('app.user_id', ${scope.userId ?? ''}, true)
      `.execute(trx);
      await sql`SET LOCAL ROLE ${sql.id(database.appRole)}`.execute(trx);
      return fn(trx);
    }),
  );
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
