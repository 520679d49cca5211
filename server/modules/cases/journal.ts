import { randomUUID } from 'node:crypto';
import { type Static, Type } from 'typebox';
import type { UnreadableFields } from '../../crypto/integrity.ts';
import type { ScopeCipher } from '../../crypto/keyring.ts';
import { allColumns } from '../../db/columns.ts';
import { defineKeyset, type KeysetPosition, selectKeysetPage } from '../../db/keyset.ts';
import type { JournalKindColumn } from '../../db/schema-case-file.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { assertValid } from '../../validation.ts';
import { PERSON_ROLES } from './person-labels.ts';
import { CASE_STATUSES } from './schemas.ts';

// The case journal: everything that happened on a case, in order (migration 0029). Rows are never updated;
// a correction is a new entry that names the one it corrects. Text (a note, a call's notes, the reason for a
// status change) and participants are sealed with the case's key; `facts` holds ids and codes only. Whether
// an entry is managers only is decided when it is written and enforced by row-level security when read.

export const JOURNAL_KINDS = [
  'case_opened',
  'status_changed',
  'details_changed',
  'owner_changed',
  'note',
  'call',
  'meeting',
  'team_member_added',
  'team_member_removed',
  'team_member_expired',
  'report_linked',
  'correction',
  'person_added',
  'person_changed',
  'person_removed',
  'task_created',
  'task_done',
  'document_added',
  'document_version_added',
  'assessment_started',
  'assessment_finalised',
  'measure_planned',
  'measure_started',
  'measure_done',
  'measure_cancelled',
  'measure_reopened',
  'measure_overdue',
  'measure_expert_answered',
  'legal_hold_set',
  'legal_hold_lifted',
  'processing_restricted',
  'processing_restriction_lifted',
] as const satisfies readonly JournalKindColumn[];
export type JournalKind = (typeof JOURNAL_KINDS)[number];

/** The entries a person writes by hand (the rest the case's actions write). */
export const MANUAL_JOURNAL_KINDS = ['note', 'call', 'meeting'] as const;

const uuid = Type.String({ format: 'uuid' });

/** Ids and codes an entry carries besides its text; never content. */
export const JournalFacts = Type.Object(
  {
    statusFrom: Type.Optional(Type.Enum(CASE_STATUSES)),
    statusTo: Type.Optional(Type.Enum(CASE_STATUSES)),
    /** The team member added, removed or expired, or the new owner. */
    userId: Type.Optional(uuid),
    /** The previous owner. */
    previousUserId: Type.Optional(Type.Union([uuid, Type.Null()])),
    expiresAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    reportId: Type.Optional(uuid),
    /** The case person added, changed or removed, their role then and their pseudonym's number. */
    personId: Type.Optional(uuid),
    personRole: Type.Optional(Type.Enum(PERSON_ROLES)),
    pseudonymNumber: Type.Optional(Type.Integer({ minimum: 1 })),
    /** The task created or done. */
    taskId: Type.Optional(uuid),
    /** The document added, or given a new version, and that version's number. */
    documentId: Type.Optional(uuid),
    documentVersion: Type.Optional(Type.Integer({ minimum: 1 })),
    /** The assessment started or decided, and the level decided (1–4). */
    assessmentId: Type.Optional(uuid),
    level: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    /** The measure planned, started, done, cancelled or overdue, and its type; an expert's answer to it. */
    measureId: Type.Optional(uuid),
    measureType: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })),
    consent: Type.Optional(Type.Union([Type.Literal('accepted'), Type.Literal('declined')])),
    /** The fields a details change touched. */
    changed: Type.Optional(Type.Array(Type.String({ pattern: '^[a-zA-Z]+$' }), { maxItems: 20 })),
  },
  { title: 'JournalFacts', additionalProperties: false },
);
export type JournalFacts = Static<typeof JournalFacts>;

const person = Type.Object({ id: uuid, name: Type.String() });

