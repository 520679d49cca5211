import { sql } from 'kysely';
import type { Keyring, TenantKeys } from '../crypto/keyring.ts';
import type { Database } from '../db/database.ts';
import { type TenantTransaction, withTenant } from '../db/tenant-transaction.ts';
import { emailLocaleOf, enqueueEmail } from '../modules/mail/outbox.ts';
import { notifyAboutCase } from '../modules/notifications/service.ts';
import { dayOf } from '../modules/reports/days.ts';

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
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM assessments later WHERE later.case_id = a.case_id
        AND later.status = 'final' AND (later.decided_at, later.seq) > (a.decided_at, a.seq))`,
    )
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
    await notifyAboutCase(trx, {
      tenantId,
      caseId: due.case_id,
      kind: 'case.assessment_due',
      userIds: [owner.id],
      day: today,
    });
    if (keys)
      await enqueueEmail(trx, {
        to: owner.email,
        locale: emailLocaleOf(owner.language),
        template: 'case.assessment_due',
        params: { path: `/cases/${due.case_id}` },
        sealWith: await keys.scope(trx, 'case', due.case_id),
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
  const tenants = await database.db
    .selectFrom('tenants')
    .select('id')
    .where('status', '=', 'active')
    .execute();
  let reminded = 0;
  for (const tenant of tenants) {
    const keys = keyring ? await keyring.forTenant(tenant.id) : undefined;
    reminded += await withTenant(database, { tenantId: tenant.id, userId: null }, (trx) =>
      remindTenant(trx, tenant.id, keys, now),
    );
  }
  return reminded;
}
