import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-transaction.ts';
import { expireTeamMemberships } from '../modules/cases/team.ts';

/**
 * Removes the case-team memberships that ended by `now`, tenant by tenant, and tells each case's owner.
 * Access ended at the membership's end already (row-level security); this records it. Safe to run on every
 * instance at once: each ended membership is removed, recorded and told exactly once.
 */
export async function runTeamExpiry(database: Database, now: Date = new Date()): Promise<number> {
  const tenants = await database.db
    .selectFrom('tenants')
    .select('id')
    .where('status', '=', 'active')
    .execute();
  let expired = 0;
  for (const tenant of tenants)
    expired += await withTenant(database, { tenantId: tenant.id, userId: null }, (trx) =>
      expireTeamMemberships(trx, tenant.id, now),
    );
  return expired;
}