export const JournalEntry = Type.Object(
  {
    id: uuid,
    kind: Type.Enum(JOURNAL_KINDS),
    /** When it happened (a call recorded later names its own time). */
    occurredAt: Type.String({ format: 'date-time' }),
    recordedAt: Type.String({ format: 'date-time' }),
    author: Type.Union([person, Type.Null()]),
    managersOnly: Type.Boolean(),
    /** The entry this one corrects. */
    corrects: Type.Union([uuid, Type.Null()]),
    /** Later entries that correct this one. */
    correctedBy: Type.Array(uuid),
    /** The note, the call's or meeting's notes, the reason given; null when there is none or it failed verification. */
    text: Type.Union([Type.String(), Type.Null()]),
    participants: Type.Union([Type.String(), Type.Null()]),
    facts: JournalFacts,
    /** The user the facts name (a team member, the new owner), with their name. */
    user: Type.Union([person, Type.Null()]),
    report: Type.Union([Type.Object({ id: uuid, reference: Type.String() }), Type.Null()]),
    /** The case person the facts name: pseudonym and role, never the name. */
    person: Type.Union([
      Type.Object({ id: uuid, pseudonym: Type.String(), role: Type.Enum(PERSON_ROLES) }),
      Type.Null(),
    ]),
    /** The task the facts name, with its title; null title when it cannot be read (or is managers only). */
    task: Type.Union([
      Type.Object({ id: uuid, title: Type.Union([Type.String(), Type.Null()]) }),
      Type.Null(),
    ]),
    /** The document the facts name, with its title; null title when it cannot be read. */
    document: Type.Union([
      Type.Object({
        id: uuid,
        title: Type.Union([Type.String(), Type.Null()]),
        version: Type.Integer({ minimum: 1 }),
      }),
      Type.Null(),
    ]),
  },
  { title: 'JournalEntry' },
);
export type JournalEntry = Static<typeof JournalEntry>;

export const field = (id: string, column: 'body_sealed' | 'participants_sealed') => ({
  table: 'case_journal',
  column,
  rowId: id,
});

export interface JournalWrite {
  kind: JournalKind;
  occurredAt?: Date;
  managersOnly?: boolean;
  correctsId?: string | null;
  text?: string | null;
  participants?: string | null;
  facts?: JournalFacts;
  /** Blind-index entries of the text, for search (SEARCH_FIELDS.journalText). */
  searchIndex?: string[];
}

/**
 * Appends an entry to the case's journal, its text sealed with the case's key (`cipher`; only needed when
 * the entry has text). Answers its id.
 */
export async function appendJournal(
  trx: TenantTransaction,
  cipher: ScopeCipher | null,
  context: { tenantId: string; caseId: string; authorId: string | null; now: Date },
  entry: JournalWrite,
): Promise<string> {
  const id = randomUUID();
  const facts = entry.facts ?? {};
  assertValid(JournalFacts, facts, 'journal facts');
  const seal = (value: string | null | undefined, column: 'body_sealed' | 'participants_sealed') => {
    if (value === null || value === undefined || value === '') return null;
    if (!cipher) throw new Error('a journal entry with text needs the case cipher');
    return cipher.seal(value, field(id, column));
  };
  await trx
    .insertInto('case_journal')
    .values({
      id,
      tenant_id: context.tenantId,
      case_id: context.caseId,
      kind: entry.kind,
      occurred_at: entry.occurredAt ?? context.now,
      recorded_at: context.now,
      author_id: context.authorId,
      managers_only: entry.managersOnly ?? false,
      corrects_id: entry.correctsId ?? null,
      body_sealed: seal(entry.text, 'body_sealed'),
      participants_sealed: seal(entry.participants, 'participants_sealed'),
      facts,
      search_index: entry.searchIndex ?? [],
    })
    .execute();
  return id;
}

