import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../rls.ts';

// The unit scope as one set-based query (issue 18). Migration 0022 wrote the rule as scalar functions
// (`tma_manages_unit`, `tma_unit_access`) with EXISTS inside; PostgreSQL never inlines a scalar SQL
// function that holds a sublink, so every call ran the function executor: about 0.3 ms per unit on the
// bench machine. `tma_visible_units` called it once per unit of the tenant in every statement that reads
// cases or reports (2.4 ms of a 2.5 ms case lookup with three units; a tenant with 200 units would pay
// 60 ms per statement), and the content policies called it once per row.
//
// Now the rule's one text is a set-returning function, `tma_managed_units(viewer)`, and the access level
// over it `tma_unit_accesses(viewer)`; PostgreSQL inlines both into the statement that asks. The scalar
// functions keep their names, signatures and answers, read from the sets, so everything that calls them
// (the units store, the previous release) keeps working. The content policies ask the set of readable
// units once per statement (an InitPlan) instead of a function per row.
//
// The two array forms the policies ask, `tma_visible_units` and `tma_readable_units`, are PL/pgSQL: a SQL
// function that is not inlined is planned again in every statement that calls it (0.5 ms here), while
// PL/pgSQL keeps the plan of its query for the session. Their query is the set above, inlined: one text.
//
// One difference at the edge: a tenant-wide threat manager used to "manage" any uuid, even one that is not
// a unit of the tenant; now only the tenant's units. Every unit_id references org_units (tenant_id, id), so
// no row changes its answer. policy-matrix.test.ts holds SQL and TypeScript against each other.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
async function run(db: Kysely<any>, statements: ReturnType<typeof sql>[]): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

const NEW_FUNCTIONS = ['tma_managed_units(uuid)', 'tma_unit_accesses(uuid)', 'tma_readable_units(uuid)'];

