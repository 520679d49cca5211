import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Defuse (issue 16): the organisation's catalogue of measure types and the measure plan of a case.
// Expand only: new tables and more allowed journal and notification kinds; the previous release reads none.
//
// - `measure_types`: like case templates, TMA ships defaults in code (server/modules/measures/catalogue.ts);
//   a row is an organisation's own type or its version of a default (edited or switched off). Names,
//   descriptions and the playbook (a handbook page) are the organisation's procedure: stored as they are.
// - `case_measures`: what the team does about a case. The description of what exactly is done, the outcome
//   and the notes are sealed with the case key; type, status, owner, due day and the effectiveness rating
//   stay plaintext (the dashboard, overdue escalation and anonymised statistics count them). A measure may
//   answer scenarios of a final assessment: `assessment_id` and the scenarios' positions in its judgement.
//   `escalated_on` is the day the overdue job last claimed it (once a day across any number of instances).
// - `case_measure_experts`: experts a measure involves. Someone not on the case's team is invited and joins
//   the team only by accepting (consent); until then the invitee sees the invitation row and nothing of the
//   case. Everyone else reads these rows like the case.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

async function run(db: Db, statements: ReturnType<typeof sql>[]): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

const NO_VIEWER = '(SELECT tma_viewer()) IS NULL';

const caseReadable = (table: string) =>
  sql.raw(`EXISTS (
  SELECT 1 FROM cases c WHERE c.id = ${table}.case_id
    AND (c.unit_id = ANY ((SELECT tma_readable_units(tma_viewer()))::uuid[])
         OR c.id IN (SELECT team.id FROM tma_team_cases(tma_viewer()) AS team (id))))`);

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
];
const MEASURE_JOURNAL_KINDS = [
  'measure_planned',
  'measure_started',
  'measure_done',
  'measure_cancelled',
  'measure_reopened',
  'measure_overdue',
  'measure_expert_answered',
];

const PREVIOUS_NOTIFICATION_KINDS = [
  'report.received',
  'report.danger',
  'report.reporter_message',
  'case.team_added',
  'case.team_removed',
  'case.team_expired',
  'case.mentioned',
  'case.task_assigned',
  'case.task_due',
  'case.assessment_due',
];
const MEASURE_NOTIFICATION_KINDS = [
  'case.measure_assigned',
  'case.measure_invited',
  'case.measure_answered',
  'case.measure_overdue',
];

