import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Access review reminders (issue 17): when a tenant's access review falls due, its admins are told once by
// e-mail. One row per tenant and review cycle, keyed by the review completed last (null: none yet), so that
// any number of instances remind once. Ids, a day and a count only.
//
// Expand only: a new table.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

export async function up(db: Db, context: MigrationContext): Promise<void> {
  await sql`CREATE TABLE access_review_reminders (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    after_review uuid,
    due_on date NOT NULL,
    reminded_at timestamptz NOT NULL,
    recipients integer NOT NULL CHECK (recipients >= 0),
    UNIQUE NULLS NOT DISTINCT (tenant_id, after_review),
    FOREIGN KEY (tenant_id, after_review) REFERENCES access_reviews (tenant_id, id)
  )`.execute(db);
  await protectTenantTable(db, context, 'access_review_reminders', ['SELECT', 'INSERT']);
}

export async function down(db: Db): Promise<void> {
  await sql`DROP TABLE access_review_reminders`.execute(db);
}
