import { Forbidden } from '../../errors.ts';
import { definePolicy } from '../access/define-policy.ts';
import type { AccessActor } from '../access/unit-access.ts';

// Who reads the management statistics: anonymised figures of the whole organisation, never a case.
// - Auditors: DESIGN.md gives them "the audit log and anonymised statistics"; they read no case content.
// - Admins: they run the organisation and already see every unit's cases as metadata.
// - Threat managers who work tenant-wide: they see every unit's cases anyway.
// Threat managers of some units do not: the figures count every unit, and a breakdown of a small unit's
// neighbour is exactly what they have no need to know. Experts do not either. Deactivated accounts read
// nothing. The store counts with the user's scope lifted (store.ts), so this policy is the whole gate.

export interface StatisticsSubject {
  tenantId: string;
}

export const STATISTICS_ACTIONS = ['read', 'export'] as const;
export type StatisticsAction = (typeof STATISTICS_ACTIONS)[number];

const policy = definePolicy<AccessActor, StatisticsSubject, StatisticsAction>(STATISTICS_ACTIONS);

/** Whether the actor reads the organisation's anonymised statistics. */
export function readsStatistics(actor: AccessActor): boolean {
  if (!actor.active) return false;
  return (
    actor.role === 'auditor' ||
    actor.role === 'admin' ||
    (actor.role === 'threat_manager' && actor.tenantWide)
  );
}

policy.allow(
  ['read', 'export'],
  (actor, subject) => actor.tenantId === subject.tenantId && readsStatistics(actor),
);

export const canStatistics = policy.can;

export function authorizeStatistics(
  actor: AccessActor,
  action: StatisticsAction,
  subject: StatisticsSubject,
): void {
  if (policy.can(actor, action, subject)) return;
  throw new Forbidden(
    'statistics_not_allowed',
    'The statistics are for auditors, admins and threat managers who work for the whole organisation.',
  );
}
