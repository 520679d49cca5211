import { randomBytes } from 'node:crypto';
import { type Insertable, type Selectable, sql } from 'kysely';
import { allColumns } from '../../db/columns.ts';
import { defineKeyset, type KeysetPosition, selectKeysetPage } from '../../db/keyset.ts';
import type { PageRequest } from '../../db/page.ts';
import type {
  ReportAttachmentsTable,
  ReportMessagesTable,
  ReportSettingsTable,
  ReportsTable,
} from '../../db/schema-reports.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type ReportRow = Selectable<ReportsTable> & { unit_name: string; unit_parent_id: string | null };
export type MessageRow = Selectable<ReportMessagesTable> & { author_name: string | null };
export type AttachmentRow = Selectable<ReportAttachmentsTable>;
export type SettingsRow = Selectable<ReportSettingsTable>;

/** The tenant's reporting settings, created with a fresh receipt salt on first use. */
export async function reportSettings(trx: TenantTransaction, tenantId: string): Promise<SettingsRow> {
  await trx
    .insertInto('report_settings')
    .values({ tenant_id: tenantId, receipt_salt: randomBytes(16) })
    .onConflict((conflict) => conflict.column('tenant_id').doNothing())
    .execute();
  return trx.selectFrom('report_settings').select(allColumns('report_settings')).executeTakeFirstOrThrow();
}

