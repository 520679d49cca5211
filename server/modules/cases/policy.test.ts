import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../db/schema-identity.ts';
import { USER_ROLES } from '../identity/schemas.ts';
import { authorizeCase, CASE_ACTIONS, type CaseActor, canCase } from './policy.ts';

const TENANT = '00000000-0000-4000-8000-000000000001';
const OTHER_TENANT = '00000000-0000-4000-8000-000000000002';

const actor = (role: UserRole, unitIds: string[], tenantId = TENANT): CaseActor => ({
  id: 'actor',
  tenantId,
  role,
  visibleUnitIds: new Set(unitIds),
});

// Need-to-know as a matrix: role × action × case-team member or not × own unit, other unit, other tenant.
describe('case policy', () => {
  for (const role of USER_ROLES)
    for (const member of [true, false])
      it(`${role}, ${member ? 'on' : 'not on'} the case team`, () => {
        for (const scope of ['own unit', 'other unit', 'other tenant'] as const) {
          const who = actor(
            role,
            scope === 'other unit' ? ['fr'] : ['de'],
            scope === 'other tenant' ? OTHER_TENANT : TENANT,
          );
          const subject = { tenantId: TENANT, unitId: 'de', actorIsMember: member };
          const sameTenant = scope !== 'other tenant';
          const byUnit =
            sameTenant && scope === 'own unit' && (role === 'admin' || role === 'threat_manager');
          const expected = {
            // Auditors never see case content, not even as a (mistaken) team member.
            read: sameTenant && role !== 'auditor' && (byUnit || member),
            attach_report: byUnit,
            hand_over: byUnit,
          };
          for (const action of CASE_ACTIONS)
            expect(canCase(who, action, subject), `${action}, ${scope}`).toBe(expected[action]);
        }
      });

  it('answers 404 for a case one may not see or act on', () => {
    expect(() =>
      authorizeCase(actor('expert', ['de']), 'read', {
        tenantId: TENANT,
        unitId: 'de',
        actorIsMember: false,
      }),
    ).toThrow(expect.objectContaining({ status: 404, code: 'case_not_found' }));
  });
});
