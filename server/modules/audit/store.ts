import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import pg from 'pg';
import type { DB } from '../../db/schema.ts';
import type { AuditEventsTable, AuditPendingEventsTable } from '../../db/schema-audit.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type AuditEventRow = Selectable<AuditEventsTable>;
export type PendingAuditEventRow = Selectable<AuditPendingEventsTable>;

/** The tenant of the current transaction, as set by withTenant(); NULL outside it. */
const currentTenant = sql<string>`nullif(current_setting('app.tenant_id', true), '')::uuid`;

export interface ChainHead {
  tenantId: string;
  seq: number;
  hash: Uint8Array;
}

/**
 * Locks the current tenant's chain head until the transaction ends, creating it on the tenant's first
 * event. Only the linker takes it (and, during a rolling deploy, the previous release's appenders).
 * Returns null when no tenant is set.
 */
export async function lockChainHead(trx: TenantTransaction): Promise<ChainHead | null> {
  const select = () =>
    trx
      .selectFrom('audit_chain_heads')
      .select(['tenant_id', 'seq', 'hash'])
      .where('tenant_id', '=', currentTenant)
      .forUpdate()
      .executeTakeFirst();
  let row = await select();
  if (!row) {
    // Two first events at once: the second insert waits for the first's commit and then does nothing.
    await sql`
      INSERT INTO audit_chain_heads (tenant_id, seq, hash)
      SELECT tenant, 0, decode(repeat('00', 32), 'hex') FROM (SELECT ${currentTenant} AS tenant) AS scope
      WHERE tenant IS NOT NULL
      ON CONFLICT (tenant_id) DO NOTHING
    `.execute(trx);
    row = await select();
  }
  return row ? { tenantId: row.tenant_id, seq: row.seq, hash: row.hash } : null;
}

/**
 * Queues an event of the transaction's tenant for linking, without any lock. Returns false when no tenant
 * is set (nothing is inserted).
 */
export async function insertPendingAuditEvent(
  trx: TenantTransaction,
  row: Omit<Insertable<AuditPendingEventsTable>, 'tenant_id'>,
): Promise<boolean> {
  const { numAffectedRows } = await sql`
    INSERT INTO audit_pending_events (tenant_id, occurred_at, actor_type, actor_id, action, object_type,
                                      object_id, case_id, request_id, outcome, reason, object_ids)
    SELECT tenant, ${row.occurred_at}, ${row.actor_type}, ${row.actor_id ?? null}, ${row.action},
           ${row.object_type}, ${row.object_id ?? null}, ${row.case_id ?? null}, ${row.request_id ?? null},
           ${row.outcome}, ${row.reason ?? null}, ${row.object_ids ?? null}::uuid[]
    FROM (SELECT ${currentTenant} AS tenant) AS scope
    WHERE tenant IS NOT NULL
  `.execute(trx);
  return numAffectedRows !== undefined && numAffectedRows > 0n;
}

/**
 * insertPendingAuditEvent() as one literal statement, for sendWithCommit(): the values are ids, codes and a
 * time (recordAuditEvent validates them), each quoted by node-postgres' escapeLiteral all the same. Without a
 * tenant in the transaction the tenant_id is null, which the table refuses: the commit fails.
 */
export function pendingAuditEventStatement(
  row: Omit<Insertable<AuditPendingEventsTable>, 'tenant_id'>,
): string {
  const text = (value: string | null | undefined) => (value == null ? 'NULL' : pg.escapeLiteral(value));
  const occurredAt =
    row.occurred_at instanceof Date ? row.occurred_at.toISOString() : String(row.occurred_at);
  const objectIds = row.object_ids ? `ARRAY[${row.object_ids.map(text).join(', ')}]::uuid[]` : 'NULL::uuid[]';
  return `INSERT INTO audit_pending_events (tenant_id, occurred_at, actor_type, actor_id, action, object_type,
      object_id, case_id, request_id, outcome, reason, object_ids)
    VALUES (nullif(current_setting('app.tenant_id', true), '')::uuid, ${text(occurredAt)}::timestamptz,
      ${text(row.actor_type)}, ${text(row.actor_id)}, ${text(row.action)}, ${text(row.object_type)},
      ${text(row.object_id)}, ${text(row.case_id)}::uuid, ${text(row.request_id)}, ${text(row.outcome)},
      ${text(row.reason)}, ${objectIds})`;
}

/**
 * A page for the log's readers, in one statement (one snapshot, so an event being linked meanwhile is
 * listed exactly once): up to `limit` linked events after `after` in seq order, then up to `limit`
 * pending events in queue order, optionally only one case's.
 */
