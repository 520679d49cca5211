import type { ScopeCipher } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { encodeCursor, invalidCursor, readPage } from '../../db/page.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import type { AuthContext } from '../identity/service.ts';
import { emailLocaleOf, enqueueEmail } from '../mail/outbox.ts';
import type { Notification } from './schemas.ts';
import {
  countUnread,
  insertNotifications,
  listNotifications,
  markRead,
  notificationCursor,
  notificationPosition,
  type Recipient,
  reportRecipients,
} from './store.ts';

/**
 * Who notifyNewReport tells: the unit's threat managers (on-duty ones, unless the report indicates danger).
 * Asked on its own so that a caller holding a lock can ask before taking it (receive-report.ts).
 */
export function newReportRecipients(
  trx: TenantTransaction,
  report: { unitId: string; danger: boolean },
): Promise<Recipient[]> {
  return reportRecipients(trx, report.unitId, { danger: report.danger });
}

/**
 * Tells `recipients` (newReportRecipients, for this report) of a new report, in the app and by e-mail (a
 * notice and a link, never content), in the transaction that saves the report: both happen exactly when the
 * report exists. The e-mail waits sealed with the report's key (`cipher`), so deleting the report shreds it.
 */
export async function notifyNewReport(
  trx: TenantTransaction,
  cipher: ScopeCipher,
  report: { tenantId: string; id: string; unitId: string; unitName: string; danger: boolean; day: string },
  recipients: Recipient[],
): Promise<number> {
  const kind = report.danger ? 'report.danger' : 'report.received';
  await insertNotifications(
    trx,
    recipients.map((user) => ({
      tenant_id: report.tenantId,
      user_id: user.id,
      kind,
      report_id: report.id,
      created_on: report.day,
    })),
  );
  for (const user of recipients)
    await enqueueEmail(trx, {
      to: user.email,
      locale: emailLocaleOf(user.language),
      template: kind,
      params: { unitName: report.unitName, path: `/reports/${report.id}` },
      sealWith: cipher,
    });
  return recipients.length;
}

/**
 * Who is alerted again while a danger report of the unit waits for its acknowledgement: whoever is on duty
 * for it (as for a new report), or every threat manager of the unit when nobody is.
 */
export function dangerAlertRecipients(trx: TenantTransaction, unitId: string): Promise<Recipient[]> {
  return reportRecipients(trx, unitId);
}

/** Every threat manager who may read the unit's reports (admins when there is none): who hears of an escalation. */
export function dangerEscalationRecipients(trx: TenantTransaction, unitId: string): Promise<Recipient[]> {
  return reportRecipients(trx, unitId, { danger: true });
}

/**
 * Alerts `recipients` of a danger report nobody has acknowledged yet, in the app and, given the report's
 * cipher, by an urgent e-mail (a link, never content) sealed with the report's key.
 */
export async function notifyDangerReport(
  trx: TenantTransaction,
  cipher: ScopeCipher | undefined,
  report: { tenantId: string; id: string; unitName: string; day: string },
  kind: 'report.danger_alert' | 'report.danger_escalated',
  recipients: Recipient[],
): Promise<void> {
  await insertNotifications(
    trx,
    recipients.map((user) => ({
      tenant_id: report.tenantId,
      user_id: user.id,
      kind,
      report_id: report.id,
      created_on: report.day,
    })),
  );
  if (!cipher) return;
  for (const user of recipients)
    await enqueueEmail(trx, {
      to: user.email,
      locale: emailLocaleOf(user.language),
      template: kind,
      params: { unitName: report.unitName, path: `/reports/${report.id}` },
      sealWith: cipher,
    });
}

/** Tells users in the app about a case (kind and ids only; the case's own page says the rest). */
export async function notifyAboutCase(
  trx: TenantTransaction,
  notice: {
    tenantId: string;
    caseId: string;
    kind:
      | 'case.team_added'
      | 'case.team_removed'
      | 'case.team_expired'
      | 'case.mentioned'
      | 'case.task_assigned'
      | 'case.task_due'
      | 'case.assessment_due'
      | 'case.measure_assigned'
      | 'case.measure_invited'
      | 'case.measure_answered'
      | 'case.measure_overdue'
      | 'case.retention_due';
    userIds: readonly string[];
    day: string;
  },
): Promise<void> {
  await insertNotifications(
    trx,
    notice.userIds.map((userId) => ({
      tenant_id: notice.tenantId,
      user_id: userId,
      kind: notice.kind,
      case_id: notice.caseId,
      created_on: notice.day,
    })),
  );
}

/** In the app only: the reporter wrote on a report (the team's inbox shows it too). */
export async function notifyReporterMessage(
  trx: TenantTransaction,
  report: { tenantId: string; id: string; unitId: string; day: string },
): Promise<void> {
  const recipients = await reportRecipients(trx, report.unitId);
  await insertNotifications(
    trx,
    recipients.map((user) => ({
      tenant_id: report.tenantId,
      user_id: user.id,
      kind: 'report.reporter_message' as const,
      report_id: report.id,
      created_on: report.day,
    })),
  );
}

/**
 * One page of the signed-in user's notices, newest first, and how many are unread. A cursor names the last
 * notice of the page before; when that notice is gone meanwhile (its report was deleted), it is refused
 * (`cursor_invalid`) and the list starts again.
 */
export function userNotifications(
  database: Database,
  auth: AuthContext,
  query: { limit?: string; after?: string } = {},
): Promise<{ notifications: Notification[]; unread: number; nextCursor: string | null }> {
  const page = readPage(notificationCursor, query);
  return withTenant(database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) => {
    const after = page.after ? await notificationPosition(trx, auth.userId, String(page.after[0])) : null;
    if (after === undefined) throw invalidCursor();
    const { rows, next } = await listNotifications(trx, auth.userId, { after, limit: page.limit });
    const last = rows.at(-1);
    return {
      notifications: rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        report: row.report_id && row.reference ? { id: row.report_id, reference: row.reference } : null,
        case: row.case_id && row.case_reference ? { id: row.case_id, reference: row.case_reference } : null,
        createdOn: row.created_on,
        read: row.read_at !== null,
      })),
      unread: await countUnread(trx, auth.userId),
      nextCursor: next && last ? encodeCursor(notificationCursor, [last.id]) : null,
    };
  });
}

export function markNotificationsRead(
  database: Database,
  auth: AuthContext,
  ids: string[],
  now: Date,
): Promise<void> {
  return withTenant(database, { tenantId: auth.tenantId, userId: auth.userId }, (trx) =>
    markRead(trx, auth.userId, ids, now),
  );
}