/** "Nobody signed in" (a reporter with a receipt, a system job): no unit scope, the service decides. */
const NO_VIEWER = '(SELECT tma_viewer()) IS NULL';
/** A row's unit among the viewer's readable units, asked once per statement (an InitPlan). */
const READABLE_UNIT = (unit: 'r.unit_id' | 'c.unit_id') =>
  sql.raw(`(${NO_VIEWER} OR ${unit} = ANY ((SELECT tma_readable_units(tma_viewer()))::uuid[]))`);

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  const app = sql.id(context.appRole);
  await run(db, [
    // THE unit scope: the units whose reports and cases `viewer` works on as a threat manager. Active
    // threat managers (and admins holding the threat-manager role): tenant-wide ones every unit, others
    // their units and those units' children. SECURITY INVOKER: it reads under row-level security too.
    sql`CREATE FUNCTION tma_managed_units(viewer uuid) RETURNS SETOF uuid
      LANGUAGE sql STABLE AS $$
        SELECT u.id
        FROM users me CROSS JOIN org_units u
        WHERE me.id = viewer
          AND me.status = 'active'
          AND (me.role = 'threat_manager'
               OR (me.role = 'admin' AND EXISTS (
                     SELECT 1 FROM user_content_roles held
                     WHERE held.user_id = me.id AND held.role = 'threat_manager')))
          AND (me.tenant_wide
               OR EXISTS (
                 SELECT 1 FROM user_units member
                 WHERE member.user_id = me.id
                   AND (member.unit_id = u.id OR member.unit_id = u.parent_id)))
      $$`,
    // What `viewer` may do with each unit's reports and cases by unit scope: 'content' (read them) or
    // 'metadata' (reference, status, unit and dates: active admins); units without access are absent.
    sql`CREATE FUNCTION tma_unit_accesses(viewer uuid) RETURNS TABLE (unit_id uuid, access text)
      LANGUAGE sql STABLE AS $$
        SELECT u.id,
               CASE WHEN managed.id IS NOT NULL OR admin.reads_content THEN 'content' ELSE 'metadata' END
        FROM org_units u
        LEFT JOIN tma_managed_units(viewer) AS managed (id) ON managed.id = u.id
        LEFT JOIN (
          SELECT EXISTS (SELECT 1 FROM access_settings s WHERE s.admins_read_content) AS reads_content
          FROM users me WHERE me.id = viewer AND me.status = 'active' AND me.role = 'admin'
        ) AS admin ON true
        WHERE managed.id IS NOT NULL OR admin.reads_content IS NOT NULL
      $$`,
    // The units whose reports and cases `viewer` reads (the content policies' set).
    sql`CREATE FUNCTION tma_readable_units(viewer uuid) RETURNS uuid[]
      LANGUAGE plpgsql STABLE AS $$
        BEGIN
          RETURN (SELECT coalesce(array_agg(a.unit_id ORDER BY a.unit_id), '{}')
                  FROM tma_unit_accesses(viewer) a WHERE a.access = 'content');
        END
      $$`,
    // The scalar forms, same names and answers as before, read from the sets (one text).
    sql`CREATE OR REPLACE FUNCTION tma_manages_unit(unit uuid, viewer uuid) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM tma_managed_units(viewer) AS managed (id) WHERE managed.id = unit)
      $$`,
    sql`CREATE OR REPLACE FUNCTION tma_unit_access(unit uuid, viewer uuid) RETURNS text
      LANGUAGE sql STABLE AS $$
        SELECT a.access FROM tma_unit_accesses(viewer) a WHERE a.unit_id = unit
      $$`,
    sql`CREATE OR REPLACE FUNCTION tma_visible_units(viewer uuid) RETURNS uuid[]
      LANGUAGE plpgsql STABLE AS $$
        BEGIN
          RETURN (SELECT coalesce(array_agg(a.unit_id ORDER BY a.unit_id), '{}')
                  FROM tma_unit_accesses(viewer) a);
        END
      $$`,
  ]);
  for (const signature of NEW_FUNCTIONS)
    await sql`GRANT EXECUTE ON FUNCTION ${sql.raw(signature)} TO ${app}`.execute(db);

  // Content rows (FOR SELECT, as in 0022): readable by unit scope, or, for a case, by its team.
  await run(db, [
    sql`DROP POLICY report_content ON report_messages`,
    sql`CREATE POLICY report_content ON report_messages AS RESTRICTIVE FOR SELECT USING (
      EXISTS (SELECT 1 FROM reports r WHERE r.id = report_messages.report_id AND ${READABLE_UNIT('r.unit_id')}))`,
    sql`DROP POLICY report_content ON report_attachments`,
    sql`CREATE POLICY report_content ON report_attachments AS RESTRICTIVE FOR SELECT USING (
      EXISTS (SELECT 1 FROM reports r WHERE r.id = report_attachments.report_id AND ${READABLE_UNIT('r.unit_id')}))`,
    sql`DROP POLICY subject_content ON hand_overs`,
    sql`CREATE POLICY subject_content ON hand_overs AS RESTRICTIVE FOR SELECT USING (
      EXISTS (SELECT 1 FROM cases c WHERE c.id = hand_overs.case_id
              AND (${READABLE_UNIT('c.unit_id')}
                   OR c.id IN (SELECT team.id FROM tma_team_cases(tma_viewer()) AS team (id))))
      OR EXISTS (SELECT 1 FROM reports r WHERE r.id = hand_overs.report_id AND ${READABLE_UNIT('r.unit_id')}))`,
  ]);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await run(db, [
    sql`DROP POLICY subject_content ON hand_overs`,
    sql`CREATE POLICY subject_content ON hand_overs AS RESTRICTIVE FOR SELECT USING (
      EXISTS (SELECT 1 FROM cases c WHERE c.id = hand_overs.case_id AND tma_case_readable(c.id, c.unit_id))
      OR EXISTS (SELECT 1 FROM reports r WHERE r.id = hand_overs.report_id AND tma_unit_readable(r.unit_id)))`,
    sql`DROP POLICY report_content ON report_attachments`,
    sql`CREATE POLICY report_content ON report_attachments AS RESTRICTIVE FOR SELECT USING (
      EXISTS (SELECT 1 FROM reports r WHERE r.id = report_attachments.report_id AND tma_unit_readable(r.unit_id)))`,
    sql`DROP POLICY report_content ON report_messages`,
    sql`CREATE POLICY report_content ON report_messages AS RESTRICTIVE FOR SELECT USING (
      EXISTS (SELECT 1 FROM reports r WHERE r.id = report_messages.report_id AND tma_unit_readable(r.unit_id)))`,
    sql`CREATE OR REPLACE FUNCTION tma_visible_units(viewer uuid) RETURNS uuid[]
      LANGUAGE sql STABLE AS $$
        SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}')
        FROM org_units u
        WHERE tma_unit_access(u.id, viewer) IS NOT NULL
      $$`,
    sql`CREATE OR REPLACE FUNCTION tma_unit_access(unit uuid, viewer uuid) RETURNS text
      LANGUAGE sql STABLE AS $$
        SELECT CASE
          WHEN tma_manages_unit(unit, viewer) THEN 'content'
          WHEN EXISTS (SELECT 1 FROM users me WHERE me.id = viewer AND me.status = 'active' AND me.role = 'admin')
            THEN CASE WHEN EXISTS (SELECT 1 FROM access_settings s WHERE s.admins_read_content)
                   THEN 'content' ELSE 'metadata' END
        END
      $$`,
    sql`CREATE OR REPLACE FUNCTION tma_manages_unit(unit uuid, viewer uuid) RETURNS boolean
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
    sql`DROP FUNCTION tma_readable_units(uuid)`,
    sql`DROP FUNCTION tma_unit_accesses(uuid)`,
    sql`DROP FUNCTION tma_managed_units(uuid)`,
  ]);
}
