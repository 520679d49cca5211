import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Case templates per organisation (issue 14): what a case of a kind usually needs, applied when a case is
// opened: category, tags, first tasks with due dates relative to the opening day, and the specialties of
// experts to invite (suggested on the case's team tab). TMA ships defaults in code
// (server/modules/cases/templates.ts); a row here is an organisation's own template, or its version of a
// default (edited or switched off). Templates are the organisation's procedures, not anyone's personal
// data: stored as they are.
//
// Expand only: a new table and a new column with a default; the previous release reads neither.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

export async function up(db: Db, context: MigrationContext): Promise<void> {
  await sql`CREATE TABLE case_templates (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
    built_in boolean NOT NULL,
    definition jsonb NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, key)
  )`.execute(db);
  await protectTenantTable(db, context, 'case_templates', ['SELECT', 'INSERT', 'UPDATE']);
  await sql`ALTER TABLE cases ADD COLUMN suggested_specialties text[] NOT NULL DEFAULT '{}'`.execute(db);
}

export async function down(db: Db): Promise<void> {
  await sql`ALTER TABLE cases DROP COLUMN suggested_specialties`.execute(db);
  await sql`DROP TABLE case_templates`.execute(db);
}
