import { randomUUID } from 'node:crypto';
import { sql, type Updateable } from 'kysely';
import type { IntegrityAlarm } from '../../crypto/integrity.ts';
import { UnreadableFields } from '../../crypto/integrity.ts';
import type { ScopeCipher, TenantKeys } from '../../crypto/keyring.ts';
import { allColumns } from '../../db/columns.ts';
import type { CaseTasksTable } from '../../db/schema-case-file.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Forbidden, Invalid, NotFound } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import { recordUnreadable } from '../audit/content-reads.ts';
import { MAX_AUDIT_OBJECT_IDS } from '../audit/schemas.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { emailLocaleOf, enqueueEmail } from '../mail/outbox.ts';
import { notifyAboutCase } from '../notifications/service.ts';
import { dayOf } from '../reports/days.ts';
import { announceCaseChange } from './case-events.ts';
import type { CaseTask, NewTask, TaskChange } from './collaboration-schemas.ts';
import { readersAmong, userNames } from './comments.ts';
import { appendJournal } from './journal.ts';
import { loadCase } from './load-case.ts';
import type { CaseRow } from './store.ts';

// The tasks of a case: a title sealed with the case's key, someone to do it (who must be able to read the
// case, and its managers-only content for a managers-only task) and a due day. Creating and finishing a
// task are journal entries (ids only); the assignee is told in the app and by e-mail (a link, no title), and
// reminded once a day when the task is due (server/jobs/task-reminders.ts). Managers-only tasks, and their
// journal entries, never reach an expert: row-level security (migration 0029) holds them back.

export const titleField = (id: string) => ({ table: 'case_tasks', column: 'title_sealed', rowId: id });

/** The most tasks one case lists (each read names them all in one audit event). */
const MAX_TASKS = MAX_AUDIT_OBJECT_IDS;

interface Context {
  now: Date;
  requestId: string;
}

type TaskRow = Awaited<ReturnType<typeof selectTasks>>[number];

function selectTasks(trx: TenantTransaction, caseId: string, taskId?: string) {
  let query = trx
    .selectFrom('case_tasks')
    .select(allColumns('case_tasks'))
    .where('case_tasks.case_id', '=', caseId);
  if (taskId !== undefined) query = query.where('case_tasks.id', '=', taskId);
  // Open tasks first, soonest due first (undated last); then done ones, most recently done first.
  return query
    .orderBy(
      sql`(case_tasks.status = 'done'), CASE WHEN case_tasks.status = 'open' THEN case_tasks.due_on END ASC NULLS LAST,
        case_tasks.done_at DESC NULLS LAST, case_tasks.created_at, case_tasks.id`,
    )
    .limit(MAX_TASKS)
    .execute();
}

async function openTasks(
  trx: TenantTransaction,
  cipher: ScopeCipher,
  rows: TaskRow[],
  unreadable: UnreadableFields,
): Promise<CaseTask[]> {
  const names = await userNames(
    trx,
    rows.flatMap((task) => [task.assignee_id, task.created_by, task.done_by].filter((id) => id !== null)),
  );
  const person = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
  return rows.map((task) => ({
    id: task.id,
    title: unreadable.open(
      `tasks.${task.id}.title`,
      () => cipher.openText(task.title_sealed, titleField(task.id)),
      null,
    ),
    assignee: person(task.assignee_id),
    dueOn: task.due_on,
    status: task.status,
    managersOnly: task.managers_only,
    createdBy: person(task.created_by),
    createdAt: task.created_at.toISOString(),
    doneAt: task.done_at?.toISOString() ?? null,
    doneBy: person(task.done_by),
  }));
}

/** The case's tasks that the user may read (`read`), open ones first; audited as `case.task_read`. */
export async function readTasks(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  context: { requestId: string; alarm?: IntegrityAlarm | undefined },
): Promise<CaseTask[]> {
  const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'read');
  const cipher = await keys.scope(trx, 'case', row.id);
  const unreadable = new UnreadableFields();
  const tasks = await openTasks(trx, cipher, await selectTasks(trx, row.id), unreadable);
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.task_read',
    objectType: 'case',
    objectId: row.id,
    caseId: row.id,
    objectIds: tasks.length > 0 ? tasks.map((task) => task.id) : null,
    requestId: context.requestId,
    outcome: 'success',
  });
  await recordUnreadable(
    trx,
    auth,
    { action: 'case.task_read', objectType: 'case', caseId: row.id, requestId: context.requestId },
    unreadable.failures.map((failure) => ({ ...failure, objectId: row.id })),
    context.alarm,
  );
  return tasks;
}

function requireTitle(title: string): string {
  const trimmed = title.trim();
  if (!trimmed)
    throw new Invalid('title_required', 'A task needs a title.', [{ path: 'title', message: 'is empty' }]);
  return trimmed;
}

async function checkAssignee(
  trx: TenantTransaction,
  row: CaseRow,
  assigneeId: string,
  options: { managersOnly: boolean; now: Date },
): Promise<string> {
  const id = assigneeId.toLowerCase();
  if (!(await readersAmong(trx, row, [id], options)).has(id))
    throw new Invalid('assignee_not_allowed', 'A task goes to someone who may read it.', [
      { path: 'assigneeId', message: 'may not read this case' },
    ]);
  return id;
}

