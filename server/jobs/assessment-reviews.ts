import type { Keyring, TenantKeys } from '../crypto/keyring.ts';
import type { Database } from '../db/database.ts';
import type { TenantTransaction } from '../db/tenant-transaction.ts';
import { LATEST_FINAL_OF_ITS_CASE } from '../modules/assessments/store.ts';
import { dayOf } from '../modules/reports/days.ts';
import { remindAboutCase, sumOverTenants } from './per-tenant.ts';

/**
 * Claims the tenant's cases whose re-assessment is due by `today`: the latest final assessment of an open
 * case, its next review day reached, not reminded today. One UPDATE … RETURNING, so each is claimed by
 * exactly one instance once a day (as task reminders are).
 */
function claimDueReviews(trx: TenantTransaction, today: string) {
  return trx
    .updateTable('assessments as a')
    .set({ review_reminded_on: today })
    .where('a.status', '=', 'final')
    .where('a.next_review_on', '<=', today)
    .where((eb) => eb.or([eb('a.review_reminded_on', 'is', null), eb('a.review_reminded_on', '<', today)]))
    .where(LATEST_FINAL_OF_ITS_CASE)
    .where(({ eb, selectFrom }) =>
      eb(
        'a.case_id',
        'in',
        selectFrom('cases')
          .select('cases.id')
          .where('cases.deleted_at', 'is', null)
          .where('cases.status', '<>', 'closed'),
      ),
    )
    .returning(['a.id', 'a.case_id'])
    .execute();
}

async function remindTenant(
  trx: TenantTransaction,
  tenantId: string,
  keys: TenantKeys | undefined,
  now: Date,
): Promise<number> {
  const today = dayOf(now);
  let reminded = 0;
  for (const due of await claimDueReviews(trx, today)) {
    const owner = await trx
      .selectFrom('cases')
      .innerJoin('users', 'users.id', 'cases.owner_id')
      .select(['users.id', 'users.email', 'users.language', 'users.status'])
      .where('cases.id', '=', due.case_id)
      .executeTakeFirst();
    if (owner?.status !== 'active') continue;
    await remindAboutCase(trx, {
      tenantId,
      caseId: due.case_id,
      user: owner,
      kind: 'case.assessment_due',
      day: today,
      keys,
    });
    reminded++;
  }
  return reminded;
}

/**
 * Reminds case owners of re-assessments due today or overdue (the organisation's interval per level, or the
 * day the judgement set), tenant by tenant, once per case and UTC day, however many instances run it.
 */
export async function runAssessmentReviewReminders(
  database: Database,
  now: Date = new Date(),
  keyring?: Keyring,
): Promise<number> {
  return sumOverTenants(database, keyring, (trx, tenantId, keys) => remindTenant(trx, tenantId, keys, now));
}
