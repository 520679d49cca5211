import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../db/schema-identity.ts';
import type { AccessActor } from '../access/unit-access.ts';
import { USER_ROLES } from '../identity/schemas.ts';
import { canReport, mayTriage, REPORT_ACTIONS, type ReportSubject, serializeReport } from './policy.ts';
import { REPORT_STATUSES } from './schemas.ts';

const TENANT = '00000000-0000-4000-8000-000000000001';
const OTHER_TENANT = '00000000-0000-4000-8000-000000000002';
const UNIT = 'unit-de';

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
const report = (overrides: Partial<ReportSubject> = {}): ReportSubject => ({
  tenantId: TENANT,
  unitId: UNIT,
  unitParentId: null,
  status: 'new',
  acknowledged: false,
  hasReceipt: true,
  deleted: false,
  ...overrides,
});

// The whole matrix: role × own unit / other unit / other tenant × the tenant's setting for admins × status
// × receipt × acknowledged. The database's side is access/policy-matrix.test.ts.
describe('report policy', () => {
  for (const role of USER_ROLES)
    for (const scope of ['own unit', 'other unit', 'other tenant'] as const)
      for (const adminsReadContent of [false, true])
        it(`${role}, report of ${scope}, admins ${adminsReadContent ? '' : 'do not '}read content`, () => {
          const who = actor(role, scope === 'other unit' ? ['unit-fr'] : [UNIT], {
            adminsReadContent,
            ...(scope === 'other tenant' ? { tenantId: OTHER_TENANT } : {}),
          });
          const sameTenant = scope !== 'other tenant';
          const admin = sameTenant && role === 'admin';
          const see = admin || (role === 'threat_manager' && scope === 'own unit');
          const read = (role === 'threat_manager' && scope === 'own unit') || (admin && adminsReadContent);
          for (const status of REPORT_STATUSES)
            for (const hasReceipt of [true, false])
              for (const acknowledged of [true, false]) {
                const subject = report({ status, hasReceipt, acknowledged });
                const open = status === 'new' || status === 'acknowledged';
                const expected = {
                  see,
                  read,
                  reply: read && hasReceipt,
                  acknowledge: read && !acknowledged && status !== 'closed',
                  triage: read && open,
                  hand_over: read && open,
                  delete: admin,
                };
                const label = `${status}, receipt ${hasReceipt}, acknowledged ${acknowledged}`;
                for (const action of REPORT_ACTIONS)
                  expect(canReport(who, action, subject), `${action}: ${label}`).toBe(expected[action]);
                expect(serializeReport(who, subject), label).toEqual(expected);
                // A tombstone: seen by whoever saw the report; nothing else.
                const tombstone = serializeReport(who, { ...subject, deleted: true });
                expect(Object.entries(tombstone).filter(([, allowed]) => allowed)).toEqual(
                  see ? [['see', true]] : [],
                );
              }
        });

  it('follows unit scope to child units, and lets an admin with the threat-manager role triage there', () => {
    const child = report({ unitId: 'unit-de-north', unitParentId: UNIT });
    expect(canReport(actor('threat_manager', [UNIT]), 'triage', child)).toBe(true);
    expect(canReport(actor('threat_manager', ['unit-de-north']), 'see', report())).toBe(false);
    const both = actor('admin', [UNIT], { alsoThreatManager: true });
    expect(canReport(both, 'triage', child)).toBe(true);
    expect(serializeReport(both, report({ unitId: 'unit-fr' }))).toMatchObject({ see: true, read: false });
  });

  it('lets an API token read what its creator reads, never act', () => {
    const token = actor('threat_manager', [UNIT], { viaApiToken: true });
    expect(serializeReport(token, report())).toEqual({
      see: true,
      read: true,
      reply: false,
      acknowledge: false,
      triage: false,
      hand_over: false,
      delete: false,
    });
  });

  it('opens the inbox to threat managers and admins only', () => {
    expect(USER_ROLES.filter((role) => mayTriage(actor(role, [])))).toEqual(['admin', 'threat_manager']);
  });
});
