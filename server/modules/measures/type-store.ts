import { sql } from 'kysely';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export interface MeasureTypeRow {
  key: string;
  built_in: boolean;
  definition: unknown;
  active: boolean;
}

const columns = ['key', 'built_in', 'definition', 'active'] as const;

export function selectMeasureTypeRows(trx: TenantTransaction): Promise<MeasureTypeRow[]> {
  return trx.selectFrom('measure_types').select(columns).orderBy('created_at').orderBy('key').execute();
}

export function findMeasureTypeRow(trx: TenantTransaction, key: string): Promise<MeasureTypeRow | undefined> {
  return trx.selectFrom('measure_types').select(columns).where('key', '=', key).executeTakeFirst();
}

/** Writes the organisation's version of a measure type (inserting it the first time). */
export async function saveMeasureTypeRow(
  trx: TenantTransaction,
  tenantId: string,
  row: { key: string; builtIn: boolean; definition: unknown; active: boolean },
  now: Date,
): Promise<void> {
  const definition = JSON.stringify(row.definition);
  await trx
    .insertInto('measure_types')
    .values({
      tenant_id: tenantId,
      key: row.key,
      built_in: row.builtIn,
      definition,
      active: row.active,
      created_at: now,
      updated_at: now,
    })
    .onConflict((conflict) =>
      conflict.columns(['tenant_id', 'key']).doUpdateSet({ definition, active: row.active, updated_at: now }),
    )
    .execute();
}

/** Whether the organisation has this handbook page (a playbook must exist when it is linked). */
export async function handbookPageExists(trx: TenantTransaction, pageId: string): Promise<boolean> {
  const { rows } = await sql<{
    found: number;
  }>`SELECT 1 AS found FROM handbook_pages WHERE id = ${pageId} AND archived_at IS NULL`.execute(trx);
  return rows.length > 0;
}
