import { randomUUID } from 'node:crypto';
import type { IntegrityAlarm } from '../../crypto/integrity.ts';
import { UnreadableFields } from '../../crypto/integrity.ts';
import type { TenantKeys } from '../../crypto/keyring.ts';
import { allColumns } from '../../db/columns.ts';
import { defineKeyset, selectKeysetPage } from '../../db/keyset.ts';
import { encodeCursor, type PageRequest } from '../../db/page.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Forbidden, Invalid } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import { recordUnreadable } from '../audit/content-reads.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { emailLocaleOf, enqueueEmail } from '../mail/outbox.ts';
import { notifyAboutCase } from '../notifications/service.ts';
import { dayOf } from '../reports/days.ts';
import { announceCaseChange } from './case-events.ts';
import { SEARCH_FIELDS } from './case-list-filters.ts';
import type { CaseComment, NewComment } from './collaboration-schemas.ts';
import { caseSubject, loadCase } from './load-case.ts';
import { canCase } from './policy.ts';
import type { CaseRow } from './store.ts';

// The team's discussion of a case: comments, sealed with the case's key, that may name (@mention) people,
// who are told in the app and by e-mail (a link, never the text). Only people who may read the case can be
// named, and for a managers-only comment only those who may read managers-only content: a mention must not
// be a way to tell someone what they may not read. Row-level security (migration 0029) holds managers-only
// comments back from everyone who does not work as a threat manager; nothing here works around it.

const bodyField = (id: string) => ({ table: 'case_comments', column: 'body_sealed', rowId: id });

/** The discussion's order: oldest first, as a thread reads. */
export const COMMENT_ORDER = defineKeyset({
  name: 'comments',
  columns: [{ ref: 'case_comments.seq', type: 'integer' }],
  order: 'asc',
});

/**
 * Which of `userIds` may read the case (by unit scope or as a member of its team, by the case policy), and
 * its managers-only content too when `managersOnly`: who may be mentioned or given a task.
 */
export async function readersAmong(
  trx: TenantTransaction,
  row: CaseRow,
  userIds: readonly string[],
  options: { managersOnly: boolean; now: Date },
): Promise<Set<string>> {
  const readers = new Set<string>();
  if (userIds.length === 0) return readers;
  const members = await trx
    .selectFrom('case_members')
    .select('user_id')
    .where('case_id', '=', row.id)
    .where('user_id', 'in', userIds)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', options.now)]))
    .execute();
  const memberIds = new Set(members.map((member) => member.user_id));
  for (const userId of new Set(userIds)) {
    const actor = await accessActor(trx, { userId, tenantId: row.tenant_id });
    const subject = caseSubject(row, memberIds.has(userId));
    if (!canCase(actor, 'read', subject)) continue;
    if (options.managersOnly && !canCase(actor, 'read_managers_only', subject)) continue;
    readers.add(userId);
  }
  return readers;
}

/** Display names by user id (for authors, mentions, assignees). */
export async function userNames(trx: TenantTransaction, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await trx
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((user) => [user.id, user.display_name]));
}

/**
 * A page of the case's comments that the user may read (`read`; managers-only ones only for threat
 * managers, by row-level security), oldest first, each opened with the case's key. Audited as
 * `case.comment_read` naming the comments shown.
 */
