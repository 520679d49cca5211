import { type RawBuilder, sql } from 'kysely';
import { type TenantTransaction, withoutUserScope } from '../../db/tenant-transaction.ts';
import type { AuditEventRow } from './store.ts';

// SQL of the audit viewer (docs/audit-log.md, "Reading the log"): filtered pages of linked events, newest
// first, keyset on seq (migration 0044's indexes, one per filter); the names of the actors and the references
// of the cases the events name; the verification results; who has seen a case.

/** The tenant of the current transaction, as set by withTenant(); NULL outside it. */
const currentTenant = sql<string>`nullif(current_setting('app.tenant_id', true), '')::uuid`;

export interface AuditFilter {
  actorId?: string | undefined;
  caseId?: string | undefined;
  /** An exact action (`case.read`) or, ending in `.*`, every action under a prefix (`case.*`). */
  action?: string | undefined;
  outcome?: 'success' | 'failure' | 'denied' | undefined;
  /** occurred_at ≥ from. */
  from?: Date | undefined;
  /** occurred_at < to. */
  to?: Date | undefined;
}

function conditions(filter: AuditFilter): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`tenant_id = ${currentTenant}`];
  if (filter.actorId !== undefined) where.push(sql`actor_id = ${filter.actorId}`);
  if (filter.caseId !== undefined) where.push(sql`case_id = ${filter.caseId}::uuid`);
  if (filter.action !== undefined) {
    if (filter.action.endsWith('.*')) {
      // A prefix of dotted lower-case words (validated by the route): no LIKE wildcard can be in it but `_`.
      const prefix = `${filter.action.slice(0, -1).replaceAll('_', '\\_')}%`;
      where.push(sql`action LIKE ${prefix}`);
    } else where.push(sql`action = ${filter.action}`);
  }
  if (filter.outcome !== undefined) where.push(sql`outcome = ${filter.outcome}`);
  // The time is compared as an expression, so that the page walks seq (newest first, within the seq window
  // of seqWindow()) rather than sorting every event of the time window found by the time index.
  if (filter.from !== undefined) where.push(sql`occurred_at + interval '0' >= ${filter.from}`);
  if (filter.to !== undefined) where.push(sql`occurred_at + interval '0' < ${filter.to}`);
  return where;
}

/**
 * Longer than any transaction that records audit events lasts (requests run under a statement timeout and
 * commit in seconds): the time bounds above hold for events whose transactions end within it.
 */
const COMMIT_MARGIN = '6 hours';

/**
 * The seqs a time window's events lie strictly between, from the time index, so that a window far back is
 * not found by walking every newer event. An event D recorded more than COMMIT_MARGIN before E had committed
 * before E was recorded, so the linker (queue order over committed events) gave it the lower seq: every
 * event from `from` on comes after the newest event recorded before `from` − margin, and every event before
 * `to` comes before the first event recorded from `to` + margin on.
 */
async function seqWindow(
  trx: TenantTransaction,
  filter: AuditFilter,
): Promise<{ above: number | null; below: number | null }> {
  if (filter.from === undefined && filter.to === undefined) return { above: null, below: null };
  const { rows } = await sql<{ above: number | null; below: number | null }>`
    SELECT
      ${
        filter.from === undefined
          ? sql`NULL`
          : sql`(SELECT b.seq FROM audit_events b WHERE b.tenant_id = ${currentTenant}
         AND b.occurred_at < ${filter.from}::timestamptz - ${COMMIT_MARGIN}::interval
         ORDER BY b.occurred_at DESC LIMIT 1)`
      }::int8 AS above,
      ${
        filter.to === undefined
          ? sql`NULL`
          : sql`(SELECT b.seq FROM audit_events b WHERE b.tenant_id = ${currentTenant}
         AND b.occurred_at >= ${filter.to}::timestamptz + ${COMMIT_MARGIN}::interval
         ORDER BY b.occurred_at LIMIT 1)`
      }::int8 AS below
  `.execute(trx);
  return rows[0] ?? { above: null, below: null };
}

