import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// The case file (issue 13), expand only: the previous release ignores every new column and table.
//
// - `cases` gains its summary (sealed with the case key), category, tags, criticality level, due date and
//   the time it was closed.
// - A team membership can end by itself (`case_members.expires_at`): `tma_team_cases` no longer counts it
//   once the time has passed, so access ends at expiry even before the expiry job has removed the row and
//   told the owner.
// - `case_journal` is the case's record of everything, in order. Entries are never updated: a correction
//   is a new entry pointing at the old one. Text lives sealed with the case key; `facts` holds ids and codes
//   only. An entry marked managers only reaches threat managers alone: a restrictive policy says so, so no
//   route (page, list, search, export, live update) can hand it to an expert on the team.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
async function run(db: Kysely<any>, statements: ReturnType<typeof sql>[]): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

const NO_VIEWER = '(SELECT tma_viewer()) IS NULL';

/**
 * A row of case content is readable when its case is: by unit scope (a set, once per statement) or as a
 * member of its team.
 */
const caseReadable = (table: string) =>
  sql.raw(`EXISTS (
  SELECT 1 FROM cases c WHERE c.id = ${table}.case_id
    AND (c.unit_id = ANY ((SELECT tma_readable_units(tma_viewer()))::uuid[])
         OR c.id IN (SELECT team.id FROM tma_team_cases(tma_viewer()) AS team (id))))`);

const MANAGERS_ONLY = sql.raw(
  `NOT managers_only OR ${NO_VIEWER} OR (SELECT tma_works_as_threat_manager(tma_viewer()))`,
);

const PERSON_ROLES = ['person_of_concern', 'affected_person', 'witness', 'reporter', 'other'];

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
];

