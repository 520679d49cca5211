import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Assessment (issue 15). Expand only: new tables, a new function, two more journal kinds; the previous
// release reads none of them.
//
// - `assessment_models`: the organisation's registry of model versions (../shared/MODELS.md). A draft can
//   be edited and deleted; publishing freezes it (`active`, content hash fixed), retiring keeps it readable
//   forever. A trigger refuses any change to a published version's content, so immutability holds for every
//   writer, not only for the service. Models are the organisation's procedure, not personal data: stored as
//   they are. At most one active version per model.
// - `assessment_settings`: who contributes to assessments besides threat managers (experts by specialty,
//   default psychology), re-assessment intervals per level, and levels whose final judgement needs a second
//   person's sign-off; the licensed instruments whose results it records, each with its level map onto L1–L4.
// - `assessments`: one row per assessment of a case, pinned to the model id, version and content hash it
//   used. Answers (with notes and evidence links), the rule trace and the judgement's rationale and
//   scenarios are sealed with the case key; the suggested and final level stay plaintext (the case's level,
//   the timeline, re-assessment due). A final assessment never changes (trigger; only the reminder job's
//   `review_reminded_on` moves): an amendment is a new row that supersedes it.
// - Who sees assessments is set per organisation and enforced here like every need-to-know rule:
//   `tma_assesses(viewer)` (threat managers, and experts whose specialty the organisation lists) together with
//   the case's own readability. server/modules/assessments/policy.ts says the same in TypeScript.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

async function run(db: Db, statements: ReturnType<typeof sql>[]): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

const NO_VIEWER = '(SELECT tma_viewer()) IS NULL';

const CASE_READABLE = sql.raw(`EXISTS (
  SELECT 1 FROM cases c WHERE c.id = assessments.case_id
    AND (c.unit_id = ANY ((SELECT tma_readable_units(tma_viewer()))::uuid[])
         OR c.id IN (SELECT team.id FROM tma_team_cases(tma_viewer()) AS team (id))))`);

const JOURNAL_KINDS = [
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
];
const ASSESSMENT_JOURNAL_KINDS = ['assessment_started', 'assessment_finalised'];

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
];

