import type { UserRole } from '../../db/schema-identity.ts';
import { NotFound } from '../../errors.ts';
import type { Actor } from '../identity/policy.ts';

// Who may see a case: need-to-know. Threat managers and admins by unit scope; anyone on the case team (this
// is how experts come in); auditors never see case content. Row-level security on `cases` says the same.

export interface CaseActor extends Actor {
  visibleUnitIds: ReadonlySet<string>;
}

export interface CaseSubject {
  tenantId: string;
  unitId: string;
  /** The actor is on the case team. */
  actorIsMember: boolean;
}

export const CASE_ACTIONS = ['read', 'attach_report', 'hand_over'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

const UNIT_SCOPED_ROLES: ReadonlyArray<UserRole> = ['admin', 'threat_manager'];

export function canCase(actor: CaseActor, action: CaseAction, subject: CaseSubject): boolean {
  if (actor.tenantId !== subject.tenantId || actor.role === 'auditor') return false;
  const byUnit = UNIT_SCOPED_ROLES.includes(actor.role) && actor.visibleUnitIds.has(subject.unitId);
  if (action === 'read') return byUnit || subject.actorIsMember;
  // Reports reach a case through triage, and cases move between units' teams: the unit's threat managers'
  // work, not the case team's.
  return byUnit;
}

/** Throws NotFound unless allowed: a case one may not see does not exist for them. */
export function authorizeCase(actor: CaseActor, action: CaseAction, subject: CaseSubject): void {
  if (!canCase(actor, action, subject)) throw new NotFound('case_not_found', 'No such case.');
}
