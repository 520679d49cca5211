import { Forbidden } from '../../errors.ts';
import { definePolicy } from '../access/define-policy.ts';
import { type AccessActor, worksAsThreatManager } from '../access/unit-access.ts';

// Who has the dashboard: whoever works as a threat manager (the role, or an admin holding it:
// `tma_works_as_threat_manager`). It shows their own work over the cases and reports they read, so
// row-level security sets what it counts; experts (who work on single cases) and auditors (who read no case)
// have none.

export interface DashboardSubject {
  tenantId: string;
}

export const DASHBOARD_ACTIONS = ['read'] as const;
export type DashboardAction = (typeof DASHBOARD_ACTIONS)[number];

const policy = definePolicy<AccessActor, DashboardSubject, DashboardAction>(DASHBOARD_ACTIONS);
policy.allow(
  'read',
  (actor, subject) =>
    actor.tenantId === subject.tenantId && worksAsThreatManager(actor) && !actor.viaApiToken,
);

export const canDashboard = policy.can;

export function authorizeDashboard(actor: AccessActor, subject: DashboardSubject): void {
  if (policy.can(actor, 'read', subject)) return;
  throw new Forbidden('dashboard_not_allowed', 'The dashboard is for threat managers.');
}
