import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Documents of a case (issue 14). Expand only: new tables, two more journal kinds and a search source; the
// previous release reads none of them.
//
// - `case_documents`: one row per document, its title and description sealed with the case key, whether it
//   is managers only (a restrictive policy, as for journal entries), and the number of its current version.
// - `case_document_versions`: every upload of the document, never changed: the blob holding its content
//   (cleaned: PDFs without metadata and active content, images re-encoded), the blob of the original when a
//   threat manager kept it, the sealed file name, the sniffed type, sizes, and what cleaning removed (counts
//   by kind, no content). A version is readable exactly when its document is: the policy asks the documents
//   table, whose own policies (tenant, case access, managers only) then apply.
// - `document_settings`: the organisation's own limit on a document's size, below the operator's
//   (TMA_DOCUMENT_MAX_BYTES); no row, or no limit, leaves the operator's.
// - Document titles are searchable like the rest of a case: their blind-index entries become rows of
//   `case_search_terms` through the same kind of trigger as in 0030.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

async function run(db: Db, statements: ReturnType<typeof sql>[]): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

const NO_VIEWER = '(SELECT tma_viewer()) IS NULL';

const CASE_READABLE = sql.raw(`EXISTS (
  SELECT 1 FROM cases c WHERE c.id = case_documents.case_id
    AND (c.unit_id = ANY ((SELECT tma_readable_units(tma_viewer()))::uuid[])
         OR c.id IN (SELECT team.id FROM tma_team_cases(tma_viewer()) AS team (id))))`);

const MANAGERS_ONLY = sql.raw(
  `NOT managers_only OR ${NO_VIEWER} OR (SELECT tma_works_as_threat_manager(tma_viewer()))`,
);

const DOCUMENT_READABLE = sql.raw(
  'EXISTS (SELECT 1 FROM case_documents d WHERE d.id = case_document_versions.document_id)',
);

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
const DOCUMENT_JOURNAL_KINDS = ['document_added', 'document_version_added'];

const SEARCH_SOURCES = ['case', 'person', 'journal', 'comment'];