/** The journal's order: newest first by when it happened, then by when it was written. */
export const JOURNAL_ORDER = defineKeyset({
  name: 'journal',
  columns: [
    { ref: 'case_journal.occurred_at', type: 'timestamp' },
    { ref: 'case_journal.seq', type: 'integer' },
  ],
  order: 'desc',
});

/** One journal entry as stored (the policies have let it through). */
export async function findJournalEntry(trx: TenantTransaction, caseId: string, id: string) {
  return trx
    .selectFrom('case_journal')
    .select(allColumns('case_journal'))
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * A page of the case's journal that the transaction's user may read (row-level security leaves out
 * managers-only entries for anyone who is not a threat manager), newest first, optionally of some kinds
 * only, each opened with the case's key.
 */
export async function listJournal(
  trx: TenantTransaction,
  cipher: ScopeCipher,
  caseId: string,
  options: { kinds?: readonly JournalKind[] | undefined; after: KeysetPosition | null; limit: number },
  unreadable: UnreadableFields,
): Promise<{ entries: JournalEntry[]; next: KeysetPosition | null }> {
  let query = trx
    .selectFrom('case_journal')
    .leftJoin('users as author', 'author.id', 'case_journal.author_id')
    .select(allColumns('case_journal'))
    .select('author.display_name as author_name')
    .where('case_journal.case_id', '=', caseId);
  if (options.kinds && options.kinds.length > 0)
    query = query.where('case_journal.kind', 'in', options.kinds);
  const { rows, next } = await selectKeysetPage(query, JOURNAL_ORDER, options);
  const ids = rows.map((row) => row.id);
  const facts = rows.map((row) => row.facts as JournalFacts);
  const userIds = [...new Set(facts.flatMap((fact) => (fact.userId ? [fact.userId] : [])))];
  const reportIds = [...new Set(facts.flatMap((fact) => (fact.reportId ? [fact.reportId] : [])))];
  const [users, reports, corrections] = await Promise.all([
    userIds.length > 0
      ? trx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute()
      : [],
    reportIds.length > 0
      ? trx.selectFrom('reports').select(['id', 'reference']).where('id', 'in', reportIds).execute()
      : [],
    ids.length > 0
      ? trx
          .selectFrom('case_journal')
          .select(['id', 'corrects_id'])
          .where('case_id', '=', caseId)
          .where('corrects_id', 'in', ids)
          .orderBy('seq')
          .execute()
      : [],
  ]);
  const names = new Map(users.map((user) => [user.id, user.display_name]));
  const references = new Map(reports.map((report) => [report.id, report.reference]));
  const entries = rows.map((row, index): JournalEntry => {
    const fact = facts[index] ?? {};
    const open = (column: 'body_sealed' | 'participants_sealed', path: string) => {
      const sealed = row[column];
      if (!sealed) return null;
      return unreadable.open(
        `journal.${row.id}.${path}`,
        () => cipher.openText(sealed, field(row.id, column)),
        null,
      );
    };
    return {
      id: row.id,
      kind: row.kind,
      occurredAt: row.occurred_at.toISOString(),
      recordedAt: row.recorded_at.toISOString(),
      author: row.author_id ? { id: row.author_id, name: row.author_name ?? '' } : null,
      managersOnly: row.managers_only,
      corrects: row.corrects_id,
      correctedBy: corrections.filter((c) => c.corrects_id === row.id).map((c) => c.id),
      text: open('body_sealed', 'text'),
      participants: open('participants_sealed', 'participants'),
      facts: fact,
      user: fact.userId ? { id: fact.userId, name: names.get(fact.userId) ?? '' } : null,
      report:
        fact.reportId && references.has(fact.reportId)
          ? { id: fact.reportId, reference: references.get(fact.reportId) ?? '' }
          : null,
      // Filled in by journal-subjects.ts, which reads persons and tasks.
      person: null,
      task: null,
      document: null,
    };
  });
  return { entries, next };
}
