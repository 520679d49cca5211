import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Deleting cases and reports (server/modules/deletion, docs/security.md "Deleting a case or a report").
//
// A deleted case or report stays as a tombstone in its own row: reference, unit, the day it came in, when and
// by whom it was deleted, who approved, and the reason code. Its sealed columns are nulled and its data key is
// shredded. The row stays (rather than moving to a tombstone table) because references are unique and never
// reused, reports, notices and audit events point at it by id, and the unit-scope and need-to-know policies
// then decide who sees the tombstone exactly as they decided who saw the case.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
async function run(db: Kysely<any>, statements: ReturnType<typeof sql>[]): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

export const DELETION_REASONS = [
  'retention_expired',
  'unfounded',
  'data_subject_request',
  'duplicate',
  'legal_order',
  'other',
] as const;

const reasons = sql.raw(DELETION_REASONS.map((reason) => `'${reason}'`).join(', '));

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  const tombstone = (table: string) => [
    sql`ALTER TABLE ${sql.table(table)} ADD COLUMN deleted_at timestamptz`,
    sql`ALTER TABLE ${sql.table(table)} ADD COLUMN deleted_by uuid`,
    sql`ALTER TABLE ${sql.table(table)} ADD COLUMN deletion_approved_by uuid`,
    sql`ALTER TABLE ${sql.table(table)} ADD COLUMN deletion_reason text CHECK (deletion_reason IN (${reasons}))`,
    sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.id(`${table}_deletion_check`)}
      CHECK ((deleted_at IS NULL) = (deletion_reason IS NULL))`,
  ];
  await run(db, [
    ...tombstone('cases'),
    ...tombstone('reports'),
    // A tombstone holds no ciphertext.
    sql`ALTER TABLE cases ALTER COLUMN title_sealed DROP NOT NULL`,
    sql`ALTER TABLE cases ADD CONSTRAINT cases_title_check CHECK (title_sealed IS NOT NULL OR deleted_at IS NOT NULL)`,
    sql`ALTER TABLE reports ALTER COLUMN answers_sealed DROP NOT NULL`,
    sql`ALTER TABLE reports ADD CONSTRAINT reports_answers_check
      CHECK (answers_sealed IS NOT NULL OR deleted_at IS NOT NULL)`,
    sql`ALTER TABLE reports DROP CONSTRAINT reports_check2`,
    sql`ALTER TABLE reports ADD CONSTRAINT reports_reporter_check
      CHECK (anonymous OR reporter_sealed IS NOT NULL OR deleted_at IS NOT NULL)`,
    sql`ALTER TABLE cases ADD CONSTRAINT cases_deleted_tombstone_check
      CHECK (deleted_at IS NULL OR title_sealed IS NULL)`,
    sql`ALTER TABLE reports ADD CONSTRAINT reports_deleted_tombstone_check
      CHECK (deleted_at IS NULL OR (answers_sealed IS NULL AND reporter_sealed IS NULL AND closed_note_sealed IS NULL))`,

    // Requests waiting for a second admin's approval (four eyes), and what became of them. The note is sealed
    // with the request's own key, so it outlives the shredded case; the reason is a code.
    sql`CREATE TABLE deletion_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      object_type text NOT NULL CHECK (object_type IN ('case', 'report')),
      object_id uuid NOT NULL,
      reason text NOT NULL CHECK (reason IN (${reasons})),
      note_sealed bytea,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'withdrawn')),
      requested_by uuid NOT NULL,
      requested_at timestamptz NOT NULL DEFAULT now(),
      decided_by uuid,
      decided_at timestamptz,
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, requested_by) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, decided_by) REFERENCES users (tenant_id, id),
      CHECK ((status = 'pending') = (decided_at IS NULL)),
      CHECK (status <> 'approved' OR decided_by <> requested_by)
    )`,
    sql`CREATE UNIQUE INDEX deletion_requests_pending_idx ON deletion_requests (tenant_id, object_type, object_id)
      WHERE status = 'pending'`,
    // Per tenant: whether a deletion needs a second admin's approval.
    sql`CREATE TABLE deletion_settings (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
      requires_approval boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    // Blobs of shredded reports still to be removed from the blob store: written in the shredding transaction,
    // removed once the blob is gone. Leftovers (a failed removal) are retried by the next deletion and by
    // `tma deletion cleanup`; until then they are ciphertext whose key no longer exists.
    sql`CREATE TABLE blob_deletions (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      blob_id uuid NOT NULL,
      PRIMARY KEY (tenant_id, blob_id)
    )`,
  ]);
  await protectTenantTable(db, context, 'deletion_requests', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(db, context, 'deletion_settings', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(db, context, 'blob_deletions', ['SELECT', 'INSERT', 'DELETE']);
  // What a deletion removes outright.
  const app = sql.id(context.appRole);
  await run(db, [
    sql`GRANT DELETE ON report_messages, report_attachments, notifications, email_outbox TO ${app}`,
  ]);
}
