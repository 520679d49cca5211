import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Invalid, NotFound } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext, UserAccess } from '../identity/service.ts';
import { authorizeContentAccess } from './policy.ts';
import type { ContentAccessSettings, ContentRole, ContentRoles } from './schemas.ts';
import {
  type AccessRow,
  adminsReadContent,
  findUserRole,
  listContentRoles,
  replaceContentRoles,
  selectAccessRow,
  setAdminsReadContent,
} from './store.ts';
import type { AccessActor } from './unit-access.ts';

/**
 * The signed-in user (or the creator of the API token) as the report and case policies see them: role,
 * status, units and content roles as stored, and the tenant's setting. As the request's authentication read
 * them (`auth.access`, in the same statement as the session, a moment before the caller's transaction;
 * nothing is cached across requests), or else one statement in the caller's transaction. Row-level security
 * decides on the same rows again, as of each statement.
 */
export async function accessActor(
  trx: TenantTransaction,
  auth: Pick<AuthContext, 'userId' | 'tenantId' | 'apiToken' | 'access'>,
): Promise<AccessActor> {
  // The request's authentication read it in its own statement (migration 0051); otherwise ask.
  const row = auth.access ? accessRowOf(auth.access) : await selectAccessRow(trx, auth.userId);
  return {
    id: auth.userId,
    tenantId: auth.tenantId,
    role: row?.role ?? 'auditor',
    active: row?.status === 'active',
    tenantWide: row?.tenant_wide ?? false,
    alsoThreatManager: row?.also_threat_manager ?? false,
    unitIds: new Set(row?.unit_ids ?? []),
    adminsReadContent: row?.admins_read_content ?? false,
    viaApiToken: auth.apiToken !== undefined,
  };
}

const accessRowOf = (access: UserAccess): AccessRow => ({
  role: access.role,
  status: access.status,
  tenant_wide: access.tenantWide,
  also_threat_manager: access.alsoThreatManager,
  admins_read_content: access.adminsReadContent,
  unit_ids: [...access.unitIds],
});

const scopeOf = (auth: AuthContext) => ({ tenantId: auth.tenantId, userId: auth.userId });

/** The tenant's content-access setting and admins' content roles, for the routes. */
export class ContentAccessService {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  async settings(auth: AuthContext): Promise<ContentAccessSettings> {
    authorizeContentAccess(auth, 'read', { tenantId: auth.tenantId, userId: null });
    return withTenant(this.#database, scopeOf(auth), async (trx) => ({
      adminsReadContent: await adminsReadContent(trx),
    }));
  }

  /** Lets admins read content, or not; audited as `tenant.admin_content_access` (`granted`, `withheld`). */
  async setSettings(
    auth: AuthContext,
    input: ContentAccessSettings,
    requestId: string,
  ): Promise<ContentAccessSettings> {
    authorizeContentAccess(auth, 'configure', { tenantId: auth.tenantId, userId: null });
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      await setAdminsReadContent(trx, auth.tenantId, input.adminsReadContent);
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        requestId,
        action: 'tenant.admin_content_access',
        objectType: 'tenant',
        objectId: auth.tenantId,
        outcome: 'success',
        reason: input.adminsReadContent ? 'granted' : 'withheld',
      });
      return { adminsReadContent: await adminsReadContent(trx) };
    });
  }

  async contentRoles(auth: AuthContext, userId: string): Promise<ContentRoles> {
    authorizeContentAccess(auth, 'read', { tenantId: auth.tenantId, userId });
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      if (!(await findUserRole(trx, userId))) throw new NotFound('user_not_found', 'No such user.');
      return { contentRoles: await listContentRoles(trx, userId) };
    });
  }

  /**
   * Makes `contentRoles` the content roles of an admin (another admin than the actor); audited as
   * `user.content_roles_changed` with the roles held afterwards (`roles=threat_manager`, `roles=none`).
   */
  async setContentRoles(
    auth: AuthContext,
    userId: string,
    input: { contentRoles: ContentRole[] },
    requestId: string,
  ): Promise<ContentRoles> {
    authorizeContentAccess(auth, 'grant_content_role', { tenantId: auth.tenantId, userId });
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      const user = await findUserRole(trx, userId);
      if (!user) throw new NotFound('user_not_found', 'No such user.');
      const roles = [...new Set(input.contentRoles)].sort();
      if (roles.length > 0 && user.role !== 'admin')
        throw new Invalid(
          'content_role_needs_admin',
          'Only an admin holds a content role besides their own.',
          [
            {
              path: 'contentRoles',
              message: `the user is a ${user.role}, whose role decides what they read`,
            },
          ],
        );
      await replaceContentRoles(trx, auth.tenantId, user.id, roles);
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        requestId,
        action: 'user.content_roles_changed',
        objectType: 'user',
        objectId: user.id,
        outcome: 'success',
        reason: `roles=${roles.length > 0 ? roles.join('.') : 'none'}`,
      });
      return { contentRoles: await listContentRoles(trx, user.id) };
    });
  }
}
