import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Single sign-on with OpenID Connect, one identity provider per tenant (docs/security.md, "Single sign-on").

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  // The tenant's identity provider. The client secret is sealed with the tenant's keys (scope
  // `tenant_settings`), bound to this table, column and the tenant id.
  await db.schema
    .createTable('tenant_sso_settings')
    .addColumn('tenant_id', 'uuid', (col) => col.primaryKey().references('tenants.id'))
    .addColumn('enabled', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('issuer_url', 'text', (col) => col.notNull().check(sql`length(issuer_url) <= 500`))
    .addColumn('client_id', 'text', (col) => col.notNull().check(sql`length(client_id) <= 500`))
    .addColumn('client_secret_sealed', 'bytea')
    .addColumn('button_label', 'text', (col) => col.notNull().check(sql`length(button_label) <= 100`))
    .addColumn('role_claim', 'text', (col) => col.notNull().defaultTo('groups'))
    // [{ "value": "tma-admins", "role": "admin" }, …]: the first value the user has decides.
    .addColumn('role_mapping', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    // The role of a user whose claim maps to no role; null: such a user is refused.
    .addColumn('default_role', 'text', (col) =>
      col.check(sql`default_role IN ('admin', 'threat_manager', 'expert', 'auditor')`),
    )
    .addColumn('create_users', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('allowed_domains', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await protectTenantTable(db, context, 'tenant_sso_settings', ['SELECT', 'INSERT', 'UPDATE']);

  // A sign-in sent to the identity provider and not back yet. The browser holds the random state; this row
  // its SHA-256, the PKCE verifier and the nonce. Used once, for ten minutes.
  await db.schema
    .createTable('sso_login_states')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id'))
    .addColumn('state_hash', 'bytea', (col) =>
      col.notNull().unique().check(sql`octet_length(state_hash) = 32`),
    )
    .addColumn('code_verifier', 'text', (col) => col.notNull())
    .addColumn('nonce', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await protectTenantTable(db, context, 'sso_login_states', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
  // The callback carries only the state, not its tenant: like sessions, the row is found by its hash.
  await sql`
    CREATE POLICY sso_login_state_by_hash ON sso_login_states FOR SELECT
      USING (state_hash = decode(nullif(current_setting('app.sso_state_hash', true), ''), 'hex'))
  `.execute(db);
}
