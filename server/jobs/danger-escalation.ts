import type { Keyring, TenantKeys } from '../crypto/keyring.ts';
import type { Database } from '../db/database.ts';
import type { TenantTransaction } from '../db/tenant-transaction.ts';
import { recordAuditEvent } from '../modules/audit/service.ts';
import {
  dangerAlertRecipients,
  dangerEscalationRecipients,
  notifyDangerReport,
} from '../modules/notifications/service.ts';
import { remindedBefore } from '../modules/reports/danger.ts';
import { dayOf } from '../modules/reports/days.ts';
import { claimDangerEscalations, claimDangerReminders } from '../modules/reports/store.ts';
import { sumOverTenants } from './per-tenant.ts';

type Claimed = Awaited<ReturnType<typeof claimDangerReminders>>[number];

async function unitName(trx: TenantTransaction, unitId: string): Promise<string> {
  const unit = await trx.selectFrom('org_units').select('name').where('id', '=', unitId).executeTakeFirst();
  return unit?.name ?? '–';
}

async function alert(
  trx: TenantTransaction,
  tenantId: string,
  keys: TenantKeys | undefined,
  report: Claimed,
  kind: 'report.danger_alert' | 'report.danger_escalated',
  now: Date,
) {
  const recipients =
    kind === 'report.danger_escalated'
      ? await dangerEscalationRecipients(trx, report.unit_id)
      : await dangerAlertRecipients(trx, report.unit_id);
  await notifyDangerReport(
    trx,
    keys ? await keys.scope(trx, 'report', report.id) : undefined,
    { tenantId, id: report.id, unitName: await unitName(trx, report.unit_id), day: dayOf(now) },
    kind,
    recipients,
  );
  return recipients;
}

async function escalateTenant(
  trx: TenantTransaction,
  tenantId: string,
  keys: TenantKeys | undefined,
  now: Date,
): Promise<number> {
  let alerts = 0;
  for (const report of await claimDangerEscalations(trx, now)) {
    const recipients = await alert(trx, tenantId, keys, report, 'report.danger_escalated', now);
    await recordAuditEvent(trx, {
      actorType: 'system',
      actorId: null,
      action: 'report.danger_escalate',
      objectType: 'report',
      objectId: report.id,
      objectIds: recipients.map((user) => user.id),
      reason: 'not_acknowledged_in_time',
      outcome: 'success',
    });
    alerts++;
  }
  for (const report of await claimDangerReminders(trx, now, remindedBefore(now))) {
    await alert(trx, tenantId, keys, report, 'report.danger_alert', now);
    alerts++;
  }
  return alerts;
}

/**
 * Keeps reports that indicate immediate danger urgent until someone acknowledges them: alerts whoever is on
 * duty for the unit again every DANGER_REMINDER_MINUTES (reports/danger.ts), and once the deadline has passed
 * unacknowledged, tells every threat manager who may read the unit's reports, once, and audits that. In the
 * app and, given the keyring, by urgent e-mail. Each alert is claimed by one UPDATE … RETURNING, so any number
 * of instances may run it at once. Answers how many reports were alerted about or escalated.
 */
export function runDangerEscalation(
  database: Database,
  now: Date = new Date(),
  keyring?: Keyring,
): Promise<number> {
  return sumOverTenants(database, keyring, (trx, tenantId, keys) => escalateTenant(trx, tenantId, keys, now));
}
