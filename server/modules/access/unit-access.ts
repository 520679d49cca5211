import type { Actor } from '../identity/policy.ts';

// Unit scope and content access, the TypeScript text of migration 0022's `tma_manages_unit` and
// `tma_unit_access`; policy-matrix.test.ts holds the two against each other on both databases.
//
// Administration is not access to content: an active admin sees every unit's reports and cases as metadata
// (reference, status, unit, dates), and reads their content only where they also work as a threat manager,
// or where the tenant lets admins read content.

/** What one may do with a unit's reports and cases: read them, or see their metadata only. */
export type Access = 'content' | 'metadata';

/** The acting user as the database knows them (role, status and units as stored, not as the session has them). */
export interface AccessActor extends Actor {
  active: boolean;
  /** Threat managers only: every unit is theirs. */
  tenantWide: boolean;
  /** An admin who also holds the threat-manager role (`user_content_roles`). */
  alsoThreatManager: boolean;
  /** The units the user belongs to (children of these are in scope as well). */
  unitIds: ReadonlySet<string>;
  /** The tenant's setting `adminsReadContent`. */
  adminsReadContent: boolean;
  /** Acting through an API token: the token reads what its creator may read, and takes no other action. */
  viaApiToken: boolean;
}

/** Where a report or case lives: its tenant, unit, and that unit's parent. */
export interface UnitPlacement {
  tenantId: string;
  unitId: string;
  unitParentId: string | null;
}

/**
 * Whether the actor works as a threat manager at all (`tma_works_as_threat_manager`): the role, or an admin
 * holding it. Only they read managers-only entries of the cases they read.
 */
export function worksAsThreatManager(actor: AccessActor): boolean {
  return (
    actor.active && (actor.role === 'threat_manager' || (actor.role === 'admin' && actor.alsoThreatManager))
  );
}

/** Whether the actor works on the unit's reports and cases as a threat manager (`tma_manages_unit`). */
export function managesUnit(actor: AccessActor, unit: UnitPlacement): boolean {
  if (actor.tenantId !== unit.tenantId) return false;
  return (
    worksAsThreatManager(actor) &&
    (actor.tenantWide ||
      actor.unitIds.has(unit.unitId) ||
      (unit.unitParentId !== null && actor.unitIds.has(unit.unitParentId)))
  );
}

/**
 * Whether any unit's reports and cases reach the actor by unit scope (`tma_visible_units` is not empty):
 * admins see every unit, threat managers their units. Others (experts, auditors) see only their teams' cases.
 */
export function hasUnitScope(actor: AccessActor): boolean {
  if (!actor.active) return false;
  if (actor.role === 'admin') return true;
  return actor.role === 'threat_manager' && (actor.tenantWide || actor.unitIds.size > 0);
}

/** The actor's access to the unit's reports and cases by unit scope (`tma_unit_access`); null for none. */
export function unitAccess(actor: AccessActor, unit: UnitPlacement): Access | null {
  if (managesUnit(actor, unit)) return 'content';
  if (actor.active && actor.role === 'admin' && actor.tenantId === unit.tenantId)
    return actor.adminsReadContent ? 'content' : 'metadata';
  return null;
}
