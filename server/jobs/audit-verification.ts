import type { Database } from '../db/database.ts';
import { verificationDue, verifyIncrementally } from '../modules/audit/verification.ts';

// The server's periodic check of the audit chains (docs/audit-log.md, "Verification status"), run by
// housekeeping: every tenant whose chain was not verified in the last five minutes is verified from its last
// verified head on, and the result recorded, so the audit viewer's status stays fresh without a full pass
// over millions of events. Several instances may run it; at worst two record the same check.

/** Verifies the chains that are due; answers how many were verified. */
export async function runAuditVerification(database: Database, now: Date): Promise<number> {
  const tenants = await database.db.selectFrom('tenants').select('id').execute();
  let verified = 0;
  for (const tenant of tenants) {
    if (!(await verificationDue(database, tenant.id, now))) continue;
    await verifyIncrementally(database, tenant.id, now);
    verified++;
  }
  return verified;
}