const list = (values: string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

export async function up(db: Db, context: MigrationContext): Promise<void> {
  const app = sql.id(context.appRole);
  await run(db, [
    sql`CREATE TABLE assessment_models (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      model_id text NOT NULL CHECK (model_id ~ '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*$' AND char_length(model_id) <= 100),
      version text NOT NULL CHECK (version ~ '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$'),
      status text NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
      origin text NOT NULL CHECK (origin IN ('tma', 'organisation')),
      definition jsonb NOT NULL,
      content_hash text CHECK (content_hash ~ '^sha256:[0-9a-f]{64}$'),
      export_allowed boolean NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      published_by uuid,
      published_at timestamptz,
      retired_at timestamptz,
      PRIMARY KEY (tenant_id, model_id, version),
      CHECK ((status = 'draft') = (content_hash IS NULL)),
      FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, published_by) REFERENCES users (tenant_id, id)
    )`,
    sql`CREATE UNIQUE INDEX assessment_models_one_active ON assessment_models (tenant_id, model_id)
      WHERE status = 'active'`,
    sql`CREATE FUNCTION tma_published_model_is_frozen() RETURNS trigger
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        IF OLD.status <> 'draft' AND (NEW.definition IS DISTINCT FROM OLD.definition
            OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
            OR NEW.model_id <> OLD.model_id OR NEW.version <> OLD.version
            OR NEW.status = 'draft' OR (OLD.status = 'retired' AND NEW.status <> 'retired')) THEN
          RAISE EXCEPTION 'published model version %|% is frozen', OLD.model_id, OLD.version
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END
    $$`,
    sql`CREATE TRIGGER assessment_models_frozen BEFORE UPDATE ON assessment_models
      FOR EACH ROW EXECUTE FUNCTION tma_published_model_is_frozen()`,
    sql`CREATE TABLE assessment_settings (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
      expert_specialties text[] NOT NULL DEFAULT '{psychology}',
      review_days jsonb NOT NULL DEFAULT '{"L1": 90, "L2": 30, "L3": 7, "L4": 1}',
      sign_off_levels text[] NOT NULL DEFAULT '{}',
      external_instruments jsonb NOT NULL DEFAULT '[]',
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  ]);
  await protectTenantTable(db, context, 'assessment_models', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
  await protectTenantTable(db, context, 'assessment_settings', ['SELECT', 'INSERT', 'UPDATE']);
  await run(db, [
    sql`CREATE POLICY drafts_only_deleted ON assessment_models AS RESTRICTIVE FOR DELETE USING (status = 'draft')`,
    // Whether `viewer` takes part in assessments: a threat manager, or an expert with one of the specialties
    // the organisation lists (psychology unless it says otherwise).
    sql`CREATE FUNCTION tma_assesses(viewer uuid) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT tma_works_as_threat_manager(viewer) OR EXISTS (
          SELECT 1 FROM users me
          LEFT JOIN assessment_settings s ON s.tenant_id = me.tenant_id
          WHERE me.id = viewer AND me.status = 'active' AND me.role = 'expert'
            AND me.specialty = ANY (COALESCE(s.expert_specialties, '{psychology}')))
      $$`,
    sql`GRANT EXECUTE ON FUNCTION tma_assesses(uuid) TO ${app}`,
    sql`CREATE TABLE assessments (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      case_id uuid NOT NULL,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      kind text NOT NULL CHECK (kind IN ('model', 'external')),
      model_id text,
      model_version text,
      content_hash text,
      status text NOT NULL CHECK (status IN ('draft', 'awaiting_sign_off', 'final')),
      answers_sealed bytea,
      computed_sealed bytea,
      suggested_level smallint CHECK (suggested_level BETWEEN 1 AND 4),
      final_level smallint CHECK (final_level BETWEEN 1 AND 4),
      judgement_sealed bytea,
      agrees_with_suggestion boolean,
      next_review_on date,
      supersedes_id uuid,
      started_by uuid,
      started_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      decided_by uuid,
      decided_at timestamptz,
      signed_off_by uuid,
      signed_off_at timestamptz,
      review_reminded_on date,
      UNIQUE (tenant_id, id),
      CHECK ((kind = 'model') = (model_id IS NOT NULL AND model_version IS NOT NULL AND content_hash IS NOT NULL)),
      CHECK (status = 'draft' OR (final_level IS NOT NULL AND judgement_sealed IS NOT NULL AND decided_at IS NOT NULL)),
      CHECK (status <> 'final' OR decided_by IS NOT NULL OR kind = 'external'),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
      FOREIGN KEY (tenant_id, supersedes_id) REFERENCES assessments (tenant_id, id),
      FOREIGN KEY (tenant_id, model_id, model_version) REFERENCES assessment_models (tenant_id, model_id, version),
      FOREIGN KEY (tenant_id, started_by) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, decided_by) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, signed_off_by) REFERENCES users (tenant_id, id)
    )`,
    // A case's assessments in order, and the final ones due for review across the organisation.
    sql`CREATE INDEX assessments_case_idx ON assessments (tenant_id, case_id, seq DESC)`,
    sql`CREATE INDEX assessments_review_idx ON assessments (tenant_id, next_review_on) WHERE status = 'final'`,
    sql`CREATE FUNCTION tma_final_assessment_is_frozen() RETURNS trigger
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        -- The reminder job's mark is the one column of a final assessment that moves.
        IF OLD.status = 'final' AND (to_jsonb(NEW) - 'review_reminded_on') <> (to_jsonb(OLD) - 'review_reminded_on') THEN
          RAISE EXCEPTION 'final assessment % is frozen', OLD.id USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END
    $$`,
    sql`CREATE TRIGGER assessments_frozen BEFORE UPDATE ON assessments
      FOR EACH ROW EXECUTE FUNCTION tma_final_assessment_is_frozen()`,
  ]);
  await protectTenantTable(db, context, 'assessments', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
  await run(db, [
    sql`CREATE POLICY case_content ON assessments AS RESTRICTIVE FOR SELECT USING (
      ${sql.raw(NO_VIEWER)} OR (${CASE_READABLE} AND (SELECT tma_assesses(tma_viewer()))))`,
    sql`CREATE POLICY case_content_write ON assessments AS RESTRICTIVE FOR INSERT WITH CHECK (
      ${sql.raw(NO_VIEWER)} OR (${CASE_READABLE} AND (SELECT tma_assesses(tma_viewer()))))`,
    // Only drafts are discarded by people; a deleted case takes its final assessments with it (no viewer).
    sql`CREATE POLICY drafts_only_deleted ON assessments AS RESTRICTIVE FOR DELETE USING (
      ${sql.raw(NO_VIEWER)} OR status = 'draft')`,
    sql`ALTER TABLE case_journal DROP CONSTRAINT case_journal_kind_check`,
    sql`ALTER TABLE case_journal ADD CONSTRAINT case_journal_kind_check
      CHECK (kind IN (${list([...JOURNAL_KINDS, ...ASSESSMENT_JOURNAL_KINDS])}))`,
    // The case owner hears when a case's re-assessment is due (server/jobs/assessment-reviews.ts).
    sql`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`,
    sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
      CHECK (kind IN (${list([...PREVIOUS_NOTIFICATION_KINDS, 'case.assessment_due'])}))`,
  ]);
}

export async function down(db: Db): Promise<void> {
  await run(db, [
    sql`DELETE FROM notifications WHERE kind = 'case.assessment_due'`,
    sql`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`,
    sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
      CHECK (kind IN (${list(PREVIOUS_NOTIFICATION_KINDS)}))`,
    sql`DELETE FROM case_journal WHERE kind IN (${list(ASSESSMENT_JOURNAL_KINDS)})`,
    sql`ALTER TABLE case_journal DROP CONSTRAINT case_journal_kind_check`,
    sql`ALTER TABLE case_journal ADD CONSTRAINT case_journal_kind_check CHECK (kind IN (${list(JOURNAL_KINDS)}))`,
    sql`DROP TABLE assessments`,
    sql`DROP FUNCTION tma_final_assessment_is_frozen()`,
    sql`DROP FUNCTION tma_assesses(uuid)`,
    sql`DROP TABLE assessment_settings`,
    sql`DROP TABLE assessment_models`,
    sql`DROP FUNCTION tma_published_model_is_frozen()`,
  ]);
}
