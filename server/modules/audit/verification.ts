import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from './link.ts';
import { type AuditChainAnchor, type AuditChainVerification, verifyAuditChain } from './verify.ts';
import { insertVerification, selectLatestVerifications } from './viewer-store.ts';

// The verification status the audit viewer shows (docs/audit-log.md, "Verification status"). Every
// verification is recorded in audit_verifications (migration 0044): `tma audit verify` (full, from the
// first event), and the server's periodic check (housekeeping), which is incremental: it recomputes only the
// events linked since the last head found intact, and checks that this head still has its hash.

export type VerificationMode = 'full' | 'incremental';

/** Records a verification's result for the tenant, in a transaction of its own. */
export async function recordVerification(
  database: Database,
  tenantId: string,
  result: AuditChainVerification,
  options: { mode: VerificationMode; source: 'cli' | 'server'; at: Date },
): Promise<void> {
  await withTenant(database, { tenantId, userId: null }, (trx) =>
    insertVerification(trx, {
      verified_at: options.at,
      mode: options.mode,
      source: options.source,
      ok: result.ok,
      head_seq: result.ok ? result.head.seq : null,
      head_hash: result.ok && result.head.seq > 0 ? Buffer.from(result.head.hash, 'hex') : null,
      problem: result.ok ? null : result.problem,
      problem_seq: result.ok ? null : result.seq,
    }),
  );
}

/** The last head found intact, to go on from (null: none yet, or the log was empty). */
async function lastVerifiedHead(database: Database, tenantId: string): Promise<AuditChainAnchor | null> {
  const { lastOk } = await withTenant(database, { tenantId, userId: null }, selectLatestVerifications);
  if (!lastOk?.head_seq || !lastOk.head_hash) return null;
  return { seq: lastOk.head_seq, hash: Buffer.from(lastOk.head_hash).toString('hex') };
}

/**
 * Verifies the tenant's chain from its last verified head on (from the first event when there is none:
 * once), and records the result. Links what has committed first, without waiting for a busy linker.
 */
export async function verifyIncrementally(
  database: Database,
  tenantId: string,
  at: Date,
): Promise<AuditChainVerification> {
  await linkAuditEvents(database, { tenantId }).catch(() => undefined);
  const from = await lastVerifiedHead(database, tenantId);
  const result = await verifyAuditChain(database, tenantId, from ? { from } : {});
  await recordVerification(database, tenantId, result, {
    mode: from ? 'incremental' : 'full',
    source: 'server',
    at,
  });
  return result;
}

/** How often the server verifies each tenant's chain (at most; housekeeping runs every minute). */
export const SERVER_VERIFICATION_INTERVAL_MS = 5 * 60_000;

/** Whether the tenant's chain is due for the server's check: not verified within the interval. */
export async function verificationDue(database: Database, tenantId: string, now: Date): Promise<boolean> {
  const { latest } = await withTenant(database, { tenantId, userId: null }, selectLatestVerifications);
  return !latest || now.getTime() - latest.verified_at.getTime() >= SERVER_VERIFICATION_INTERVAL_MS;
}
