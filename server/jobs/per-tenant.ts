import type { Keyring, TenantKeys } from '../crypto/keyring.ts';
import type { Database } from '../db/database.ts';
import { type TenantTransaction, withTenant } from '../db/tenant-transaction.ts';
import { emailLocaleOf, enqueueEmail } from '../modules/mail/outbox.ts';
import { notifyAboutCase } from '../modules/notifications/service.ts';

/**
 * Runs `work` for every active tenant in a transaction of its own, with the tenant's keys when a keyring is
 * given (loaded before the transaction: a key provider call must not hold it open). Answers the sum of what
 * the runs answer.
 */
export async function sumOverTenants(
  database: Database,
  keyring: Keyring | undefined,
  work: (trx: TenantTransaction, tenantId: string, keys: TenantKeys | undefined) => Promise<number>,
): Promise<number> {
  const tenants = await database.db
    .selectFrom('tenants')
    .select('id')
    .where('status', '=', 'active')
    .execute();
  let total = 0;
  for (const tenant of tenants) {
    const keys = keyring ? await keyring.forTenant(tenant.id) : undefined;
    total += await withTenant(database, { tenantId: tenant.id, userId: null }, (trx) =>
      work(trx, tenant.id, keys),
    );
  }
  return total;
}

/**
 * Reminds one user about a case: a notice in the app and, with the tenant's keys, an e-mail carrying only a
 * link to the case, its address and link sealed with the case's key.
 */
export async function remindAboutCase(
  trx: TenantTransaction,
  reminder: {
    tenantId: string;
    caseId: string;
    user: { id: string; email: string; language: 'de' | 'en' | null };
    kind: 'case.task_due' | 'case.assessment_due' | 'case.measure_overdue';
    day: string;
    keys: TenantKeys | undefined;
  },
): Promise<void> {
  const { tenantId, caseId, user, kind, day, keys } = reminder;
  await notifyAboutCase(trx, { tenantId, caseId, kind, userIds: [user.id], day });
  if (keys)
    await enqueueEmail(trx, {
      to: user.email,
      locale: emailLocaleOf(user.language),
      template: kind,
      params: { path: `/cases/${caseId}` },
      sealWith: await keys.scope(trx, 'case', caseId),
    });
}