const list = (values: string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

export async function up(db: Db, context: MigrationContext): Promise<void> {
  await run(db, [
    sql`CREATE TABLE measure_types (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
      built_in boolean NOT NULL,
      definition jsonb NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, key)
    )`,
    sql`CREATE TABLE case_measures (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      case_id uuid NOT NULL,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      type_key text NOT NULL CHECK (type_key ~ '^[a-z][a-z0-9_]{0,39}$'),
      description_sealed bytea NOT NULL,
      owner_id uuid,
      due_on date,
      status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
      outcome_sealed bytea,
      notes_sealed bytea,
      effectiveness text CHECK (effectiveness IN ('effective', 'partly_effective', 'not_effective', 'too_early')),
      assessment_id uuid,
      scenario_indexes smallint[] NOT NULL DEFAULT '{}',
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      completed_at timestamptz,
      completed_by uuid,
      escalated_on date,
      UNIQUE (tenant_id, id),
      CHECK (status <> 'done' OR (outcome_sealed IS NOT NULL AND effectiveness IS NOT NULL)),
      CHECK ((status IN ('done', 'cancelled')) = (completed_at IS NOT NULL)),
      CHECK (assessment_id IS NOT NULL OR cardinality(scenario_indexes) = 0),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
      FOREIGN KEY (tenant_id, assessment_id) REFERENCES assessments (tenant_id, id),
      FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, completed_by) REFERENCES users (tenant_id, id)
    )`,
    sql`CREATE INDEX case_measures_case_idx ON case_measures (tenant_id, case_id, seq)`,
    sql`CREATE INDEX case_measures_owner_idx ON case_measures (tenant_id, owner_id, due_on)
      WHERE status IN ('planned', 'in_progress')`,
    sql`CREATE INDEX case_measures_due_idx ON case_measures (due_on) WHERE status IN ('planned', 'in_progress')`,
    sql`CREATE INDEX case_measures_created_idx ON case_measures (tenant_id, created_at)`,
    // The dashboard's and the statistics' measures ended in a period.
    sql`CREATE INDEX case_measures_completed_idx ON case_measures (tenant_id, completed_at)
      WHERE completed_at IS NOT NULL`,
    sql`CREATE TABLE case_measure_experts (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      measure_id uuid NOT NULL,
      case_id uuid NOT NULL,
      user_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('invited', 'accepted', 'declined')),
      invited_by uuid,
      invited_at timestamptz NOT NULL DEFAULT now(),
      responded_at timestamptz,
      PRIMARY KEY (tenant_id, measure_id, user_id),
      CHECK ((status = 'invited') = (responded_at IS NULL)),
      FOREIGN KEY (tenant_id, measure_id) REFERENCES case_measures (tenant_id, id) ON DELETE CASCADE,
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
      FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, invited_by) REFERENCES users (tenant_id, id)
    )`,
    sql`CREATE INDEX case_measure_experts_user_idx ON case_measure_experts (tenant_id, user_id)
      WHERE status = 'invited'`,
  ]);
  // The statistics count a quarter's reports by the day they were received.
  await sql`CREATE INDEX reports_received_idx ON reports (tenant_id, received_on)`.execute(db);
  await protectTenantTable(db, context, 'measure_types', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(db, context, 'case_measures', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
  await protectTenantTable(db, context, 'case_measure_experts', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
  await run(db, [
    sql`CREATE POLICY case_content ON case_measures AS RESTRICTIVE FOR SELECT USING (
      ${sql.raw(NO_VIEWER)} OR ${caseReadable('case_measures')})`,
    sql`CREATE POLICY case_content_write ON case_measures AS RESTRICTIVE FOR INSERT WITH CHECK (
      ${sql.raw(NO_VIEWER)} OR ${caseReadable('case_measures')})`,
    sql`CREATE POLICY case_content_update ON case_measures AS RESTRICTIVE FOR UPDATE USING (
      ${sql.raw(NO_VIEWER)} OR ${caseReadable('case_measures')})`,
    // The invitee sees (and answers) their own invitation before they may read the case.
    sql`CREATE POLICY case_content ON case_measure_experts AS RESTRICTIVE FOR SELECT USING (
      ${sql.raw(NO_VIEWER)} OR user_id = (SELECT tma_viewer()) OR ${caseReadable('case_measure_experts')})`,
    sql`CREATE POLICY case_content_update ON case_measure_experts AS RESTRICTIVE FOR UPDATE USING (
      ${sql.raw(NO_VIEWER)} OR user_id = (SELECT tma_viewer()) OR ${caseReadable('case_measure_experts')})`,
    sql`CREATE POLICY case_content_write ON case_measure_experts AS RESTRICTIVE FOR INSERT WITH CHECK (
      ${sql.raw(NO_VIEWER)} OR ${caseReadable('case_measure_experts')})`,
    sql`ALTER TABLE case_journal DROP CONSTRAINT case_journal_kind_check`,
    sql`ALTER TABLE case_journal ADD CONSTRAINT case_journal_kind_check
      CHECK (kind IN (${list([...PREVIOUS_JOURNAL_KINDS, ...MEASURE_JOURNAL_KINDS])}))`,
    sql`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`,
    sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
      CHECK (kind IN (${list([...PREVIOUS_NOTIFICATION_KINDS, ...MEASURE_NOTIFICATION_KINDS])}))`,
  ]);
}

export async function down(db: Db): Promise<void> {
  await run(db, [
    sql`DELETE FROM notifications WHERE kind IN (${list(MEASURE_NOTIFICATION_KINDS)})`,
    sql`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`,
    sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
      CHECK (kind IN (${list(PREVIOUS_NOTIFICATION_KINDS)}))`,
    sql`DELETE FROM case_journal WHERE kind IN (${list(MEASURE_JOURNAL_KINDS)})`,
    sql`ALTER TABLE case_journal DROP CONSTRAINT case_journal_kind_check`,
    sql`ALTER TABLE case_journal ADD CONSTRAINT case_journal_kind_check
      CHECK (kind IN (${list(PREVIOUS_JOURNAL_KINDS)}))`,
    sql`DROP INDEX reports_received_idx`,
    sql`DROP TABLE case_measure_experts`,
    sql`DROP TABLE case_measures`,
    sql`DROP TABLE measure_types`,
  ]);
}
