// The measure policy as a matrix: the actor's permissions on the case (none, read, read+write, manage) ×
// their part in the measure (none, owner, accepted expert) × each action; and the catalogue by role.
import { describe, expect, it } from 'vitest';
import type { AccessActor } from '../access/unit-access.ts';
import { CASE_ACTIONS, type CaseAction } from '../cases/policy.ts';
import { canMeasure, canMeasureTypes, MEASURE_ACTIONS, type MeasureAction } from './policy.ts';

const actor: AccessActor = {
  id: 'u1',
  tenantId: 't1',
  role: 'expert',
  active: true,
  tenantWide: false,
  alsoThreatManager: false,
  unitIds: new Set(),
  adminsReadContent: false,
  viaApiToken: false,
} as AccessActor;

const caseCan = (...allowed: CaseAction[]) =>
  Object.fromEntries(CASE_ACTIONS.map((action) => [action, allowed.includes(action)])) as Record<
    CaseAction,
    boolean
  >;

const ACCESS = {
  none: caseCan(),
  read: caseCan('see', 'read'),
  write: caseCan('see', 'read', 'write'),
  manage: caseCan('see', 'read', 'write', 'manage'),
} as const;
const PART = { none: [null, []], owner: ['u1', []], expert: ['u9', ['u1']] } as const;

// What each cell allows, written out: a change to the policy must change this table.
const EXPECTED: Record<keyof typeof ACCESS, Record<keyof typeof PART, readonly MeasureAction[]>> = {
  none: { none: [], owner: [], expert: [] },
  read: { none: ['read'], owner: ['read'], expert: ['read'] },
  write: { none: ['read'], owner: ['read', 'carry_out'], expert: ['read', 'carry_out'] },
  manage: {
    none: ['read', 'plan', 'change', 'carry_out'],
    owner: ['read', 'plan', 'change', 'carry_out'],
    expert: ['read', 'plan', 'change', 'carry_out'],
  },
};

describe('measure policy', () => {
  for (const [access, can] of Object.entries(ACCESS))
    for (const [part, [ownerId, accepted]] of Object.entries(PART))
      it(`${access} on the case, ${part} in the measure`, () => {
        const subject = { tenantId: 't1', caseCan: can, ownerId, acceptedExperts: accepted };
        const allowed = MEASURE_ACTIONS.filter((action) => canMeasure(actor, action, subject));
        expect(allowed).toEqual(EXPECTED[access as keyof typeof ACCESS][part as keyof typeof PART]);
        // Never across organisations, whatever the case says.
        expect(
          MEASURE_ACTIONS.filter((action) => canMeasure({ ...actor, tenantId: 't2' }, action, subject)),
        ).toEqual([]);
      });

  it('lets everyone but auditors read the catalogue, and admins keep it', () => {
    const roles = ['admin', 'threat_manager', 'expert', 'auditor'] as const;
    expect(roles.map((role) => canMeasureTypes({ id: 'u', tenantId: 't', role }, 'read'))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(roles.map((role) => canMeasureTypes({ id: 'u', tenantId: 't', role }, 'configure'))).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });
});
