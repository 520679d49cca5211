import type { Keyring, TenantKeys } from '../crypto/keyring.ts';
import type { Database } from '../db/database.ts';
import type { TenantTransaction } from '../db/tenant-transaction.ts';
import { readersAmong } from '../modules/cases/comments.ts';
import { caseQuery } from '../modules/cases/store.ts';
import { dayOf } from '../modules/reports/days.ts';
import { remindAboutCase, sumOverTenants } from './per-tenant.ts';

/**
 * Claims the tenant's open, assigned tasks due by `today` (a UTC day) that were not reminded today, in one
 * UPDATE … RETURNING: a task is claimed by exactly one instance once a day, however many run the job at once.
 * Tasks of closed and deleted cases are left alone.
 */
function claimDueTasks(trx: TenantTransaction, today: string) {
  return trx
    .updateTable('case_tasks')
    .set({ reminded_on: today })
    .where('status', '=', 'open')
    .where('assignee_id', 'is not', null)
    .where('due_on', '<=', today)
    .where((eb) => eb.or([eb('reminded_on', 'is', null), eb('reminded_on', '<', today)]))
    .where(({ eb, selectFrom }) =>
      eb(
        'case_id',
        'in',
        selectFrom('cases')
          .select('cases.id')
          .where('cases.deleted_at', 'is', null)
          .where('cases.status', '<>', 'closed'),
      ),
    )
    .returning(['case_tasks.id', 'case_tasks.case_id', 'case_tasks.assignee_id', 'case_tasks.managers_only'])
    .execute();
}

/**
 * Reminds the assignees of one tenant's due tasks: a notice in the app and, with the tenant's keys, an
 * e-mail (a link, no title) sealed with the case's key. An assignee who may no longer read the task (taken
 * off the team, deactivated) is not told. Answers how many were reminded.
 */
async function remindTenant(
  trx: TenantTransaction,
  tenantId: string,
  keys: TenantKeys | undefined,
  now: Date,
): Promise<number> {
  const today = dayOf(now);
  let reminded = 0;
  for (const task of await claimDueTasks(trx, today)) {
    const assigneeId = task.assignee_id as string;
    const row = await caseQuery(trx).where('cases.id', '=', task.case_id).executeTakeFirst();
    if (!row) continue;
    const readers = await readersAmong(trx, row, [assigneeId], { managersOnly: task.managers_only, now });
    if (!readers.has(assigneeId)) continue;
    const user = await trx
      .selectFrom('users')
      .select(['id', 'email', 'language'])
      .where('id', '=', assigneeId)
      .executeTakeFirst();
    if (!user) continue;
    await remindAboutCase(trx, {
      tenantId,
      caseId: task.case_id,
      user,
      kind: 'case.task_due',
      day: today,
      keys,
    });
    reminded++;
  }
  return reminded;
}

/**
 * Reminds assignees of open tasks due today or overdue, tenant by tenant, once per task and UTC day of
 * `now`, whatever the number of instances running it. Without a keyring (`keyring` left out) the reminder
 * is a notice in the app only: e-mail is sealed with the case's key.
 */
export async function runTaskReminders(
  database: Database,
  now: Date = new Date(),
  keyring?: Keyring,
): Promise<number> {
  return sumOverTenants(database, keyring, (trx, tenantId, keys) => remindTenant(trx, tenantId, keys, now));
}
