import type { ScopeCipher } from '../../crypto/keyring.ts';
import { nextNumber } from '../../db/tenant-counters.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { newReportRecipients, notifyNewReport } from '../notifications/service.ts';
import { recordAttachments, type StoredAttachment } from './attachment-files.ts';
import { dangerAcknowledgeDue } from './danger.ts';
import type { ReportAnswers, ReportFormDefinition } from './form-definition.ts';
import { field } from './report-views.ts';
import type { Channel, ReporterDetails } from './schemas.ts';
import { insertReport, reportSettings } from './store.ts';

/** A report checked and ready to be saved, however it came in. */
export interface IncomingReport {
  id: string;
  tenantId: string;
  unit: { id: string; name: string };
  channel: Channel;
  anonymous: boolean;
  /** The day only, for every channel: an anonymous report must not tell its hour. */
  receivedOn: string;
  /**
   * When it reached TMA. Kept only as a danger report's acknowledgement deadline (hours later), which its
   * acknowledgement clears; otherwise not stored.
   */
  arrivedAt: Date;
  recordedBy: string | null;
  language: 'de' | 'en';
  form: ReportFormDefinition;
  answers: ReportAnswers;
  danger: boolean;
  reporter: ReporterDetails | null;
  /** The receipt's keyed index (receipts.ts), or null when no receipt was issued. */
  receiptIndex: Buffer | null;
  attachments: StoredAttachment[];
}

export const reportReference = (receivedOn: string, number: number) =>
  `R-${receivedOn.slice(0, 4)}-${String(number).padStart(4, '0')}`;

/**
 * Saves a new report with its attachments and tells the unit's threat managers, all in the caller's
 * transaction: the report, its notices and e-mails exist together or not at all.
 */
export async function receiveReport(
  trx: TenantTransaction,
  cipher: ScopeCipher,
  report: IncomingReport,
): Promise<{ reference: string }> {
  // The tenant's counter row stays locked from the number to the commit, and every report of the tenant
  // waits for it: what does not need the report comes first.
  const recipients = await newReportRecipients(trx, { unitId: report.unit.id, danger: report.danger });
  const dangerDueAt = report.danger
    ? dangerAcknowledgeDue(
        report.arrivedAt,
        (await reportSettings(trx, report.tenantId)).danger_acknowledge_hours,
      )
    : null;
  const number = await nextNumber(trx, report.tenantId, 'report');
  const reference = reportReference(report.receivedOn, number);
  await insertReport(trx, {
    id: report.id,
    tenant_id: report.tenantId,
    unit_id: report.unit.id,
    reference,
    number,
    channel: report.channel,
    anonymous: report.anonymous,
    received_on: report.receivedOn,
    recorded_by: report.recordedBy,
    form_id: report.form.formId,
    form_version: report.form.version,
    answers_sealed: cipher.seal(
      JSON.stringify(report.answers),
      field('reports', 'answers_sealed', report.id),
    ),
    reporter_sealed: report.reporter
      ? cipher.seal(JSON.stringify(report.reporter), field('reports', 'reporter_sealed', report.id))
      : null,
    language: report.language,
    danger_indicated: report.danger,
    // The notice below is the first alert; the danger-escalation job reminds from here.
    danger_due_at: dangerDueAt,
    danger_alerted_at: dangerDueAt ? report.arrivedAt : null,
    receipt_index: report.receiptIndex,
  });
  await recordAttachments(
    trx,
    cipher,
    { tenantId: report.tenantId, reportId: report.id, messageId: null, day: report.receivedOn },
    report.attachments,
  );
  await notifyNewReport(
    trx,
    cipher,
    {
      tenantId: report.tenantId,
      id: report.id,
      unitId: report.unit.id,
      unitName: report.unit.name,
      danger: report.danger,
      day: report.receivedOn,
    },
    recipients,
  );
  return { reference };
}
