import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Administration is not access to content (docs/security.md, "Who sees what"). An admin sees the rows of
// every report and case of the tenant (reference, status, unit, dates: what managing the tenant needs), but
// reads their content only if they also hold the threat-manager role for the unit, or the tenant says
// admins read content (`access_settings`). The unit scope gets one SQL text, `tma_manages_unit`, which
// `tma_unit_access` turns into an access level; the row policies, the content policies and the units store
// all call these. The TypeScript mirror is server/modules/access/unit-access.ts; policy-matrix.test.ts holds
// the two against each other.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
async function run(db: Kysely<any>, statements: ReturnType<typeof sql>[]): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  const app = sql.id(context.appRole);

  await run(db, [
    // The tenant's choice; no row means the default: admins do not read content.
    sql`CREATE TABLE access_settings (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
      admins_read_content boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    // A content role an admin holds besides administration. Honoured only while the user is an admin (a
    // threat manager holds it by their role); their unit scope is then their units, like a threat manager's.
    sql`CREATE TABLE user_content_roles (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      user_id uuid NOT NULL,
      role text NOT NULL CHECK (role IN ('threat_manager')),
      granted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, user_id, role),
      FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
    )`,
  ]);
  await protectTenantTable(db, context, 'access_settings', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(db, context, 'user_content_roles', ['SELECT', 'INSERT', 'DELETE']);

  await run(db, [
    // The user of the transaction; null for a reporter with a receipt or a system job.
    sql`CREATE FUNCTION tma_viewer() RETURNS uuid
      LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$`,
    // THE unit scope: whether `viewer` works on the unit's reports and cases as a threat manager. Active
    // threat managers (and admins holding the threat-manager role): tenant-wide ones every unit, others
    // their units and those units' children. SECURITY INVOKER: it reads under row-level security too.
    sql`CREATE FUNCTION tma_manages_unit(unit uuid, viewer uuid) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT EXISTS (
          SELECT 1 FROM users me
          WHERE me.id = viewer
            AND me.status = 'active'
            AND (me.role = 'threat_manager'
                 OR (me.role = 'admin' AND EXISTS (
                       SELECT 1 FROM user_content_roles held
                       WHERE held.user_id = me.id AND held.role = 'threat_manager')))
            AND (me.tenant_wide
                 OR EXISTS (
                   SELECT 1 FROM user_units member JOIN org_units u ON u.id = unit
                   WHERE member.user_id = me.id
                     AND (member.unit_id = u.id OR member.unit_id = u.parent_id))))
      $$`,
    // What `viewer` may do with the unit's reports and cases by unit scope: 'content' (read them),
    // 'metadata' (see reference, status, unit and dates: active admins), or null (nothing).
    sql`CREATE FUNCTION tma_unit_access(unit uuid, viewer uuid) RETURNS text
      LANGUAGE sql STABLE AS $$
        SELECT CASE
          WHEN tma_manages_unit(unit, viewer) THEN 'content'
          WHEN EXISTS (SELECT 1 FROM users me WHERE me.id = viewer AND me.status = 'active' AND me.role = 'admin')
            THEN CASE WHEN EXISTS (SELECT 1 FROM access_settings s WHERE s.admins_read_content)
                   THEN 'content' ELSE 'metadata' END
        END
      $$`,
    // A case adds its team: an active member who is not an auditor reads it (this is how experts come in).
    sql`CREATE FUNCTION tma_case_access(case_id uuid, unit uuid, viewer uuid) RETURNS text
      LANGUAGE sql STABLE AS $$
        SELECT CASE
          WHEN by_unit.access = 'content' THEN 'content'
          WHEN EXISTS (
            SELECT 1 FROM case_members m JOIN users me ON me.id = m.user_id
            WHERE m.case_id = tma_case_access.case_id AND m.user_id = viewer
              AND me.status = 'active' AND me.role <> 'auditor')
            THEN 'content'
          ELSE by_unit.access
        END
        FROM (SELECT tma_unit_access(unit, viewer) AS access) by_unit
      $$`,
    // The row policies' form: with no user there is no unit scope (the tenant policy alone applies and the
    // service decides). Same signature as migration 0009's, so its policy on reports keeps working.
    sql`CREATE OR REPLACE FUNCTION tma_unit_visible(unit uuid) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT tma_viewer() IS NULL OR tma_unit_access(unit, tma_viewer()) IS NOT NULL
      $$`,
    sql`CREATE FUNCTION tma_unit_readable(unit uuid) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT tma_viewer() IS NULL OR tma_unit_access(unit, tma_viewer()) = 'content'
      $$`,
    sql`CREATE FUNCTION tma_case_visible(case_id uuid, unit uuid) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT tma_viewer() IS NULL OR tma_case_access(case_id, unit, tma_viewer()) IS NOT NULL
      $$`,
    sql`CREATE FUNCTION tma_case_readable(case_id uuid, unit uuid) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT tma_viewer() IS NULL OR tma_case_access(case_id, unit, tma_viewer()) = 'content'
      $$`,
  ]);
  for (const signature of [
    'tma_viewer()',
    'tma_manages_unit(uuid, uuid)',
    'tma_unit_access(uuid, uuid)',
    'tma_case_access(uuid, uuid, uuid)',
    'tma_unit_readable(uuid)',
    'tma_case_visible(uuid, uuid)',
    'tma_case_readable(uuid, uuid)',
  ])
    await sql`GRANT EXECUTE ON FUNCTION ${sql.raw(signature)} TO ${app}`.execute(db);

  await run(db, [
    // Need-to-know on cases, in the functions' words; an auditor on a case team no longer sees the case.
    sql`DROP POLICY need_to_know ON cases`,
    sql`CREATE POLICY need_to_know ON cases AS RESTRICTIVE USING (tma_case_visible(id, unit_id))`,
    // Rows that are content: a metadata-only reader does not see them at all. For reading only (FOR SELECT):
    // recording a report with attachments writes them, and a deletion removes them, without reading them.
    sql`CREATE POLICY report_content ON report_messages AS RESTRICTIVE FOR SELECT USING (
      EXISTS (SELECT 1 FROM reports r WHERE r.id = report_messages.report_id AND tma_unit_readable(r.unit_id)))`,
    sql`CREATE POLICY report_content ON report_attachments AS RESTRICTIVE FOR SELECT USING (
      EXISTS (SELECT 1 FROM reports r WHERE r.id = report_attachments.report_id AND tma_unit_readable(r.unit_id)))`,
    sql`CREATE POLICY subject_content ON hand_overs AS RESTRICTIVE FOR SELECT USING (
      EXISTS (SELECT 1 FROM cases c WHERE c.id = hand_overs.case_id AND tma_case_readable(c.id, c.unit_id))
      OR EXISTS (SELECT 1 FROM reports r WHERE r.id = hand_overs.report_id AND tma_unit_readable(r.unit_id)))`,
  ]);
}