const NOTIFICATION_KINDS = [
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

const PREVIOUS_NOTIFICATION_KINDS = ['report.received', 'report.danger', 'report.reporter_message'];

const list = (values: string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  const app = sql.id(context.appRole);
  await run(db, [
    sql`ALTER TABLE cases
      ADD COLUMN summary_sealed bytea,
      ADD COLUMN category text CHECK (category ~ '^[a-z][a-z0-9_]{0,39}$'),
      ADD COLUMN tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20),
      ADD COLUMN level smallint CHECK (level BETWEEN 1 AND 4),
      ADD COLUMN due_on date,
      ADD COLUMN closed_at timestamptz,
      ADD COLUMN persons_numbered integer NOT NULL DEFAULT 0`,
    sql`ALTER TABLE case_members
      ADD COLUMN expires_at timestamptz,
      ADD COLUMN added_by uuid`,
    // The expiry job's walk: memberships that end, soonest first.
    sql`CREATE INDEX case_members_expiry_idx ON case_members (expires_at) WHERE expires_at IS NOT NULL`,
    // The cases whose team lets `viewer` read them: an active member who is not an auditor, until the
    // membership's end.
    sql`CREATE OR REPLACE FUNCTION tma_team_cases(viewer uuid) RETURNS SETOF uuid
      LANGUAGE sql STABLE AS $$
        SELECT m.case_id FROM case_members m JOIN users me ON me.id = m.user_id
        WHERE m.user_id = viewer AND me.status = 'active' AND me.role <> 'auditor'
          AND (m.expires_at IS NULL OR m.expires_at > now())
      $$`,
    // Whether `viewer` works as a threat manager at all: the role, or an admin holding it
    // (server/modules/access/unit-access.ts, worksAsThreatManager). Who may read managers-only entries.
    sql`CREATE FUNCTION tma_works_as_threat_manager(viewer uuid) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT EXISTS (
          SELECT 1 FROM users me
          WHERE me.id = viewer AND me.status = 'active'
            AND (me.role = 'threat_manager'
                 OR (me.role = 'admin' AND EXISTS (
                       SELECT 1 FROM user_content_roles held
                       WHERE held.user_id = me.id AND held.role = 'threat_manager'))))
      $$`,
    sql`GRANT EXECUTE ON FUNCTION tma_works_as_threat_manager(uuid) TO ${app}`,
    sql`CREATE TABLE case_journal (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      case_id uuid NOT NULL,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      kind text NOT NULL CHECK (kind IN (${list(JOURNAL_KINDS)})),
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      author_id uuid,
      managers_only boolean NOT NULL DEFAULT false,
      corrects_id uuid,
      body_sealed bytea,
      participants_sealed bytea,
      facts jsonb NOT NULL DEFAULT '{}',
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
      FOREIGN KEY (tenant_id, author_id) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, corrects_id) REFERENCES case_journal (tenant_id, id)
    )`,
    sql`CREATE INDEX case_journal_case_idx ON case_journal (tenant_id, case_id, seq)`,
    // Blind-index entries of the entry's text (server/crypto/blind-index.ts), for search.
    sql`ALTER TABLE case_journal ADD COLUMN search_index text[] NOT NULL DEFAULT '{}'`,
    sql`CREATE INDEX case_journal_search_idx ON case_journal USING gin (search_index)`,
    // Search over the case's own text (title, summary), by blind index.
    sql`ALTER TABLE cases ADD COLUMN search_index text[] NOT NULL DEFAULT '{}'`,
    sql`CREATE INDEX cases_search_idx ON cases USING gin (search_index)`,
    // The case list in any status (cases_list_idx covers the default: open cases and tombstones), and by
    // last change (server/modules/cases/case-list-store.ts).
    sql`CREATE INDEX cases_created_idx ON cases (tenant_id, created_at DESC, id DESC)`,
    sql`CREATE INDEX cases_updated_idx ON cases (tenant_id, updated_at DESC, id DESC)`,
    // The people of a case. Name and details sealed with the case key; `pseudonym_number` gives "Person A"
    // wherever a list would show a name; `name_index` (blind index of the normalised name) finds the same
    // name in other cases without decrypting anything; `identity_id` is shared by the rows a threat manager
    // linked as the same real person.
    sql`CREATE TABLE case_persons (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      case_id uuid NOT NULL,
      role text NOT NULL CHECK (role IN (${list(PERSON_ROLES)})),
      pseudonym_number integer NOT NULL CHECK (pseudonym_number > 0),
      name_sealed bytea NOT NULL,
      details_sealed bytea,
      name_index text[] NOT NULL,
      identity_id uuid NOT NULL,
      from_report_id uuid,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, id),
      UNIQUE (case_id, pseudonym_number),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
      FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, from_report_id) REFERENCES reports (tenant_id, id)
    )`,
    sql`CREATE INDEX case_persons_case_idx ON case_persons (tenant_id, case_id, pseudonym_number)`,
    sql`CREATE INDEX case_persons_name_idx ON case_persons USING gin (name_index)`,
    sql`CREATE INDEX case_persons_identity_idx ON case_persons (tenant_id, identity_id)`,
    // Comments: the team's discussion of a case, with @mentions (user ids) that notify.
    sql`CREATE TABLE case_comments (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      case_id uuid NOT NULL,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      author_id uuid NOT NULL,
      body_sealed bytea NOT NULL,
      mentions uuid[] NOT NULL DEFAULT '{}',
      managers_only boolean NOT NULL DEFAULT false,
      search_index text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
      FOREIGN KEY (tenant_id, author_id) REFERENCES users (tenant_id, id)
    )`,
    sql`CREATE INDEX case_comments_case_idx ON case_comments (tenant_id, case_id, seq)`,
    // Tasks: title sealed, an assignee and a due day; `reminded_on` is the day the reminder job last
    // claimed the task, so each due task is reminded once a day across any number of instances.
    sql`CREATE TABLE case_tasks (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      case_id uuid NOT NULL,
      title_sealed bytea NOT NULL,
      assignee_id uuid,
      due_on date,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
      managers_only boolean NOT NULL DEFAULT false,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      done_at timestamptz,
      done_by uuid,
      reminded_on date,
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
      FOREIGN KEY (tenant_id, assignee_id) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, done_by) REFERENCES users (tenant_id, id)
    )`,
    sql`CREATE INDEX case_tasks_case_idx ON case_tasks (tenant_id, case_id, created_at)`,
    sql`CREATE INDEX case_tasks_assignee_idx ON case_tasks (tenant_id, assignee_id, due_on) WHERE status = 'open'`,
    sql`CREATE INDEX case_tasks_due_idx ON case_tasks (due_on) WHERE status = 'open'`,
  ]);
  await protectTenantTable(db, context, 'case_persons', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
  await protectTenantTable(db, context, 'case_comments', ['SELECT', 'INSERT', 'DELETE']);
  await protectTenantTable(db, context, 'case_tasks', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
  for (const table of ['case_persons', 'case_comments', 'case_tasks']) {
    const name = sql.table(table);
    await run(db, [
      sql`CREATE POLICY case_content ON ${name} AS RESTRICTIVE FOR SELECT USING (
        ${sql.raw(NO_VIEWER)} OR ${caseReadable(table)})`,
      sql`CREATE POLICY case_content_write ON ${name} AS RESTRICTIVE FOR INSERT WITH CHECK (
        ${sql.raw(NO_VIEWER)} OR ${caseReadable(table)})`,
    ]);
  }
  for (const table of ['case_comments', 'case_tasks']) {
    const name = sql.table(table);
    await run(db, [
      sql`CREATE POLICY managers_only ON ${name} AS RESTRICTIVE FOR SELECT USING (${MANAGERS_ONLY})`,
      sql`CREATE POLICY managers_only_write ON ${name} AS RESTRICTIVE FOR INSERT WITH CHECK (${MANAGERS_ONLY})`,
    ]);
  }
  // No UPDATE: entries are never edited. DELETE only for deleting the whole case (its tombstone).
  await protectTenantTable(db, context, 'case_journal', ['SELECT', 'INSERT', 'DELETE']);
  await run(db, [
    sql`GRANT UPDATE ON case_members TO ${app}`,
    sql`CREATE POLICY case_content ON case_journal AS RESTRICTIVE FOR SELECT USING (
      ${sql.raw(NO_VIEWER)} OR ${caseReadable('case_journal')})`,
    sql`CREATE POLICY case_content_write ON case_journal AS RESTRICTIVE FOR INSERT WITH CHECK (
      ${sql.raw(NO_VIEWER)} OR ${caseReadable('case_journal')})`,
    // Managers only: never to anyone who does not work as a threat manager (experts on the team, admins
    // reading content by the tenant's setting), whatever the route.
    sql`CREATE POLICY managers_only ON case_journal AS RESTRICTIVE FOR SELECT USING (${MANAGERS_ONLY})`,
    sql`CREATE POLICY managers_only_write ON case_journal AS RESTRICTIVE FOR INSERT WITH CHECK (${MANAGERS_ONLY})`,
    sql`ALTER TABLE case_members ADD CONSTRAINT case_members_added_by_fkey
      FOREIGN KEY (tenant_id, added_by) REFERENCES users (tenant_id, id)`,
    // Notices about cases (team changes); like report notices, kind and ids only.
    sql`ALTER TABLE notifications ADD COLUMN case_id uuid`,
    sql`ALTER TABLE notifications ADD CONSTRAINT notifications_case_fkey
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)`,
    sql`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`,
    sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
      CHECK (kind IN (${list(NOTIFICATION_KINDS)}))`,
  ]);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await run(db, [
    sql`DELETE FROM notifications WHERE kind NOT IN (${list(PREVIOUS_NOTIFICATION_KINDS)})`,
    sql`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`,
    sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
      CHECK (kind IN (${list(PREVIOUS_NOTIFICATION_KINDS)}))`,
    sql`ALTER TABLE notifications DROP COLUMN case_id`,
    sql`DROP TABLE case_tasks`,
    sql`DROP TABLE case_comments`,
    sql`DROP TABLE case_persons`,
    sql`DROP INDEX cases_updated_idx`,
    sql`DROP INDEX cases_created_idx`,
    sql`DROP INDEX cases_search_idx`,
    sql`ALTER TABLE cases DROP COLUMN search_index`,
    sql`DROP TABLE case_journal`,
    sql`DROP FUNCTION tma_works_as_threat_manager(uuid)`,
    sql`CREATE OR REPLACE FUNCTION tma_team_cases(viewer uuid) RETURNS SETOF uuid
      LANGUAGE sql STABLE AS $$
        SELECT m.case_id FROM case_members m JOIN users me ON me.id = m.user_id
        WHERE m.user_id = viewer AND me.status = 'active' AND me.role <> 'auditor'
      $$`,
    sql`DROP INDEX case_members_expiry_idx`,
    sql`ALTER TABLE case_members DROP COLUMN added_by, DROP COLUMN expires_at`,
    sql`ALTER TABLE cases
      DROP COLUMN persons_numbered, DROP COLUMN closed_at, DROP COLUMN due_on, DROP COLUMN level, DROP COLUMN tags,
      DROP COLUMN category, DROP COLUMN summary_sealed`,
  ]);
}
