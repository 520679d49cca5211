import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Invitations and password resets by e-mail (docs/security.md, "Invitations and password reset"): an invited
// user waits in status `invited` until they set a password; each e-mailed link carries a random token of which
// only the SHA-256 is stored, usable once and for a limited time.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  // Expand only: the previous release never writes `invited`, and refuses such a user at login (no password).
  await sql`ALTER TABLE users DROP CONSTRAINT users_status_check`.execute(db);
  await sql`
    ALTER TABLE users ADD CONSTRAINT users_status_check CHECK (status IN ('active', 'deactivated', 'invited'))
  `.execute(db);

  await db.schema
    .createTable('account_tokens')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id'))
    .addColumn('user_id', 'uuid', (col) => col.notNull())
    .addColumn('purpose', 'text', (col) =>
      col.notNull().check(sql`purpose IN ('invitation', 'password_reset')`),
    )
    // SHA-256 of the token in the e-mailed link: the token itself is never stored.
    .addColumn('token_hash', 'bytea', (col) =>
      col.notNull().unique().check(sql`octet_length(token_hash) = 32`),
    )
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('used_at', 'timestamptz')
    // Set when a newer link of the same purpose replaced this one.
    .addColumn('revoked_at', 'timestamptz')
    .addForeignKeyConstraint('account_tokens_user_fkey', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .execute();
  await sql`
    CREATE INDEX account_tokens_open_idx ON account_tokens (tenant_id, user_id, purpose)
      WHERE used_at IS NULL AND revoked_at IS NULL
  `.execute(db);
  await protectTenantTable(db, context, 'account_tokens', ['SELECT', 'INSERT', 'UPDATE']);
  // Like sessions: the link carries only its token, not its tenant.
  await sql`
    CREATE POLICY account_token_by_hash ON account_tokens FOR SELECT
      USING (token_hash = decode(nullif(current_setting('app.account_token_hash', true), ''), 'hex'))
  `.execute(db);
}
