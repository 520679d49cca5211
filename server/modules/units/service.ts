import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { assertValid } from '../../validation.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { findAccountByEmail, findAccountById } from '../identity/accounts.ts';
import { authorize, authorizeUnit } from '../identity/policy.ts';
import { normaliseEmail, type UserAdmin } from '../identity/service.ts';
import { NewUnit, type Unit } from './schemas.ts';
import {
  findUnitById,
  findUnitBySlug,
  findUnits,
  hasChildUnits,
  insertUnit,
  listUnits as listUnitRows,
  lockUnits,
  renameUnit as renameUnitRow,
  replaceUserUnits,
  selectVisibleUnitIds,
  setUnitParent,
  type UnitRow,
} from './store.ts';

/** Slugs that would clash with the portal's own pages under /report/<tenant>/. */
const RESERVED_UNIT_SLUGS: readonly string[] = ['dialogue'];

function toUnit(row: UnitRow): Unit {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    parentId: row.parent_id,
    createdAt: row.created_at.toISOString(),
  };
}

function auditActor(by: UserAdmin) {
  return by.kind === 'operator'
    ? { actorType: 'operator' as const, actorId: null }
    : { actorType: 'user' as const, actorId: by.actor.id };
}

const scope = (tenantId: string, by: UserAdmin) => ({
  tenantId,
  userId: by.kind === 'user' ? by.actor.id : null,
});

const parentNotFound = () =>
  new Invalid('unit_parent_not_found', 'The parent unit does not exist.', [
    { path: 'parentId', message: 'no such unit' },
  ]);
const parentTooDeep = () =>
  new Invalid('unit_too_deep', 'Units nest at most one level deep: the parent has a parent.', [
    { path: 'parentId', message: 'is itself a child unit' },
  ]);

/** The tenant's units, ordered by name. Any signed-in user may list them. */
// What other modules read and write of units inside their own transactions: they ask here, never the store.
export {
  findUnitById,
  findUnits,
  listUnits as listTenantUnits,
  listUserUnitIds,
  replaceUserUnits,
  selectUnitManagers,
} from './store.ts';

export async function listUnits(database: Database, tenantId: string, by: UserAdmin): Promise<Unit[]> {
  if (by.kind === 'user') authorizeUnit(by.actor, 'list');
  const rows = await withTenant(database, scope(tenantId, by), (trx) => listUnitRows(trx));
  return rows.map(toUnit);
}

/** A new unit: a top-level unit or a child of a top-level one (audited as `unit.create`). */
export async function createUnit(
  database: Database,
  tenantId: string,
  input: { slug: string; name: string; parentId?: string | null; parentSlug?: string },
  by: UserAdmin,
): Promise<Unit> {
  if (by.kind === 'user') authorizeUnit(by.actor, 'create');
  const candidate = { slug: input.slug.trim(), name: input.name.trim() };
  assertValid(NewUnit, candidate, 'unit');
  if (RESERVED_UNIT_SLUGS.includes(candidate.slug))
    throw new Invalid(
      'unit_slug_reserved',
      `"${candidate.slug}" is reserved: the reporting portal uses it.`,
      [{ path: 'slug', message: 'is reserved' }],
    );
  const row = await withTenant(database, scope(tenantId, by), async (trx) => {
    let parentId: string | null = null;
    if (input.parentId || input.parentSlug) {
      const found = input.parentId
        ? await findUnitById(trx, input.parentId)
        : await findUnitBySlug(trx, input.parentSlug as string);
      // Locked, so that a move of the parent under another unit waits for this child, or this for it.
      const [parent] = found ? await lockUnits(trx, [found.id], 'share') : [];
      if (!parent) throw parentNotFound();
      // A shallow tree: countries or business units, and at most one level below them.
      if (parent.parent_id !== null) throw parentTooDeep();
      parentId = parent.id;
    }
    const inserted = await insertUnit(trx, { tenant_id: tenantId, ...candidate, parent_id: parentId });
    if (!inserted) return undefined;
    await recordAuditEvent(trx, {
      ...auditActor(by),
      action: 'unit.create',
      objectType: 'unit',
      objectId: inserted.id,
      outcome: 'success',
    });
    return inserted;
  });
  if (!row) throw new Conflict('unit_exists', `A unit with the slug "${candidate.slug}" already exists.`);
  return toUnit(row);
}

/** Renames a unit (audited as `unit.rename`). */
export async function renameUnit(
  database: Database,
  tenantId: string,
  unitId: string,
  name: string,
  by: UserAdmin,
): Promise<Unit> {
  if (by.kind === 'user') authorizeUnit(by.actor, 'rename');
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 200)
    throw new Invalid('unit_invalid', 'The name must have 1 to 200 characters.', [
      { path: 'name', message: 'must have 1 to 200 characters' },
    ]);
  const row = await withTenant(database, scope(tenantId, by), async (trx) => {
    const renamed = await renameUnitRow(trx, unitId, trimmed);
    if (!renamed) return undefined;
    await recordAuditEvent(trx, {
      ...auditActor(by),
      action: 'unit.rename',
      objectType: 'unit',
      objectId: renamed.id,
      outcome: 'success',
    });
    return renamed;
  });
  if (!row) throw new NotFound('unit_not_found', 'No such unit.');
  return toUnit(row);
}

