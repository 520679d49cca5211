import { type ExpressionBuilder, sql } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Sealed } from '../../crypto/sealed.ts';
import type { DB } from '../../db/schema.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import type { ClosingOutcome, RetentionPolicy } from './schemas.ts';

// SQL of retention and legal holds. Every function runs inside the tenant's transaction (row-level security
// scopes it to the tenant).

export async function findPolicy(trx: TenantTransaction) {
  return trx.selectFrom('retention_policies').select(['policy', 'updated_at']).executeTakeFirst() as Promise<
    { policy: RetentionPolicy; updated_at: Date } | undefined
  >;
}

export async function savePolicy(
  trx: TenantTransaction,
  row: { tenantId: string; policy: RetentionPolicy; by: string; at: Date },
): Promise<void> {
  const policy = JSON.stringify(row.policy);
  await trx
    .insertInto('retention_policies')
    .values({ tenant_id: row.tenantId, policy, updated_by: row.by, updated_at: row.at })
    .onConflict((conflict) =>
      conflict.column('tenant_id').doUpdateSet({ policy, updated_by: row.by, updated_at: row.at }),
    )
    .execute();
}

export function lastRun(trx: TenantTransaction) {
  return trx
    .selectFrom('retention_runs')
    .select(['run_on', 'finished_at', 'deleted', 'anonymised', 'warned', 'held', 'failed'])
    .orderBy('run_on', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findHold(trx: TenantTransaction, caseId: string) {
  return trx
    .selectFrom('case_legal_holds as h')
    .leftJoin('users as u', 'u.id', 'h.set_by')
    .select(['h.case_id', 'h.reason_sealed', 'h.set_by', 'h.set_at', 'u.display_name as set_by_name'])
    .where('h.case_id', '=', caseId)
    .executeTakeFirst();
}

/**
 * findHold() of the case of the enclosing query, as one JSON column (null when the case is not held): the
 * case read loads it in the case's own statement (issue 18).
 */
export function holdColumn(eb: ExpressionBuilder<DB, 'cases'>) {
  return jsonObjectFrom(
    eb
      .selectFrom('case_legal_holds as h')
      .leftJoin('users as u', 'u.id', 'h.set_by')
      .select([
        'h.set_by',
        'u.display_name as set_by_name',
        // JSON spells the time in ISO 8601 whatever the session's DateStyle.
        sql<string>`h.set_at`.as('set_at'),
        sql<string>`encode(h.reason_sealed, 'hex')`.as('reason_hex'),
      ])
      .whereRef('h.case_id', '=', 'cases.id'),
  );
}

export type HoldJson = {
  set_by: string | null;
  set_by_name: string | null;
  set_at: string;
  reason_hex: string;
} | null;

/** Places the hold; false when the case is under hold already. */
export async function insertHold(
  trx: TenantTransaction,
  row: { tenantId: string; caseId: string; reason: Sealed; by: string; at: Date },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('case_legal_holds')
    .values({
      tenant_id: row.tenantId,
      case_id: row.caseId,
      reason_sealed: row.reason,
      set_by: row.by,
      set_at: row.at,
    })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'case_id']).doNothing())
    .returning('case_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Lifts the hold; false when there was none. */
export async function deleteHold(trx: TenantTransaction, caseId: string): Promise<boolean> {
  const result = await trx.deleteFrom('case_legal_holds').where('case_id', '=', caseId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// The daily job.

/** Claims the tenant's run of the day; false when another instance (or an earlier pass) has it. */
export async function claimRun(trx: TenantTransaction, tenantId: string, day: string, now: Date) {
  const claimed = await trx
    .insertInto('retention_runs')
    .values({ tenant_id: tenantId, run_on: day, started_at: now })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'run_on']).doNothing())
    .returning('run_on')
    .executeTakeFirst();
  return claimed !== undefined;
}

export async function finishRun(
  trx: TenantTransaction,
  day: string,
  counts: { deleted: number; anonymised: number; warned: number; held: number; failed: number },
  at: Date,
): Promise<void> {
  await trx
    .updateTable('retention_runs')
    .set({ ...counts, finished_at: at })
    .where('run_on', '=', day)
    .execute();
}

export interface ClosedCaseRow {
  id: string;
  closed_at: Date;
  closing_outcome: ClosingOutcome | null;
  level: number | null;
  owner_id: string | null;
  held: boolean;
  /** When the owner was warned that this closing expires; null before. */
  warned_at: Date | null;
}

