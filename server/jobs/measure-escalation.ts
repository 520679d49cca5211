import type { Keyring, TenantKeys } from '../crypto/keyring.ts';
import type { Database } from '../db/database.ts';
import type { TenantTransaction } from '../db/tenant-transaction.ts';
import { appendJournal } from '../modules/cases/journal.ts';
import { claimOverdueMeasures } from '../modules/measures/store.ts';
import { dayOf } from '../modules/reports/days.ts';
import { remindAboutCase, sumOverTenants } from './per-tenant.ts';

async function activeUsers(trx: TenantTransaction, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return trx
    .selectFrom('users')
    .select(['id', 'email', 'language'])
    .where('id', 'in', ids)
    .where('status', '=', 'active')
    .execute();
}

async function escalateTenant(
  trx: TenantTransaction,
  tenantId: string,
  keys: TenantKeys | undefined,
  now: Date,
): Promise<number> {
  const today = dayOf(now);
  let escalated = 0;
  for (const measure of await claimOverdueMeasures(trx, today)) {
    const owner = await trx
      .selectFrom('cases')
      .select('owner_id')
      .where('id', '=', measure.case_id)
      .executeTakeFirst();
    // The case's owner answers for its plan; the measure's owner hears of it too.
    const recipients = [...new Set([owner?.owner_id, measure.owner_id].filter((id) => id != null))];
    for (const user of await activeUsers(trx, recipients))
      await remindAboutCase(trx, {
        tenantId,
        caseId: measure.case_id,
        user,
        kind: 'case.measure_overdue',
        day: today,
        keys,
      });
    await appendJournal(
      trx,
      null,
      { tenantId, caseId: measure.case_id, authorId: null, now },
      { kind: 'measure_overdue', facts: { measureId: measure.id, measureType: measure.type_key } },
    );
    escalated++;
  }
  return escalated;
}

/**
 * Escalates measures past their due day and not done or cancelled to the case's owner (and the measure's
 * owner), in the app, by e-mail with a link and in the case's journal: once per due day, however many
 * instances run it (moving the due day arms it again).
 */
export async function runMeasureEscalation(
  database: Database,
  now: Date = new Date(),
  keyring?: Keyring,
): Promise<number> {
  return sumOverTenants(database, keyring, (trx, tenantId, keys) => escalateTenant(trx, tenantId, keys, now));
}
