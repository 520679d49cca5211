import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Forbidden, Gone, NotFound } from '../../errors.ts';
import type { AccessActor } from '../access/unit-access.ts';
import { dayOf } from './days.ts';
import { canReport, type ReportAction, type ReportSubject, serializeReport } from './policy.ts';
import { findReport, type ReportRow } from './store.ts';

// The one authorising load of a report: every service path that works on a report goes through loadReport().

export function reportSubject(row: ReportRow): ReportSubject {
  return {
    tenantId: row.tenant_id,
    unitId: row.unit_id,
    unitParentId: row.unit_parent_id,
    status: row.status,
    acknowledged: row.acknowledged_at !== null,
    hasReceipt: row.receipt_index !== null || row.receipt_hash !== null,
    deleted: row.deleted_at !== null,
  };
}

/** A deleted report answers 410 with its tombstone. */
export function reportGone(row: ReportRow): Gone {
  return new Gone('report_deleted', `Report ${row.reference} was deleted.`, {
    on: dayOf(row.deleted_at ?? new Date()),
    reason: row.deletion_reason,
  });
}

export interface LoadedReport {
  row: ReportRow;
  /** Every report action and whether the actor may take it (for the response). */
  can: Record<ReportAction, boolean>;
}

/**
 * The report, for an actor who may take `action` on it. NotFound (`report_not_found`) when it does not exist
 * or the actor may not see it (the caller audits the denied read once its transaction has ended:
 * audit/content-reads.ts); Gone (`report_deleted`) when it was deleted, to whoever could see it: nobody can
 * act on it any more; Forbidden (`report_action_not_allowed`) when the actor sees it but may not take
 * `action` now. Row-level security has narrowed `findReport` already; the policy decides again.
 */
export async function loadReport(
  trx: TenantTransaction,
  actor: AccessActor,
  id: string,
  action: ReportAction,
): Promise<LoadedReport> {
  const row = await findReport(trx, id);
  const subject = row ? reportSubject(row) : undefined;
  if (!row || !subject || !canReport(actor, 'see', subject))
    throw new NotFound('report_not_found', 'No such report.');
  if (row.deleted_at) throw reportGone(row);
  if (!canReport(actor, action, subject))
    throw new Forbidden(
      'report_action_not_allowed',
      `You may not ${action.replace('_', ' ')} this report now.`,
    );
  return { row, can: serializeReport(actor, subject) };
}
