import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Verifiable exports (issue 14). Every file TMA hands out as a record (a case report today; deletion
// certificates next) gets an export id, printed in the file, and its SHA-256 is kept twice: in the audit
// log (the `case.export` event's reason, covered by the hash chain) and here, where a verifier's hash is
// looked up. A row holds ids, the case's reference, the hash, the size and who made it when: nothing of
// the case's content, so anyone in the organisation may verify a file without reading any case.
//
// Expand only: a new table.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

export async function up(db: Db, context: MigrationContext): Promise<void> {
  await sql`CREATE TABLE exports (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    kind text NOT NULL CHECK (kind IN ('case_report')),
    case_id uuid,
    case_reference text,
    sha256 bytea NOT NULL CHECK (octet_length(sha256) = 32),
    byte_length bigint NOT NULL CHECK (byte_length > 0),
    language text NOT NULL CHECK (language IN ('de', 'en')),
    names_included boolean NOT NULL DEFAULT false,
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
  )`.execute(db);
  // A verifier's way in: equality on the hash (leakproof, so the index serves under row-level security).
  await sql`CREATE INDEX exports_sha256_idx ON exports (sha256)`.execute(db);
  await protectTenantTable(db, context, 'exports', ['SELECT', 'INSERT']);
}

export async function down(db: Db): Promise<void> {
  await sql`DROP TABLE exports`.execute(db);
}
