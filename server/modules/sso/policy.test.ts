import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../db/schema-identity.ts';
import { authorizeTenantSecurity, canManageTenantSecurity, TENANT_SECURITY_ACTIONS } from './policy.ts';

const roles: UserRole[] = ['admin', 'threat_manager', 'expert', 'auditor'];
const actor = (role: UserRole) => ({ id: '00000000-0000-4000-8000-000000000001', tenantId: 't', role });

describe('tenant security policy', () => {
  it.each(roles.flatMap((role) => TENANT_SECURITY_ACTIONS.map((action) => [role, action] as const)))(
    '%s may %s only as an admin',
    (role, action) => {
      expect(canManageTenantSecurity(actor(role), action)).toBe(role === 'admin');
      if (role === 'admin') expect(() => authorizeTenantSecurity(actor(role), action)).not.toThrow();
      else expect(() => authorizeTenantSecurity(actor(role), action)).toThrow(/admins/);
    },
  );
});
