// Who has the dashboard, as a matrix: whoever works as a threat manager (`tma_works_as_threat_manager`,
// held against its SQL text in server/modules/access), in person; not experts, auditors, plain admins,
// deactivated accounts, API tokens or another organisation's people.
import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../db/schema-identity.ts';
import type { AccessActor } from '../access/unit-access.ts';
import { canDashboard } from './policy.ts';

const TENANT = '00000000-0000-4000-8000-000000000001';

function actor(role: UserRole, options: Partial<AccessActor> = {}): AccessActor {
  return {
    id: '00000000-0000-4000-8000-0000000000aa',
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

const MATRIX: Array<[string, AccessActor, boolean]> = [
  ['threat manager of a unit', actor('threat_manager'), true],
  ['tenant-wide threat manager', actor('threat_manager', { tenantWide: true }), true],
  ['admin holding the threat-manager role', actor('admin', { alsoThreatManager: true }), true],
  ['admin', actor('admin'), false],
  ['expert', actor('expert'), false],
  ['auditor', actor('auditor'), false],
  ['deactivated threat manager', actor('threat_manager', { active: false }), false],
  ['threat manager through an API token', actor('threat_manager', { viaApiToken: true }), false],
  [
    'threat manager of another organisation',
    actor('threat_manager', { tenantId: `${TENANT.slice(0, -1)}9` }),
    false,
  ],
];

describe('the dashboard policy', () => {
  it.each(MATRIX)('%s: %s', (_name, who, allowed) => {
    expect(canDashboard(who, 'read', { tenantId: TENANT })).toBe(allowed);
  });
});
