import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../db/schema-identity.ts';
import { Forbidden, NotFound } from '../../errors.ts';
import {
  type Actor,
  authorize,
  authorizeUnit,
  can,
  canUnit,
  serialize,
  serializeUnit,
  UNIT_ACTIONS,
  type UnitAction,
  USER_ACTIONS,
  type UserAction,
} from './policy.ts';

const tenant = '00000000-0000-4000-8000-000000000001';
const otherTenant = '00000000-0000-4000-8000-000000000002';
const roles: UserRole[] = ['admin', 'threat_manager', 'expert', 'auditor'];

// The whole matrix, written out: role → action → [on self, on another user of the tenant].
const expected: Record<UserRole, Record<UserAction, [boolean, boolean]>> = {
  admin: {
    read: [true, true],
    create: [true, true],
    deactivate: [false, true],
    change_role: [false, true],
    list_sessions: [true, false],
    revoke_session: [true, false],
    revoke_all_sessions: [true, true],
    assign_units: [true, true],
  },
  threat_manager: {
    read: [true, false],
    create: [false, false],
    deactivate: [false, false],
    change_role: [false, false],
    list_sessions: [true, false],
    revoke_session: [true, false],
    revoke_all_sessions: [true, false],
    assign_units: [false, false],
  },
  expert: {
    read: [true, false],
    create: [false, false],
    deactivate: [false, false],
    change_role: [false, false],
    list_sessions: [true, false],
    revoke_session: [true, false],
    revoke_all_sessions: [true, false],
    assign_units: [false, false],
  },
  auditor: {
    read: [true, false],
    create: [false, false],
    deactivate: [false, false],
    change_role: [false, false],
    list_sessions: [true, false],
    revoke_session: [true, false],
    revoke_all_sessions: [true, false],
    assign_units: [false, false],
  },
};

const cases = roles.flatMap((role) =>
  USER_ACTIONS.flatMap((action) =>
    (['self', 'other'] as const).map((whom) => ({
      role,
      action,
      whom,
      allowed: expected[role][action][whom === 'self' ? 0 : 1],
    })),
  ),
);

describe('user policy', () => {
  it('covers every role and action', () => {
    expect(cases).toHaveLength(roles.length * USER_ACTIONS.length * 2);
  });

  it.each(cases)('$role $action on $whom: $allowed', ({ role, action, whom, allowed }) => {
    const actor: Actor = { id: 'a', tenantId: tenant, role };
    const subject = { id: whom === 'self' ? 'a' : 'b', tenantId: tenant };
    expect(can(actor, action, subject)).toBe(allowed);
    expect(serialize(actor, subject)[action]).toBe(allowed);
    if (allowed) expect(() => authorize(actor, action, subject)).not.toThrow();
    else
      expect(() => authorize(actor, action, subject)).toThrow(
        can(actor, 'read', subject) ? Forbidden : NotFound,
      );
    // Nobody reaches a user of another tenant, whatever the role and ids.
    expect(can(actor, action, { ...subject, tenantId: otherTenant })).toBe(false);
    expect(() => authorize(actor, action, { ...subject, tenantId: otherTenant })).toThrow(NotFound);
  });
});

// Units: role → action.
const expectedUnit: Record<UserRole, Record<UnitAction, boolean>> = {
  admin: { list: true, create: true, rename: true, move: true, read_members: true },
  threat_manager: { list: true, create: false, rename: false, move: false, read_members: false },
  expert: { list: true, create: false, rename: false, move: false, read_members: false },
  auditor: { list: true, create: false, rename: false, move: false, read_members: false },
};

const unitCases = roles.flatMap((role) =>
  UNIT_ACTIONS.map((action) => ({ role, action, allowed: expectedUnit[role][action] })),
);

describe('unit policy', () => {
  it('covers every role and action', () => {
    expect(unitCases).toHaveLength(roles.length * UNIT_ACTIONS.length);
  });

  it.each(unitCases)('$role $action: $allowed', ({ role, action, allowed }) => {
    const actor: Actor = { id: 'a', tenantId: tenant, role };
    expect(canUnit(actor, action)).toBe(allowed);
    expect(serializeUnit(actor)[action]).toBe(allowed);
    if (allowed) expect(() => authorizeUnit(actor, action)).not.toThrow();
    else expect(() => authorizeUnit(actor, action)).toThrow(Forbidden);
  });
});
