import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Deletion certificates (issue 17). Every deletion of a case or a report issues a PDF that says what was
// deleted (reference, dates, counts: no content), when, why, by whom or by which retention rule, and who
// approved it. It is a verifiable export: an `exports` row of kind `deletion_certificate` (its SHA-256 and
// id; `case_id` is the deleted case, whose row stays as a tombstone, or the case of a deleted report) and a
// `deletion.certificate` audit event with the hash in its reason.
//
// The PDF itself is kept in `deletion_certificates.pdf`, in clear: it holds no case content (ids,
// references, dates, counts, codes, staff names), and it must stay downloadable after the case's key is
// gone. `deletion_certificate_objects` names every object a certificate covers (a case and the reports
// deleted with it), so a report deleted with its case finds the case's certificate.
//
// Expand only: new tables, one more allowed `exports.kind` (the previous release writes only the other
// one), and a partial index for looking a certificate's audit event up by its export id.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

const CODE = `'^[a-z0-9][a-z0-9_.:=-]{0,99}$'`;

export async function up(db: Db, context: MigrationContext): Promise<void> {
  await sql`ALTER TABLE exports DROP CONSTRAINT exports_kind_check`.execute(db);
  await sql`ALTER TABLE exports ADD CONSTRAINT exports_kind_check
    CHECK (kind IN ('case_report', 'deletion_certificate'))`.execute(db);
  await sql`CREATE TABLE deletion_certificates (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    object_type text NOT NULL CHECK (object_type IN ('case', 'report')),
    object_id uuid NOT NULL,
    reference text NOT NULL,
    deleted_at timestamptz NOT NULL,
    reason text NOT NULL CHECK (reason ~ ${sql.raw(CODE)}),
    actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'operator', 'retention_policy')),
    deleted_by uuid,
    approved_by uuid,
    retention_rule text CHECK (retention_rule ~ ${sql.raw(CODE)}),
    counts jsonb NOT NULL,
    language text NOT NULL CHECK (language IN ('de', 'en')),
    pdf bytea NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, id) REFERENCES exports (tenant_id, id),
    FOREIGN KEY (tenant_id, deleted_by) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, approved_by) REFERENCES users (tenant_id, id)
  )`.execute(db);
  // The list, newest first, of all certificates or of one object type.
  await sql`CREATE INDEX deletion_certificates_list_idx
    ON deletion_certificates (tenant_id, deleted_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX deletion_certificates_type_idx
    ON deletion_certificates (tenant_id, object_type, deleted_at DESC, id DESC)`.execute(db);
  await protectTenantTable(db, context, 'deletion_certificates', ['SELECT', 'INSERT']);

  await sql`CREATE TABLE deletion_certificate_objects (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    object_type text NOT NULL CHECK (object_type IN ('case', 'report')),
    object_id uuid NOT NULL,
    certificate_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, object_type, object_id),
    FOREIGN KEY (tenant_id, certificate_id) REFERENCES deletion_certificates (tenant_id, id)
  )`.execute(db);
  await protectTenantTable(db, context, 'deletion_certificate_objects', ['SELECT', 'INSERT']);

  // A certificate of a report that belonged to no case has no case_id: its event is found by export id.
  await sql`CREATE INDEX audit_events_certificate_idx ON audit_events (tenant_id, object_id)
    WHERE action = 'deletion.certificate'`.execute(db);
}

export async function down(db: Db): Promise<void> {
  await sql`DROP INDEX audit_events_certificate_idx`.execute(db);
  await sql`DROP TABLE deletion_certificate_objects`.execute(db);
  await sql`DROP TABLE deletion_certificates`.execute(db);
  await sql`DELETE FROM exports WHERE kind = 'deletion_certificate'`.execute(db);
  await sql`ALTER TABLE exports DROP CONSTRAINT exports_kind_check`.execute(db);
  await sql`ALTER TABLE exports ADD CONSTRAINT exports_kind_check CHECK (kind IN ('case_report'))`.execute(
    db,
  );
}
