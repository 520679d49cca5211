import { type Selectable, sql } from 'kysely';
import { allColumns } from '../../db/columns.ts';
import type { OrgUnitsTable } from '../../db/schema.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type UnitRow = Selectable<OrgUnitsTable>;

export function listUnits(trx: TenantTransaction): Promise<UnitRow[]> {
  return trx
    .selectFrom('org_units')
    .select(allColumns('org_units'))
    .orderBy('name')
    .orderBy('slug')
    .execute();
}

export function findUnitById(trx: TenantTransaction, id: string): Promise<UnitRow | undefined> {
  return trx.selectFrom('org_units').select(allColumns('org_units')).where('id', '=', id).executeTakeFirst();
}

export function findUnitBySlug(trx: TenantTransaction, slug: string): Promise<UnitRow | undefined> {
  return trx
    .selectFrom('org_units')
    .select(allColumns('org_units'))
    .where('slug', '=', slug)
    .executeTakeFirst();
}

/** Inserts a unit of the transaction's tenant; undefined when the slug is taken. */
export function insertUnit(
  trx: TenantTransaction,
  unit: Pick<UnitRow, 'tenant_id' | 'slug' | 'name' | 'parent_id'>,
): Promise<UnitRow | undefined> {
  return trx
    .insertInto('org_units')
    .values(unit)
    .onConflict((conflict) => conflict.columns(['tenant_id', 'slug']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function renameUnit(trx: TenantTransaction, id: string, name: string): Promise<UnitRow | undefined> {
  return trx.updateTable('org_units').set({ name }).where('id', '=', id).returningAll().executeTakeFirst();
}

/**
 * The units of the given ids, locked until the transaction ends: `update` to change where they hang in the
 * tree, `share` to hang a new unit under one. Taken in id order, so two moves cannot deadlock; whoever comes
 * second waits and then reads the tree as the first left it (no unit ends up three levels deep).
 */
export function lockUnits(
  trx: TenantTransaction,
  ids: string[],
  strength: 'update' | 'share',
): Promise<UnitRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  const query = trx
    .selectFrom('org_units')
    .select(allColumns('org_units'))
    .where('id', 'in', ids)
    .orderBy('id');
  return (strength === 'update' ? query.forUpdate() : query.forShare()).execute();
}

/** Whether any unit hangs under the unit. */
export async function hasChildUnits(trx: TenantTransaction, id: string): Promise<boolean> {
  const child = await trx.selectFrom('org_units').select('id').where('parent_id', '=', id).executeTakeFirst();
  return child !== undefined;
}

export function setUnitParent(
  trx: TenantTransaction,
  id: string,
  parentId: string | null,
): Promise<UnitRow | undefined> {
  return trx
    .updateTable('org_units')
    .set({ parent_id: parentId })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Every unit with the number of users who belong to it, by name. */
export function listUnitsWithMemberCounts(trx: TenantTransaction) {
  return trx
    .selectFrom('org_units')
    .select(allColumns('org_units'))
    .select((eb) =>
      eb
        .selectFrom('user_units')
        .select(sql<number>`count(*)::int`.as('count'))
        .whereRef('user_units.unit_id', '=', 'org_units.id')
        .as('member_count'),
    )
    .orderBy('name')
    .orderBy('slug')
    .execute();
}

/**
 * Who is on duty for each unit and still manages it (the roster keeps a user who since lost the unit;
 * notifications skip them, and so does this), by name.
 */
export function selectOnDutyManagers(trx: TenantTransaction) {
  return trx
    .selectFrom('unit_on_duty')
    .innerJoin('users', 'users.id', 'unit_on_duty.user_id')
    .select(['unit_on_duty.unit_id', 'users.id', 'users.display_name as name'])
    .where(sql<boolean>`tma_manages_unit(unit_on_duty.unit_id, users.id)`)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
}

/** The users who belong to the unit, by name. */
export function selectUnitMembers(trx: TenantTransaction, unitId: string) {
  return trx
    .selectFrom('user_units')
    .innerJoin('users', 'users.id', 'user_units.user_id')
    .select([
      'users.id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.specialty',
      'users.tenant_wide',
      'users.status',
    ])
    .where('user_units.unit_id', '=', unitId)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
}

/** The units of the given slugs or ids that exist in the transaction's tenant. */
export function findUnits(
  trx: TenantTransaction,
  by: { ids: string[] } | { slugs: string[] },
): Promise<UnitRow[]> {
  const [column, values] = 'ids' in by ? (['id', by.ids] as const) : (['slug', by.slugs] as const);
  if (values.length === 0) return Promise.resolve([]);
  return trx.selectFrom('org_units').select(allColumns('org_units')).where(column, 'in', values).execute();
}

export function listUserUnitIds(trx: TenantTransaction, userId: string): Promise<string[]> {
  return trx
    .selectFrom('user_units')
    .select('unit_id')
    .where('user_id', '=', userId)
    .orderBy('unit_id')
    .execute()
    .then((rows) => rows.map((row) => row.unit_id));
}

/** Makes `unitIds` the user's units, replacing the ones they had. */
export async function replaceUserUnits(
  trx: TenantTransaction,
  tenantId: string,
  userId: string,
  unitIds: string[],
): Promise<void> {
  await trx.deleteFrom('user_units').where('user_id', '=', userId).execute();
  if (unitIds.length === 0) return;
  await trx
    .insertInto('user_units')
    .values(unitIds.map((unitId) => ({ tenant_id: tenantId, user_id: userId, unit_id: unitId })))
    .execute();
}

/**
 * The ids of the units whose reports and cases the user sees (their metadata at least), in one query:
 * `tma_visible_units` (migration 0024, over 0022's `tma_unit_access`), the very set row-level security
 * compares reports and cases with. Every unit for an active admin; for an active threat manager, every
 * unit when tenant-wide, else their units and the children of their units; none for anyone else. Role and
 * membership come from the database. Ordered by id.
 */
export function selectVisibleUnitIds(trx: TenantTransaction, userId: string): Promise<string[]> {
  return sql<{ id: string }>`SELECT unnest(tma_visible_units(${userId}::uuid)) AS id`
    .execute(trx)
    .then((result) => result.rows.map((row) => row.id));
}

/**
 * The active threat managers whose unit scope covers the unit (`tma_manages_unit`, the same SQL text as
 * above, asked the other way round): tenant-wide ones, members of the unit or of its parent, and admins who
 * hold the threat-manager role for it. Ordered by name.
 */
export function selectUnitManagers(trx: TenantTransaction, unit: { id: string; parent_id: string | null }) {
  return trx
    .selectFrom('users')
    .select(['users.id', 'users.email', 'users.display_name as name', 'users.language'])
    .where(sql<boolean>`tma_manages_unit(${unit.id}, users.id)`)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
}