export async function readComments(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  page: PageRequest,
  context: { requestId: string; alarm?: IntegrityAlarm | undefined },
): Promise<{ comments: CaseComment[]; nextCursor: string | null }> {
  const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'read');
  const cipher = await keys.scope(trx, 'case', row.id);
  const query = trx
    .selectFrom('case_comments')
    .select(allColumns('case_comments'))
    .where('case_comments.case_id', '=', row.id);
  const { rows, next } = await selectKeysetPage(query, COMMENT_ORDER, page);
  const names = await userNames(
    trx,
    rows.flatMap((comment) => [comment.author_id, ...comment.mentions]),
  );
  const unreadable = new UnreadableFields();
  const comments = rows.map(
    (comment): CaseComment => ({
      id: comment.id,
      author: { id: comment.author_id, name: names.get(comment.author_id) ?? '' },
      text: unreadable.open(
        `comments.${comment.id}.text`,
        () => cipher.openText(comment.body_sealed, bodyField(comment.id)),
        null,
      ),
      mentions: comment.mentions.map((id) => ({ id, name: names.get(id) ?? '' })),
      managersOnly: comment.managers_only,
      createdAt: comment.created_at.toISOString(),
    }),
  );
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.comment_read',
    objectType: 'case',
    objectId: row.id,
    caseId: row.id,
    objectIds: comments.length > 0 ? comments.map((comment) => comment.id) : null,
    requestId: context.requestId,
    outcome: 'success',
  });
  await recordUnreadable(
    trx,
    auth,
    { action: 'case.comment_read', objectType: 'case', caseId: row.id, requestId: context.requestId },
    unreadable.failures.map((failure) => ({ ...failure, objectId: row.id })),
    context.alarm,
  );
  return { comments, nextCursor: encodeCursor(COMMENT_ORDER, next) };
}

/**
 * Writes a comment (`write`); managers only (`read_managers_only`) where asked. Each mentioned user must be
 * able to read it (422 `mention_not_allowed`); they are told in the app and by e-mail, without the text
 * (not the author, who knows). Audited as `case.comment` with the number of mentions. Answers the id.
 */
export async function addComment(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  input: NewComment,
  context: { now: Date; requestId: string },
): Promise<string> {
  const { row, can } = await loadCase(trx, await accessActor(trx, auth), caseId, 'write');
  const text = input.text.trim();
  if (!text)
    throw new Invalid('text_required', 'Write a comment.', [{ path: 'text', message: 'must not be empty' }]);
  const managersOnly = input.managersOnly === true;
  if (managersOnly && !can.read_managers_only)
    throw new Forbidden('managers_only_not_allowed', 'Only threat managers write managers-only comments.');
  const requested = (input.mentions ?? []).map((id) => id.toLowerCase());
  const readers = await readersAmong(trx, row, requested, { managersOnly, now: context.now });
  const refused = requested.flatMap((id, index) => (readers.has(id) ? [] : [index]));
  if (refused.length > 0)
    throw new Invalid(
      'mention_not_allowed',
      managersOnly
        ? 'Only people who may read this managers-only comment can be mentioned.'
        : 'Only people who may read this case can be mentioned.',
      refused.map((index) => ({ path: `mentions.${index}`, message: 'may not read this case' })),
    );
  const mentions = [...new Set(requested)];
  const id = randomUUID();
  const cipher = await keys.scope(trx, 'case', row.id);
  await trx
    .insertInto('case_comments')
    .values({
      id,
      tenant_id: auth.tenantId,
      case_id: row.id,
      author_id: auth.userId,
      body_sealed: cipher.seal(text, bodyField(id)),
      mentions,
      managers_only: managersOnly,
      search_index: (await keys.blindIndex(trx)).entries(SEARCH_FIELDS.commentText, text),
      created_at: context.now,
    })
    .execute();
  const told = mentions.filter((userId) => userId !== auth.userId);
  if (told.length > 0) {
    await notifyAboutCase(trx, {
      tenantId: auth.tenantId,
      caseId: row.id,
      kind: 'case.mentioned',
      userIds: told,
      day: dayOf(context.now),
    });
    const recipients = await trx
      .selectFrom('users')
      .select(['email', 'language'])
      .where('id', 'in', told)
      .execute();
    for (const user of recipients)
      await enqueueEmail(trx, {
        to: user.email,
        locale: emailLocaleOf(user.language),
        template: 'case.mentioned',
        params: { path: `/cases/${row.id}` },
        sealWith: cipher,
      });
  }
  await announceCaseChange(trx, { tenantId: auth.tenantId, caseId: row.id, part: 'comments' });
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.comment',
    objectType: 'comment',
    objectId: id,
    caseId: row.id,
    requestId: context.requestId,
    outcome: 'success',
    reason: `mentions=${mentions.length}`,
  });
  return id;
}
