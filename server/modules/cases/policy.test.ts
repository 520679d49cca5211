import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../db/schema-identity.ts';
import type { AccessActor } from '../access/unit-access.ts';
import { USER_ROLES } from '../identity/schemas.ts';
import { CASE_ACTIONS, type CaseSubject, canCase, serializeCase } from './policy.ts';

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
const caseIn = (
  unitId: string,
  unitParentId: string | null,
  extra: Partial<CaseSubject> = {},
): CaseSubject => ({
  tenantId: TENANT,
  unitId,
  unitParentId,
  actorIsMember: false,
  deleted: false,
  ownerId: null,
  ...extra,
});

// Need-to-know as a matrix: role × case-team member or not × own unit, parent unit, other unit, other tenant
// × the tenant's setting for admins. The database's side of the same matrix is access/policy-matrix.test.ts.
describe('case policy', () => {
  for (const role of USER_ROLES)
    for (const member of [true, false])
      for (const adminsReadContent of [false, true])
        it(`${role}, ${member ? 'on' : 'not on'} the case team, admins ${adminsReadContent ? '' : 'do not '}read content`, () => {
          for (const scope of ['own unit', 'parent unit', 'other unit', 'other tenant'] as const) {
            const who = actor(
              role,
              scope === 'other unit' ? ['fr'] : scope === 'parent unit' ? ['eu'] : ['de'],
              {
                adminsReadContent,
                ...(scope === 'other tenant' ? { tenantId: OTHER_TENANT } : {}),
              },
            );
            const subject = caseIn('de', 'eu', { actorIsMember: member });
            const sameTenant = scope !== 'other tenant';
            const managed = sameTenant && role === 'threat_manager' && scope !== 'other unit';
            const admin = sameTenant && role === 'admin';
            const byUnitContent = managed || (admin && adminsReadContent);
            const read = byUnitContent || (sameTenant && member && role !== 'auditor');
            const threatManager = role === 'threat_manager';
            const expected = {
              see: read || admin,
              read,
              // Managers-only entries: threat managers who read the case, never experts or admins.
              read_managers_only: read && threatManager,
              write: read,
              manage: read && threatManager,
              // The unit's threat managers and admins; a threat manager on the team only as its owner.
              manage_team: admin || managed,
              attach_report: byUnitContent,
              hand_over: byUnitContent,
              delete: admin,
            };
            expect(serializeCase(who, subject), scope).toEqual(expected);
            // A tombstone: seen (by whoever saw the case), nothing else.
            const tombstone = serializeCase(who, { ...subject, deleted: true });
            expect(tombstone, `${scope}, deleted`).toEqual({
              see: expected.see,
              read: false,
              read_managers_only: false,
              write: false,
              manage: false,
              manage_team: false,
              attach_report: false,
              hand_over: false,
              delete: false,
            });
          }
        });

  it('lets an admin who holds the threat-manager role read their units’ cases, and only those', () => {
    const both = actor('admin', ['de'], { alsoThreatManager: true });
    expect(serializeCase(both, caseIn('de', null))).toMatchObject({ see: true, read: true, hand_over: true });
    expect(serializeCase(both, caseIn('fr', null))).toMatchObject({
      see: true,
      read: false,
      hand_over: false,
    });
    // The role alone does not make a threat manager of anyone but an admin.
    const expert = actor('expert', ['de'], { alsoThreatManager: true });
    expect(canCase(expert, 'see', caseIn('de', null))).toBe(false);
  });

  it('gives a tenant-wide threat manager every unit, and a deactivated user nothing', () => {
    const wide = actor('threat_manager', [], { tenantWide: true });
    expect(canCase(wide, 'read', caseIn('fr', null))).toBe(true);
    for (const role of USER_ROLES)
      for (const action of CASE_ACTIONS)
        expect(
          canCase(
            actor(role, ['de'], { active: false, tenantWide: true }),
            action,
            caseIn('de', null, { actorIsMember: true }),
          ),
        ).toBe(false);
  });

  it('lets a threat manager on the team run the case, and its team only as the owner', () => {
    const guest = actor('threat_manager', ['fr']);
    const onTeam = caseIn('de', null, { actorIsMember: true });
    expect(serializeCase(guest, onTeam)).toMatchObject({
      read: true,
      read_managers_only: true,
      manage: true,
      manage_team: false,
      hand_over: false,
    });
    expect(canCase(guest, 'manage_team', { ...onTeam, ownerId: 'actor' })).toBe(true);
    // An expert who owns a case (made owner by mistake) still does not steer it.
    const expert = actor('expert', []);
    expect(serializeCase(expert, { ...onTeam, ownerId: 'actor' })).toMatchObject({
      read: true,
      read_managers_only: false,
      write: true,
      manage: false,
      manage_team: false,
    });
  });

  it('lets an API token read what its creator reads, and take no action', () => {
    const token = actor('admin', [], { adminsReadContent: true, viaApiToken: true });
    expect(serializeCase(token, caseIn('de', null))).toEqual({
      see: true,
      read: true,
      read_managers_only: false,
      write: false,
      manage: false,
      manage_team: false,
      attach_report: false,
      hand_over: false,
      delete: false,
    });
  });
});
