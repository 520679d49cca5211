import { type IntegrityAlarm, UnreadableFields } from '../../crypto/integrity.ts';
import type { TenantKeys } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { NotFound } from '../../errors.ts';
import type { AccessActor } from '../access/unit-access.ts';
import { recordUnreadable } from '../audit/content-reads.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { listHandOvers } from '../cases/hand-overs.ts';
import { caseLink } from '../cases/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { reportFormVersion } from './forms.ts';
import { reportSubject } from './load-report.ts';
import { serializeReport } from './policy.ts';
import {
  openAnswers,
  openClosedNote,
  openReporter,
  toAttachmentSummary,
  toDialogue,
  toInboxItem,
} from './report-views.ts';
import type { InboxItem, ReportDetail } from './schemas.ts';
import { listAttachments, listMessages, type ReportRow, reportSettings, type SettingsRow } from './store.ts';

// What the team's reads of reports (inbox-service.ts) and their triage (triage-service.ts,
// staff-report-service.ts) share: the report as the team sees it, and the audit event of a step on it.

/** What an audit event says besides the action; by default it is about the report itself. */
export interface AuditExtra {
  caseId?: string | null;
  reason?: string;
  object?: { type: string; id: string; ids?: string[] | null };
}

export const scopeOf = (auth: AuthContext) => ({ tenantId: auth.tenantId, userId: auth.userId });

export const reportNotFound = () => new NotFound('report_not_found', 'No such report.');

/** An inbox item, with what the actor may do with the report. */
export const inboxItem = (actor: AccessActor, row: ReportRow, settings: SettingsRow): InboxItem =>
  toInboxItem(row, settings, serializeReport(actor, reportSubject(row)));

/** Audits a successful step on a report, inside the transaction that took it. */
export async function auditReportEvent(
  trx: TenantTransaction,
  auth: AuthContext,
  action: string,
  reportId: string,
  requestId: string,
  extra: AuditExtra = {},
): Promise<void> {
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action,
    objectType: extra.object?.type ?? 'report',
    objectId: extra.object?.id ?? reportId,
    objectIds: extra.object?.ids ?? null,
    caseId: extra.caseId ?? null,
    requestId,
    outcome: 'success',
    reason: extra.reason ?? null,
  });
}

/**
 * The report as the team sees it. A sealed field that fails verification is left out and named in
 * `unreadableFields`, audited as a `report.read` failure for `audit.auth`, and the operator alerted.
 * Whoever may only see the report (`can.read` false) gets its metadata: its key stays closed.
 */
export async function readReportDetail(
  trx: TenantTransaction,
  keys: TenantKeys,
  actor: AccessActor,
  row: ReportRow,
  audit?: { auth: AuthContext; requestId: string; integrity: IntegrityAlarm | undefined },
): Promise<ReportDetail> {
  const settings = await reportSettings(trx, row.tenant_id);
  const linkedCase = row.case_id ? await caseLink(trx, row.case_id) : undefined;
  const recorder = row.recorded_by
    ? await trx
        .selectFrom('users')
        .select('display_name')
        .where('id', '=', row.recorded_by)
        .executeTakeFirst()
    : undefined;
  const metadata = {
    ...inboxItem(actor, row, settings),
    form: await reportFormVersion(trx, row.form_id, row.form_version),
    recordedBy: recorder?.display_name ?? null,
    closedReason: row.closed_reason,
    case: linkedCase ? { id: linkedCase.id, reference: linkedCase.reference } : null,
  };
  if (!metadata.can.read)
    return {
      ...metadata,
      answers: null,
      reporter: null,
      attachments: [],
      messages: [],
      closedNote: null,
      handOvers: [],
      unreadableFields: [],
    };
  const unreadable = new UnreadableFields();
  const cipher = await keys.scope(trx, 'report', row.id);
  const attachments = await listAttachments(trx, row.id);
  const detail: ReportDetail = {
    ...metadata,
    answers: openAnswers(cipher, row, unreadable),
    reporter: openReporter(cipher, row, unreadable),
    attachments: attachments
      .filter((attachment) => attachment.message_id === null)
      .map((attachment) => toAttachmentSummary(cipher, attachment, unreadable)),
    messages: toDialogue(cipher, await listMessages(trx, row.id), attachments, true, unreadable),
    closedNote: openClosedNote(cipher, row, unreadable),
    handOvers: await listHandOvers(trx, cipher, { reportId: row.id }, unreadable),
    unreadableFields: unreadable.paths,
  };
  if (audit)
    await recordUnreadable(
      trx,
      audit.auth,
      { action: 'report.read', objectType: 'report', caseId: row.case_id, requestId: audit.requestId },
      unreadable.failures.map((failure) => ({ ...failure, objectId: row.id })),
      audit.integrity,
    );
  return detail;
}
