import { type Condition, definePolicy } from '../access/define-policy.ts';
import { type AccessActor, type UnitPlacement, unitAccess } from '../access/unit-access.ts';
import { canDelete } from '../deletion/policy.ts';
import type { Actor } from '../identity/policy.ts';
import type { ReportStatus } from './schemas.ts';

// Who may do what with a report. By unit scope (server/modules/access/unit-access.ts): the unit's threat
// managers read and triage it; an admin sees its metadata, and reads and triages it only where the tenant
// lets admins read content. Experts join at the case; auditors never see reports. Row-level security says
// the same (migration 0022: `unit_scope` on reports, `report_content` on the dialogue and attachments);
// policy-matrix.test.ts holds the two together.

export interface ReportSubject extends UnitPlacement {
  status: ReportStatus;
  acknowledged: boolean;
  hasReceipt: boolean;
  /** The report was deleted: its tombstone is all there is. */
  deleted: boolean;
}

/**
 * `see`: the report's metadata (reference, unit, channel, status, days, flags); `read`: its content (answers,
 * reporter, dialogue, attachments, notes, hand-overs); then what one may do with it.
 */
export const REPORT_ACTIONS = [
  'see',
  'read',
  'reply',
  'acknowledge',
  'triage',
  'hand_over',
  'delete',
] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

type ReportCondition = Condition<AccessActor, ReportSubject>;
const visible: ReportCondition = (actor, report) => unitAccess(actor, report) !== null;
const readable: ReportCondition = (actor, report) =>
  !report.deleted && unitAccess(actor, report) === 'content';
/** People act on reports; an API token only reads them. */
const works: ReportCondition = (actor, report) => readable(actor, report) && !actor.viaApiToken;
const open = (report: ReportSubject) => report.status === 'new' || report.status === 'acknowledged';

const policy = definePolicy<AccessActor, ReportSubject, ReportAction>(REPORT_ACTIONS);
policy.allow('see', visible);
policy.allow('read', readable);
// Replies reach the reporter only through the receipt: without one there is nobody to answer.
policy.allow('reply', (actor, report) => works(actor, report) && report.hasReceipt);
policy.allow(
  'acknowledge',
  (actor, report) => works(actor, report) && !report.acknowledged && report.status !== 'closed',
);
policy.allow(['triage', 'hand_over'], (actor, report) => works(actor, report) && open(report));
// Deleting needs no content: whoever may delete (server/modules/deletion/policy.ts) deletes what they see.
policy.allow(
  'delete',
  (actor, report) =>
    !report.deleted &&
    !actor.viaApiToken &&
    canDelete(actor, 'request', { tenantId: report.tenantId, requestedBy: null }) &&
    visible(actor, report),
);

export const canReport = policy.can;

/** Every report action and whether the actor may take it, sent with the report for the web app. */
export const serializeReport = policy.serialize;

/**
 * Whether the actor works with reports at all (the inbox; recording a report): threat managers, and admins,
 * who see the inbox's metadata. An API token acts in the role its scopes give it (api-tokens/scopes.ts).
 */
export function mayTriage(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'threat_manager';
}
