import { Forbidden } from '../../errors.ts';
import { definePolicy } from '../access/define-policy.ts';
import type { Actor } from '../identity/policy.ts';

// Who sees deletion certificates: admins, who delete, and auditors, who check that deletions happened as
// recorded. A certificate holds no case content, but it does say which cases existed and who deleted them:
// threat managers and experts see their cases' tombstones, not the tenant's record of deletions.

export interface CertificateSubject {
  tenantId: string;
}

export const CERTIFICATE_ACTIONS = ['list', 'download'] as const;
export type CertificateAction = (typeof CERTIFICATE_ACTIONS)[number];

const policy = definePolicy<Actor, CertificateSubject, CertificateAction>(CERTIFICATE_ACTIONS);
policy.allow(
  ['list', 'download'],
  (actor, subject) =>
    (actor.role === 'admin' || actor.role === 'auditor') && actor.tenantId === subject.tenantId,
);

export const canSeeCertificates = policy.can;

export function authorizeCertificates(
  actor: Actor,
  action: CertificateAction,
  subject: CertificateSubject,
): void {
  if (!policy.can(actor, action, subject))
    throw new Forbidden('certificates_not_allowed', 'Only admins and auditors see deletion certificates.');
}