/** Tells the new assignee (not whoever gave themselves the task), in the app and by e-mail with a link. */
async function tellAssignee(
  trx: TenantTransaction,
  cipher: ScopeCipher,
  auth: AuthContext,
  caseId: string,
  assigneeId: string,
  now: Date,
): Promise<void> {
  if (assigneeId === auth.userId) return;
  await notifyAboutCase(trx, {
    tenantId: auth.tenantId,
    caseId,
    kind: 'case.task_assigned',
    userIds: [assigneeId],
    day: dayOf(now),
  });
  const user = await trx
    .selectFrom('users')
    .select(['email', 'language'])
    .where('id', '=', assigneeId)
    .executeTakeFirst();
  if (user)
    await enqueueEmail(trx, {
      to: user.email,
      locale: emailLocaleOf(user.language),
      template: 'case.task_assigned',
      params: { path: `/cases/${caseId}` },
      sealWith: cipher,
    });
}

/**
 * Creates a task (`write`; managers only needs `read_managers_only`), with a journal entry and a notice to
 * the assignee; audited as `case.task_create`. Answers the id.
 */
export async function createTask(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  input: NewTask,
  context: Context,
): Promise<string> {
  const { row, can } = await loadCase(trx, await accessActor(trx, auth), caseId, 'write');
  const title = requireTitle(input.title);
  const managersOnly = input.managersOnly === true;
  if (managersOnly && !can.read_managers_only)
    throw new Forbidden('managers_only_not_allowed', 'Only threat managers create managers-only tasks.');
  const assigneeId =
    input.assigneeId === undefined
      ? null
      : await checkAssignee(trx, row, input.assigneeId, { managersOnly, now: context.now });
  const id = randomUUID();
  const cipher = await keys.scope(trx, 'case', row.id);
  await trx
    .insertInto('case_tasks')
    .values({
      id,
      tenant_id: auth.tenantId,
      case_id: row.id,
      title_sealed: cipher.seal(title, titleField(id)),
      assignee_id: assigneeId,
      due_on: input.dueOn ?? null,
      managers_only: managersOnly,
      created_by: auth.userId,
      created_at: context.now,
    })
    .execute();
  await appendJournal(
    trx,
    null,
    { tenantId: auth.tenantId, caseId: row.id, authorId: auth.userId, now: context.now },
    {
      kind: 'task_created',
      managersOnly,
      facts: { taskId: id, ...(assigneeId ? { userId: assigneeId } : {}) },
    },
  );
  if (assigneeId) await tellAssignee(trx, cipher, auth, row.id, assigneeId, context.now);
  await announceCaseChange(trx, { tenantId: auth.tenantId, caseId: row.id, part: 'tasks' });
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.task_create',
    objectType: 'task',
    objectId: id,
    caseId: row.id,
    requestId: context.requestId,
    outcome: 'success',
    reason: managersOnly ? 'managers_only' : null,
  });
  return id;
}

/**
 * Changes a task (`write`): title, assignee (who must be able to read it; told), due day, or its status;
 * marking it done records who and when and writes a journal entry. Audited as `case.task_update` with the
 * fields changed. Answers the task.
 */
export async function updateTask(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  taskId: string,
  change: TaskChange,
  context: Context,
): Promise<CaseTask> {
  const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'write');
  const [task] = await selectTasks(trx, row.id, taskId);
  if (!task) throw new NotFound('task_not_found', 'No such task on this case.');
  const cipher = await keys.scope(trx, 'case', row.id);
  const values: Updateable<CaseTasksTable> = {};
  const changed: string[] = [];
  if (change.title !== undefined) {
    values.title_sealed = cipher.seal(requireTitle(change.title), titleField(task.id));
    changed.push('title');
  }
  let newAssignee: string | null = null;
  const wanted = change.assigneeId === undefined ? undefined : (change.assigneeId?.toLowerCase() ?? null);
  if (wanted !== undefined && wanted !== task.assignee_id) {
    newAssignee =
      wanted === null
        ? null
        : await checkAssignee(trx, row, wanted, { managersOnly: task.managers_only, now: context.now });
    values.assignee_id = newAssignee;
    // The new assignee hears of a due task today, whatever the one before was told.
    values.reminded_on = null;
    changed.push('assignee');
  }
  if (change.dueOn !== undefined && change.dueOn !== task.due_on) {
    values.due_on = change.dueOn;
    changed.push('dueon');
  }
  const done = change.status === 'done' && task.status !== 'done';
  if (change.status !== undefined && change.status !== task.status) {
    values.status = change.status;
    values.done_at = done ? context.now : null;
    values.done_by = done ? auth.userId : null;
    changed.push('status');
  }
  if (changed.length > 0) {
    await trx.updateTable('case_tasks').set(values).where('id', '=', task.id).execute();
    if (done)
      await appendJournal(
        trx,
        null,
        { tenantId: auth.tenantId, caseId: row.id, authorId: auth.userId, now: context.now },
        { kind: 'task_done', managersOnly: task.managers_only, facts: { taskId: task.id } },
      );
    if (newAssignee) await tellAssignee(trx, cipher, auth, row.id, newAssignee, context.now);
    await announceCaseChange(trx, { tenantId: auth.tenantId, caseId: row.id, part: 'tasks' });
    await recordAuditEvent(trx, {
      ...auditActorOf(auth),
      action: 'case.task_update',
      objectType: 'task',
      objectId: task.id,
      caseId: row.id,
      requestId: context.requestId,
      outcome: 'success',
      reason: `fields:${changed.join('.')}${done ? ':done' : ''}`,
    });
  }
  const [updated] = await selectTasks(trx, row.id, task.id);
  const unreadable = new UnreadableFields();
  const [answer] = await openTasks(trx, cipher, updated ? [updated] : [], unreadable);
  if (!answer) throw new NotFound('task_not_found', 'No such task on this case.');
  return answer;
}
