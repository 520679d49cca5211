import { Forbidden } from '../../errors.ts';
import { definePolicy } from '../access/define-policy.ts';
import type { AccessActor } from '../access/unit-access.ts';

// Who reads the audit log (docs/audit-log.md, "Reading the log"): auditors, whose work it is (DESIGN.md: "the
// audit log and anonymised statistics", never case content), and admins, who run the organisation. Nobody
// else: the log tells who worked on which case, and a threat manager has no need to know that of other
// units' cases. An API token reads nothing here: exports leave the building through a person. Deactivated
// accounts read nothing. The events hold ids and codes only; the viewer adds users' names and cases'
// references, which are no case content.
//
// "Who has seen this case" (GET /api/v1/cases/:id/viewers) is the case owner's: whoever owns a case they
// may see, and admins, who see every case's metadata in their scope. Its rule lives here too.

export interface AuditLogSubject {
  tenantId: string;
}

export const AUDIT_LOG_ACTIONS = ['read', 'export'] as const;
export type AuditLogAction = (typeof AUDIT_LOG_ACTIONS)[number];

const policy = definePolicy<AccessActor, AuditLogSubject, AuditLogAction>(AUDIT_LOG_ACTIONS);

/** Whether the actor reads the organisation's audit log. */
export function readsAuditLog(actor: AccessActor): boolean {
  return actor.active && !actor.viaApiToken && (actor.role === 'auditor' || actor.role === 'admin');
}

policy.allow(
  ['read', 'export'],
  (actor, subject) => actor.tenantId === subject.tenantId && readsAuditLog(actor),
);

export const canAuditLog = policy.can;

export function authorizeAuditLog(
  actor: AccessActor,
  action: AuditLogAction,
  subject: AuditLogSubject,
): void {
  if (policy.can(actor, action, subject)) return;
  throw new Forbidden('audit_log_not_allowed', 'The audit log is for auditors and admins.');
}

/** A case as "who has seen it" needs it: its tenant and owner (the actor sees the case: loadCase decided). */
export interface CaseViewersSubject {
  tenantId: string;
  ownerId: string | null;
}

/** Whether the actor, who sees the case, may list who has seen it: its owner, or an admin. */
export function canListCaseViewers(actor: AccessActor, subject: CaseViewersSubject): boolean {
  if (!actor.active || actor.viaApiToken || actor.tenantId !== subject.tenantId) return false;
  return actor.role === 'admin' || (subject.ownerId !== null && subject.ownerId === actor.id);
}

export function authorizeCaseViewers(actor: AccessActor, subject: CaseViewersSubject): void {
  if (canListCaseViewers(actor, subject)) return;
  throw new Forbidden('case_viewers_not_allowed', 'Who has seen a case is shown to its owner and to admins.');
}
