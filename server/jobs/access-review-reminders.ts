import type { Keyring } from '../crypto/keyring.ts';
import type { Database } from '../db/database.ts';
import { accessReviewDueOn, DEFAULT_ACCESS_REVIEW_SETTINGS } from '../modules/access-review/due.ts';
import { findLastCompletedReview, findOpenReview, findSettings } from '../modules/access-review/store.ts';
import { accountMailCipher, emailLocaleOf, enqueueEmail } from '../modules/mail/outbox.ts';
import { sumOverTenants } from './per-tenant.ts';

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** While a due review is left unstarted, the admins are reminded again this often. */
export const REMIND_AGAIN_MS = 7 * 24 * 60 * 60_000;

/**
 * Tells each tenant's active admins by e-mail when their access review falls due (no review open, the due
 * day reached), and again every seven days until one is started: whichever instance comes first
 * (`access_review_reminders`, one row per tenant and the review completed last, claimed by inserting it or
 * by updating a reminder a week old). Answers the number of e-mails queued.
 */
export async function runAccessReviewReminders(
  database: Database,
  now: Date,
  keyring: Keyring,
): Promise<number> {
  return sumOverTenants(database, keyring, async (trx, _tenantId, keys) => {
    if (!keys || (await findOpenReview(trx))) return 0;
    const settings = await findSettings(trx);
    const last = await findLastCompletedReview(trx);
    const dueOn = accessReviewDueOn(
      last?.completed_at ?? null,
      settings?.review_every_days ?? DEFAULT_ACCESS_REVIEW_SETTINGS.reviewEveryDays,
      now,
    );
    if (dueOn > dayOf(now)) return 0;
    const admins = await trx
      .selectFrom('users')
      .select(['email', 'language'])
      .where('role', '=', 'admin')
      .where('status', '=', 'active')
      .orderBy('id')
      .execute();
    const claimed = await trx
      .insertInto('access_review_reminders')
      .values({
        tenant_id: keys.tenantId,
        after_review: last?.id ?? null,
        due_on: dueOn,
        reminded_at: now,
        recipients: admins.length,
      })
      .onConflict((conflict) =>
        conflict
          .columns(['tenant_id', 'after_review'])
          .doUpdateSet({ due_on: dueOn, reminded_at: now, recipients: admins.length })
          .where('access_review_reminders.reminded_at', '<=', new Date(now.getTime() - REMIND_AGAIN_MS)),
      )
      .returning('tenant_id')
      .executeTakeFirst();
    if (!claimed) return 0;
    const sealWith = await accountMailCipher(trx, keys);
    for (const admin of admins)
      await enqueueEmail(trx, {
        to: admin.email,
        locale: emailLocaleOf(admin.language),
        template: 'user.access_review_due',
        params: { path: '/admin/access-review', dueOn },
        sealWith,
      });
    return admins.length;
  });
}
