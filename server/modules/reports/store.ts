import { randomBytes } from 'node:crypto';
import { type Insertable, type RawBuilder, type Selectable, sql } from 'kysely';
import { allColumns } from '../../db/columns.ts';
import { defineKeyset, type Keyset, type KeysetPosition, selectKeysetPage } from '../../db/keyset.ts';
import type { PageRequest } from '../../db/page.ts';
import type {
  ReportAttachmentsTable,
  ReportMessagesTable,
  ReportSettingsTable,
  ReportStatusColumn,
  ReportsTable,
} from '../../db/schema-reports.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { DEFAULT_EMERGENCY_NOTICE } from './danger.ts';

export type ReportRow = Selectable<ReportsTable> & { unit_name: string; unit_parent_id: string | null };
export type MessageRow = Selectable<ReportMessagesTable> & { author_name: string | null };
export type AttachmentRow = Selectable<ReportAttachmentsTable>;
export type SettingsRow = Selectable<ReportSettingsTable>;

/**
 * The tenant's reporting settings, created on first use with a fresh receipt salt and the default emergency
 * notice (danger.ts).
 */
export async function reportSettings(trx: TenantTransaction, tenantId: string): Promise<SettingsRow> {
  await trx
    .insertInto('report_settings')
    .values({
      tenant_id: tenantId,
      receipt_salt: randomBytes(16),
      emergency_notice: JSON.stringify(DEFAULT_EMERGENCY_NOTICE),
    })
    .onConflict((conflict) => conflict.column('tenant_id').doNothing())
    .execute();
  return trx.selectFrom('report_settings').select(allColumns('report_settings')).executeTakeFirstOrThrow();
}

