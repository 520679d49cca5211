import { type Kysely, sql } from 'kysely';

// Legal hold and restriction of processing in the case journal (issue 17): the team sees in the case's
// history when a case was placed under legal hold or the hold was lifted, and when the processing of one of
// its persons was restricted or the restriction lifted. Facts only (the person's id, role and pseudonym);
// the reasons stay in their own sealed columns.
//
// Expand only: more allowed journal kinds. The previous release shows them by their kind code.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

const PREVIOUS_JOURNAL_KINDS = [
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
];
const PRIVACY_JOURNAL_KINDS = [
  'legal_hold_set',
  'legal_hold_lifted',
  'processing_restricted',
  'processing_restriction_lifted',
];

const list = (values: string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

export async function up(db: Db): Promise<void> {
  await sql`ALTER TABLE case_journal DROP CONSTRAINT case_journal_kind_check`.execute(db);
  await sql`ALTER TABLE case_journal ADD CONSTRAINT case_journal_kind_check
    CHECK (kind IN (${list([...PREVIOUS_JOURNAL_KINDS, ...PRIVACY_JOURNAL_KINDS])}))`.execute(db);
}

export async function down(db: Db): Promise<void> {
  await sql`DELETE FROM case_journal WHERE kind IN (${list(PRIVACY_JOURNAL_KINDS)})`.execute(db);
  await sql`ALTER TABLE case_journal DROP CONSTRAINT case_journal_kind_check`.execute(db);
  await sql`ALTER TABLE case_journal ADD CONSTRAINT case_journal_kind_check
    CHECK (kind IN (${list(PREVIOUS_JOURNAL_KINDS)}))`.execute(db);
}
