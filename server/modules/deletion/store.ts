import { sql } from 'kysely';
import type { Sealed } from '../../crypto/sealed.ts';
import { defineKeyset, type KeysetPosition, selectKeysetPage } from '../../db/keyset.ts';
import type { PageRequest } from '../../db/page.ts';
import type { DeletionRequestsTable } from '../../db/schema-deletion.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import type { DeletableType, DeletionReason } from './schemas.ts';

// SQL of deletions. Every function runs inside the tenant's transaction (row-level security scopes it).

export interface DeletableRow {
  id: string;
  reference: string;
  unit_id: string;
  deleted_at: Date | null;
  deletion_reason: DeletionReason | null;
  /** The case a report belongs to (reports only). */
  case_id: string | null;
}

/** The case or report, if the transaction's user sees it; locked, since a deletion may follow. */
export async function findDeletable(
  trx: TenantTransaction,
  type: DeletableType,
  id: string,
): Promise<DeletableRow | undefined> {
  if (type === 'case') {
    const row = await trx
      .selectFrom('cases')
      .select(['id', 'reference', 'unit_id', 'deleted_at', 'deletion_reason'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row ? { ...row, case_id: null } : undefined;
  }
  return trx
    .selectFrom('reports')
    .select(['id', 'reference', 'unit_id', 'deleted_at', 'deletion_reason', 'case_id'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function requiresApproval(trx: TenantTransaction): Promise<boolean> {
  const row = await trx.selectFrom('deletion_settings').select('requires_approval').executeTakeFirst();
  return row?.requires_approval ?? false;
}

export async function setRequiresApproval(
  trx: TenantTransaction,
  tenantId: string,
  value: boolean,
): Promise<void> {
  await trx
    .insertInto('deletion_settings')
    .values({ tenant_id: tenantId, requires_approval: value, updated_at: new Date() })
    .onConflict((conflict) =>
      conflict.column('tenant_id').doUpdateSet({ requires_approval: value, updated_at: new Date() }),
    )
    .execute();
}

export type RequestRow = {
  id: string;
  object_type: DeletableType;
  object_id: string;
  reason: DeletionReason;
  note_sealed: Sealed | null;
  requested_by: string;
  requested_at: Date;
  requester_name: string;
  reference: string;
};

function requestQuery(trx: TenantTransaction) {
  return trx
    .selectFrom('deletion_requests as r')
    .innerJoin('users as u', 'u.id', 'r.requested_by')
    .leftJoin('cases as c', (join) => join.onRef('c.id', '=', 'r.object_id').on('r.object_type', '=', 'case'))
    .leftJoin('reports as p', (join) =>
      join.onRef('p.id', '=', 'r.object_id').on('r.object_type', '=', 'report'),
    )
    .select([
      'r.id',
      'r.object_type',
      'r.object_id',
      'r.reason',
      'r.note_sealed',
      'r.requested_by',
      'r.requested_at',
      'u.display_name as requester_name',
      sql<string>`coalesce(c.reference, p.reference, '')`.as('reference'),
    ])
    .where('r.status', '=', 'pending');
}

export function findPendingRequest(
  trx: TenantTransaction,
  type: DeletableType,
  objectId: string,
): Promise<RequestRow | undefined> {
  return requestQuery(trx)
    .where('r.object_type', '=', type)
    .where('r.object_id', '=', objectId)
    .executeTakeFirst() as Promise<RequestRow | undefined>;
}

/**
 * The pending requests' order: oldest first, (requested_at, id), since they wait for a second admin;
 * `deletion_requests_list_idx` serves it.
 */
export const pendingRequestsKeyset = defineKeyset({
  name: 'deletion-requests',
  columns: [
    { ref: 'r.requested_at', type: 'timestamp' },
    { ref: 'r.id', type: 'uuid' },
  ],
  order: 'asc',
});

/** One page of the pending requests, only those about one object when `object` is given. */
export async function listPendingRequests(
  trx: TenantTransaction,
  filter: { objectType?: DeletableType | undefined; objectId?: string | undefined },
  page: PageRequest,
): Promise<{ rows: RequestRow[]; next: KeysetPosition | null }> {
  let query = requestQuery(trx);
  if (filter.objectType) query = query.where('r.object_type', '=', filter.objectType);
  if (filter.objectId) query = query.where('r.object_id', '=', filter.objectId);
  const { rows, next } = await selectKeysetPage(query, pendingRequestsKeyset, page);
  return { rows: rows as RequestRow[], next };
}

export async function insertRequest(
  trx: TenantTransaction,
  row: Pick<DeletionRequestsTable, 'tenant_id' | 'object_type' | 'object_id' | 'reason' | 'requested_by'> & {
    id: string;
    note_sealed: Sealed | null;
    requested_at: Date;
  },
): Promise<void> {
  await trx.insertInto('deletion_requests').values(row).execute();
}

/** Closes a pending request; false if it was no longer pending (decided meanwhile). */
export async function decideRequest(
  trx: TenantTransaction,
  id: string,
  decision: { status: 'approved' | 'withdrawn'; by: string | null; at: Date },
): Promise<boolean> {
  const result = await trx
    .updateTable('deletion_requests')
    .set({ status: decision.status, decided_by: decision.by, decided_at: decision.at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ids of the reports of a case, deleted or not. */
export async function caseReportIds(trx: TenantTransaction, caseId: string): Promise<string[]> {
  const rows = await trx.selectFrom('reports').select('id').where('case_id', '=', caseId).execute();
  return rows.map((row) => row.id);
}

export interface TombstoneValues {
  deletedAt: Date;
  deletedBy: string | null;
  approvedBy: string | null;
  reason: DeletionReason;
}

/** Reduces a case to its tombstone: reference, unit, dates, who, why; no ciphertext. */
export async function tombstoneCase(trx: TenantTransaction, id: string, values: TombstoneValues) {
  await trx
    .updateTable('cases')
    .set({
      title_sealed: null,
      owner_id: null,
      level: null,
      updated_at: values.deletedAt,
      deleted_at: values.deletedAt,
      deleted_by: values.deletedBy,
      deletion_approved_by: values.approvedBy,
      deletion_reason: values.reason,
    })
    .where('id', '=', id)
    .execute();
  await trx.deleteFrom('case_members').where('case_id', '=', id).execute();
  // Text died with the data key; the rows go with the case's content, and with them their blind-index
  // entries (search terms follow by trigger), which would otherwise still tell whether a name or word was
  // in the deleted case.
  await trx.updateTable('cases').set({ search_index: [] }).where('id', '=', id).execute();
  // Measures before assessments: a measure names the assessment whose scenarios it answers.
  for (const table of [
    'case_journal',
    'case_comments',
    'case_tasks',
    'case_persons',
    'case_measure_experts',
    'case_measures',
    'assessments',
  ] as const)
    await trx.deleteFrom(table).where('case_id', '=', id).execute();
}

/**
 * Reduces a report to its tombstone and deletes what hangs off it (dialogue, attachment rows, queued
 * e-mails about it). The receipt hash stays, so the reporter is told the report is closed. Answers the
 * blob ids of its attachments, to be removed from the blob store after the commit.
 */
export async function tombstoneReport(
  trx: TenantTransaction,
  id: string,
  values: TombstoneValues,
): Promise<string[]> {
  const attachments = await trx
    .deleteFrom('report_attachments')
    .where('report_id', '=', id)
    .returning('blob_id')
    .execute();
  await trx.deleteFrom('report_messages').where('report_id', '=', id).execute();
  // Queued notices name the report in their link, and mail to a named reporter has its address sealed with
  // the report's key; sent ones have had their address and params cleared already.
  await trx
    .deleteFrom('email_outbox')
    .where('status', '<>', 'sent')
    .where((eb) =>
      eb.or([
        eb(sql<string>`params ->> 'path'`, '=', `/reports/${id}`),
        eb.and([eb('recipient_scope', '=', 'report'), eb('recipient_scope_id', '=', id)]),
      ]),
    )
    .execute();
  await trx
    .updateTable('reports')
    .set({
      answers_sealed: null,
      reporter_sealed: null,
      closed_note_sealed: null,
      // Derived from the answers: content, so it goes too.
      danger_indicated: false,
      // The exact hour of a danger deadline says when the report came in: it goes with the report.
      danger_due_at: null,
      danger_alerted_at: null,
      danger_escalated_on: null,
      awaiting_reply: false,
      message_count: 0,
      deleted_at: values.deletedAt,
      deleted_by: values.deletedBy,
      deletion_approved_by: values.approvedBy,
      deletion_reason: values.reason,
    })
    .where('id', '=', id)
    .execute();
  return attachments.map((row) => row.blob_id);
}

/** Every user's notices of a report. Run without the user's scope: a user sees only their own notices. */
export async function deleteReportNotifications(trx: TenantTransaction, reportId: string): Promise<void> {
  await trx.deleteFrom('notifications').where('report_id', '=', reportId).execute();
}

export async function queueBlobDeletions(
  trx: TenantTransaction,
  tenantId: string,
  blobIds: string[],
): Promise<void> {
  if (blobIds.length === 0) return;
  await trx
    .insertInto('blob_deletions')
    .values(blobIds.map((blob_id) => ({ tenant_id: tenantId, blob_id })))
    .onConflict((conflict) => conflict.columns(['tenant_id', 'blob_id']).doNothing())
    .execute();
}

export async function queuedBlobIds(trx: TenantTransaction, limit: number): Promise<string[]> {
  const rows = await trx.selectFrom('blob_deletions').select('blob_id').limit(limit).execute();
  return rows.map((row) => row.blob_id);
}

export async function dequeueBlob(trx: TenantTransaction, blobId: string): Promise<void> {
  await trx.deleteFrom('blob_deletions').where('blob_id', '=', blobId).execute();
}

/** Closes requests still pending for an object deleted by other means (its case was deleted, say). */
export async function closePendingRequests(
  trx: TenantTransaction,
  type: DeletableType,
  objectId: string,
  at: Date,
): Promise<void> {
  await trx
    .updateTable('deletion_requests')
    .set({ status: 'withdrawn', decided_at: at })
    .where('object_type', '=', type)
    .where('object_id', '=', objectId)
    .where('status', '=', 'pending')
    .execute();
}