const list = (values: string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

export async function up(db: Db, context: MigrationContext): Promise<void> {
  await run(db, [
    sql`CREATE TABLE case_documents (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      case_id uuid NOT NULL,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      title_sealed bytea NOT NULL,
      description_sealed bytea,
      managers_only boolean NOT NULL DEFAULT false,
      current_version integer NOT NULL DEFAULT 1 CHECK (current_version > 0),
      search_index text[] NOT NULL DEFAULT '{}',
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
      FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
    )`,
    // The case's documents page by page, newest first.
    sql`CREATE INDEX case_documents_case_idx ON case_documents (tenant_id, case_id, seq DESC)`,
    sql`CREATE TABLE case_document_versions (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      case_id uuid NOT NULL,
      document_id uuid NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      blob_id uuid NOT NULL,
      byte_length bigint NOT NULL CHECK (byte_length > 0),
      original_blob_id uuid,
      original_byte_length bigint CHECK (original_byte_length > 0),
      file_name_sealed bytea NOT NULL,
      content_type text NOT NULL CHECK (char_length(content_type) <= 100),
      kind text NOT NULL CHECK (kind IN ('pdf', 'image', 'office', 'email', 'text')),
      cleaned jsonb NOT NULL DEFAULT '{}',
      uploaded_by uuid,
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, id),
      UNIQUE (document_id, version),
      CHECK ((original_blob_id IS NULL) = (original_byte_length IS NULL)),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
      FOREIGN KEY (tenant_id, document_id) REFERENCES case_documents (tenant_id, id),
      FOREIGN KEY (tenant_id, uploaded_by) REFERENCES users (tenant_id, id)
    )`,
    sql`CREATE INDEX case_document_versions_case_idx ON case_document_versions (tenant_id, case_id)`,
    sql`CREATE TABLE document_settings (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
      max_bytes bigint CHECK (max_bytes > 0),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  ]);
  await protectTenantTable(db, context, 'document_settings', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(db, context, 'case_documents', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
  await protectTenantTable(db, context, 'case_document_versions', ['SELECT', 'INSERT', 'DELETE']);
  await run(db, [
    sql`CREATE POLICY case_content ON case_documents AS RESTRICTIVE FOR SELECT USING (
      ${sql.raw(NO_VIEWER)} OR ${CASE_READABLE})`,
    sql`CREATE POLICY case_content_write ON case_documents AS RESTRICTIVE FOR INSERT WITH CHECK (
      ${sql.raw(NO_VIEWER)} OR ${CASE_READABLE})`,
    sql`CREATE POLICY managers_only ON case_documents AS RESTRICTIVE FOR SELECT USING (${MANAGERS_ONLY})`,
    sql`CREATE POLICY managers_only_write ON case_documents AS RESTRICTIVE FOR INSERT WITH CHECK (${MANAGERS_ONLY})`,
    sql`CREATE POLICY document_content ON case_document_versions AS RESTRICTIVE FOR SELECT USING (
      ${sql.raw(NO_VIEWER)} OR ${DOCUMENT_READABLE})`,
    sql`CREATE POLICY document_content_write ON case_document_versions AS RESTRICTIVE FOR INSERT WITH CHECK (
      ${sql.raw(NO_VIEWER)} OR ${DOCUMENT_READABLE})`,
    sql`ALTER TABLE case_journal DROP CONSTRAINT case_journal_kind_check`,
    sql`ALTER TABLE case_journal ADD CONSTRAINT case_journal_kind_check
      CHECK (kind IN (${list([...JOURNAL_KINDS, ...DOCUMENT_JOURNAL_KINDS])}))`,
    sql`ALTER TABLE case_search_terms DROP CONSTRAINT case_search_terms_source_check`,
    sql`ALTER TABLE case_search_terms ADD CONSTRAINT case_search_terms_source_check
      CHECK (source IN (${list([...SEARCH_SOURCES, 'document'])}))`,
    // As 0030's triggers: runs as the writer, so the terms pass the same policies the row did.
    sql`CREATE FUNCTION tma_search_terms_of_case_documents() RETURNS trigger
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          DELETE FROM case_search_terms WHERE tenant_id = OLD.tenant_id AND source_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO case_search_terms (tenant_id, case_id, source, source_id, term, managers_only)
          SELECT DISTINCT NEW.tenant_id, NEW.case_id, 'document', NEW.id, term, NEW.managers_only
          FROM unnest(NEW.search_index) AS term;
        END IF;
        RETURN NULL;
      END
    $$`,
    sql`CREATE TRIGGER search_terms_insert AFTER INSERT ON case_documents
      FOR EACH ROW WHEN (cardinality(NEW.search_index) > 0)
      EXECUTE FUNCTION tma_search_terms_of_case_documents()`,
    sql`CREATE TRIGGER search_terms_update AFTER UPDATE ON case_documents
      FOR EACH ROW WHEN (OLD.search_index IS DISTINCT FROM NEW.search_index
                         OR OLD.managers_only IS DISTINCT FROM NEW.managers_only)
      EXECUTE FUNCTION tma_search_terms_of_case_documents()`,
    sql`CREATE TRIGGER search_terms_delete AFTER DELETE ON case_documents
      FOR EACH ROW WHEN (cardinality(OLD.search_index) > 0)
      EXECUTE FUNCTION tma_search_terms_of_case_documents()`,
  ]);
}

export async function down(db: Db): Promise<void> {
  await run(db, [
    sql`DROP TABLE document_settings`,
    sql`DROP TABLE case_document_versions`,
    sql`DROP TABLE case_documents`,
    sql`DROP FUNCTION tma_search_terms_of_case_documents()`,
    sql`DELETE FROM case_search_terms WHERE source = 'document'`,
    sql`ALTER TABLE case_search_terms DROP CONSTRAINT case_search_terms_source_check`,
    sql`ALTER TABLE case_search_terms ADD CONSTRAINT case_search_terms_source_check
      CHECK (source IN (${list(SEARCH_SOURCES)}))`,
    sql`DELETE FROM case_journal WHERE kind IN (${list(DOCUMENT_JOURNAL_KINDS)})`,
    sql`ALTER TABLE case_journal DROP CONSTRAINT case_journal_kind_check`,
    sql`ALTER TABLE case_journal ADD CONSTRAINT case_journal_kind_check CHECK (kind IN (${list(JOURNAL_KINDS)}))`,
  ]);
}
