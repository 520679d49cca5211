import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Audit completeness (docs/audit-log.md): one event per list page names the page's objects in `object_ids`;
// the free-text reason of a hand-over is sealed in its own row, and the audit event only references it.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  // Nullable, no default: adding it rewrites no row, so the append-only triggers are not involved, and
  // events written before keep their hashes (the chain covers object_ids only where it is set).
  await sql`ALTER TABLE audit_events ADD COLUMN object_ids uuid[]`.execute(db);
  await sql`
    ALTER TABLE audit_events ADD CONSTRAINT audit_events_object_ids_check
      CHECK (object_ids IS NULL OR cardinality(object_ids) BETWEEN 1 AND 500)
  `.execute(db);

  // One row per hand-over of a case (with its reports) or of a report alone. The reason is sealed with the
  // data key of the case or report (FieldRef hand_overs.reason_sealed, row id = the hand-over's id), so it
  // is shredded with it; the row keeps the day only, the audit event the exact time.
  await sql`
    CREATE TABLE hand_overs (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      case_id uuid,
      report_id uuid,
      from_unit_id uuid NOT NULL,
      to_unit_id uuid NOT NULL,
      reason_sealed bytea NOT NULL,
      handed_by uuid,
      handed_on date NOT NULL,
      -- 1, 2, 3 … per case or report: the order within a day, which the day alone does not keep.
      position integer NOT NULL CHECK (position > 0),
      CHECK ((case_id IS NULL) <> (report_id IS NULL)),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id) ON DELETE CASCADE,
      FOREIGN KEY (tenant_id, report_id) REFERENCES reports (tenant_id, id) ON DELETE CASCADE,
      FOREIGN KEY (tenant_id, from_unit_id) REFERENCES org_units (tenant_id, id),
      FOREIGN KEY (tenant_id, to_unit_id) REFERENCES org_units (tenant_id, id),
      FOREIGN KEY (tenant_id, handed_by) REFERENCES users (tenant_id, id)
    )
  `.execute(db);
  await sql`CREATE INDEX hand_overs_case_idx ON hand_overs (tenant_id, case_id) WHERE case_id IS NOT NULL`.execute(
    db,
  );
  await sql`
    CREATE INDEX hand_overs_report_idx ON hand_overs (tenant_id, report_id) WHERE report_id IS NOT NULL
  `.execute(db);
  await protectTenantTable(db, context, 'hand_overs', ['SELECT', 'INSERT']);
  // A hand-over is visible with its case or report: the subqueries run under their need-to-know policies.
  await sql`
    CREATE POLICY subject_scope ON hand_overs AS RESTRICTIVE USING (
      EXISTS (SELECT 1 FROM cases c WHERE c.id = hand_overs.case_id)
      OR EXISTS (SELECT 1 FROM reports r WHERE r.id = hand_overs.report_id))
  `.execute(db);
}
