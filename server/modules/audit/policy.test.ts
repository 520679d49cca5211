// Who reads the audit log and who sees "who has seen this case", as a matrix: role × active × API token ×
// owner × same or other organisation. Auditors and admins read and export the log; threat managers (even
// tenant-wide ones), experts, API tokens, deactivated accounts and other organisations do not. A case's
// owner and admins see who has seen it; the unit's other threat managers, experts and auditors do not.
import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../db/schema-identity.ts';
import type { AccessActor } from '../access/unit-access.ts';
import { AUDIT_LOG_ACTIONS, canAuditLog, canListCaseViewers } from './policy.ts';

const TENANT = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const ME = '00000000-0000-4000-8000-0000000000aa';
const SOMEONE = '00000000-0000-4000-8000-0000000000cc';

function actor(role: UserRole, options: Partial<AccessActor> = {}): AccessActor {
  return {
    id: ME,
    tenantId: TENANT,
    role,
    active: true,
    tenantWide: false,
    alsoThreatManager: false,
    unitIds: new Set(['00000000-0000-4000-8000-0000000000bb']),
    adminsReadContent: false,
    viaApiToken: false,
    ...options,
  };
}

const LOG: Array<[string, AccessActor, boolean]> = [
  ['auditor', actor('auditor', { unitIds: new Set() }), true],
  ['admin', actor('admin'), true],
  ['admin holding the threat-manager role', actor('admin', { alsoThreatManager: true }), true],
  ['tenant-wide threat manager', actor('threat_manager', { tenantWide: true }), false],
  ['threat manager of a unit', actor('threat_manager'), false],
  ['expert', actor('expert'), false],
  ['auditor through an API token', actor('auditor', { viaApiToken: true }), false],
  ['admin through an API token', actor('admin', { viaApiToken: true }), false],
  ['deactivated auditor', actor('auditor', { active: false }), false],
  ['deactivated admin', actor('admin', { active: false }), false],
  ['auditor of another organisation', actor('auditor', { tenantId: OTHER }), false],
  ['admin of another organisation', actor('admin', { tenantId: OTHER }), false],
];

describe('the audit log policy', () => {
  it.each(LOG)('%s: reads and exports it: %s', (_name, who, allowed) => {
    for (const action of AUDIT_LOG_ACTIONS)
      expect(canAuditLog(who, action, { tenantId: TENANT }), action).toBe(allowed);
  });
});

const VIEWERS: Array<[string, AccessActor, string | null, boolean]> = [
  ['the owner (threat manager)', actor('threat_manager'), ME, true],
  ['a threat manager who does not own it', actor('threat_manager'), SOMEONE, false],
  [
    'a tenant-wide threat manager who does not own it',
    actor('threat_manager', { tenantWide: true }),
    SOMEONE,
    false,
  ],
  ['an admin', actor('admin'), SOMEONE, true],
  ['an expert', actor('expert'), SOMEONE, false],
  ['an auditor', actor('auditor'), SOMEONE, false],
  ['the owner, deactivated', actor('threat_manager', { active: false }), ME, false],
  ['the owner through an API token', actor('threat_manager', { viaApiToken: true }), ME, false],
  ['anyone of a case without owner', actor('threat_manager'), null, false],
  ['an admin of another organisation', actor('admin', { tenantId: OTHER }), SOMEONE, false],
];

describe('who sees who has seen a case', () => {
  it.each(VIEWERS)('%s: %s', (_name, who, ownerId, allowed) => {
    expect(canListCaseViewers(who, { tenantId: TENANT, ownerId })).toBe(allowed);
  });
});
