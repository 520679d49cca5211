import type { TenantKeys } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import type { ClosingOutcome } from '../retention/schemas.ts';
import { announceCaseChange } from './case-events.ts';
import { SEARCH_FIELDS } from './case-list-filters.ts';
import { checkCategoryChoice } from './categories.ts';
import { appendJournal } from './journal.ts';
import { loadCase } from './load-case.ts';
import type { CaseStatus } from './schemas.ts';
import { addCaseMember, findEligibleOwner, setCaseMemberRole, updateCase } from './store.ts';

// The case's lifecycle and details: status changes with a reason, summary, category, tags, due date and
// owner. Every change is a journal entry and an audit event (ids and codes; the reason and the summary are
// sealed with the case's key).

const summaryField = (caseId: string) => ({ table: 'cases', column: 'summary_sealed', rowId: caseId });
export const titleField = (caseId: string) => ({ table: 'cases', column: 'title_sealed', rowId: caseId });
export { summaryField };

/**
 * Moves the case to `status` with a reason (sealed in the journal entry; audited as `case.status_change`
 * with `status:<new>`). Any open status may follow any other (a case that calms down goes back to
 * monitoring, one that flares up back to management); a closed case is reopened into an open status.
 * Closing records the outcome (`other` when none is given), which the retention policy keys on.
 */
export async function changeCaseStatus(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  input: { status: CaseStatus; reason: string; outcome?: ClosingOutcome | undefined },
  context: { now: Date; requestId: string },
): Promise<void> {
  const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'manage');
  if (row.status === input.status)
    throw new Conflict('status_unchanged', `The case is ${input.status} already.`);
  if (input.outcome !== undefined && input.status !== 'closed')
    throw new Invalid('outcome_only_when_closing', 'Only a case being closed has an outcome.', [
      { path: 'outcome', message: 'is for closing a case' },
    ]);
  const reason = input.reason.trim();
  if (!reason)
    throw new Invalid('reason_required', 'Say why the status changes.', [
      { path: 'reason', message: 'must not be empty' },
    ]);
  const cipher = await keys.scope(trx, 'case', row.id);
  await updateCase(trx, row.id, {
    status: input.status,
    closed_at: input.status === 'closed' ? context.now : null,
    // Retention keys on it; a reopened case has none until it is closed again.
    closing_outcome: input.status === 'closed' ? (input.outcome ?? 'other') : null,
    updated_at: context.now,
  });
  const entryId = await appendJournal(
    trx,
    cipher,
    { tenantId: auth.tenantId, caseId: row.id, authorId: auth.userId, now: context.now },
    {
      kind: 'status_changed',
      text: reason,
      facts: { statusFrom: row.status, statusTo: input.status },
      searchIndex: (await keys.blindIndex(trx)).entries(SEARCH_FIELDS.journalText, reason),
    },
  );
  await announceCaseChange(trx, { tenantId: auth.tenantId, caseId: row.id, part: 'case' });
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: row.status === 'closed' ? 'case.reopen' : 'case.status_change',
    objectType: 'journal_entry',
    objectId: entryId,
    caseId: row.id,
    requestId: context.requestId,
    outcome: 'success',
    reason: `status:${input.status}`,
  });
}

export interface CaseDetailsChange {
  title?: string | undefined;
  summary?: string | null | undefined;
  category?: string | null | undefined;
  tags?: string[] | undefined;
  dueOn?: string | null | undefined;
  ownerId?: string | undefined;
}

const normaliseTags = (tags: string[]) => [
  ...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== '')),
];

/**
 * Changes the case's details: title and summary (sealed), category, tags, due date, and owner (an active
 * threat manager who may then read the case: they join its team). One journal entry for the details, one
 * for a new owner; audited as `case.update` naming the fields, never their values.
 */
export async function updateCaseDetails(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  change: CaseDetailsChange,
  context: { now: Date; requestId: string },
): Promise<void> {
  const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'manage');
  const cipher = await keys.scope(trx, 'case', row.id);
  const changed: string[] = [];
  const values: Parameters<typeof updateCase>[2] = { updated_at: context.now };
  if (change.title !== undefined) {
    const title = change.title.trim();
    if (!title)
      throw new Invalid('title_required', 'A case needs a title.', [{ path: 'title', message: 'is empty' }]);
    values.title_sealed = cipher.seal(title, titleField(row.id));
    changed.push('title');
  }
  if (change.summary !== undefined) {
    const summary = change.summary?.trim() ?? '';
    values.summary_sealed = summary ? cipher.seal(summary, summaryField(row.id)) : null;
    changed.push('summary');
  }
  if (change.category !== undefined) {
    if (change.category !== null) await checkCategoryChoice(trx, change.category, row.category);
    values.category = change.category;
    changed.push('category');
  }
  if (change.tags !== undefined) {
    values.tags = normaliseTags(change.tags);
    changed.push('tags');
  }
  if (change.dueOn !== undefined) {
    values.due_on = change.dueOn;
    changed.push('dueOn');
  }
  const newOwner = change.ownerId !== undefined && change.ownerId !== row.owner_id ? change.ownerId : null;
  if (newOwner) {
    const owner = await findEligibleOwner(trx, newOwner);
    if (!owner)
      throw new Invalid('owner_not_eligible', 'The owner must be an active threat manager.', [
        { path: 'ownerId', message: 'is not an active threat manager of this organisation' },
      ]);
    values.owner_id = newOwner;
  }
  if (changed.length === 0 && !newOwner) return;
  if (change.title !== undefined || change.summary !== undefined) {
    const open = (sealed: typeof row.title_sealed, field: ReturnType<typeof titleField>) =>
      sealed ? cipher.openText(sealed, field) : '';
    const title = change.title?.trim() ?? open(row.title_sealed, titleField(row.id));
    const summary =
      change.summary !== undefined
        ? (change.summary?.trim() ?? '')
        : open(row.summary_sealed, summaryField(row.id));
    values.search_index = (await keys.blindIndex(trx)).entries(
      SEARCH_FIELDS.caseText,
      `${title}\n${summary}`,
    );
  }
  await updateCase(trx, row.id, values);
  const journal = { tenantId: auth.tenantId, caseId: row.id, authorId: auth.userId, now: context.now };
  if (changed.length > 0)
    await appendJournal(trx, null, journal, { kind: 'details_changed', facts: { changed } });
  if (newOwner) {
    if (row.owner_id) await setCaseMemberRole(trx, row.id, row.owner_id, 'member');
    await addCaseMember(trx, {
      tenant_id: auth.tenantId,
      case_id: row.id,
      user_id: newOwner,
      role: 'owner',
      added_by: auth.userId,
    });
    await setCaseMemberRole(trx, row.id, newOwner, 'owner');
    await appendJournal(trx, null, journal, {
      kind: 'owner_changed',
      facts: { userId: newOwner, previousUserId: row.owner_id },
    });
  }
  await announceCaseChange(trx, {
    tenantId: auth.tenantId,
    caseId: row.id,
    part: newOwner ? 'team' : 'case',
  });
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.update',
    objectType: 'case',
    objectId: row.id,
    caseId: row.id,
    requestId: context.requestId,
    outcome: 'success',
    reason: `fields:${[...changed.map((name) => name.toLowerCase()), ...(newOwner ? ['owner'] : [])].join('.')}`,
  });
}
