import type { Database } from '../../db/database.ts';
import { encodeCursor, readPage } from '../../db/page.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Forbidden, Invalid, NotFound } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { findUnits, listUserUnitIds } from '../units/service.ts';
import { listUserUnitsOf, updateUserProfile } from './account-token-store.ts';
import { type Actor, authorize, can, serialize } from './policy.ts';
import { findUserById, listUsersPage, revokeUserSessions, type UserRow, usersKeyset } from './store.ts';
import type { AdminUser, RoleChange } from './user-admin-schemas.ts';
import { deactivateUser } from './users.ts';

// The admin users page: list the tenant's users with what the admin may do to each, change a role, revoke
// every session of a user, deactivate. Authorisation is the identity policy's (admins, never on themselves
// for role and status); another tenant's users are not found.

/** A user with their units and the actor's allowed actions on them. */
export function toAdminUser(actor: Actor, row: UserRow, unitIds: string[]): AdminUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    specialty: row.specialty,
    tenantWide: row.tenant_wide,
    status: row.status,
    unitIds,
    createdAt: row.created_at.toISOString(),
    can: serialize(actor, { id: row.id, tenantId: row.tenant_id }),
  };
}

const scopeOf = (actor: Actor) => ({ tenantId: actor.tenantId, userId: actor.id });
const userNotFound = () => new NotFound('user_not_found', 'No such user.');

/** One page of the users of the actor's tenant, newest first (admins only); `query` is the list's page. */
export async function listUsersForAdmin(
  database: Database,
  actor: Actor,
  query: { limit?: string; after?: string } = {},
): Promise<{ users: AdminUser[]; nextCursor: string | null }> {
  // Reading any other user is an admin's right; an empty id is nobody's, so only that right counts.
  if (!can(actor, 'read', { id: '', tenantId: actor.tenantId }))
    throw new Forbidden('forbidden', 'Only admins list the users.');
  const page = readPage(usersKeyset, query);
  return withTenant(database, scopeOf(actor), async (trx) => {
    const { rows, next } = await listUsersPage(trx, page);
    const units = await listUserUnitsOf(
      trx,
      rows.map((row) => row.id),
    );
    return {
      users: rows.map((row) => toAdminUser(actor, row, units.get(row.id) ?? [])),
      nextCursor: encodeCursor(usersKeyset, next),
    };
  });
}

/** Checks that the role, specialty and tenant-wide flag fit together; throws Invalid. */
export function checkRoleFields(change: RoleChange): {
  specialty: UserRow['specialty'];
  tenantWide: boolean;
} {
  const specialty = change.specialty ?? null;
  const tenantWide = change.tenantWide ?? false;
  if (specialty && change.role !== 'expert')
    throw new Invalid('user_invalid', 'Only experts have a specialty.', [
      { path: 'specialty', message: 'only for experts' },
    ]);
  if (tenantWide && change.role !== 'threat_manager')
    throw new Invalid('user_invalid', 'Only threat managers can be tenant-wide.', [
      { path: 'tenantWide', message: 'only for threat managers' },
    ]);
  return { specialty, tenantWide };
}

/** A role as an audit code: `expert.labour_law`, `threat_manager.tenant_wide`, `admin`. */
const describeRole = (role: string, specialty: string | null, tenantWide: boolean) =>
  `${role}${specialty ? `.${specialty}` : ''}${tenantWide ? '.tenant_wide' : ''}`;

/** Changes a user's role, specialty and tenant-wide flag (audited as `user.role_changed`, old → new). */
export async function changeUserRole(
  database: Database,
  actor: Actor,
  userId: string,
  change: RoleChange,
  context: { requestId: string; now: Date },
): Promise<AdminUser> {
  const { specialty, tenantWide } = checkRoleFields(change);
  return withTenant(database, scopeOf(actor), async (trx) => {
    const user = await findUserById(trx, userId);
    authorize(actor, 'change_role', { id: user?.id ?? userId, tenantId: actor.tenantId });
    if (!user) throw userNotFound();
    const before = describeRole(user.role, user.specialty, user.tenant_wide);
    const after = describeRole(change.role, specialty, tenantWide);
    await updateUserProfile(
      trx,
      user.id,
      { role: change.role, specialty, tenant_wide: tenantWide },
      context.now,
    );
    if (before !== after)
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: actor.id,
        action: 'user.role_changed',
        objectType: 'user',
        objectId: user.id,
        requestId: context.requestId,
        outcome: 'success',
        reason: `from=${before}:to=${after}`,
      });
    const updated = { ...user, role: change.role, specialty, tenant_wide: tenantWide };
    return toAdminUser(actor, updated, await listUserUnitIds(trx, user.id));
  });
}

/** Ends every session of a user at once (audited as `user.sessions_revoked`). */
export async function revokeAllSessionsOf(
  database: Database,
  actor: Actor,
  userId: string,
  context: { requestId: string; now: Date },
): Promise<{ sessionsRevoked: number }> {
  return withTenant(database, scopeOf(actor), async (trx) => {
    const user = await findUserById(trx, userId);
    authorize(actor, 'revoke_all_sessions', { id: user?.id ?? userId, tenantId: actor.tenantId });
    if (!user) throw userNotFound();
    const sessionsRevoked = await revokeUserSessions(trx, user.id, context.now);
    await recordAuditEvent(trx, {
      actorType: 'user',
      actorId: actor.id,
      action: 'user.sessions_revoked',
      objectType: 'user',
      objectId: user.id,
      requestId: context.requestId,
      outcome: 'success',
      reason: `sessions_revoked=${sessionsRevoked}`,
    });
    return { sessionsRevoked };
  });
}

/** Deactivates a user named by id: deactivateUser() (every session revoked, audited `user.deactivate`). */
export async function deactivateUserById(
  database: Database,
  actor: Actor,
  userId: string,
  now: Date,
): Promise<AdminUser> {
  const user = await withTenant(database, scopeOf(actor), (trx) => findUserById(trx, userId));
  authorize(actor, 'deactivate', { id: user?.id ?? userId, tenantId: actor.tenantId });
  if (!user) throw userNotFound();
  await deactivateUser(database, actor.tenantId, user.email, { kind: 'user', actor }, now);
  return withTenant(database, scopeOf(actor), async (trx) => {
    const row = await findUserById(trx, user.id);
    if (!row) throw userNotFound();
    return toAdminUser(actor, row, await listUserUnitIds(trx, user.id));
  });
}

/** The given units of the transaction's tenant, sorted; unknown ones (another tenant's too) are refused. */
export async function checkUnitIds(trx: TenantTransaction, unitIds: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(unitIds.map((id) => id.toLowerCase()))];
  const found = await findUnits(trx, { ids: wanted });
  const known = new Set(found.map((unit) => unit.id));
  const unknown = wanted.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new Invalid('unit_not_found', `No such unit: ${unknown.join(', ')}.`, [
      { path: 'unitIds', message: `unknown: ${unknown.join(', ')}` },
    ]);
  return [...known].sort();
}
