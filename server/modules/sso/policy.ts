import type { UserRole } from '../../db/schema-identity.ts';
import { Forbidden } from '../../errors.ts';
import type { Actor } from '../identity/policy.ts';

// Who may see and change a tenant's sign-in security: its single sign-on and its second-factor policy.

export const TENANT_SECURITY_ACTIONS = ['read_security', 'manage_security'] as const;
export type TenantSecurityAction = (typeof TENANT_SECURITY_ACTIONS)[number];

const allowed: Record<TenantSecurityAction, ReadonlyArray<UserRole>> = {
  // Only admins: the client id and the role mapping tell an attacker how the tenant's accounts are made.
  read_security: ['admin'],
  manage_security: ['admin'],
};

export function canManageTenantSecurity(actor: Actor, action: TenantSecurityAction): boolean {
  return allowed[action].includes(actor.role);
}

export function authorizeTenantSecurity(actor: Actor, action: TenantSecurityAction): void {
  if (!canManageTenantSecurity(actor, action))
    throw new Forbidden('forbidden', "Only the organisation's admins manage its sign-in security.");
}
