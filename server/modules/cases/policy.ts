import { type Condition, definePolicy } from '../access/define-policy.ts';
import {
  type Access,
  type AccessActor,
  managesUnit,
  type UnitPlacement,
  unitAccess,
  worksAsThreatManager,
} from '../access/unit-access.ts';
import { canDelete } from '../deletion/policy.ts';
import type { Actor } from '../identity/policy.ts';

// Who may do what with a case: need-to-know. By unit scope, a case's threat managers read it and an admin
// sees its metadata (reads it too where the tenant says so); anyone on the case team reads it (this is how
// experts come in), except auditors, who never see case content. Row-level security on `cases` says the
// same (migration 0022, `tma_case_access`); policy-matrix.test.ts holds the two together.

export interface CaseSubject extends UnitPlacement {
  /** The actor is on the case team. */
  actorIsMember: boolean;
  /** The case was deleted: its tombstone is all there is. */
  deleted: boolean;
  /** The case's owner. */
  ownerId: string | null;
}

/**
 * `see`: the case's metadata (reference, status, unit, dates, its reports' references); `read`: its
 * content (title, summary, hand-overs and their reasons, the journal); `read_managers_only`: entries marked
 * managers only as well (threat managers; never experts: migration 0029's `managers_only` policy);
 * `write`: add to the case file (journal notes); `manage`: change its status, details and owner;
 * `manage_team`: add and remove team members; then what else one may do with it.
 */
export const CASE_ACTIONS = [
  'see',
  'read',
  'read_managers_only',
  'write',
  'manage',
  'manage_team',
  'attach_report',
  'hand_over',
  'delete',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The actor's access to the case (`tma_case_access`): by unit scope, or as a member of its team. */
export function caseAccess(actor: AccessActor, subject: CaseSubject): Access | null {
  const byUnit = unitAccess(actor, subject);
  if (byUnit === 'content') return byUnit;
  if (
    subject.actorIsMember &&
    actor.active &&
    actor.role !== 'auditor' &&
    actor.tenantId === subject.tenantId
  )
    return 'content';
  return byUnit;
}

type CaseCondition = Condition<AccessActor, CaseSubject>;
const live: CaseCondition = (_actor, subject) => !subject.deleted;
/** People act; an API token only reads. */
const person: CaseCondition = (actor) => !actor.viaApiToken;

const policy = definePolicy<AccessActor, CaseSubject, CaseAction>(CASE_ACTIONS);
policy.allow('see', (actor, subject) => caseAccess(actor, subject) !== null);
const reads: CaseCondition = (actor, subject) =>
  live(actor, subject) && caseAccess(actor, subject) === 'content';
policy.allow('read', reads);
policy.allow('read_managers_only', (actor, subject) => reads(actor, subject) && worksAsThreatManager(actor));
policy.allow('write', (actor, subject) => reads(actor, subject) && person(actor, subject));
// The case's threat managers run it: whoever reads it and works as a threat manager (its unit's, or one on
// its team). Experts contribute; they do not steer.
const manages: CaseCondition = (actor, subject) =>
  reads(actor, subject) && person(actor, subject) && worksAsThreatManager(actor);
policy.allow('manage', manages);
// The team: its owner and the unit's threat managers, and admins, who run the tenant's people without
// reading the case (an external expert must be let in while the owner is away).
policy.allow('manage_team', (actor, subject) => {
  if (!live(actor, subject) || !person(actor, subject)) return false;
  if (actor.role === 'admin' && unitAccess(actor, subject) !== null) return true;
  return manages(actor, subject) && (subject.ownerId === actor.id || managesUnit(actor, subject));
});
// Reports reach a case through triage, and cases move between units' teams: the work of the unit's threat
// managers (and of admins reading content), not of the case team.
policy.allow(
  ['attach_report', 'hand_over'],
  (actor, subject) =>
    live(actor, subject) && person(actor, subject) && unitAccess(actor, subject) === 'content',
);
// Deleting needs no content: whoever may delete (server/modules/deletion/policy.ts) deletes what they see.
policy.allow(
  'delete',
  (actor, subject) =>
    live(actor, subject) &&
    person(actor, subject) &&
    canDelete(actor, 'request', { tenantId: subject.tenantId, requestedBy: null }) &&
    caseAccess(actor, subject) !== null,
);

export const canCase = policy.can;

/**
 * Whether the actor works with the case list at all: by unit scope (threat managers, admins for metadata)
 * or through case teams (experts). Auditors never see cases (caseAccess above).
 */
export function mayListCases(actor: Actor): boolean {
  return actor.role !== 'auditor';
}

/** Every case action and whether the actor may take it, sent with the case for the web app. */
export const serializeCase = policy.serialize;
