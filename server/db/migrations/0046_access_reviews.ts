import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Access reviews (issue 17): an admin confirms or revokes, in one place and at regular intervals, who can
// see which cases. Expand only: three new tables, nothing the previous release reads changes.
//
// - `access_review_settings`: when an account counts as inactive (days without a session seen) and how
//   often a review is due; no row means the defaults (90 days, every 91 days: quarterly).
// - `access_reviews`: a review of a period, started and completed by admins; at most one open per tenant.
// - `access_review_decisions`: what was decided about a user's access, append-only: confirmed, or a
//   revocation (a case-team membership, a unit, the account). Ids and codes only. A decision outside a
//   review (review_id null) still records who confirmed what when.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

export async function up(db: Db, context: MigrationContext): Promise<void> {
  const statements = [
    sql`CREATE TABLE access_review_settings (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
      inactive_after_days integer NOT NULL DEFAULT 90 CHECK (inactive_after_days BETWEEN 7 AND 730),
      review_every_days integer NOT NULL DEFAULT 91 CHECK (review_every_days BETWEEN 7 AND 730),
      updated_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (tenant_id, updated_by) REFERENCES users (tenant_id, id)
    )`,
    sql`CREATE TABLE access_reviews (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      period_start date NOT NULL,
      period_end date NOT NULL,
      started_by uuid NOT NULL,
      started_at timestamptz NOT NULL,
      completed_by uuid,
      completed_at timestamptz,
      UNIQUE (tenant_id, id),
      CHECK (period_end >= period_start),
      CHECK ((completed_at IS NULL) = (completed_by IS NULL)),
      FOREIGN KEY (tenant_id, started_by) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, completed_by) REFERENCES users (tenant_id, id)
    )`,
    // One open review per tenant: two admins starting at once get one review and one 409.
    sql`CREATE UNIQUE INDEX access_reviews_open_idx ON access_reviews (tenant_id) WHERE completed_at IS NULL`,
    sql`CREATE INDEX access_reviews_completed_idx ON access_reviews (tenant_id, completed_at)
      WHERE completed_at IS NOT NULL`,
    // case_id has no foreign key: a case row may be removed by retention, the decision stays as evidence.
    sql`CREATE TABLE access_review_decisions (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      review_id uuid,
      user_id uuid NOT NULL,
      decision text NOT NULL CHECK (decision IN ('confirmed', 'revoked')),
      revoked text CHECK (revoked IN ('team_membership', 'unit', 'account')),
      case_id uuid,
      unit_id uuid,
      decided_by uuid NOT NULL,
      decided_at timestamptz NOT NULL,
      CHECK ((decision = 'revoked') = (revoked IS NOT NULL)),
      CHECK ((revoked = 'team_membership') = (case_id IS NOT NULL)),
      CHECK ((revoked = 'unit') = (unit_id IS NOT NULL)),
      FOREIGN KEY (tenant_id, review_id) REFERENCES access_reviews (tenant_id, id),
      FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, decided_by) REFERENCES users (tenant_id, id),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES org_units (tenant_id, id)
    )`,
    sql`CREATE INDEX access_review_decisions_user_idx
      ON access_review_decisions (tenant_id, user_id, decided_at DESC)`,
    sql`CREATE INDEX access_review_decisions_review_idx
      ON access_review_decisions (tenant_id, review_id, user_id) WHERE review_id IS NOT NULL`,
  ];
  for (const statement of statements) await statement.execute(db);
  await protectTenantTable(db, context, 'access_review_settings', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(db, context, 'access_reviews', ['SELECT', 'INSERT', 'UPDATE']);
  // Append-only: decisions are evidence, the application role cannot change or remove one.
  await protectTenantTable(db, context, 'access_review_decisions', ['SELECT', 'INSERT']);
}

export async function down(db: Db): Promise<void> {
  for (const table of ['access_review_decisions', 'access_reviews', 'access_review_settings'])
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
}
