import { sql } from 'kysely';
import type { TenantTransaction } from './tenant-transaction.ts';

/**
 * The next number of a per-tenant sequence; the row lock orders concurrent takers. References show the year
 * beside it (R-2026-0042), but the number never restarts, so it orders reports across years.
 */
export async function nextNumber(
  trx: TenantTransaction,
  tenantId: string,
  name: 'report' | 'case',
): Promise<number> {
  const year = 0;
  const row = await trx
    .insertInto('tenant_counters')
    .values({ tenant_id: tenantId, name, year, value: 1 })
    .onConflict((conflict) =>
      conflict.columns(['tenant_id', 'name', 'year']).doUpdateSet({ value: sql`tenant_counters.value + 1` }),
    )
    .returning('value')
    .executeTakeFirstOrThrow();
  return row.value;
}
