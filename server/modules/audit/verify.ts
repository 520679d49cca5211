import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { chainedEventOf, GENESIS_HASH, hashAuditEvent, sameHash, toHex } from './hash-chain.ts';
import { type AuditEventRow, readChainState, selectAuditEvents } from './store.ts';

export type AuditChainProblem =
  /** An event's stored fields no longer produce its hash. */
  | 'changed'
  /** An event holds, unchanged, the event written under another seq. */
  | 'reordered'
  /** Events were deleted: a gap in the seqs, or the log ends before its head. */
  | 'missing'
  /** An event is intact but its predecessor is not the event it was chained to. */
  | 'unlinked'
  /** The chain head is missing, or does not point at the last event. */
  | 'head-mismatch'
  /** The event an operator anchored elsewhere no longer has the anchored hash. */
  | 'anchor-mismatch';

/** Events recorded but not linked yet when the check began: not covered by the check. */
export interface AuditPendingEvents {
  count: number;
  /** The oldest one's time (ISO 8601), or null. */
  oldest: string | null;
}

export type AuditChainVerification =
  | { ok: true; events: number; head: { seq: number; hash: string }; pending: AuditPendingEvents }
  | { ok: false; seq: number; problem: AuditChainProblem; message: string };

/** An event's hash recorded outside the database (see docs/audit-log.md, "Anchoring the head"). */
export interface AuditChainAnchor {
  seq: number;
  hash: string;
}

const DEFAULT_PAGE_SIZE = 1000;
/** How far from its place a moved event is looked for, to tell "reordered" from "changed". */
const REORDER_WINDOW = 100_000;

const label = (row: AuditEventRow) => `event #${row.seq} (${row.occurred_at.toISOString()}, ${row.action})`;

/** The seq, near `row.seq`, under which the row's content was written, if it is only misplaced. */
function originalSeq(row: AuditEventRow, lastSeq: number): number | null {
  for (let distance = 1; distance <= REORDER_WINDOW; distance++) {
    const below = row.seq - distance;
    const above = row.seq + distance;
    if (below < 1 && above > lastSeq) return null;
    for (const seq of [below, above]) {
      if (
        seq >= 1 &&
        seq <= lastSeq &&
        sameHash(hashAuditEvent(chainedEventOf(row, seq), row.prev_hash), row.hash)
      )
        return seq;
    }
  }
  return null;
}

function broken(seq: number, problem: AuditChainProblem, message: string): AuditChainVerification {
  return { ok: false, seq, problem, message };
}

/**
 * Recomputes a tenant's whole chain in seq order, a page at a time (constant memory; each page in its own
 * tenant transaction, so a long check does not hold one open). Events linked while it runs are left for
 * the next check. Returns the first broken link, or the number of events and the head to anchor, and how
 * many events wait to be linked (link them first with linkAuditEvents() to cover them). Times need not
 * grow along the chain: events are linked in the order they committed, not the order they were recorded.
 */
