import type { UserRole } from '../../db/schema-identity.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { findRequiredRoles, findTotp } from './second-factor-store.ts';
import { findUserByEmail, findUserById, insertUser, type UserRow, updateUser } from './store.ts';

// The identity module's accounts as other modules (single sign-on, units, API tokens) may use them: they
// ask here, never the identity store.

export type { UserRow as Account };

/** The tenant's account with this e-mail address (already normalised), or undefined. */
export const findAccountByEmail = (trx: TenantTransaction, email: string) => findUserByEmail(trx, email);

export const findAccountById = (trx: TenantTransaction, id: string) => findUserById(trx, id);

/** Creates an account without a password (signed in through a provider); undefined when the e-mail is taken. */
export function createPasswordlessAccount(
  trx: TenantTransaction,
  account: { tenantId: string; email: string; displayName: string; role: UserRole },
): Promise<UserRow | undefined> {
  return insertUser(trx, {
    tenant_id: account.tenantId,
    email: account.email,
    display_name: account.displayName,
    password_hash: null,
    role: account.role,
    specialty: null,
    tenant_wide: false,
  });
}

/**
 * Gives an account another role. A specialty belongs to experts and tenant-wide sight to threat managers:
 * both end with the role. Returns the changed account.
 */
export async function changeAccountRole(
  trx: TenantTransaction,
  account: UserRow,
  role: UserRole,
  now: Date,
): Promise<UserRow> {
  const changes = {
    role,
    ...(role !== 'expert' ? { specialty: null } : {}),
    ...(role !== 'threat_manager' ? { tenant_wide: false } : {}),
  };
  await updateUser(trx, account.id, changes, now);
  return { ...account, ...changes };
}

/** Whether the tenant requires a second factor for the account's role, and whether it has a TOTP app. */
export async function secondFactorStanding(
  trx: TenantTransaction,
  account: Pick<UserRow, 'id' | 'role'>,
): Promise<{ required: boolean; hasTotp: boolean }> {
  const [required, totp] = await Promise.all([findRequiredRoles(trx), findTotp(trx, account.id)]);
  return { required: required.includes(account.role), hasTotp: Boolean(totp?.confirmed_at) };
}

/** The roles for which the tenant requires a second factor. */
export const rolesRequiringSecondFactor = (trx: TenantTransaction) => findRequiredRoles(trx);