export async function updateReportSettings(
  trx: TenantTransaction,
  tenantId: string,
  values: {
    emergency_notice: unknown;
    acknowledge_days: number;
    feedback_months: number;
    danger_acknowledge_hours?: number | undefined;
  },
): Promise<SettingsRow> {
  await reportSettings(trx, tenantId);
  return trx
    .updateTable('report_settings')
    .set({
      acknowledge_days: values.acknowledge_days,
      feedback_months: values.feedback_months,
      ...(values.danger_acknowledge_hours === undefined
        ? {}
        : { danger_acknowledge_hours: values.danger_acknowledge_hours }),
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
export type InboxSort = 'danger' | 'newest' | 'oldest' | 'deadline';

/**
 * The inbox's default order: danger indicated first, then newest first by number (per tenant, never reused,
 * so it is the key's unique column); `reports_inbox_idx` serves it.
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
 * The inbox's other orders, each with its own cursor name (a cursor of one order is refused by another).
 * By arrival: `reports_number_idx` (migration 0040), walked forward or backward. By deadline: the minute the
 * nearest open deadline falls due (`inbox_deadline.due_minute`, below), then the number; it is computed from
 * the organisation's periods, so no index holds it: the filtered rows are sorted (the open ones, by default,
 * which is the team's current work, not the archive).
 */
export const inboxKeysets: Record<InboxSort, Keyset> = {
  danger: inboxKeyset,
  newest: defineKeyset({
    name: 'reports.newest',
    columns: [{ ref: 'reports.number', type: 'integer' }],
    order: 'desc',
  }),
  oldest: defineKeyset({
    name: 'reports.oldest',
    columns: [{ ref: 'reports.number', type: 'integer' }],
    order: 'asc',
  }),
  deadline: defineKeyset({
    name: 'reports.deadline',
    columns: [
      { ref: 'inbox_deadline.due_minute', type: 'integer' },
      { ref: 'reports.number', type: 'integer' },
    ],
    order: 'asc',
  }),
};

/** A report without an open deadline sorts after every other (the largest number an integer holds). */
const NO_DEADLINE = 2_147_483_647;

/** What the inbox is narrowed to besides its view; `assignee` is the owner of the report's case. */
export interface InboxFilters {
  view: InboxView;
  unitIds: string[];
  /** Part of the reference or the unit's name (clear columns only: report content is sealed). */
  search?: string;
  unitId?: string;
  channel?: ReportsTable['channel'];
  status?: ReportStatusColumn;
  danger?: boolean;
  awaitingReply?: boolean;
  /** A user id, or null for "no one". */
  assignee?: string | null;
  sort: InboxSort;
  /** The organisation's periods, for the deadline order (report-views.ts `deadlines` says the same). */
  periods: { acknowledgeDays: number; feedbackMonths: number };
}

/** `text` as a LIKE pattern that matches it anywhere, its wildcards taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of the inbox in the order asked for, the view's and the filters' conditions combined with the
 * cursor. RLS narrows the rows to the user's units; `unitIds` says the same in SQL so the planner can use it.
 */
export function listInbox(
  trx: TenantTransaction,
  filters: InboxFilters,
  page: PageRequest,
): Promise<{ rows: ReportRow[]; next: KeysetPosition | null }> {
  if (filters.unitIds.length === 0) return Promise.resolve({ rows: [], next: null });
  let query = reportQuery(trx).where('reports.unit_id', 'in', filters.unitIds);
  // A deleted report (its tombstone) is done with: it shows among the closed ones, whatever its status was.
  if (filters.view === 'open')
    query = query
      .where('reports.status', 'in', ['new', 'acknowledged'])
      .where('reports.deleted_at', 'is', null);
  if (filters.view === 'closed')
    query = query.where((eb) =>
      eb.or([
        eb('reports.status', 'in', ['case_opened', 'attached', 'closed']),
        eb('reports.deleted_at', 'is not', null),
      ]),
    );
  if (filters.search !== undefined) {
    const pattern = containing(filters.search);
    query = query.where((eb) =>
      eb.or([eb('reports.reference', 'ilike', pattern), eb('org_units.name', 'ilike', pattern)]),
    );
  }
  if (filters.unitId !== undefined) query = query.where('reports.unit_id', '=', filters.unitId);
  if (filters.channel !== undefined) query = query.where('reports.channel', '=', filters.channel);
  if (filters.status !== undefined) query = query.where('reports.status', '=', filters.status);
  if (filters.danger !== undefined) query = query.where('reports.danger_indicated', '=', filters.danger);
  if (filters.awaitingReply !== undefined)
    query = query.where('reports.awaiting_reply', '=', filters.awaitingReply);
  if (filters.assignee !== undefined) {
    const owner = filters.assignee;
    // Row-level security hides a case the user may not see: its report then counts as without an owner.
    query = query.where((eb) => {
      const owners = eb
        .selectFrom('cases')
        .select('cases.id')
        .whereRef('cases.id', '=', 'reports.case_id')
        .where('cases.owner_id', 'is not', null);
      if (owner === null) return eb.not(eb.exists(owners));
      return eb.exists(
        eb
          .selectFrom('cases')
          .select('cases.id')
          .whereRef('cases.id', '=', 'reports.case_id')
          .where('cases.owner_id', '=', owner),
      );
    });
  }
  if (filters.sort === 'deadline') {
    const { acknowledgeDays, feedbackMonths } = filters.periods;
    // As report-views.ts `deadlines`: acknowledge by received + days; give feedback by the acknowledgement
    // (or, without one, the end of the acknowledgement period) + months; a day's deadline falls due at the
    // end of that (UTC) day. A danger report nobody acknowledged is due within hours (`danger_due_at`, which
    // the acknowledgement clears): its minute. Closed and deleted reports have no deadline: last.
    const acknowledgeBy = sql`(reports.received_on + ${acknowledgeDays}::integer)`;
    const feedbackFrom = sql`coalesce((reports.acknowledged_at AT TIME ZONE 'UTC')::date, ${acknowledgeBy})`;
    const feedbackBy = sql`(${feedbackFrom} + make_interval(months => ${feedbackMonths}::integer))::date`;
    const endOf = (day: RawBuilder<unknown>) => sql`((${day} + 1) - date '1970-01-01') * 1440 - 1`;
    const dueMinute = sql<number>`CASE
      WHEN reports.deleted_at IS NOT NULL OR reports.status = 'closed' THEN ${NO_DEADLINE}::integer
      WHEN reports.danger_due_at IS NOT NULL AND reports.acknowledged_at IS NULL
        THEN floor(extract(epoch FROM reports.danger_due_at) / 60)::integer
      WHEN reports.acknowledged_at IS NULL THEN ${endOf(acknowledgeBy)}
      WHEN reports.feedback_given_at IS NULL THEN ${endOf(feedbackBy)}
      ELSE ${NO_DEADLINE}::integer END`;
    return selectKeysetPage(
      query.innerJoinLateral(trx.selectNoFrom(dueMinute.as('due_minute')).as('inbox_deadline'), (join) =>
        join.onTrue(),
      ),
      inboxKeysets.deadline,
      page,
    );
  }
  return selectKeysetPage(query, inboxKeysets[filters.sort], page);
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

/** Danger reports nobody has acknowledged yet, open and not deleted: the ones to alert about. */
function unacknowledgedDanger(trx: TenantTransaction) {
  return trx
    .updateTable('reports')
    .where('danger_due_at', 'is not', null)
    .where('acknowledged_at', 'is', null)
    .where('status', '<>', 'closed')
    .where('deleted_at', 'is', null);
}

const dangerClaim = [
  'reports.id',
  'reports.unit_id',
  'reports.danger_due_at',
  'reports.danger_escalated_on',
] as const;

/**
 * Claims the danger reports past their deadline `now` that nobody acknowledged and that were not escalated
 * yet, in one UPDATE … RETURNING: each is claimed by exactly one instance, once. The escalation alerts the
 * on-duty people too, so it counts as their latest alert.
 */
export function claimDangerEscalations(trx: TenantTransaction, now: Date) {
  return unacknowledgedDanger(trx)
    .set({ danger_escalated_on: now.toISOString().slice(0, 10), danger_alerted_at: now })
    .where('danger_due_at', '<=', now)
    .where('danger_escalated_on', 'is', null)
    .returning(dangerClaim)
    .execute();
}

/**
 * Claims the danger reports whose last alert was at or before `alertedBefore`, moving it to `now`: each is
 * claimed by one instance per reminder, however many run the job at once.
 */
export function claimDangerReminders(trx: TenantTransaction, now: Date, alertedBefore: Date) {
  return unacknowledgedDanger(trx)
    .set({ danger_alerted_at: now })
    .where('danger_alerted_at', '<=', alertedBefore)
    .returning(dangerClaim)
    .execute();
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
    danger_due_at: null;
    danger_alerted_at: null;
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
