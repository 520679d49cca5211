import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../db/schema-identity.ts';
import { USER_ROLES } from '../identity/schemas.ts';
import {
  authorizeReport,
  can,
  REPORT_ACTIONS,
  type ReportActor,
  type ReportSubject,
  serializeReport,
} from './policy.ts';
import { REPORT_STATUSES } from './schemas.ts';

const TENANT = '00000000-0000-4000-8000-000000000001';
const OTHER_TENANT = '00000000-0000-4000-8000-000000000002';
const UNIT = 'unit-de';

const actor = (role: UserRole, units: string[], tenantId = TENANT): ReportActor => ({
  id: 'actor',
  tenantId,
  role,
  visibleUnitIds: new Set(units),
});
const report = (overrides: Partial<ReportSubject> = {}): ReportSubject => ({
  tenantId: TENANT,
  unitId: UNIT,
  status: 'new',
  acknowledged: false,
  hasReceipt: true,
  ...overrides,
});

// The whole matrix: role × action × own unit / other unit / other tenant × status × receipt × acknowledged.
describe('report policy', () => {
  for (const role of USER_ROLES)
    for (const scope of ['own unit', 'other unit', 'other tenant'] as const)
      it(`${role}, report of ${scope}: every status, with and without receipt and acknowledgement`, () => {
        const who = actor(
          role,
          scope === 'other unit' ? ['unit-fr'] : [UNIT],
          scope === 'other tenant' ? OTHER_TENANT : TENANT,
        );
        const inScope = (role === 'admin' || role === 'threat_manager') && scope === 'own unit';
        for (const status of REPORT_STATUSES)
          for (const hasReceipt of [true, false])
            for (const acknowledged of [true, false]) {
              const subject = report({ status, hasReceipt, acknowledged });
              const open = status === 'new' || status === 'acknowledged';
              const expected = {
                read: inScope,
                reply: inScope && hasReceipt,
                acknowledge: inScope && !acknowledged && status !== 'closed',
                triage: inScope && open,
                hand_over: inScope && open,
              };
              const label = `${status}, receipt ${hasReceipt}, acknowledged ${acknowledged}`;
              for (const action of REPORT_ACTIONS)
                expect(can(who, action, subject), `${action}: ${label}`).toBe(expected[action]);
              expect(serializeReport(who, subject), label).toEqual(expected);
            }
      });

  it('answers 404 to whoever may not see the report, 403 to whoever may see it but not act', () => {
    expect(() => authorizeReport(actor('expert', [UNIT]), 'read', report())).toThrow(
      expect.objectContaining({ status: 404, code: 'report_not_found' }),
    );
    expect(() => authorizeReport(actor('threat_manager', ['unit-fr']), 'triage', report())).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    expect(() =>
      authorizeReport(actor('threat_manager', [UNIT]), 'triage', report({ status: 'closed' })),
    ).toThrow(expect.objectContaining({ status: 403, code: 'report_action_not_allowed' }));
  });
});