export async function updateReportSettings(
  trx: TenantTransaction,
  tenantId: string,
  values: { emergency_notice: unknown; acknowledge_days: number; feedback_months: number },
): Promise<SettingsRow> {
  await reportSettings(trx, tenantId);
  return trx
    .updateTable('report_settings')
    .set({
      ...values,
      emergency_notice: values.emergency_notice === null ? null : JSON.stringify(values.emergency_notice),
      updated_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The latest published report form of the tenant, or undefined when it uses TMA's default. */
export function latestForm(trx: TenantTransaction) {
  return trx
    .selectFrom('report_forms')
    .select(allColumns('report_forms'))
    .orderBy('published_at', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export function findForm(trx: TenantTransaction, formId: string, version: string) {
  return trx
    .selectFrom('report_forms')
    .select(allColumns('report_forms'))
    .where('form_id', '=', formId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function insertForm(
  trx: TenantTransaction,
  form: {
    tenant_id: string;
    form_id: string;
    version: string;
    definition: unknown;
    published_by: string | null;
  },
): Promise<boolean> {
  const row = await trx
    .insertInto('report_forms')
    .values({ ...form, definition: JSON.stringify(form.definition) })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'form_id', 'version']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertReport(trx: TenantTransaction, report: Insertable<ReportsTable>): Promise<void> {
  await trx.insertInto('reports').values(report).execute();
}

function reportQuery(trx: TenantTransaction) {
  return trx
    .selectFrom('reports')
    .innerJoin('org_units', 'org_units.id', 'reports.unit_id')
    .select(allColumns('reports'))
    .select(['org_units.name as unit_name', 'org_units.parent_id as unit_parent_id']);
}

/** A report, if the transaction's user may see it (row-level security); authorise with loadReport(). */
export function findReport(trx: TenantTransaction, id: string): Promise<ReportRow | undefined> {
  return reportQuery(trx).where('reports.id', '=', id).executeTakeFirst();
}

/** The report whose receipt has this keyed index (receipts.ts), through the unique index of migration 0025. */
export function findReportByReceiptIndex(
  trx: TenantTransaction,
  receiptIndex: Buffer,
): Promise<{ id: string } | undefined> {
  return trx.selectFrom('reports').select('id').where('receipt_index', '=', receiptIndex).executeTakeFirst();
}

/** The report of a 16-digit receipt issued before the keyed index, by its argon2id hash. */
export function findReportByReceiptHash(
  trx: TenantTransaction,
  receiptHash: Buffer,
): Promise<{ id: string } | undefined> {
  return trx.selectFrom('reports').select('id').where('receipt_hash', '=', receiptHash).executeTakeFirst();
}

/** Gives a report found by its receipt's argon2id hash the receipt's keyed index, unless it has one. */
export async function backfillReceiptIndex(
  trx: TenantTransaction,
  reportId: string,
  receiptIndex: Buffer,
): Promise<void> {
  await trx
    .updateTable('reports')
    .set({ receipt_index: receiptIndex })
    .where('id', '=', reportId)
    .where('receipt_index', 'is', null)
    .execute();
}

export type InboxView = 'open' | 'closed' | 'all';

/**
 * The inbox's order: danger indicated first, then newest first by number (per tenant, never reused, so it
 * is the key's unique column); `reports_inbox_idx` serves it.
 */
export const inboxKeyset = defineKeyset({
  name: 'reports',
  columns: [
    { ref: 'reports.danger_indicated', type: 'boolean' },
    { ref: 'reports.number', type: 'integer' },
  ],
  order: 'desc',
});

/**
 * One page of the inbox in inboxKeyset's order, the view's filter combined with the cursor. RLS narrows the
 * rows to the user's units; `unitIds` says the same in SQL so the planner can use it.
 */
export function listInbox(
  trx: TenantTransaction,
  options: { view: InboxView; unitIds: string[] },
  page: PageRequest,
): Promise<{ rows: ReportRow[]; next: KeysetPosition | null }> {
  if (options.unitIds.length === 0) return Promise.resolve({ rows: [], next: null });
  let query = reportQuery(trx).where('reports.unit_id', 'in', options.unitIds);
  // A deleted report (its tombstone) is done with: it shows among the closed ones, whatever its status was.
  if (options.view === 'open')
    query = query
      .where('reports.status', 'in', ['new', 'acknowledged'])
      .where('reports.deleted_at', 'is', null);
  if (options.view === 'closed')
    query = query.where((eb) =>
      eb.or([
        eb('reports.status', 'in', ['case_opened', 'attached', 'closed']),
        eb('reports.deleted_at', 'is not', null),
      ]),
    );
  return selectKeysetPage(query, inboxKeyset, page);
}

/** Takes the next message number of a report and updates its dialogue state. */
export async function takeMessageSeq(
  trx: TenantTransaction,
  reportId: string,
  author: 'team' | 'reporter',
): Promise<number> {
  const row = await trx
    .updateTable('reports')
    .set({ message_count: sql`message_count + 1`, awaiting_reply: author === 'reporter' })
    .where('id', '=', reportId)
    .returning('message_count')
    .executeTakeFirstOrThrow();
  return row.message_count;
}

export async function insertMessage(
  trx: TenantTransaction,
  message: Insertable<ReportMessagesTable>,
): Promise<void> {
  await trx.insertInto('report_messages').values(message).execute();
}

export function listMessages(trx: TenantTransaction, reportId: string): Promise<MessageRow[]> {
  return trx
    .selectFrom('report_messages')
    .leftJoin('users', 'users.id', 'report_messages.author_id')
    .select(allColumns('report_messages'))
    .select('users.display_name as author_name')
    .where('report_messages.report_id', '=', reportId)
    .orderBy('report_messages.seq')
    .execute();
}

export async function insertAttachments(
  trx: TenantTransaction,
  attachments: Insertable<ReportAttachmentsTable>[],
): Promise<void> {
  if (attachments.length > 0) await trx.insertInto('report_attachments').values(attachments).execute();
}

export function listAttachments(trx: TenantTransaction, reportId: string): Promise<AttachmentRow[]> {
  return trx
    .selectFrom('report_attachments')
    .select(allColumns('report_attachments'))
    .where('report_id', '=', reportId)
    .orderBy('added_on')
    .orderBy('id')
    .execute();
}

export function findAttachment(
  trx: TenantTransaction,
  reportId: string,
  attachmentId: string,
): Promise<AttachmentRow | undefined> {
  return trx
    .selectFrom('report_attachments')
    .select(allColumns('report_attachments'))
    .where('report_id', '=', reportId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

/**
 * Changes a report only if it is still in one of `from` statuses (another threat manager may have triaged
 * it a moment ago); false when it was not.
 */
export async function updateReportIf(
  trx: TenantTransaction,
  id: string,
  from: ReadonlyArray<ReportsTable['status']['__select__']>,
  values: Partial<{
    status: ReportsTable['status']['__update__'];
    acknowledged_at: Date;
    feedback_given_at: Date;
    case_id: string;
    closed_reason: 'not_relevant' | 'handed_to_other_body';
    closed_note_sealed: ReportsTable['closed_note_sealed']['__update__'];
    unit_id: string;
  }>,
): Promise<boolean> {
  const result = await trx
    .updateTable('reports')
    .set(values)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Whether a report exists in the transaction's tenant, whoever may see it (run it without the user scope). */
export async function reportExists(trx: TenantTransaction, id: string): Promise<boolean> {
  const row = await trx.selectFrom('reports').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** The tenant's wrong receipts per UTC day, from `since` on (receipt-throttle.ts). */
export function receiptFailuresSince(
  trx: TenantTransaction,
  since: string,
): Promise<Array<{ day: string; failures: number }>> {
  return trx
    .selectFrom('receipt_failure_days')
    .select(['day', 'failures'])
    .where('day', '>=', since)
    .execute();
}

/** Counts one wrong receipt on `day` and removes the tenant's days before `keepFrom`. */
export async function countReceiptFailure(
  trx: TenantTransaction,
  input: { tenantId: string; day: string; keepFrom: string },
): Promise<void> {
  await trx
    .insertInto('receipt_failure_days')
    .values({ tenant_id: input.tenantId, day: input.day, failures: 1 })
    .onConflict((conflict) =>
      conflict
        .columns(['tenant_id', 'day'])
        // Capped far below integer overflow; the work stopped rising long before.
        .doUpdateSet({ failures: sql`least(receipt_failure_days.failures + 1, 1000000000)` }),
    )
    .execute();
  await trx.deleteFrom('receipt_failure_days').where('day', '<', input.keepFrom).execute();
}
