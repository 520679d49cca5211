import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../db/schema-identity.ts';
import type { AccessActor } from '../access/unit-access.ts';
import type { CaseSubject } from '../cases/policy.ts';
import { USER_ROLES } from '../identity/schemas.ts';
import { canLegalHold, canRetention, LEGAL_HOLD_ACTIONS } from './policy.ts';

const TENANT = '00000000-0000-4000-8000-000000000001';
const OTHER_TENANT = '00000000-0000-4000-8000-000000000002';

const actor = (role: UserRole, units: string[], extra: Partial<AccessActor> = {}): AccessActor => ({
  id: 'actor',
  tenantId: TENANT,
  role,
  active: true,
  tenantWide: false,
  alsoThreatManager: false,
  unitIds: new Set(units),
  adminsReadContent: false,
  viaApiToken: false,
  ...extra,
});
const caseIn = (extra: Partial<CaseSubject> = {}): CaseSubject => ({
  tenantId: TENANT,
  unitId: 'de',
  unitParentId: 'eu',
  actorIsMember: false,
  deleted: false,
  ownerId: null,
  ...extra,
});

// The retention policy is the admins'; a legal hold is the case's threat managers' and the admins' who see
// the case: role × unit scope × case team × deleted × API token.
describe('retention policy: who may', () => {
  it('read and change the retention policy: admins of the tenant; through an API token only read', () => {
    for (const role of USER_ROLES)
      for (const tenantId of [TENANT, OTHER_TENANT])
        for (const apiToken of [undefined, { id: 't', scopes: [] }]) {
          const who = { id: 'actor', tenantId, role, ...(apiToken ? { apiToken } : {}) };
          const admin = role === 'admin' && tenantId === TENANT;
          const label = `${role} ${tenantId === TENANT ? 'same' : 'other'} tenant${apiToken ? ' (token)' : ''}`;
          expect(canRetention(who, 'read', { tenantId: TENANT }), label).toBe(admin);
          expect(canRetention(who, 'configure', { tenantId: TENANT }), label).toBe(admin && !apiToken);
        }
  });

  for (const role of USER_ROLES)
    for (const member of [false, true])
      it(`set and lift a legal hold: ${role}, ${member ? 'on' : 'not on'} the case team`, () => {
        for (const scope of ['own unit', 'parent unit', 'other unit', 'other tenant'] as const)
          for (const deleted of [false, true])
            for (const viaApiToken of [false, true]) {
              const who = actor(
                role,
                scope === 'other unit' ? ['fr'] : scope === 'parent unit' ? ['eu'] : ['de'],
                {
                  viaApiToken,
                  ...(scope === 'other tenant' ? { tenantId: OTHER_TENANT } : {}),
                },
              );
              const sameTenant = scope !== 'other tenant';
              // The unit's threat managers, or one on the case team (who then runs the case too).
              const threatManagerOfCase = role === 'threat_manager' && (scope !== 'other unit' || member);
              const expected =
                sameTenant && !deleted && !viaApiToken && (role === 'admin' || threatManagerOfCase);
              for (const action of LEGAL_HOLD_ACTIONS)
                expect(
                  canLegalHold(who, action, caseIn({ actorIsMember: member, deleted })),
                  `${action} ${scope} deleted=${deleted} token=${viaApiToken}`,
                ).toBe(expected);
            }
      });

  it('lets a threat manager on the case team of another unit hold it, an expert on the team not', () => {
    const teamTm = actor('threat_manager', ['fr']);
    expect(canLegalHold(teamTm, 'set', caseIn({ actorIsMember: true }))).toBe(true);
    expect(canLegalHold(actor('expert', ['de']), 'set', caseIn({ actorIsMember: true }))).toBe(false);
    expect(canLegalHold(actor('threat_manager', ['de'], { active: false }), 'set', caseIn())).toBe(false);
  });
});