/** Closed, undeleted cases closed before `before`, oldest first, with whether each is under legal hold. */
export async function closedCasesBefore(trx: TenantTransaction, before: Date): Promise<ClosedCaseRow[]> {
  const rows = await trx
    .selectFrom('cases as c')
    .select([
      'c.id',
      'c.closed_at',
      'c.closing_outcome',
      'c.level',
      'c.owner_id',
      sql<boolean>`EXISTS (SELECT 1 FROM case_legal_holds h WHERE h.case_id = c.id)`.as('held'),
      sql<Date | null>`(SELECT w.warned_at FROM retention_warnings w
        WHERE w.case_id = c.id AND w.closed_at = c.closed_at)`.as('warned_at'),
    ])
    .where('c.status', '=', 'closed')
    .where('c.deleted_at', 'is', null)
    .where('c.closed_at', 'is not', null)
    .where('c.closed_at', '<', before)
    .orderBy('c.closed_at')
    .execute();
  return rows as ClosedCaseRow[];
}

/** Dismissed reports (closed, no case, not deleted) closed on or before `onOrBefore`. */
export function dismissedReportsClosedBy(trx: TenantTransaction, onOrBefore: string) {
  return trx
    .selectFrom('reports')
    .select(['id', 'closed_on', 'unit_id', 'received_on'])
    .where('status', '=', 'closed')
    .where('case_id', 'is', null)
    .where('deleted_at', 'is', null)
    .where('closed_on', '<=', onOrBefore)
    .orderBy('closed_on')
    .execute() as Promise<Array<{ id: string; closed_on: string; unit_id: string; received_on: string }>>;
}

/** Records that the owner was warned of this closing; false when they were already. */
export async function recordWarning(
  trx: TenantTransaction,
  row: { tenantId: string; caseId: string; closedAt: Date; at: Date },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('retention_warnings')
    .values({ tenant_id: row.tenantId, case_id: row.caseId, closed_at: row.closedAt, warned_at: row.at })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'case_id', 'closed_at']).doNothing())
    .returning('case_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** A closed case as retention sees it, locked for its deletion; undefined when it changed meanwhile. */
export function lockDueCase(trx: TenantTransaction, caseId: string) {
  return trx
    .selectFrom('cases as c')
    .select([
      'c.id',
      'c.unit_id',
      'c.category',
      'c.level',
      'c.closing_outcome',
      'c.created_at',
      'c.closed_at',
      'c.status',
      'c.deleted_at',
      sql<boolean>`EXISTS (SELECT 1 FROM case_legal_holds h WHERE h.case_id = c.id)`.as('held'),
      sql<number>`(SELECT count(*)::int FROM reports r WHERE r.case_id = c.id)`.as('report_count'),
      sql<number>`(SELECT count(*)::int FROM case_persons p WHERE p.case_id = c.id)`.as('person_count'),
      sql<number>`(SELECT count(*)::int FROM case_documents d WHERE d.case_id = c.id)`.as('document_count'),
      sql<number>`(SELECT count(*)::int FROM case_measures m WHERE m.case_id = c.id)`.as('measure_count'),
    ])
    .where('c.id', '=', caseId)
    .forUpdate()
    .executeTakeFirst();
}

export function lockDueReport(trx: TenantTransaction, reportId: string) {
  return trx
    .selectFrom('reports')
    .select(['id', 'unit_id', 'received_on', 'closed_on', 'status', 'case_id', 'deleted_at'])
    .where('id', '=', reportId)
    .forUpdate()
    .executeTakeFirst() as Promise<
    | {
        id: string;
        unit_id: string;
        received_on: string;
        closed_on: string | null;
        status: string;
        case_id: string | null;
        deleted_at: Date | null;
      }
    | undefined
  >;
}

export async function insertStatistic(
  trx: TenantTransaction,
  row: {
    tenant_id: string;
    object_type: 'case' | 'report';
    unit_id: string;
    category: string | null;
    level: number | null;
    outcome: string | null;
    opened_month: string;
    closed_month: string;
    report_count: number;
    person_count: number;
    document_count: number;
    measure_count: number;
    recorded_month: string;
  },
): Promise<void> {
  await trx.insertInto('retention_statistics').values(row).execute();
}
