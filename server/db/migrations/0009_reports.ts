import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Reports and their dialogue, the first case rows they lead to, in-app notifications, and the unit scope
// and need-to-know rules as row-level security (docs/security.md, "Reports and anonymity").
//
// Anonymity: a report row holds the day it was received, never an exact time, an address or a browser.
// Exact times exist only for what the team does (acknowledged_at, team messages).

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
async function run(db: Kysely<any>, statements: ReturnType<typeof sql>[]): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  const app = sql.id(context.appRole);

  await run(db, [
    // Per-tenant reporting settings. The receipt salt makes receipt hashes deterministic within a tenant (so a
    // receipt finds its report) while argon2id keeps guessing slow.
    sql`CREATE TABLE report_settings (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
      receipt_salt bytea NOT NULL CHECK (octet_length(receipt_salt) = 16),
      emergency_notice jsonb,
      acknowledge_days integer NOT NULL DEFAULT 7 CHECK (acknowledge_days BETWEEN 1 AND 90),
      feedback_months integer NOT NULL DEFAULT 3 CHECK (feedback_months BETWEEN 1 AND 12),
      -- Made on a portal's first use, which may be its first report: the day only, then the time of each change.
      updated_at timestamptz NOT NULL DEFAULT date_trunc('day', now())
    )`,
    // Published versions of a tenant's report form; a published version is never changed.
    sql`CREATE TABLE report_forms (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      form_id text NOT NULL CHECK (length(form_id) <= 100),
      version text NOT NULL CHECK (length(version) <= 20),
      definition jsonb NOT NULL,
      published_at timestamptz NOT NULL DEFAULT now(),
      published_by uuid,
      UNIQUE (tenant_id, form_id, version)
    )`,
    // Counters for human-readable references (R-2026-0001, C-2026-0001); the row lock orders concurrent takers.
    sql`CREATE TABLE tenant_counters (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      name text NOT NULL CHECK (name IN ('report', 'case')),
      year integer NOT NULL,
      value integer NOT NULL CHECK (value >= 0),
      PRIMARY KEY (tenant_id, name, year)
    )`,
    sql`CREATE TABLE cases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      unit_id uuid NOT NULL,
      reference text NOT NULL,
      title_sealed bytea NOT NULL,
      status text NOT NULL DEFAULT 'intake'
        CHECK (status IN ('intake', 'assessment', 'management', 'monitoring', 'closed')),
      owner_id uuid,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, reference),
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES org_units (tenant_id, id),
      FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
    )`,
    // The case team: who works on the case besides the unit's threat managers. Experts see only cases whose
    // team they belong to.
    sql`CREATE TABLE case_members (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      case_id uuid NOT NULL,
      user_id uuid NOT NULL,
      role text NOT NULL CHECK (role IN ('owner', 'member')),
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, case_id, user_id),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
      FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
    )`,
    sql`CREATE TABLE reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      unit_id uuid NOT NULL,
      reference text NOT NULL,
      number integer NOT NULL,
      channel text NOT NULL CHECK (channel IN ('portal', 'phone', 'in_person', 'letter', 'email')),
      anonymous boolean NOT NULL,
      received_on date NOT NULL,
      recorded_by uuid,
      form_id text NOT NULL,
      form_version text NOT NULL,
      answers_sealed bytea NOT NULL,
      reporter_sealed bytea,
      language text NOT NULL CHECK (language IN ('de', 'en')),
      danger_indicated boolean NOT NULL,
      status text NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'acknowledged', 'case_opened', 'attached', 'closed')),
      acknowledged_at timestamptz,
      feedback_given_at timestamptz,
      closed_reason text CHECK (closed_reason IN ('not_relevant', 'handed_to_other_body')),
      closed_note_sealed bytea,
      case_id uuid,
      receipt_hash bytea CHECK (octet_length(receipt_hash) = 32),
      awaiting_reply boolean NOT NULL DEFAULT false,
      message_count integer NOT NULL DEFAULT 0,
      UNIQUE (tenant_id, reference),
      UNIQUE (tenant_id, receipt_hash),
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES org_units (tenant_id, id),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
      FOREIGN KEY (tenant_id, recorded_by) REFERENCES users (tenant_id, id),
      CHECK ((status = 'closed') = (closed_reason IS NOT NULL)),
      CHECK ((status IN ('case_opened', 'attached')) = (case_id IS NOT NULL)),
      CHECK (anonymous OR reporter_sealed IS NOT NULL)
    )`,
    sql`CREATE INDEX reports_inbox_idx ON reports (tenant_id, danger_indicated DESC, number DESC)`,
    sql`CREATE INDEX reports_case_idx ON reports (tenant_id, case_id) WHERE case_id IS NOT NULL`,
    sql`CREATE TABLE report_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      report_id uuid NOT NULL,
      seq integer NOT NULL CHECK (seq >= 1),
      author_type text NOT NULL CHECK (author_type IN ('team', 'reporter')),
      author_id uuid,
      kind text NOT NULL CHECK (kind IN ('message', 'acknowledgement', 'feedback')),
      body_sealed bytea NOT NULL,
      sent_on date NOT NULL,
      -- Only for the team's messages: a reporter's message keeps the day alone.
      sent_at timestamptz,
      UNIQUE (tenant_id, report_id, seq),
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, report_id) REFERENCES reports (tenant_id, id),
      FOREIGN KEY (tenant_id, author_id) REFERENCES users (tenant_id, id),
      CHECK ((author_type = 'team') = (author_id IS NOT NULL)),
      CHECK (author_type = 'team' OR sent_at IS NULL)
    )`,
    sql`CREATE TABLE report_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      report_id uuid NOT NULL,
      message_id uuid,
      blob_id uuid NOT NULL,
      file_name_sealed bytea NOT NULL,
      content_type text NOT NULL CHECK (length(content_type) <= 100),
      byte_length integer NOT NULL CHECK (byte_length > 0),
      added_on date NOT NULL,
      UNIQUE (tenant_id, blob_id),
      FOREIGN KEY (tenant_id, report_id) REFERENCES reports (tenant_id, id),
      FOREIGN KEY (tenant_id, message_id) REFERENCES report_messages (tenant_id, id)
    )`,
    sql`CREATE INDEX report_attachments_report_idx ON report_attachments (tenant_id, report_id)`,
    // In-app notices. The day only, like the reports they point to.
    sql`CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      user_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('report.received', 'report.danger', 'report.reporter_message')),
      report_id uuid,
      created_on date NOT NULL,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      read_at timestamptz,
      FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, report_id) REFERENCES reports (tenant_id, id)
    )`,
    sql`CREATE INDEX notifications_user_idx ON notifications (tenant_id, user_id, seq DESC)`,
  ]);

  await protectTenantTable(db, context, 'report_settings', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(db, context, 'report_forms', ['SELECT', 'INSERT']);
  await protectTenantTable(db, context, 'tenant_counters', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(db, context, 'cases', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(db, context, 'case_members', ['SELECT', 'INSERT', 'DELETE']);
  await protectTenantTable(db, context, 'reports', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(db, context, 'report_messages', ['SELECT', 'INSERT']);
  await protectTenantTable(db, context, 'report_attachments', ['SELECT', 'INSERT']);
  await protectTenantTable(db, context, 'notifications', ['SELECT', 'INSERT', 'UPDATE']);

  await run(db, [
    // Unit scope, as the units module's visibleUnitIds() states it: for the transaction's user, whether a unit
    // is theirs (admins and tenant-wide threat managers: every unit; other threat managers: their units and
    // those units' children). With no user (a reporter with a receipt, a system job) there is no unit scope:
    // the tenant policy alone applies, and the service decides. SECURITY INVOKER: it reads under RLS too.
    sql`CREATE FUNCTION tma_unit_visible(unit uuid) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT nullif(current_setting('app.user_id', true), '') IS NULL OR EXISTS (
          SELECT 1 FROM users me
          WHERE me.id = nullif(current_setting('app.user_id', true), '')::uuid
            AND me.status = 'active'
            AND (me.role = 'admin'
                 OR (me.role = 'threat_manager' AND (
                       me.tenant_wide
                       OR EXISTS (
                         SELECT 1 FROM user_units member JOIN org_units u ON u.id = unit
                         WHERE member.user_id = me.id
                           AND (member.unit_id = u.id OR member.unit_id = u.parent_id))))))
      $$`,
    sql`GRANT EXECUTE ON FUNCTION tma_unit_visible(uuid) TO ${app}`,
    // Restrictive: rows must pass these as well as tenant_isolation.
    sql`CREATE POLICY unit_scope ON reports AS RESTRICTIVE USING (tma_unit_visible(unit_id))`,
    // Need-to-know: a case is visible by unit scope, or to the members of its team (experts come in this way).
    sql`CREATE POLICY need_to_know ON cases AS RESTRICTIVE USING (
      tma_unit_visible(unit_id) OR EXISTS (
        SELECT 1 FROM case_members m
        WHERE m.case_id = cases.id AND m.user_id = nullif(current_setting('app.user_id', true), '')::uuid))`,
    // Messages and attachments follow their report: the subquery itself runs under the report's policies.
    sql`CREATE POLICY report_scope ON report_messages AS RESTRICTIVE USING (
      EXISTS (SELECT 1 FROM reports r WHERE r.id = report_messages.report_id))`,
    sql`CREATE POLICY report_scope ON report_attachments AS RESTRICTIVE USING (
      EXISTS (SELECT 1 FROM reports r WHERE r.id = report_attachments.report_id))`,
    // A user reads and marks only their own notices; anyone's action may notify others.
    sql`CREATE POLICY own_notifications_read ON notifications AS RESTRICTIVE FOR SELECT USING (
      nullif(current_setting('app.user_id', true), '') IS NULL
      OR user_id = nullif(current_setting('app.user_id', true), '')::uuid)`,
    sql`CREATE POLICY own_notifications_update ON notifications AS RESTRICTIVE FOR UPDATE USING (
      nullif(current_setting('app.user_id', true), '') IS NULL
      OR user_id = nullif(current_setting('app.user_id', true), '')::uuid)`,
    // Wrong receipts are counted per tenant (no address is kept for the portal) to slow down guessing.
    sql`ALTER TABLE login_throttles DROP CONSTRAINT login_throttles_kind_check`,
    sql`ALTER TABLE login_throttles ADD CONSTRAINT login_throttles_kind_check
      CHECK (kind IN ('account', 'address', 'receipt'))`,
    // Keys and blobs of an anonymous report must not tell the hour it arrived: they keep the day.
    sql`ALTER TABLE data_keys ALTER COLUMN created_at SET DEFAULT date_trunc('day', now())`,
    sql`ALTER TABLE document_blobs ALTER COLUMN created_at SET DEFAULT date_trunc('day', now())`,
    // A tenant's first key is made on its portal's first visit: that must not date the first report either.
    sql`ALTER TABLE tenant_keys ALTER COLUMN created_at SET DEFAULT date_trunc('day', now())`,
  ]);
}
