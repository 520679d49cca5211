import { sql } from 'kysely';
import type { UserRole, UserStatus } from '../../db/schema-identity.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

// SQL of content access. Every function runs inside the tenant's transaction.

export interface AccessRow {
  role: UserRole;
  status: UserStatus;
  tenant_wide: boolean;
  also_threat_manager: boolean;
  admins_read_content: boolean;
  unit_ids: string[];
}

/** What the policies need to know of a user, in one statement; undefined for an unknown user. */
export async function selectAccessRow(
  trx: TenantTransaction,
  userId: string,
): Promise<AccessRow | undefined> {
  const { rows } = await sql<AccessRow>`
    SELECT me.role, me.status, me.tenant_wide,
      EXISTS (SELECT 1 FROM user_content_roles held
              WHERE held.user_id = me.id AND held.role = 'threat_manager') AS also_threat_manager,
      coalesce((SELECT s.admins_read_content FROM access_settings s), false) AS admins_read_content,
      (SELECT coalesce(json_agg(member.unit_id), '[]'::json) FROM user_units member
       WHERE member.user_id = me.id) AS unit_ids
    FROM users me
    WHERE me.id = ${userId}
  `.execute(trx);
  return rows[0];
}

export async function adminsReadContent(trx: TenantTransaction): Promise<boolean> {
  const row = await trx.selectFrom('access_settings').select('admins_read_content').executeTakeFirst();
  return row?.admins_read_content ?? false;
}

export async function setAdminsReadContent(
  trx: TenantTransaction,
  tenantId: string,
  value: boolean,
): Promise<void> {
  await trx
    .insertInto('access_settings')
    .values({ tenant_id: tenantId, admins_read_content: value, updated_at: new Date() })
    .onConflict((conflict) =>
      conflict.column('tenant_id').doUpdateSet({ admins_read_content: value, updated_at: new Date() }),
    )
    .execute();
}

export async function listContentRoles(trx: TenantTransaction, userId: string): Promise<'threat_manager'[]> {
  const rows = await trx
    .selectFrom('user_content_roles')
    .select('role')
    .where('user_id', '=', userId)
    .orderBy('role')
    .execute();
  return rows.map((row) => row.role);
}

/** Makes `roles` the user's content roles, replacing the ones they held. */
export async function replaceContentRoles(
  trx: TenantTransaction,
  tenantId: string,
  userId: string,
  roles: ReadonlyArray<'threat_manager'>,
): Promise<void> {
  await trx.deleteFrom('user_content_roles').where('user_id', '=', userId).execute();
  if (roles.length > 0)
    await trx
      .insertInto('user_content_roles')
      .values(roles.map((role) => ({ tenant_id: tenantId, user_id: userId, role })))
      .execute();
}

/** The user's role and status, for checking a content-role grant; undefined for an unknown user. */
export function findUserRole(trx: TenantTransaction, userId: string) {
  return trx.selectFrom('users').select(['id', 'role', 'status']).where('id', '=', userId).executeTakeFirst();
}
