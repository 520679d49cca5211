import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Case search that answers in milliseconds under row-level security (issue 13).
//
// 0029 kept each text's blind-index entries in a `text[]` column with a GIN index and searched with `@>`.
// Under row-level security PostgreSQL may use an index for a condition only when its operator is
// leakproof, or the policies run first; `@>` on arrays is not, so every search read all of a tenant's
// cases, persons, journal entries and comments (about 3 s at 100 000 cases). Only a superuser can mark an
// operator leakproof, and TMA does not run as one.
//
// So each entry also becomes a row of `case_search_terms`, found by b-tree equality on the term, which is
// leakproof: the index narrows to the matching rows and the policies then look at those few. Triggers on
// the four indexed tables keep the rows in step with their `search_index` / `name_index` columns in the
// writer's own transaction and under the writer's own row-level security; the columns stay the source.
//
// A row holds ids, a keyed hash and whether its source is managers only; no content. Its policies: the
// tenant, and managers only (an expert's search never matches a managers-only journal entry or comment).
// Which cases a match may reveal is the cases table's own policy, applied by the query that asks
// (case-list-store.ts): a term row alone shows nothing.
//
// Expand only: a new table, triggers and a backfill; the previous release keeps using the columns. The
// GIN indexes go: no query under row-level security could use them.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

async function run(db: Db, statements: ReturnType<typeof sql>[]): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

const MANAGERS_ONLY = sql.raw(
  `NOT managers_only OR (SELECT tma_viewer()) IS NULL OR (SELECT tma_works_as_threat_manager(tma_viewer()))`,
);

/** Where each source's terms come from: its table, entries column, case id and managers-only flag. */
const SOURCES = [
  { source: 'case', table: 'cases', column: 'search_index', caseId: 'id', managersOnly: 'false' },
  { source: 'person', table: 'case_persons', column: 'name_index', caseId: 'case_id', managersOnly: 'false' },
  {
    source: 'journal',
    table: 'case_journal',
    column: 'search_index',
    caseId: 'case_id',
    managersOnly: 'managers_only',
  },
  {
    source: 'comment',
    table: 'case_comments',
    column: 'search_index',
    caseId: 'case_id',
    managersOnly: 'managers_only',
  },
] as const;

const syncFunction = (table: string) => sql.id(`tma_search_terms_of_${table}`);

export async function up(db: Db, context: MigrationContext): Promise<void> {
  await run(db, [
    sql`CREATE TABLE case_search_terms (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      case_id uuid NOT NULL,
      source text NOT NULL CHECK (source IN ('case', 'person', 'journal', 'comment')),
      source_id uuid NOT NULL,
      term text NOT NULL CHECK (term ~ '^[0-9a-f]{32}$'),
      managers_only boolean NOT NULL DEFAULT false,
      PRIMARY KEY (tenant_id, source_id, term),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id) ON DELETE CASCADE
    )`,
    // The search's way in: equality on the term (a keyed hash, unique to its tenant and field).
    sql`CREATE INDEX case_search_terms_term_idx ON case_search_terms (term)
      INCLUDE (tenant_id, case_id, source, source_id, managers_only)`,
    sql`CREATE INDEX case_search_terms_case_idx ON case_search_terms (tenant_id, case_id)`,
  ]);
  await protectTenantTable(db, context, 'case_search_terms', ['SELECT', 'INSERT', 'DELETE']);
  await run(db, [
    sql`CREATE POLICY managers_only ON case_search_terms AS RESTRICTIVE FOR SELECT USING (${MANAGERS_ONLY})`,
    sql`CREATE POLICY managers_only_write ON case_search_terms AS RESTRICTIVE FOR INSERT WITH CHECK (${MANAGERS_ONLY})`,
  ]);
  for (const { source, table, column, caseId, managersOnly } of SOURCES) {
    const name = sql.table(table);
    const entries = sql.raw(`NEW.${column}`);
    await run(db, [
      // Runs as the writer (not SECURITY DEFINER): the terms pass the same policies the row did.
      sql`CREATE FUNCTION ${syncFunction(table)}() RETURNS trigger
        LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
        BEGIN
          IF TG_OP <> 'INSERT' THEN
            DELETE FROM case_search_terms WHERE tenant_id = OLD.tenant_id AND source_id = OLD.id;
          END IF;
          IF TG_OP <> 'DELETE' THEN
            INSERT INTO case_search_terms (tenant_id, case_id, source, source_id, term, managers_only)
            SELECT DISTINCT NEW.tenant_id, NEW.${sql.raw(caseId)}, ${sql.lit(source)}, NEW.id, term,
              ${sql.raw(managersOnly === 'false' ? 'false' : `NEW.${managersOnly}`)}
            FROM unnest(${entries}) AS term;
          END IF;
          RETURN NULL;
        END
      $$`,
      sql`CREATE TRIGGER search_terms_insert AFTER INSERT ON ${name}
        FOR EACH ROW WHEN (cardinality(${entries}) > 0) EXECUTE FUNCTION ${syncFunction(table)}()`,
      sql`CREATE TRIGGER search_terms_update AFTER UPDATE ON ${name}
        FOR EACH ROW WHEN (OLD.${sql.raw(column)} IS DISTINCT FROM NEW.${sql.raw(column)})
        EXECUTE FUNCTION ${syncFunction(table)}()`,
      sql`CREATE TRIGGER search_terms_delete AFTER DELETE ON ${name}
        FOR EACH ROW WHEN (cardinality(OLD.${sql.raw(column)}) > 0) EXECUTE FUNCTION ${syncFunction(table)}()`,
    ]);
  }
  // The terms of what was written before, tenant by tenant: the tables force row-level security on their
  // owner too, so the backfill works inside each tenant as the app would (without a viewer: all rows).
  const backfill = SOURCES.map(
    ({ source, table, column, caseId, managersOnly }) =>
      `INSERT INTO case_search_terms (tenant_id, case_id, source, source_id, term, managers_only)
         SELECT DISTINCT s.tenant_id, s.${caseId}, '${source}', s.id, term,
           ${managersOnly === 'false' ? 'false' : `s.${managersOnly}`}
         FROM ${table} s, unnest(s.${column}) AS term
         WHERE s.tenant_id = t.id
         ON CONFLICT DO NOTHING;`,
  ).join('\n');
  await sql`DO $$
    DECLARE t record;
    BEGIN
      FOR t IN SELECT id FROM tenants LOOP
        PERFORM set_config('app.tenant_id', t.id::text, true);
        ${sql.raw(backfill)}
      END LOOP;
      PERFORM set_config('app.tenant_id', '', true);
    END
  $$`.execute(db);
  await run(db, [
    sql`DROP INDEX cases_search_idx`,
    sql`DROP INDEX case_journal_search_idx`,
    sql`DROP INDEX case_persons_name_idx`,
  ]);
}

export async function down(db: Db): Promise<void> {
  await run(db, [
    sql`CREATE INDEX cases_search_idx ON cases USING gin (search_index)`,
    sql`CREATE INDEX case_journal_search_idx ON case_journal USING gin (search_index)`,
    sql`CREATE INDEX case_persons_name_idx ON case_persons USING gin (name_index)`,
  ]);
  for (const { table } of SOURCES) {
    const name = sql.table(table);
    await run(db, [
      sql`DROP TRIGGER search_terms_insert ON ${name}`,
      sql`DROP TRIGGER search_terms_update ON ${name}`,
      sql`DROP TRIGGER search_terms_delete ON ${name}`,
      sql`DROP FUNCTION ${syncFunction(table)}()`,
    ]);
  }
  await sql`DROP TABLE case_search_terms`.execute(db);
}
