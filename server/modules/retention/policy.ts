import { Forbidden } from '../../errors.ts';
import { definePolicy } from '../access/define-policy.ts';
import type { AccessActor } from '../access/unit-access.ts';
import { type CaseSubject, canCase, caseAccess } from '../cases/policy.ts';
import type { Actor } from '../identity/policy.ts';

// Who may do what with retention: the tenant's policy is the admins' (it decides when data is destroyed);
// a legal hold is set and lifted by the case's threat managers (who run the case) and by admins who see the
// case (a hold often comes from legal, through the admin, for a case whose content they may not read).
// Neither through an API token, and never on a deleted case.

export const RETENTION_POLICY_ACTIONS = ['read', 'configure'] as const;
export type RetentionPolicyAction = (typeof RETENTION_POLICY_ACTIONS)[number];

/** An admin, or an API token acting for one (which only reads). */
type SettingsActor = Actor & { apiToken?: unknown };

const settings = definePolicy<SettingsActor, { tenantId: string }, RetentionPolicyAction>(
  RETENTION_POLICY_ACTIONS,
);
const admin = (actor: SettingsActor, subject: { tenantId: string }) =>
  actor.role === 'admin' && actor.tenantId === subject.tenantId;
settings.allow('read', admin);
settings.allow('configure', (actor, subject) => admin(actor, subject) && !actor.apiToken);

export const canRetention = settings.can;

export function authorizeRetention(
  actor: SettingsActor,
  action: RetentionPolicyAction,
  subject: { tenantId: string },
): void {
  if (!settings.can(actor, action, subject))
    throw new Forbidden('retention_not_allowed', 'Only admins see and change the retention policy.');
}

export const LEGAL_HOLD_ACTIONS = ['set', 'lift'] as const;
export type LegalHoldAction = (typeof LEGAL_HOLD_ACTIONS)[number];

const holds = definePolicy<AccessActor, CaseSubject, LegalHoldAction>(LEGAL_HOLD_ACTIONS);
holds.allow(['set', 'lift'], (actor, subject) => {
  if (subject.deleted || actor.viaApiToken || !actor.active || actor.tenantId !== subject.tenantId)
    return false;
  if (actor.role === 'admin' && caseAccess(actor, subject) !== null) return true;
  return canCase(actor, 'manage', subject);
});

export const canLegalHold = holds.can;

export function authorizeLegalHold(actor: AccessActor, action: LegalHoldAction, subject: CaseSubject): void {
  if (!holds.can(actor, action, subject))
    throw new Forbidden(
      'legal_hold_not_allowed',
      'Only the case’s threat managers and admins set or lift a legal hold.',
    );
}
