import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Data subject requests and restriction of processing (issue 17), expand only: two new tables the
// previous release does not read.
//
// - `data_subject_requests`: one access request (GDPR Art. 15) as the data protection officer works it:
//   who it is about (name, e-mail address and the officer's note, sealed with the request's own data key,
//   scope `data_subject_request`, so the name searched never lies in clear and can be shredded with the
//   request), its status (received → exported → released), the day it came in and the day it is due (one
//   month later, Art. 12(3)), and the persons and reports the officer confirmed as the data subject (ids).
// - `processing_restrictions`: a person of a case whose processing is restricted (Art. 18): the data stays
//   and reads go on, edits are refused. The reason is sealed with the case key, bound to the row. Removed
//   with the person (a case deletion removes its persons). Rows are seen like the person: by whoever reads
//   the case, and by a transaction without a user (the data protection officer's reads run so, after the
//   data-subject policy allowed them).

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

const NO_VIEWER = '(SELECT tma_viewer()) IS NULL';
const caseReadable = sql.raw(`EXISTS (
  SELECT 1 FROM cases c WHERE c.id = processing_restrictions.case_id
    AND (c.unit_id = ANY ((SELECT tma_readable_units(tma_viewer()))::uuid[])
         OR c.id IN (SELECT team.id FROM tma_team_cases(tma_viewer()) AS team (id))))`);

export async function up(db: Db, context: MigrationContext): Promise<void> {
  const statements = [
    sql`CREATE TABLE data_subject_requests (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'exported', 'released')),
      subject_sealed bytea NOT NULL,
      received_on date NOT NULL,
      due_on date NOT NULL,
      confirmed_person_ids uuid[] NOT NULL DEFAULT '{}',
      confirmed_report_ids uuid[] NOT NULL DEFAULT '{}',
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      exported_at timestamptz,
      exported_by uuid,
      released_at timestamptz,
      released_by uuid,
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, exported_by) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, released_by) REFERENCES users (tenant_id, id)
    )`,
    sql`CREATE INDEX data_subject_requests_created_idx ON data_subject_requests (tenant_id, created_at DESC, id DESC)`,
    sql`CREATE TABLE processing_restrictions (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      person_id uuid NOT NULL,
      case_id uuid NOT NULL,
      reason_sealed bytea NOT NULL,
      restricted_by uuid,
      restricted_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, person_id),
      FOREIGN KEY (tenant_id, person_id) REFERENCES case_persons (tenant_id, id) ON DELETE CASCADE,
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
      FOREIGN KEY (tenant_id, restricted_by) REFERENCES users (tenant_id, id)
    )`,
    sql`CREATE INDEX processing_restrictions_case_idx ON processing_restrictions (tenant_id, case_id)`,
  ];
  for (const statement of statements) await statement.execute(db);
  await protectTenantTable(db, context, 'data_subject_requests', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(db, context, 'processing_restrictions', ['SELECT', 'INSERT', 'DELETE']);
  for (const statement of [
    sql`CREATE POLICY case_content ON processing_restrictions AS RESTRICTIVE FOR SELECT USING (
      ${sql.raw(NO_VIEWER)} OR ${caseReadable})`,
    sql`CREATE POLICY case_content_write ON processing_restrictions AS RESTRICTIVE FOR INSERT WITH CHECK (
      ${sql.raw(NO_VIEWER)} OR ${caseReadable})`,
    sql`CREATE POLICY case_content_delete ON processing_restrictions AS RESTRICTIVE FOR DELETE USING (
      ${sql.raw(NO_VIEWER)} OR ${caseReadable})`,
  ])
    await statement.execute(db);
}

export async function down(db: Db): Promise<void> {
  await sql`DROP TABLE processing_restrictions`.execute(db);
  await sql`DROP TABLE data_subject_requests`.execute(db);
}
