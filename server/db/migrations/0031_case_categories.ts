import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Case categories per organisation (issue 13): TMA's built-in categories (server/modules/cases/categories.ts)
// and an organisation's own. A row exists for each own category, with its names in German and English, and
// for a built-in one that an admin switched off (no names: the app names built-ins in every language). A
// switched-off category is no longer offered; cases that have it keep it. Names of categories are the
// organisation's vocabulary, not anyone's personal data: stored as they are.
//
// Expand only: a new table; the previous release does not read it.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

export async function up(db: Db, context: MigrationContext): Promise<void> {
  await sql`CREATE TABLE case_categories (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
    built_in boolean NOT NULL,
    name_de text CHECK (char_length(name_de) BETWEEN 1 AND 60),
    name_en text CHECK (char_length(name_en) BETWEEN 1 AND 60),
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, key),
    CHECK (built_in = (name_de IS NULL) AND built_in = (name_en IS NULL))
  )`.execute(db);
  await protectTenantTable(db, context, 'case_categories', ['SELECT', 'INSERT', 'UPDATE']);
}

export async function down(db: Db): Promise<void> {
  await sql`DROP TABLE case_categories`.execute(db);
}
