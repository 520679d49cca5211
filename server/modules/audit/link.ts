import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { chainedEventOf, hashAuditEvent } from './hash-chain.ts';
import {
  type AuditLink,
  linkPendingAuditEvents,
  lockAuditLinker,
  lockChainHead,
  selectPendingAuditEvents,
  selectPendingTenants,
} from './store.ts';

// The one writer of the hash chain (docs/audit-log.md, "How events are linked"). recordAuditEvent() only
// queues; this links what has committed, tenant by tenant, in short transactions of its own.

export interface LinkOptions {
  /** Only this tenant; default: every tenant with pending events. */
  tenantId?: string | undefined;
  /** Events per transaction. Default 500. */
  batchSize?: number;
  /**
   * Wait for a linker that is busy with a tenant, rather than leave the tenant to it. The background loop
   * does not wait; `tma audit verify` and tests do, so that everything committed before is linked.
   */
  wait?: boolean;
}

const DEFAULT_BATCH = 500;

/** Some tenants' events could not be linked (the others' were); the message names them. */
export class AuditLinkingFailedError extends Error {
  override name = 'AuditLinkingFailedError';
}

/**
 * Links the committed pending events into their tenants' chains, in queue order as far as they are
 * visible, and returns how many. Safe beside other linkers (one per tenant at a time, under an advisory
 * lock and the head's row lock) and beside appenders, which it never blocks. A tenant whose events cannot
 * be linked (its head was tampered with) does not hold up the others: AuditLinkingFailedError afterwards.
 */
export async function linkAuditEvents(database: Database, options: LinkOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be 1 or more');
  const tenants =
    options.tenantId === undefined ? await selectPendingTenants(database.db) : [options.tenantId];
  let linked = 0;
  const failures: Array<{ tenantId: string; error: Error }> = [];
  for (const tenantId of tenants) {
    try {
      linked += await linkTenant(database, tenantId, batchSize, options.wait);
    } catch (error) {
      failures.push({ tenantId, error: error as Error });
    }
  }
  if (failures.length > 0)
    throw new AuditLinkingFailedError(
      failures.map(({ tenantId, error }) => `tenant ${tenantId}: ${error.message}`).join('; '),
      { cause: failures[0]?.error },
    );
  return linked;
}

async function linkTenant(
  database: Database,
  tenantId: string,
  batchSize: number,
  wait = false,
): Promise<number> {
  let linked = 0;
  for (;;) {
    const batch = await withTenant(database, { tenantId, userId: null }, async (trx) => {
      // Another linker has this tenant: it links what we would.
      if (!(await lockAuditLinker(trx, wait))) return 0;
      const head = await lockChainHead(trx);
      if (!head) throw new Error('linkAuditEvents: no tenant in the transaction');
      // Read after the head is locked: every event committed by now is seen, none twice.
      const pending = await selectPendingAuditEvents(trx, { limit: batchSize });
      if (pending.length === 0) return 0;
      const links: AuditLink[] = [];
      let prevHash = head.hash;
      let seq = head.seq;
      for (const row of pending) {
        seq += 1;
        const hash = hashAuditEvent(chainedEventOf(row, seq), prevHash);
        links.push({ id: row.id, seq, prevHash, hash });
        prevHash = hash;
      }
      await linkPendingAuditEvents(trx, links);
      return links.length;
    });
    linked += batch;
    if (batch < batchSize) return linked;
  }
}
