import { type Selectable, sql } from 'kysely';
import type { OrgUnitsTable } from '../../db/schema.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type UnitRow = Selectable<OrgUnitsTable>;

export function listUnits(trx: TenantTransaction): Promise<UnitRow[]> {
  return trx.selectFrom('org_units').selectAll().orderBy('name').orderBy('slug').execute();
}

export function findUnitById(trx: TenantTransaction, id: string): Promise<UnitRow | undefined> {
  return trx.selectFrom('org_units').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUnitBySlug(trx: TenantTransaction, slug: string): Promise<UnitRow | undefined> {
  return trx.selectFrom('org_units').selectAll().where('slug', '=', slug).executeTakeFirst();
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

/** The units of the given slugs or ids that exist in the transaction's tenant. */
export function findUnits(
  trx: TenantTransaction,
  by: { ids: string[] } | { slugs: string[] },
): Promise<UnitRow[]> {
  const [column, values] = 'ids' in by ? (['id', by.ids] as const) : (['slug', by.slugs] as const);
  if (values.length === 0) return Promise.resolve([]);
  return trx.selectFrom('org_units').selectAll().where(column, 'in', values).execute();
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
 * The ids of the units whose reports and cases the user sees by unit scope, in one query: every unit for an
 * active admin or tenant-wide threat manager; for another active threat manager, their units and the
 * children of their units; none for anyone else. Role and membership come from the database, not the session.
 */
export function selectVisibleUnitIds(trx: TenantTransaction, userId: string): Promise<string[]> {
  return sql<{ id: string }>`
    SELECT unit.id
    FROM org_units unit
    JOIN users me ON me.id = ${userId} AND me.status = 'active'
    WHERE me.role = 'admin'
       OR (me.role = 'threat_manager' AND (
             me.tenant_wide
             OR EXISTS (
               SELECT 1 FROM user_units member
               WHERE member.user_id = me.id
                 AND (member.unit_id = unit.id OR member.unit_id = unit.parent_id))))
    ORDER BY unit.id
  `
    .execute(trx)
    .then((result) => result.rows.map((row) => row.id));
}

/**
 * The active threat managers whose unit scope covers the unit: tenant-wide ones, and members of the unit or
 * of its parent. Ordered by name.
 */
export function selectUnitManagers(trx: TenantTransaction, unit: { id: string; parent_id: string | null }) {
  const unitIds = unit.parent_id ? [unit.id, unit.parent_id] : [unit.id];
  return trx
    .selectFrom('users')
    .select(['users.id', 'users.email', 'users.display_name as name'])
    .where('users.status', '=', 'active')
    .where('users.role', '=', 'threat_manager')
    .where((eb) =>
      eb.or([
        eb('users.tenant_wide', '=', true),
        eb.exists(
          eb
            .selectFrom('user_units')
            .select('user_units.unit_id')
            .whereRef('user_units.user_id', '=', 'users.id')
            .where('user_units.unit_id', 'in', unitIds),
        ),
      ]),
    )
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
}
