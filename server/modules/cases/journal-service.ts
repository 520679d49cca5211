import type { IntegrityAlarm } from '../../crypto/integrity.ts';
import { UnreadableFields } from '../../crypto/integrity.ts';
import type { TenantKeys } from '../../crypto/keyring.ts';
import { encodeCursor, type PageRequest } from '../../db/page.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Forbidden, Invalid, NotFound } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import { recordUnreadable } from '../audit/content-reads.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { announceCaseChange } from './case-events.ts';
import { SEARCH_FIELDS } from './case-list-filters.ts';
import {
  appendJournal,
  findJournalEntry,
  JOURNAL_ORDER,
  type JournalEntry,
  type JournalKind,
  listJournal,
  MANUAL_JOURNAL_KINDS,
} from './journal.ts';
import { withSubjects } from './journal-subjects.ts';
import { loadCase } from './load-case.ts';

// Reading and writing the journal through the case's one authorising load (loadCase) and its policy;
// row-level security (migration 0029) holds managers-only entries back from everyone else as well.

/** The kinds a correction may correct: what people write (the rest is written by the case's actions). */
const CORRECTABLE: ReadonlySet<JournalKind> = new Set<JournalKind>([...MANUAL_JOURNAL_KINDS, 'correction']);

/**
 * A page of the case's journal, newest first (`read`); managers-only entries only for whoever may read them
 * (the database leaves them out for anyone else). Audited as `case.journal_read` naming the entries shown.
 */
export async function readJournal(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  query: { kinds?: readonly JournalKind[] | undefined; page: PageRequest },
  context: { requestId: string; alarm?: IntegrityAlarm | undefined },
): Promise<{ entries: JournalEntry[]; nextCursor: string | null }> {
  const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'read');
  const cipher = await keys.scope(trx, 'case', row.id);
  const unreadable = new UnreadableFields();
  const page = await listJournal(
    trx,
    cipher,
    row.id,
    { kinds: query.kinds, after: query.page.after, limit: query.page.limit },
    unreadable,
  );
  const { next } = page;
  const entries = await withSubjects(trx, cipher, row.id, page.entries, unreadable);
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.journal_read',
    objectType: 'case',
    objectId: row.id,
    caseId: row.id,
    objectIds: entries.length > 0 ? entries.map((entry) => entry.id) : null,
    requestId: context.requestId,
    outcome: 'success',
  });
  await recordUnreadable(
    trx,
    auth,
    { action: 'case.journal_read', objectType: 'case', caseId: row.id, requestId: context.requestId },
    unreadable.failures.map((failure) => ({ ...failure, objectId: row.id })),
    context.alarm,
  );
  return { entries, nextCursor: encodeCursor(JOURNAL_ORDER, next) };
}

export interface JournalEntryInput {
  kind: (typeof MANUAL_JOURNAL_KINDS)[number];
  text: string;
  /** When the call or meeting took place; defaults to now. */
  occurredAt?: string | undefined;
  participants?: string | undefined;
  managersOnly?: boolean | undefined;
  /** The entry this one corrects. */
  correctsId?: string | undefined;
}

/**
 * Writes a note, a call or a meeting into the journal (`write`); managers only (`read_managers_only`) where
 * asked. A correction names the entry it corrects, which stays as it was: experts correct their own entries,
 * the case's threat managers any written one, and a correction of a managers-only entry is managers only too.
 * Audited as `case.journal_write` with the kind.
 */
export async function writeJournalEntry(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  input: JournalEntryInput,
  context: { now: Date; requestId: string },
): Promise<string> {
  const { row, can } = await loadCase(trx, await accessActor(trx, auth), caseId, 'write');
  const text = input.text.trim();
  if (!text)
    throw new Invalid('text_required', 'Write what happened.', [
      { path: 'text', message: 'must not be empty' },
    ]);
  let managersOnly = input.managersOnly === true;
  if (managersOnly && !can.read_managers_only)
    throw new Forbidden('managers_only_not_allowed', 'Only threat managers write managers-only entries.');
  const occurredAt = input.occurredAt === undefined ? context.now : new Date(input.occurredAt);
  if (occurredAt.getTime() > context.now.getTime() + 5 * 60_000)
    throw new Invalid('occurred_in_future', 'An entry records what has happened, not what will.', [
      { path: 'occurredAt', message: 'must not be in the future' },
    ]);
  if (input.correctsId !== undefined) {
    const corrected = await findJournalEntry(trx, row.id, input.correctsId);
    if (!corrected) throw new NotFound('entry_not_found', 'No such journal entry on this case.');
    if (!CORRECTABLE.has(corrected.kind))
      throw new Invalid(
        'entry_not_correctable',
        'Only written entries (notes, calls, meetings) are corrected.',
        [{ path: 'correctsId', message: `is a ${corrected.kind} entry` }],
      );
    if (corrected.author_id !== auth.userId && !can.manage)
      throw new Forbidden('correction_not_allowed', 'You may correct your own entries only.');
    managersOnly = managersOnly || corrected.managers_only;
  }
  const cipher = await keys.scope(trx, 'case', row.id);
  const id = await appendJournal(
    trx,
    cipher,
    { tenantId: auth.tenantId, caseId: row.id, authorId: auth.userId, now: context.now },
    {
      kind: input.correctsId === undefined ? input.kind : 'correction',
      occurredAt,
      managersOnly,
      correctsId: input.correctsId ?? null,
      text,
      participants: input.participants?.trim() || null,
      searchIndex: (await keys.blindIndex(trx)).entries(
        SEARCH_FIELDS.journalText,
        `${text}\n${input.participants ?? ''}`,
      ),
    },
  );
  await announceCaseChange(trx, { tenantId: auth.tenantId, caseId: row.id, part: 'journal' });
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.journal_write',
    objectType: 'journal_entry',
    objectId: id,
    caseId: row.id,
    requestId: context.requestId,
    outcome: 'success',
    reason: `kind:${input.correctsId === undefined ? input.kind : 'correction'}${managersOnly ? ':managers_only' : ''}`,
  });
  return id;
}
