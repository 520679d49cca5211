import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { NotFound } from '../../errors.ts';
import { type Actor, authorizeUnit, serializeUnit } from '../identity/policy.ts';
import type { UnitMemberList, UnitOverview } from './schemas.ts';
import { findUnitById, listUnitsWithMemberCounts, selectOnDutyManagers, selectUnitMembers } from './store.ts';

// What the admins' Units page reads: the tree with each unit's member count, who is on duty and its
// portal link, and one unit's members. Reading is not audited: names of units and colleagues are the
// organisation's set-up, not case content (as the users page).

type Viewer = Actor & { tenant: { slug: string } };

/** The portal's path for a unit's reporting link (web/portal/routes.tsx: `/report/:tenant/:unit`). */
export const portalPath = (tenantSlug: string, unitSlug?: string) =>
  `/report/${encodeURIComponent(tenantSlug)}${unitSlug ? `/${encodeURIComponent(unitSlug)}` : ''}`;

/** Every unit of the tenant with its member count, on-duty people and portal link, by name (admins). */
export async function unitOverview(database: Database, viewer: Viewer): Promise<UnitOverview> {
  authorizeUnit(viewer, 'read_members');
  const { units, onDuty } = await withTenant(
    database,
    { tenantId: viewer.tenantId, userId: viewer.id },
    async (trx) => ({
      units: await listUnitsWithMemberCounts(trx),
      onDuty: await selectOnDutyManagers(trx),
    }),
  );
  const can = serializeUnit(viewer);
  return {
    portalPath: portalPath(viewer.tenant.slug),
    units: units.map((unit) => ({
      id: unit.id,
      slug: unit.slug,
      name: unit.name,
      parentId: unit.parent_id,
      createdAt: unit.created_at.toISOString(),
      memberCount: unit.member_count ?? 0,
      onDuty: onDuty
        .filter((entry) => entry.unit_id === unit.id)
        .map((entry) => ({ id: entry.id, name: entry.name })),
      portalPath: portalPath(viewer.tenant.slug, unit.slug),
    })),
    can: { create: can.create, rename: can.rename, move: can.move },
  };
}

/** The users who belong to a unit, by name (admins; another tenant's unit is unknown). */
export async function unitMembers(
  database: Database,
  viewer: Actor,
  unitId: string,
): Promise<UnitMemberList> {
  authorizeUnit(viewer, 'read_members');
  return withTenant(database, { tenantId: viewer.tenantId, userId: viewer.id }, async (trx) => {
    const unit = await findUnitById(trx, unitId);
    if (!unit) throw new NotFound('unit_not_found', 'No such unit.');
    const members = await selectUnitMembers(trx, unit.id);
    return {
      unitId: unit.id,
      members: members.map((member) => ({
        id: member.id,
        displayName: member.display_name,
        email: member.email,
        role: member.role,
        specialty: member.specialty,
        tenantWide: member.tenant_wide,
        status: member.status,
      })),
    };
  });
}
