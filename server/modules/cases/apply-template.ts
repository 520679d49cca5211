import type { TenantKeys } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { tenantCategory } from './categories.ts';
import { updateCaseDetails } from './lifecycle.ts';
import { createTask } from './tasks.ts';
import type { CaseTemplate } from './template-schemas.ts';
import { setSuggestedSpecialties } from './template-store.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Starts a freshly opened case as its template says, in the opener's transaction and with the opener's
 * rights: category (when the organisation still offers it) and tags, the first tasks (assigned to the
 * opener, titled in their language, due relative to today), and the specialties to invite, which the team
 * tab suggests. Each step writes its own journal entry and audit event; `case.template_apply` names the
 * template.
 */
export async function applyTemplate(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  template: CaseTemplate,
  context: { now: Date; requestId: string; language?: 'de' | 'en' | undefined },
): Promise<void> {
  const language = context.language ?? (await languageOf(trx, auth.userId));
  const category = template.category ? await tenantCategory(trx, template.category) : null;
  const details = {
    ...(category?.active ? { category: category.key } : {}),
    ...(template.tags.length > 0 ? { tags: template.tags } : {}),
  };
  if (Object.keys(details).length > 0) await updateCaseDetails(trx, keys, auth, caseId, details, context);
  for (const task of template.tasks) {
    const dueOn =
      task.dueInDays === null
        ? undefined
        : new Date(context.now.getTime() + task.dueInDays * DAY_MS).toISOString().slice(0, 10);
    await createTask(
      trx,
      keys,
      auth,
      caseId,
      { title: task.title[language], assigneeId: auth.userId, ...(dueOn ? { dueOn } : {}) },
      context,
    );
  }
  if (template.specialties.length > 0) await setSuggestedSpecialties(trx, caseId, template.specialties);
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.template_apply',
    objectType: 'case',
    objectId: caseId,
    caseId,
    requestId: context.requestId,
    outcome: 'success',
    reason: `template=${template.key}`,
  });
}

/** The language the user works in (their e-mails'), English when they never chose. */
async function languageOf(trx: TenantTransaction, userId: string): Promise<'de' | 'en'> {
  const user = await trx.selectFrom('users').select('language').where('id', '=', userId).executeTakeFirst();
  return user?.language === 'de' ? 'de' : 'en';
}
