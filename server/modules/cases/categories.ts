import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Invalid } from '../../errors.ts';
import type { CaseCategory } from './category-schemas.ts';
import { type CategoryRow, findCategoryRow, selectCategoryRows } from './category-store.ts';

// What a case is about: TMA's built-in categories, which every organisation has and the app names in
// every language, and an organisation's own (migration 0031), named by its admins in German and English.
// An admin can switch any of them off: it is no longer offered, and the cases that have it keep it.

export const CASE_CATEGORIES = [
  'threat_email',
  'stalking',
  'violence',
  'self_harm',
  'extremism',
  'bullying',
  'other',
] as const;
export type BuiltInCategory = (typeof CASE_CATEGORIES)[number];

const builtIn = new Set<string>(CASE_CATEGORIES);

export function isBuiltInCategory(value: string): value is BuiltInCategory {
  return builtIn.has(value);
}

function view(key: string, row: CategoryRow | undefined): CaseCategory {
  return {
    key,
    builtIn: isBuiltInCategory(key),
    active: row?.active ?? true,
    names: row?.name_de && row.name_en ? { de: row.name_de, en: row.name_en } : null,
  };
}

/** The organisation's categories: the built-in ones in their order, then its own in the order made. */
export async function tenantCategories(trx: TenantTransaction): Promise<CaseCategory[]> {
  const rows = await selectCategoryRows(trx);
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return [
    ...CASE_CATEGORIES.map((key) => view(key, byKey.get(key))),
    ...rows.filter((row) => !row.built_in).map((row) => view(row.key, row)),
  ];
}

export async function tenantCategory(trx: TenantTransaction, key: string): Promise<CaseCategory | null> {
  const row = await findCategoryRow(trx, key);
  if (row) return view(key, row);
  return isBuiltInCategory(key) ? view(key, undefined) : null;
}

/**
 * Refuses a category the organisation does not offer: unknown or switched off. A case keeps the category
 * it has (`current`) even when it was switched off since.
 */
export async function checkCategoryChoice(
  trx: TenantTransaction,
  key: string,
  current: string | null,
): Promise<void> {
  if (key === current) return;
  const category = await tenantCategory(trx, key);
  if (!category)
    throw new Invalid('category_unknown', 'There is no such case category.', [
      { path: 'category', message: 'is not a category of this organisation' },
    ]);
  if (!category.active)
    throw new Invalid('category_switched_off', 'This case category is no longer used.', [
      { path: 'category', message: 'was switched off by an admin' },
    ]);
}