/**
 * Up to `limit` linked events matching the filter, newest first, with a seq below `before` (keyset: events
 * linked meanwhile have higher seqs and never shift a page) and at most `upTo`.
 */
export async function selectFilteredAuditEvents(
  trx: TenantTransaction,
  filter: AuditFilter,
  page: { before?: number | undefined; upTo?: number | undefined; limit: number },
): Promise<AuditEventRow[]> {
  const where = conditions(filter);
  const window = await seqWindow(trx, filter);
  if (window.above !== null) where.push(sql`seq > ${window.above}`);
  if (window.below !== null) where.push(sql`seq < ${window.below}`);
  if (page.before !== undefined) where.push(sql`seq < ${page.before}`);
  if (page.upTo !== undefined) where.push(sql`seq <= ${page.upTo}`);
  const { rows } = await sql<AuditEventRow>`
    SELECT tenant_id, seq, occurred_at, actor_type, actor_id, action, object_type, object_id, case_id,
           request_id, outcome, reason, object_ids, prev_hash, hash
    FROM audit_events
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY seq DESC
    LIMIT ${page.limit}
  `.execute(trx);
  return rows;
}

/** The tenant's chain head (seq 0 before the first event). */
export async function selectChainHead(
  trx: TenantTransaction,
): Promise<{ seq: number; hash: Uint8Array | null }> {
  const row = await trx
    .selectFrom('audit_chain_heads')
    .select(['seq', 'hash'])
    .where('tenant_id', '=', currentTenant)
    .executeTakeFirst();
  return row ? { seq: row.seq, hash: row.seq === 0 ? null : row.hash } : { seq: 0, hash: null };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Display names of the tenant's users among `ids` (ids that are no user's are left out). */
export async function selectUserNames(
  trx: TenantTransaction,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id) => uuid.test(id)).map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return new Map();
  const rows = await trx
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('tenant_id', '=', currentTenant)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

/** The tenant's users, for the viewer's user filter: ids and display names only. */
export function selectTenantUsers(
  trx: TenantTransaction,
): Promise<Array<{ id: string; display_name: string; role: string; status: string }>> {
  return trx
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'status'])
    .where('tenant_id', '=', currentTenant)
    .orderBy('display_name')
    .orderBy('id')
    .execute();
}

/**
 * The references of the cases among `ids`, tombstones included. A reference is metadata, not content: it is
 * read with the user's scope lifted (withoutUserScope), because an auditor sees no case, and nothing else of
 * the case is read.
 */
export function selectCaseReferences(
  trx: TenantTransaction,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return Promise.resolve(new Map());
  return withoutUserScope(trx, async () => {
    const rows = await trx
      .selectFrom('cases')
      .select(['id', 'reference'])
      .where('tenant_id', '=', currentTenant)
      .where('id', 'in', wanted)
      .execute();
    return new Map(rows.map((row) => [row.id, row.reference]));
  });
}

/** The case with this reference (case-insensitive), tombstones included: its id only. */
export function selectCaseIdByReference(trx: TenantTransaction, reference: string): Promise<string | null> {
  return withoutUserScope(trx, async () => {
    const row = await trx
      .selectFrom('cases')
      .select('id')
      .where('tenant_id', '=', currentTenant)
      .where(sql<string>`lower(reference)`, '=', reference.trim().toLowerCase())
      .executeTakeFirst();
    return row?.id ?? null;
  });
}

export interface VerificationRow {
  verified_at: Date;
  mode: 'full' | 'incremental';
  source: 'cli' | 'server';
  ok: boolean;
  head_seq: number | null;
  head_hash: Uint8Array | null;
  problem: string | null;
  problem_seq: number | null;
}

export async function insertVerification(trx: TenantTransaction, row: VerificationRow): Promise<void> {
  await sql`
    INSERT INTO audit_verifications (tenant_id, verified_at, mode, source, ok, head_seq, head_hash, problem,
                                     problem_seq)
    SELECT tenant, ${row.verified_at}, ${row.mode}, ${row.source}, ${row.ok}, ${row.head_seq},
           ${row.head_hash}, ${row.problem}, ${row.problem_seq}
    FROM (SELECT ${currentTenant} AS tenant) AS scope
    WHERE tenant IS NOT NULL
  `.execute(trx);
}