/**
 * Hangs a unit under another top-level unit, or makes it top-level (`parentId` null); audited as
 * `unit.move` with `from=<id|top>:to=<id|top>`. The tree stays two levels deep, as the unit scope in SQL
 * assumes (members of a unit see its children): a unit with children stays top-level, a parent must be
 * top-level, and a unit is never put under itself or its own child (`unit_cycle`). Another tenant's unit is
 * unknown, as parent (422) and as the unit moved (404). Moving changes who sees the unit's reports and cases:
 * the threat managers of the new parent instead of the old one's.
 */
export async function moveUnit(
  database: Database,
  tenantId: string,
  unitId: string,
  parentId: string | null,
  by: UserAdmin,
): Promise<Unit> {
  if (by.kind === 'user') authorizeUnit(by.actor, 'move');
  const id = unitId.toLowerCase();
  const newParentId = parentId?.toLowerCase() ?? null;
  const row = await withTenant(database, scope(tenantId, by), async (trx) => {
    const locked = await lockUnits(trx, newParentId ? [id, newParentId] : [id], 'update');
    const unit = locked.find((candidate) => candidate.id === id);
    if (!unit) throw new NotFound('unit_not_found', 'No such unit.');
    if (unit.parent_id === newParentId) return unit;
    if (newParentId !== null) {
      // With two levels at most, a cycle is the unit itself or its own child as the new parent.
      if (newParentId === unit.id)
        throw new Invalid('unit_cycle', 'A unit cannot be its own parent.', [
          { path: 'parentId', message: 'is the unit itself' },
        ]);
      const parent = locked.find((candidate) => candidate.id === newParentId);
      if (!parent) throw parentNotFound();
      if (parent.parent_id === unit.id)
        throw new Invalid('unit_cycle', 'The new parent is a child of this unit.', [
          { path: 'parentId', message: 'is a child of the unit' },
        ]);
      if (parent.parent_id !== null) throw parentTooDeep();
      if (await hasChildUnits(trx, unit.id))
        throw new Invalid(
          'unit_has_children',
          'A unit with child units stays top-level: move its children first.',
          [{ path: 'parentId', message: 'the unit has child units' }],
        );
    }
    const moved = await setUnitParent(trx, unit.id, newParentId);
    if (!moved) throw new NotFound('unit_not_found', 'No such unit.');
    await recordAuditEvent(trx, {
      ...auditActor(by),
      action: 'unit.move',
      objectType: 'unit',
      objectId: moved.id,
      outcome: 'success',
      reason: `from=${unit.parent_id ?? 'top'}:to=${newParentId ?? 'top'}`,
    });
    return moved;
  });
  return toUnit(row);
}

/**
 * Makes the given units a user's units, replacing their previous ones (audited as `user.units_changed`).
 * The user is named by id (API) or e-mail (CLI), the units by id or slug; unknown units are refused with
 * 422, and another tenant's units are unknown.
 */
export async function setUserUnits(
  database: Database,
  tenantId: string,
  user: { id: string } | { email: string },
  units: { ids: string[] } | { slugs: string[] },
  by: UserAdmin,
): Promise<{ userId: string; unitIds: string[] }> {
  return withTenant(database, scope(tenantId, by), async (trx) => {
    const target =
      'id' in user
        ? await findAccountById(trx, user.id)
        : await findAccountByEmail(trx, normaliseEmail(user.email));
    if (by.kind === 'user')
      authorize(by.actor, 'assign_units', { id: target?.id ?? ('id' in user ? user.id : ''), tenantId });
    if (!target)
      throw new NotFound(
        'user_not_found',
        'email' in user ? `No user with the e-mail address ${normaliseEmail(user.email)}.` : 'No such user.',
      );
    const wanted = [...new Set('ids' in units ? units.ids.map((id) => id.toLowerCase()) : units.slugs)];
    const found = await findUnits(trx, 'ids' in units ? { ids: wanted } : { slugs: wanted });
    const known = new Set(found.map((unit) => ('ids' in units ? unit.id : unit.slug)));
    const unknown = wanted.filter((key) => !known.has(key));
    if (unknown.length > 0)
      throw new Invalid('unit_not_found', `No such unit: ${unknown.join(', ')}.`, [
        { path: 'unitIds', message: `unknown: ${unknown.join(', ')}` },
      ]);
    const unitIds = found.map((unit) => unit.id).sort();
    await replaceUserUnits(trx, tenantId, target.id, unitIds);
    await recordAuditEvent(trx, {
      ...auditActor(by),
      action: 'user.units_changed',
      objectType: 'user',
      objectId: target.id,
      outcome: 'success',
      reason: `units=${unitIds.length}`,
    });
    return { userId: target.id, unitIds };
  });
}

/**
 * The ids of the units whose reports and cases the signed-in user may see by unit scope (their metadata at
 * least): every unit for admins and tenant-wide threat managers; their units and those units' children for
 * other threat managers; none for experts (they see cases through case-team membership) and auditors. One
 * set-based query over `tma_unit_access`; what one may read is the report and case policies' answer.
 */
export function visibleUnitIds(trx: TenantTransaction, auth: { userId: string }): Promise<string[]> {
  return selectVisibleUnitIds(trx, auth.userId);
}

/** The signed-in user with the set of units they see, for the report and case policies. */
export async function withUnitScope<A extends { userId: string }>(
  trx: TenantTransaction,
  auth: A,
): Promise<A & { visibleUnitIds: ReadonlySet<string> }> {
  return { ...auth, visibleUnitIds: new Set(await visibleUnitIds(trx, auth)) };
}
