import type { Database } from '../../db/database.ts';
import type { ExpertSpecialty, UserRole } from '../../db/schema-identity.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import type { AuditEventInput } from '../audit/schemas.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { hasPasskey } from './passkey-store.ts';
import { checkPasswordPolicy, hashPassword } from './passwords.ts';
import { type Actor, authorize } from './policy.ts';
import type { UserSummary } from './schemas.ts';
import { findRequiredRoles, findTotp } from './second-factor-store.ts';
import {
  findUserByEmail,
  insertUser,
  listUsers,
  revokeUserSessions,
  type UserRow,
  updateUser,
} from './store.ts';

// A tenant's users as the operator and admins manage them (create, deactivate, list), and what a user's
// second factors say about their account. Sign-in (sign-in.ts) and enrolment (second-factor.ts) ask here.

/** E-mail addresses compare trimmed and in lower case. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

function toUserSummary(row: UserRow): UserSummary {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    specialty: row.specialty,
    tenantWide: row.tenant_wide,
    status: row.status,
    createdAt: row.created_at.toISOString(),
  };
}

/** A new account, as an admin or the operator creates it. */
export interface NewUser {
  email: string;
  displayName?: string | undefined;
  role: UserRole;
  specialty?: ExpertSpecialty | null | undefined;
  tenantWide?: boolean | undefined;
  /** Omitted: the account can log in only after a password is set (invitation, single sign-on). */
  password?: string | undefined;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a new user's fields and password against the rules; throws Invalid. */
export function validateNewUser(input: NewUser): { email: string; displayName: string } {
  const email = normaliseEmail(input.email);
  if (!emailPattern.test(email) || email.length > 254)
    throw new Invalid('user_invalid', 'The e-mail address is not valid.', [
      { path: 'email', message: 'is not a valid e-mail address' },
    ]);
  const displayName = (input.displayName ?? email.split('@')[0] ?? email).trim();
  if (displayName.length < 1 || displayName.length > 200)
    throw new Invalid('user_invalid', 'The name must have 1 to 200 characters.', [
      { path: 'displayName', message: 'must have 1 to 200 characters' },
    ]);
  if (input.specialty && input.role !== 'expert')
    throw new Invalid('user_invalid', 'Only experts have a specialty.', [
      { path: 'specialty', message: 'only for experts' },
    ]);
  if (input.tenantWide && input.role !== 'threat_manager')
    throw new Invalid('user_invalid', 'Only threat managers can be tenant-wide.', [
      { path: 'tenantWide', message: 'only for threat managers' },
    ]);
  if (input.password !== undefined) checkPasswordPolicy(input.password, [email, displayName]);
  return { email, displayName };
}

/** Who creates or changes users: a logged-in admin, or the operator at the command line. */
export type UserAdmin = { kind: 'operator' } | { kind: 'user'; actor: Actor };

function auditActor(by: UserAdmin): Pick<AuditEventInput, 'actorType' | 'actorId'> {
  return by.kind === 'operator'
    ? { actorType: 'operator', actorId: null }
    : { actorType: 'user', actorId: by.actor.id };
}

/** Creates a user in a tenant (password policy enforced, audited as `user.create`). */
export async function createUser(
  database: Database,
  tenantId: string,
  input: NewUser,
  by: UserAdmin,
): Promise<UserSummary> {
  if (by.kind === 'user') authorize(by.actor, 'create', { id: '', tenantId });
  const { email, displayName } = validateNewUser(input);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const userId = by.kind === 'user' ? by.actor.id : null;
  const row = await withTenant(database, { tenantId, userId }, async (trx) => {
    const inserted = await insertUser(trx, {
      tenant_id: tenantId,
      email,
      display_name: displayName,
      password_hash: passwordHash,
      role: input.role,
      specialty: input.specialty ?? null,
      tenant_wide: input.tenantWide ?? false,
    });
    if (!inserted) return undefined;
    await recordAuditEvent(trx, {
      ...auditActor(by),
      action: 'user.create',
      objectType: 'user',
      objectId: inserted.id,
      outcome: 'success',
    });
    return inserted;
  });
  if (!row) throw new Conflict('user_exists', `A user with the e-mail address ${email} already exists.`);
  return toUserSummary(row);
}

/** Deactivates a user and revokes all their sessions (audited as `user.deactivate`). */
export async function deactivateUser(
  database: Database,
  tenantId: string,
  email: string,
  by: UserAdmin,
  now: Date = new Date(),
): Promise<{ user: UserSummary; sessionsRevoked: number }> {
  const userId = by.kind === 'user' ? by.actor.id : null;
  const result = await withTenant(database, { tenantId, userId }, async (trx) => {
    const user = await findUserByEmail(trx, normaliseEmail(email));
    if (!user) return undefined;
    if (by.kind === 'user') authorize(by.actor, 'deactivate', { id: user.id, tenantId });
    await updateUser(trx, user.id, { status: 'deactivated' }, now);
    const sessionsRevoked = await revokeUserSessions(trx, user.id, now);
    await recordAuditEvent(trx, {
      ...auditActor(by),
      action: 'user.deactivate',
      objectType: 'user',
      objectId: user.id,
      outcome: 'success',
      reason: sessionsRevoked > 0 ? `sessions_revoked=${sessionsRevoked}` : null,
    });
    return { user: { ...toUserSummary(user), status: 'deactivated' as const }, sessionsRevoked };
  });
  if (!result)
    throw new NotFound('user_not_found', `No user with the e-mail address ${normaliseEmail(email)}.`);
  return result;
}

/** Every user of a tenant, by e-mail. */
export async function listTenantUsers(database: Database, tenantId: string): Promise<UserSummary[]> {
  const rows = await withTenant(database, { tenantId, userId: null }, (trx) => listUsers(trx));
  return rows.map(toUserSummary);
}

// A user's second factors, as sign-in and the session state see them.

/** Where a user's sealed TOTP secret lives (bound to the ciphertext as associated data). */
export function totpField(userId: string) {
  return { table: 'user_totp', column: 'secret_sealed', rowId: userId };
}

/** Whether the tenant requires a second factor for the user's role and the user has not enrolled one. */
export async function secondFactorSetupRequired(trx: TenantTransaction, user: UserRow): Promise<boolean> {
  const roles = await findRequiredRoles(trx);
  if (!roles.includes(user.role)) return false;
  return !(await hasSecondFactor(trx, user.id));
}

/** Whether the user has a confirmed TOTP authenticator or a passkey. */
export async function hasSecondFactor(trx: TenantTransaction, userId: string): Promise<boolean> {
  return Boolean((await findTotp(trx, userId))?.confirmed_at) || (await hasPasskey(trx, userId));
}
