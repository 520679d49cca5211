import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export interface TemplateRow {
  key: string;
  built_in: boolean;
  definition: unknown;
  active: boolean;
}

export function selectTemplateRows(trx: TenantTransaction): Promise<TemplateRow[]> {
  return trx
    .selectFrom('case_templates')
    .select(['key', 'built_in', 'definition', 'active'])
    .orderBy('created_at')
    .orderBy('key')
    .execute();
}

export function findTemplateRow(trx: TenantTransaction, key: string): Promise<TemplateRow | undefined> {
  return trx
    .selectFrom('case_templates')
    .select(['key', 'built_in', 'definition', 'active'])
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Writes the organisation's version of a template (inserting it the first time). */
export async function saveTemplateRow(
  trx: TenantTransaction,
  tenantId: string,
  row: { key: string; builtIn: boolean; definition: unknown; active: boolean },
  now: Date,
): Promise<void> {
  const definition = JSON.stringify(row.definition);
  await trx
    .insertInto('case_templates')
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

export async function setSuggestedSpecialties(
  trx: TenantTransaction,
  caseId: string,
  specialties: readonly string[],
): Promise<void> {
  await trx
    .updateTable('cases')
    .set({ suggested_specialties: [...specialties] })
    .where('id', '=', caseId)
    .execute();
}
