import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../rls.ts';

// The case list at 100 000 cases (issue 18), expand only. Two things made it scan and call a function per
// row: the need-to-know policy on cases asked `tma_case_visible(id, unit_id)` of every row, and no index
// served the list's order. Now:
//
// Unit scope in set form. `tma_visible_units(viewer)` is the set of units whose reports and cases the
// viewer sees, `tma_team_cases(viewer)` the cases whose team lets the viewer in. The policies ask them once
// per statement (an InitPlan and a hashed subplan) and compare each row's unit and id with the sets, which
// an index can use. The rule keeps one SQL text: the set of units is `tma_unit_access` (migration 0022, over
// `tma_manages_unit`) asked of the tenant's units, and `tma_case_access` now reads its team rule from
// `tma_team_cases`, so the per-row functions that other policies still call and the sets cannot drift.
// Every unit_id references org_units (tenant_id, id), so "unit in the set" answers what
// `tma_unit_visible(unit_id)` answered. The units store lists the visible units from the same set
// (server/modules/units/store.ts); policy-matrix.test.ts holds SQL and TypeScript against each other.
//
// The previous release keeps working: it calls the same functions, which answer the same, and the policies
// keep their names and meaning. `tma_case_visible` and `tma_unit_visible` stay for it (a later contract step
// may drop them once nothing calls them).
//
// The index serves the case list's order per tenant, `(created_at, id)` newest first, for the rows the list
// shows (open cases and the tombstones of deleted ones), so the 500th page costs what the first does.
// A second index finds a user's teams. Plain CREATE INDEX, as every migration here runs in one transaction (migrate.ts): at 100 000 cases it
// holds writes to cases for about a second.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
async function run(db: Kysely<any>, statements: ReturnType<typeof sql>[]): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

const FUNCTIONS = ['tma_visible_units(uuid)', 'tma_team_cases(uuid)'];

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  const app = sql.id(context.appRole);
  await run(db, [
    // The units whose reports and cases `viewer` sees (their metadata at least): THE unit scope of
    // migration 0022, asked of every unit of the tenant at once.
    sql`CREATE FUNCTION tma_visible_units(viewer uuid) RETURNS uuid[]
      LANGUAGE sql STABLE AS $$
        SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}')
        FROM org_units u
        WHERE tma_unit_access(u.id, viewer) IS NOT NULL
      $$`,
    // The cases whose team lets `viewer` read them: an active member who is not an auditor.
    sql`CREATE FUNCTION tma_team_cases(viewer uuid) RETURNS SETOF uuid
      LANGUAGE sql STABLE AS $$
        SELECT m.case_id FROM case_members m JOIN users me ON me.id = m.user_id
        WHERE m.user_id = viewer AND me.status = 'active' AND me.role <> 'auditor'
      $$`,
    // Same answer as migration 0022's, the team rule now read from the set above (one text). The planner
    // inlines the set into the EXISTS, which keeps using case_members' key for the one case.
    sql`CREATE OR REPLACE FUNCTION tma_case_access(case_id uuid, unit uuid, viewer uuid) RETURNS text
      LANGUAGE sql STABLE AS $$
        SELECT CASE
          WHEN by_unit.access = 'content' THEN 'content'
          WHEN EXISTS (
            SELECT 1 FROM tma_team_cases(viewer) AS team (id) WHERE team.id = tma_case_access.case_id)
            THEN 'content'
          ELSE by_unit.access
        END
        FROM (SELECT tma_unit_access(unit, viewer) AS access) by_unit
      $$`,
  ]);
  for (const signature of FUNCTIONS)
    await sql`GRANT EXECUTE ON FUNCTION ${sql.raw(signature)} TO ${app}`.execute(db);

  await run(db, [
    // Need-to-know on cases: visible by unit scope or as a member of the team (tma_case_visible's rule),
    // each set computed once per statement. With no user there is no unit scope (the service decides).
    sql`DROP POLICY need_to_know ON cases`,
    sql`CREATE POLICY need_to_know ON cases AS RESTRICTIVE USING (
      (SELECT tma_viewer()) IS NULL
      OR unit_id = ANY ((SELECT tma_visible_units(tma_viewer()))::uuid[])
      OR id IN (SELECT team.id FROM tma_team_cases(tma_viewer()) AS team (id)))`,
    // Unit scope on reports, the same way (tma_unit_visible's rule).
    sql`DROP POLICY unit_scope ON reports`,
    sql`CREATE POLICY unit_scope ON reports AS RESTRICTIVE USING (
      (SELECT tma_viewer()) IS NULL OR unit_id = ANY ((SELECT tma_visible_units(tma_viewer()))::uuid[]))`,
    // A user's teams, for tma_team_cases (the key of case_members starts with the case).
    sql`CREATE INDEX case_members_user_idx ON case_members (tenant_id, user_id, case_id)`,
    // The case list (server/modules/cases/store.ts, listOpenCases): newest first, open cases and tombstones.
    sql`CREATE INDEX cases_list_idx ON cases (tenant_id, created_at DESC, id DESC)
      WHERE status <> 'closed' OR deleted_at IS NOT NULL`,
  ]);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await run(db, [
    sql`DROP INDEX cases_list_idx`,
    sql`DROP INDEX case_members_user_idx`,
    sql`DROP POLICY unit_scope ON reports`,
    sql`CREATE POLICY unit_scope ON reports AS RESTRICTIVE USING (tma_unit_visible(unit_id))`,
    sql`DROP POLICY need_to_know ON cases`,
    sql`CREATE POLICY need_to_know ON cases AS RESTRICTIVE USING (tma_case_visible(id, unit_id))`,
    sql`CREATE OR REPLACE FUNCTION tma_case_access(case_id uuid, unit uuid, viewer uuid) RETURNS text
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
    sql`DROP FUNCTION tma_team_cases(uuid)`,
    sql`DROP FUNCTION tma_visible_units(uuid)`,
  ]);
}
