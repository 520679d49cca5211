import type { Selectable, Updateable } from 'kysely';
import type { CaseCategoriesTable } from '../../db/schema-case-file.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type CategoryRow = Selectable<CaseCategoriesTable>;

export function selectCategoryRows(trx: TenantTransaction): Promise<CategoryRow[]> {
  return trx.selectFrom('case_categories').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function findCategoryRow(trx: TenantTransaction, key: string): Promise<CategoryRow | undefined> {
  return trx.selectFrom('case_categories').selectAll().where('key', '=', key).executeTakeFirst();
}

/** Inserts a category row; undefined when the organisation has one with this key already. */
export async function insertCategoryRow(
  trx: TenantTransaction,
  row: {
    tenant_id: string;
    key: string;
    built_in: boolean;
    name_de: string | null;
    name_en: string | null;
    active?: boolean;
  },
): Promise<CategoryRow | undefined> {
  return trx
    .insertInto('case_categories')
    .values(row)
    .onConflict((conflict) => conflict.columns(['tenant_id', 'key']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateCategoryRow(
  trx: TenantTransaction,
  id: string,
  values: Updateable<CaseCategoriesTable>,
): Promise<CategoryRow> {
  return trx
    .updateTable('case_categories')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