export async function verifyAuditChain(
  database: Database,
  tenantId: string,
  options: {
    anchor?: AuditChainAnchor | undefined;
    /**
     * Verify incrementally: only the events after this head, verified before, and that the event at its seq
     * still has its hash (the audit viewer's periodic check; the events up to it are not recomputed).
     */
    from?: AuditChainAnchor | undefined;
    pageSize?: number;
  } = {},
): Promise<AuditChainVerification> {
  const scope = { tenantId, userId: null };
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const anchor = options.anchor;
  const isHead = (value: AuditChainAnchor) =>
    Number.isSafeInteger(value.seq) && value.seq >= 1 && /^[0-9a-f]{64}$/.test(value.hash);
  if (anchor && !isHead(anchor))
    throw new RangeError('an anchor is a seq (1 or more) and a SHA-256 hash in lower-case hex');
  if (options.from && !isHead(options.from))
    throw new RangeError('from is a seq (1 or more) and a SHA-256 hash in lower-case hex');
  const { head, lastSeq, pending } = await withTenant(database, scope, readChainState);
  const end = Math.max(head?.seq ?? 0, lastSeq);

  let expected = 1;
  let prevHash: Uint8Array = GENESIS_HASH;
  let after = 0;
  if (options.from) {
    const from = options.from;
    const [row] = await withTenant(database, scope, (trx) =>
      selectAuditEvents(trx, { after: from.seq - 1, upTo: from.seq, limit: 1 }),
    );
    if (!row || row.seq !== from.seq)
      return broken(
        from.seq,
        'missing',
        `the verified event #${from.seq} is missing: deleted after being verified`,
      );
    if (toHex(row.hash) !== from.hash)
      return broken(
        from.seq,
        'anchor-mismatch',
        `${label(row)} no longer has the hash it was verified with: the chain was rewritten from this event or an earlier one`,
      );
    expected = from.seq + 1;
    prevHash = row.hash;
    after = from.seq;
  }
  for (;;) {
    const rows = await withTenant(database, scope, (trx) =>
      selectAuditEvents(trx, { after, upTo: end, limit: pageSize }),
    );
    for (const row of rows) {
      if (row.seq !== expected) {
        const what =
          row.seq - expected === 1
            ? `event #${expected} is missing`
            : `events #${expected}–#${row.seq - 1} are missing`;
        const where =
          expected === 1
            ? `the log starts at #${row.seq}`
            : `the log goes from #${expected - 1} to #${row.seq}`;
        return broken(expected, 'missing', `${what} (${where}): deleted after being written`);
      }
      if (!sameHash(hashAuditEvent(chainedEventOf(row, row.seq), row.prev_hash), row.hash)) {
        const original = originalSeq(row, end);
        if (original !== null)
          return broken(
            row.seq,
            'reordered',
            `${label(row)} holds the event written as #${original}: events were moved or swapped`,
          );
        return broken(row.seq, 'changed', `${label(row)} was changed after it was written`);
      }
      if (!sameHash(row.prev_hash, prevHash))
        return broken(
          row.seq,
          'unlinked',
          `${label(row)} does not link to event #${row.seq - 1}: one of the two was rewritten after ` +
            `#${row.seq} was written`,
        );
      if (anchor && row.seq === anchor.seq && toHex(row.hash) !== anchor.hash)
        return broken(
          row.seq,
          'anchor-mismatch',
          `${label(row)} no longer has the anchored hash ${anchor.hash}: the chain was rewritten ` +
            `from this event or an earlier one`,
        );
      prevHash = row.hash;
      expected++;
    }
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) break;
    after = last.seq;
  }

  const verified = expected - 1;
  if (!head) {
    if (verified > 0)
      return broken(
        verified,
        'head-mismatch',
        `the chain head is missing although the log has ${verified} events: it was deleted`,
      );
  } else if (head.seq > verified) {
    const ends = verified === 0 ? 'the log is empty' : `the log ends at #${verified}`;
    return broken(
      verified + 1,
      'missing',
      `event #${verified + 1} is missing: the chain head records ${head.seq} events but ${ends}; ` +
        'the newest events were deleted',
    );
  } else if (head.seq < verified) {
    return broken(
      head.seq + 1,
      'head-mismatch',
      `the chain head is at event #${head.seq} but the log continues to #${verified}: the head was moved back`,
    );
  } else if (!sameHash(head.hash, prevHash)) {
    return broken(
      verified,
      'head-mismatch',
      `the chain head does not match event #${verified}: the newest events were rewritten`,
    );
  }
  if (anchor && anchor.seq > verified)
    return broken(
      anchor.seq,
      'anchor-mismatch',
      `the anchored event #${anchor.seq} no longer exists (the log ends at #${verified}): ` +
        'the chain was cut back',
    );
  return {
    ok: true,
    events: verified,
    head: { seq: verified, hash: toHex(prevHash) },
    pending: { count: pending.count, oldest: pending.oldest?.toISOString() ?? null },
  };
}