export async function selectAuditPage(
  trx: TenantTransaction,
  options: { after: number; limit: number; caseId?: string | undefined },
): Promise<{ linked: AuditEventRow[]; pending: PendingAuditEventRow[] }> {
  const ofCase = options.caseId === undefined ? sql`true` : sql`case_id = ${options.caseId}`;
  const fields = sql`tenant_id, occurred_at, actor_type, actor_id, action, object_type, object_id, case_id,
                     request_id, outcome, reason, object_ids`;
  const { rows } = await sql<AuditEventRow & { id: number | null }>`
    (SELECT NULL::int8 AS id, seq, prev_hash, hash, ${fields} FROM audit_events
     WHERE tenant_id = ${currentTenant} AND seq > ${options.after} AND ${ofCase}
     ORDER BY seq LIMIT ${options.limit})
    UNION ALL
    (SELECT id, NULL, NULL, NULL, ${fields} FROM audit_pending_events
     WHERE tenant_id = ${currentTenant} AND ${ofCase}
     ORDER BY id LIMIT ${options.limit})
    ORDER BY seq NULLS LAST, id
  `.execute(trx);
  const linked: AuditEventRow[] = [];
  const pending: PendingAuditEventRow[] = [];
  for (const { id, seq, prev_hash, hash, ...fields } of rows) {
    if (id === null) linked.push({ seq, prev_hash, hash, ...fields });
    else pending.push({ id, ...fields });
  }
  return { linked, pending };
}

/** The committed pending events of the current tenant in queue order, for the linker. */
export function selectPendingAuditEvents(
  trx: TenantTransaction,
  options: { limit: number },
): Promise<PendingAuditEventRow[]> {
  return trx
    .selectFrom('audit_pending_events')
    .selectAll()
    .where('tenant_id', '=', currentTenant)
    .orderBy('id')
    .limit(options.limit)
    .execute();
}

/** One event to link: the pending event and its place in the chain. */
export interface AuditLink {
  id: number;
  seq: number;
  prevHash: Uint8Array;
  hash: Uint8Array;
}

/**
 * Moves pending events into the chain, in the given order (audit_link_pending, migration 0021: the fields
 * are copied from the pending rows, and the database checks that each link extends the locked head).
 */
export async function linkPendingAuditEvents(trx: TenantTransaction, links: readonly AuditLink[]) {
  const hex = (bytes: Uint8Array) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  const json = JSON.stringify(
    links.map((link) => ({
      id: link.id,
      seq: link.seq,
      prev_hash: hex(link.prevHash),
      hash: hex(link.hash),
    })),
  );
  await sql`SELECT audit_link_pending(${json}::jsonb)`.execute(trx);
}

/**
 * Takes the current tenant's linker lock for the transaction: true when taken, false when another linker
 * holds it (with `wait`, waits for it instead). Linkers of different tenants never wait for each other.
 */
export async function lockAuditLinker(trx: TenantTransaction, wait: boolean): Promise<boolean> {
  const { rows } = wait
    ? await sql<{ locked: boolean }>`
        SELECT true AS locked, pg_advisory_xact_lock(${LINKER_LOCK_CLASS}, hashtext(${currentTenant}::text))
      `.execute(trx)
    : await sql<{ locked: boolean }>`
        SELECT pg_try_advisory_xact_lock(${LINKER_LOCK_CLASS}, hashtext(${currentTenant}::text)) AS locked
      `.execute(trx);
  return rows[0]?.locked === true;
}

/** Advisory lock class of the audit linkers ('audt'); the object is a hash of the tenant id. */
const LINKER_LOCK_CLASS = 0x61756474;

/** The tenants with pending events (audit_pending_tenants, migration 0021); outside a tenant transaction. */
export async function selectPendingTenants(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ tenant_id: string }>`
    SELECT tenant_id FROM audit_pending_tenants() AS tenant_id
  `.execute(db);
  return rows.map((row) => row.tenant_id);
}

/** Events of the current tenant in seq order, after `after`, at most `limit`. */
export function selectAuditEvents(
  trx: TenantTransaction,
  options: { after: number; limit: number; caseId?: string | undefined; upTo?: number | undefined },
): Promise<AuditEventRow[]> {
  let query = trx
    .selectFrom('audit_events')
    .selectAll()
    .where('tenant_id', '=', currentTenant)
    .where('seq', '>', options.after);
  if (options.upTo !== undefined) query = query.where('seq', '<=', options.upTo);
  if (options.caseId !== undefined) query = query.where('case_id', '=', options.caseId);
  return query.orderBy('seq').limit(options.limit).execute();
}

/**
 * The head, the highest seq and the pending events (how many, the oldest one's time), read in one
 * statement so that all come from the same snapshot.
 */
export async function readChainState(trx: TenantTransaction): Promise<{
  head: { seq: number; hash: Uint8Array } | null;
  lastSeq: number;
  pending: { count: number; oldest: Date | null };
}> {
  const { rows } = await sql<{
    head_seq: number | null;
    head_hash: Uint8Array | null;
    last_seq: number;
    pending_count: number;
    pending_oldest: Date | null;
  }>`
    SELECT h.seq AS head_seq, h.hash AS head_hash,
           coalesce((SELECT max(e.seq) FROM audit_events e WHERE e.tenant_id = ${currentTenant}), 0)::int8 AS last_seq,
           p.pending_count, p.pending_oldest
    FROM (SELECT count(*)::int8 AS pending_count, min(occurred_at) AS pending_oldest
          FROM audit_pending_events WHERE tenant_id = ${currentTenant}) AS p
    LEFT JOIN audit_chain_heads h ON h.tenant_id = ${currentTenant}
  `.execute(trx);
  const row = rows[0];
  if (!row) throw new Error('readChainState: no row');
  const head =
    row.head_seq === null || row.head_hash === null ? null : { seq: row.head_seq, hash: row.head_hash };
  return {
    head,
    lastSeq: row.last_seq,
    pending: { count: row.pending_count, oldest: row.pending_oldest },
  };
}
