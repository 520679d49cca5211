import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// The handbook (issue 16): the organisation's procedures as Markdown pages in German and English, with
// their full history. Expand only: new tables and functions, which the previous release does not read.
//
// - `handbook_pages`: one row per page, its slug (the address, `/handbook/<slug>`), the number of its current
//   version, and when it was archived (an archived page is gone from the handbook; its rows stay, because
//   measure types name a page as their playbook by `(tenant_id, id)`).
// - `handbook_page_versions`: append-only, one row per saved version, each with both languages (a language
//   the page lacks is null), the author, a change note and, for a restore, the version restored. The app
//   role may only SELECT and INSERT here, so no version is ever changed or removed.
// - Pages are the organisation's procedures, not anyone's personal data: stored in clear, so PostgreSQL's
//   full-text search works on them (`search_en`, `search_de`: generated, 'simple' configuration, which
//   treats German and English alike and lets prefixes match parts of German compounds).
// - Who reads and who edits is enforced here as well as in server/modules/handbook/policy.ts:
//   `tma_reads_handbook(viewer)` (active admins, threat managers and experts) and `tma_edits_handbook(viewer)`
//   (active admins and threat managers), applied by restrictive policies. A transaction without a user (a
//   reporter with a receipt, a system job) reads nothing: there is no bypass for a missing viewer.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

async function run(db: Db, statements: ReturnType<typeof sql>[]): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

const READS = sql.raw('(SELECT tma_reads_handbook(tma_viewer()))');
const EDITS = sql.raw('(SELECT tma_edits_handbook(tma_viewer()))');

export async function up(db: Db, context: MigrationContext): Promise<void> {
  const app = sql.id(context.appRole);
  await run(db, [
    sql`CREATE FUNCTION tma_reads_handbook(viewer uuid) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT EXISTS (
          SELECT 1 FROM users me
          WHERE me.id = viewer AND me.status = 'active' AND me.role IN ('admin', 'threat_manager', 'expert'))
      $$`,
    sql`CREATE FUNCTION tma_edits_handbook(viewer uuid) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT EXISTS (
          SELECT 1 FROM users me
          WHERE me.id = viewer AND me.status = 'active' AND me.role IN ('admin', 'threat_manager'))
      $$`,
    sql`GRANT EXECUTE ON FUNCTION tma_reads_handbook(uuid) TO ${app}`,
    sql`GRANT EXECUTE ON FUNCTION tma_edits_handbook(uuid) TO ${app}`,
    sql`CREATE TABLE handbook_pages (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 80),
      current_version integer NOT NULL CHECK (current_version >= 1),
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_by uuid,
      archived_at timestamptz,
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, updated_by) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, archived_by) REFERENCES users (tenant_id, id)
    )`,
    // A slug names one page of the handbook; an archived page gives its slug up.
    sql`CREATE UNIQUE INDEX handbook_pages_slug ON handbook_pages (tenant_id, slug) WHERE archived_at IS NULL`,
    sql`CREATE TABLE handbook_page_versions (
      tenant_id uuid NOT NULL,
      page_id uuid NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      title_en text CHECK (char_length(title_en) BETWEEN 1 AND 200),
      body_en text CHECK (char_length(body_en) <= 200000),
      title_de text CHECK (char_length(title_de) BETWEEN 1 AND 200),
      body_de text CHECK (char_length(body_de) <= 200000),
      note text CHECK (char_length(note) <= 500),
      restored_from integer,
      author_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      search_en tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title_en, '')), 'A')
        || to_tsvector('simple'::regconfig, coalesce(body_en, ''))) STORED,
      search_de tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title_de, '')), 'A')
        || to_tsvector('simple'::regconfig, coalesce(body_de, ''))) STORED,
      PRIMARY KEY (tenant_id, page_id, version),
      CHECK ((title_en IS NULL) = (body_en IS NULL)),
      CHECK ((title_de IS NULL) = (body_de IS NULL)),
      CHECK (title_en IS NOT NULL OR title_de IS NOT NULL),
      CHECK (restored_from IS NULL OR restored_from < version),
      FOREIGN KEY (tenant_id, page_id) REFERENCES handbook_pages (tenant_id, id),
      FOREIGN KEY (tenant_id, author_id) REFERENCES users (tenant_id, id)
    )`,
    sql`CREATE INDEX handbook_page_versions_search_en ON handbook_page_versions USING gin (search_en)`,
    sql`CREATE INDEX handbook_page_versions_search_de ON handbook_page_versions USING gin (search_de)`,
    // The current version is one the page has (checked at commit: page and first version are written together).
    sql`ALTER TABLE handbook_pages ADD CONSTRAINT handbook_pages_current_version
      FOREIGN KEY (tenant_id, id, current_version) REFERENCES handbook_page_versions (tenant_id, page_id, version)
      DEFERRABLE INITIALLY DEFERRED`,
  ]);
  await protectTenantTable(db, context, 'handbook_pages', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(db, context, 'handbook_page_versions', ['SELECT', 'INSERT']);
  await run(db, [
    sql`CREATE POLICY readers ON handbook_pages AS RESTRICTIVE FOR SELECT USING (${READS})`,
    sql`CREATE POLICY editors_insert ON handbook_pages AS RESTRICTIVE FOR INSERT WITH CHECK (${EDITS})`,
    sql`CREATE POLICY editors_update ON handbook_pages AS RESTRICTIVE FOR UPDATE USING (${EDITS}) WITH CHECK (${EDITS})`,
    sql`CREATE POLICY readers ON handbook_page_versions AS RESTRICTIVE FOR SELECT USING (${READS})`,
    sql`CREATE POLICY editors_insert ON handbook_page_versions AS RESTRICTIVE FOR INSERT WITH CHECK (${EDITS})`,
  ]);
}

export async function down(db: Db): Promise<void> {
  await run(db, [
    sql`ALTER TABLE handbook_pages DROP CONSTRAINT handbook_pages_current_version`,
    sql`DROP TABLE handbook_page_versions`,
    sql`DROP TABLE handbook_pages`,
    sql`DROP FUNCTION tma_edits_handbook(uuid)`,
    sql`DROP FUNCTION tma_reads_handbook(uuid)`,
  ]);
}
