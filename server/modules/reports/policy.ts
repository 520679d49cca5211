import type { UserRole } from '../../db/schema-identity.ts';
import { Forbidden, NotFound } from '../../errors.ts';
import type { Actor } from '../identity/policy.ts';
import type { ReportStatus } from './schemas.ts';

// Who may do what with reports, in the style of the identity policies: one rule per action, authorize()
// throws, serialize() tells the web app. Unit scope (which units' reports a user sees) comes from
// visibleUnitIds() and is enforced a second time by row-level security.

/** The acting user with the units whose reports they see. */
export interface ReportActor extends Actor {
  visibleUnitIds: ReadonlySet<string>;
}

export interface ReportSubject {
  tenantId: string;
  unitId: string;
  status: ReportStatus;
  acknowledged: boolean;
  hasReceipt: boolean;
}

export const REPORT_ACTIONS = ['read', 'reply', 'acknowledge', 'triage', 'hand_over'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

/** Threat managers and admins work on reports; experts join at the case, auditors never see content. */
const TRIAGE_ROLES: ReadonlyArray<UserRole> = ['admin', 'threat_manager'];

type Condition = (actor: ReportActor, report: ReportSubject) => boolean;
const rules = new Map<ReportAction, Condition>();
function allow(action: ReportAction, condition: Condition): void {
  rules.set(action, condition);
}

const inScope: Condition = (actor, report) =>
  actor.tenantId === report.tenantId &&
  TRIAGE_ROLES.includes(actor.role) &&
  actor.visibleUnitIds.has(report.unitId);
const open = (report: ReportSubject) => report.status === 'new' || report.status === 'acknowledged';

allow('read', inScope);
// Replies reach the reporter only through the receipt: without one there is nobody to answer.
allow('reply', (actor, report) => inScope(actor, report) && report.hasReceipt);
allow(
  'acknowledge',
  (actor, report) => inScope(actor, report) && !report.acknowledged && report.status !== 'closed',
);
allow('triage', (actor, report) => inScope(actor, report) && open(report));
allow('hand_over', (actor, report) => inScope(actor, report) && open(report));

export function can(actor: ReportActor, action: ReportAction, report: ReportSubject): boolean {
  return rules.get(action)?.(actor, report) ?? false;
}

/** Throws unless allowed: NotFound when the actor may not see the report at all, Forbidden otherwise. */
export function authorizeReport(actor: ReportActor, action: ReportAction, report: ReportSubject): void {
  if (can(actor, action, report)) return;
  if (!can(actor, 'read', report)) throw new NotFound('report_not_found', 'No such report.');
  throw new Forbidden(
    'report_action_not_allowed',
    `You may not ${action.replace('_', ' ')} this report now.`,
  );
}

export function serializeReport(actor: ReportActor, report: ReportSubject): Record<ReportAction, boolean> {
  return Object.fromEntries(REPORT_ACTIONS.map((action) => [action, can(actor, action, report)])) as Record<
    ReportAction,
    boolean
  >;
}

/** Whether the actor works with reports at all (the inbox; recording a report for one of their units). */
export function mayTriage(actor: Actor): boolean {
  return TRIAGE_ROLES.includes(actor.role);
}
