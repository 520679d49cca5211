import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Retention and legal hold (issue 17), expand only: new tables and columns the previous release ignores.
//
// - `cases.closing_outcome`: why a closed case was closed (resolved, no threat, unfounded, …), which the
//   retention policy keys on. Existing closed cases become `other`. Cleared when a case is reopened.
// - `reports.closed_on`: the day a report was dismissed (closed without a case), set by a trigger so that the
//   previous release, still closing reports beside this one, records it too. A day, never a time: anonymous
//   reports keep nothing finer. Reports closed before this migration count from the day it ran.
// - `retention_policies`: a tenant's policy as one JSON document (server/modules/retention/policy-document.ts);
//   no row means the defaults.
// - `case_legal_holds`: a case under legal hold; the reason is sealed with the case's key. Lifting deletes
//   the row (the audit log keeps who set and lifted it, and when).
// - `retention_statistics`: what an anonymised case or report leaves behind: unit, category, level,
//   outcome, the months it was opened and closed, and counts. Nothing that names or dates it more finely.
// - `retention_warnings`: the case owner was warned that this closing of the case is about to expire
//   (once per case and closing, across any number of instances).
// - `retention_runs`: one row per tenant and day: the daily job claims it, so it runs once a day however
//   many instances there are, and records what it did.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

async function run(db: Db, statements: ReturnType<typeof sql>[]): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

const OUTCOMES = ['resolved', 'no_threat', 'unfounded', 'referred', 'other'];

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
  'case.measure_assigned',
  'case.measure_invited',
  'case.measure_answered',
  'case.measure_overdue',
  'report.danger_alert',
  'report.danger_escalated',
];
const RETENTION_NOTIFICATION_KINDS = ['case.retention_due'];

const list = (values: string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

export async function up(db: Db, context: MigrationContext): Promise<void> {
  await run(db, [
    sql`ALTER TABLE cases ADD COLUMN closing_outcome text CHECK (closing_outcome IN (${list(OUTCOMES)}))`,
    sql`UPDATE cases SET closing_outcome = 'other' WHERE status = 'closed' AND deleted_at IS NULL`,
    sql`ALTER TABLE reports ADD COLUMN closed_on date`,
    sql`UPDATE reports SET closed_on = current_date WHERE status = 'closed' AND deleted_at IS NULL`,
    sql`CREATE FUNCTION tma_report_closed_on() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'closed' AND OLD.status IS DISTINCT FROM 'closed' THEN
          NEW.closed_on := current_date;
        ELSIF NEW.status <> 'closed' THEN
          NEW.closed_on := NULL;
        END IF;
        RETURN NEW;
      END $$`,
    sql`CREATE TRIGGER reports_closed_on BEFORE UPDATE OF status ON reports
      FOR EACH ROW EXECUTE FUNCTION tma_report_closed_on()`,
    // The job's question: closed cases and dismissed reports, by when they were closed.
    sql`CREATE INDEX cases_closed_idx ON cases (tenant_id, closed_at)
      WHERE status = 'closed' AND deleted_at IS NULL`,
    sql`CREATE INDEX reports_dismissed_idx ON reports (tenant_id, closed_on)
      WHERE status = 'closed' AND case_id IS NULL AND deleted_at IS NULL`,
    sql`CREATE TABLE retention_policies (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
      policy jsonb NOT NULL,
      updated_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (tenant_id, updated_by) REFERENCES users (tenant_id, id)
    )`,
    sql`CREATE TABLE case_legal_holds (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      case_id uuid NOT NULL,
      reason_sealed bytea NOT NULL,
      set_by uuid,
      set_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, case_id),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
      FOREIGN KEY (tenant_id, set_by) REFERENCES users (tenant_id, id)
    )`,
    sql`CREATE TABLE retention_statistics (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      object_type text NOT NULL CHECK (object_type IN ('case', 'report')),
      unit_id uuid NOT NULL,
      category text,
      level smallint CHECK (level BETWEEN 1 AND 4),
      outcome text,
      opened_month date NOT NULL CHECK (extract(day FROM opened_month) = 1),
      closed_month date NOT NULL CHECK (extract(day FROM closed_month) = 1),
      report_count integer NOT NULL DEFAULT 0,
      person_count integer NOT NULL DEFAULT 0,
      document_count integer NOT NULL DEFAULT 0,
      measure_count integer NOT NULL DEFAULT 0,
      recorded_month date NOT NULL CHECK (extract(day FROM recorded_month) = 1),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES org_units (tenant_id, id)
    )`,
    sql`CREATE INDEX retention_statistics_closed_idx ON retention_statistics (tenant_id, closed_month)`,
    sql`CREATE TABLE retention_warnings (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      case_id uuid NOT NULL,
      closed_at timestamptz NOT NULL,
      warned_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, case_id, closed_at),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
    )`,
    sql`CREATE TABLE retention_runs (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      run_on date NOT NULL,
      started_at timestamptz NOT NULL,
      finished_at timestamptz,
      deleted integer NOT NULL DEFAULT 0,
      anonymised integer NOT NULL DEFAULT 0,
      warned integer NOT NULL DEFAULT 0,
      held integer NOT NULL DEFAULT 0,
      failed integer NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, run_on)
    )`,
    sql`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`,
    sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
      CHECK (kind IN (${list([...PREVIOUS_NOTIFICATION_KINDS, ...RETENTION_NOTIFICATION_KINDS])}))`,
  ]);
  await protectTenantTable(db, context, 'retention_policies', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(db, context, 'case_legal_holds', ['SELECT', 'INSERT', 'DELETE']);
  await protectTenantTable(db, context, 'retention_statistics', ['SELECT', 'INSERT']);
  await protectTenantTable(db, context, 'retention_warnings', ['SELECT', 'INSERT']);
  await protectTenantTable(db, context, 'retention_runs', ['SELECT', 'INSERT', 'UPDATE']);
}

export async function down(db: Db): Promise<void> {
  await run(db, [
    sql`DELETE FROM notifications WHERE kind IN (${list(RETENTION_NOTIFICATION_KINDS)})`,
    sql`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`,
    sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
      CHECK (kind IN (${list(PREVIOUS_NOTIFICATION_KINDS)}))`,
    sql`DROP TABLE retention_runs`,
    sql`DROP TABLE retention_warnings`,
    sql`DROP TABLE retention_statistics`,
    sql`DROP TABLE case_legal_holds`,
    sql`DROP TABLE retention_policies`,
    sql`DROP INDEX reports_dismissed_idx`,
    sql`DROP INDEX cases_closed_idx`,
    sql`DROP TRIGGER reports_closed_on ON reports`,
    sql`DROP FUNCTION tma_report_closed_on()`,
    sql`ALTER TABLE reports DROP COLUMN closed_on`,
    sql`ALTER TABLE cases DROP COLUMN closing_outcome`,
  ]);
}
