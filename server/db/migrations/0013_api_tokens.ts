import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// API tokens for integrations (docs/security.md, "API tokens"): created by an admin, shown once, stored only
// as SHA-256, with a short prefix kept for display.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id'))
    .addColumn('name', 'text', (col) => col.notNull().check(sql`length(name) BETWEEN 1 AND 100`))
    // SHA-256 of the token's 32 random bytes: the token itself is never stored.
    .addColumn('token_hash', 'bytea', (col) =>
      col.notNull().unique().check(sql`octet_length(token_hash) = 32`),
    )
    // The first characters of the token (`tma_` and 6 more), so a list can tell tokens apart.
    .addColumn('token_prefix', 'text', (col) => col.notNull().check(sql`length(token_prefix) <= 16`))
    .addColumn('scopes', 'jsonb', (col) => col.notNull().check(sql`jsonb_typeof(scopes) = 'array'`))
    // The admin the token acts for: it works only while they are an active admin.
    .addColumn('created_by', 'uuid', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addForeignKeyConstraint('api_tokens_creator_fkey', ['tenant_id', 'created_by'], 'users', [
      'tenant_id',
      'id',
    ])
    .addCheckConstraint('api_tokens_expiry_after_creation', sql`expires_at > created_at`)
    .execute();
  await sql`CREATE INDEX api_tokens_tenant_idx ON api_tokens (tenant_id, created_at)`.execute(db);
  await protectTenantTable(db, context, 'api_tokens', ['SELECT', 'INSERT', 'UPDATE']);
  // A request knows only its token, not its tenant. Presenting the hash of a token (a secret only its holder
  // knows) makes that one row readable, to learn its tenant; everything else runs in that tenant's transaction.
  await sql`
    CREATE POLICY api_token_by_hash ON api_tokens FOR SELECT
      USING (token_hash = decode(nullif(current_setting('app.api_token_hash', true), ''), 'hex'))
  `.execute(db);
}
