// Who reads the management statistics, as a matrix: role × tenant-wide × active × (for admins) holding the
// threat-manager role × same or other organisation. Auditors, admins and tenant-wide threat managers read
// and export them; threat managers of some units, experts, deactivated accounts and other organisations do
// not.
import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../db/schema-identity.ts';
import type { AccessActor } from '../access/unit-access.ts';
import { canStatistics, STATISTICS_ACTIONS } from './policy.ts';

const TENANT = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';

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
  ['auditor', actor('auditor', { unitIds: new Set() }), true],
  ['admin', actor('admin'), true],
  ['admin holding the threat-manager role', actor('admin', { alsoThreatManager: true }), true],
  ['tenant-wide threat manager', actor('threat_manager', { tenantWide: true }), true],
  ['threat manager of a unit', actor('threat_manager'), false],
  ['expert', actor('expert'), false],
  ['deactivated auditor', actor('auditor', { active: false }), false],
  ['deactivated admin', actor('admin', { active: false }), false],
  [
    'deactivated tenant-wide threat manager',
    actor('threat_manager', { tenantWide: true, active: false }),
    false,
  ],
  ['auditor of another organisation', actor('auditor', { tenantId: OTHER }), false],
];

describe('the statistics policy', () => {
  it.each(MATRIX)('%s: reads and exports %s', (_name, who, allowed) => {
    for (const action of STATISTICS_ACTIONS)
      expect(canStatistics(who, action, { tenantId: TENANT }), action).toBe(allowed);
  });
});