/** The newest verification of the tenant's chain, and the newest one that found it intact. */
export async function selectLatestVerifications(
  trx: TenantTransaction,
): Promise<{ latest: VerificationRow | null; lastOk: VerificationRow | null }> {
  const base = () =>
    trx
      .selectFrom('audit_verifications')
      .select(['verified_at', 'mode', 'source', 'ok', 'head_seq', 'head_hash', 'problem', 'problem_seq'])
      .where('tenant_id', '=', currentTenant)
      .orderBy('verified_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1);
  const latest = (await base().executeTakeFirst()) ?? null;
  const lastOk = latest?.ok ? latest : ((await base().where('ok', '=', true).executeTakeFirst()) ?? null);
  return { latest, lastOk };
}

/** How many events wait to be linked. */
export async function countPendingEvents(trx: TenantTransaction): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    SELECT count(*)::int8 AS count FROM audit_pending_events WHERE tenant_id = ${currentTenant}
  `.execute(trx);
  return rows[0]?.count ?? 0;
}

export interface CaseViewerRow {
  actor_type: string;
  actor_id: string;
  reads: number;
  exports: number;
  changes: number;
  last_at: Date;
  last_action: string;
}

/**
 * Who has acted on the case, from its audit events (linked and pending): per person or API token, how often
 * they read, exported and changed it, and when last. Reading is an action ending in `read` or `list`
 * (`case.read`, `case.journal_read`, `case.document_list`); exporting one holding `export`; everything else
 * (writing, uploading, handing over, deleting …) is a change. Only what succeeded counts, and not the
 * reading of this list itself (`case.viewers_read`).
 */
export async function selectCaseViewers(trx: TenantTransaction, caseId: string): Promise<CaseViewerRow[]> {
  const { rows } = await sql<CaseViewerRow>`
    WITH events AS (
      SELECT actor_type, actor_id, action, occurred_at FROM audit_events
      WHERE tenant_id = ${currentTenant} AND case_id = ${caseId}::uuid AND outcome = 'success'
        AND actor_type IN ('user', 'api_token') AND actor_id IS NOT NULL AND action <> 'case.viewers_read'
      UNION ALL
      SELECT actor_type, actor_id, action, occurred_at FROM audit_pending_events
      WHERE tenant_id = ${currentTenant} AND case_id = ${caseId}::uuid AND outcome = 'success'
        AND actor_type IN ('user', 'api_token') AND actor_id IS NOT NULL AND action <> 'case.viewers_read'
    ), kinds AS (
      SELECT *, CASE WHEN action LIKE '%export%' THEN 'export'
                     WHEN action ~ '(read|list)$' THEN 'read'
                     ELSE 'change' END AS kind
      FROM events
    )
    SELECT actor_type, actor_id,
           count(*) FILTER (WHERE kind = 'read')::int8 AS reads,
           count(*) FILTER (WHERE kind = 'export')::int8 AS exports,
           count(*) FILTER (WHERE kind = 'change')::int8 AS changes,
           max(occurred_at) AS last_at,
           (array_agg(action ORDER BY occurred_at DESC))[1] AS last_action
    FROM kinds
    GROUP BY actor_type, actor_id
    ORDER BY max(occurred_at) DESC, actor_id
  `.execute(trx);
  return rows;
}

/** The stored hashes of the events with these seqs. */
export async function selectEventHashes(
  trx: TenantTransaction,
  seqs: readonly number[],
): Promise<Map<number, Uint8Array>> {
  if (seqs.length === 0) return new Map();
  const rows = await trx
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .where('tenant_id', '=', currentTenant)
    .where('seq', 'in', [...seqs])
    .execute();
  return new Map(rows.map((row) => [row.seq, row.hash]));
}
