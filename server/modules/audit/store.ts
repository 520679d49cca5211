import { type Insertable, type Selectable, sql } from 'kysely';
import type { AuditEventsTable } from '../../db/schema-audit.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type AuditEventRow = Selectable<AuditEventsTable>;

/** The tenant of the current transaction, as set by withTenant(); NULL outside it. */
const currentTenant = sql<string>`nullif(current_setting('app.tenant_id', true), '')::uuid`;

export interface ChainHead {
  tenantId: string;
  seq: number;
  hash: Uint8Array;
}

/**
 * Locks the current tenant's chain head until the transaction ends, creating it on the tenant's first
 * event. Returns null when no tenant is set.
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

/** Appends an event; the database checks that it extends the locked head and moves the head to it. */
export async function insertAuditEvent(
  trx: TenantTransaction,
  row: Insertable<AuditEventsTable>,
): Promise<void> {
  await trx.insertInto('audit_events').values(row).execute();
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

/** The head and the highest seq, read in one statement so that both come from the same snapshot. */
export async function readChainState(
  trx: TenantTransaction,
): Promise<{ head: { seq: number; hash: Uint8Array } | null; lastSeq: number }> {
  const { rows } = await sql<{ head_seq: number | null; head_hash: Uint8Array | null; last_seq: number }>`
    SELECT h.seq AS head_seq, h.hash AS head_hash,
           coalesce((SELECT max(e.seq) FROM audit_events e WHERE e.tenant_id = ${currentTenant}), 0)::int8 AS last_seq
    FROM (SELECT 1) AS one
    LEFT JOIN audit_chain_heads h ON h.tenant_id = ${currentTenant}
  `.execute(trx);
  const row = rows[0];
  if (!row) throw new Error('readChainState: no row');
  const head =
    row.head_seq === null || row.head_hash === null ? null : { seq: row.head_seq, hash: row.head_hash };
  return { head, lastSeq: row.last_seq };
}
