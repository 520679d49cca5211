import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Accounts, their units, login sessions and login throttling (docs/security.md, "Accounts and sessions").

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id'))
    .addColumn('email', 'text', (col) =>
      col.notNull().check(sql`email = lower(email) AND length(email) <= 254`),
    )
    .addColumn('display_name', 'text', (col) =>
      col.notNull().check(sql`length(display_name) BETWEEN 1 AND 200`),
    )
    .addColumn('password_hash', 'text')
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('active').check(sql`status IN ('active', 'deactivated')`),
    )
    .addColumn('role', 'text', (col) =>
      col.notNull().check(sql`role IN ('admin', 'threat_manager', 'expert', 'auditor')`),
    )
    .addColumn('specialty', 'text', (col) =>
      col.check(
        sql`specialty IN ('labour_law', 'compliance', 'hr', 'psychology', 'security', 'data_protection', 'works_council')`,
      ),
    )
    .addColumn('tenant_wide', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('users_tenant_email_key', ['tenant_id', 'email'])
    // Lets user_units and sessions reference (tenant_id, id), so a row can never point into another tenant.
    .addUniqueConstraint('users_tenant_id_key', ['tenant_id', 'id'])
    .addCheckConstraint('users_specialty_only_for_experts', sql`specialty IS NULL OR role = 'expert'`)
    .addCheckConstraint(
      'users_tenant_wide_only_for_threat_managers',
      sql`NOT tenant_wide OR role = 'threat_manager'`,
    )
    .execute();
  await protectTenantTable(db, context, 'users', ['SELECT', 'INSERT', 'UPDATE']);

  await sql`ALTER TABLE org_units ADD CONSTRAINT org_units_tenant_id_key UNIQUE (tenant_id, id)`.execute(db);
  await db.schema
    .createTable('user_units')
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id'))
    .addColumn('user_id', 'uuid', (col) => col.notNull())
    .addColumn('unit_id', 'uuid', (col) => col.notNull())
    .addPrimaryKeyConstraint('user_units_pkey', ['tenant_id', 'user_id', 'unit_id'])
    .addForeignKeyConstraint('user_units_user_fkey', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .addForeignKeyConstraint('user_units_unit_fkey', ['tenant_id', 'unit_id'], 'org_units', [
      'tenant_id',
      'id',
    ])
    .execute();
  await protectTenantTable(db, context, 'user_units', ['SELECT', 'INSERT', 'DELETE']);

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id'))
    .addColumn('user_id', 'uuid', (col) => col.notNull())
    // SHA-256 of the cookie's token: the token itself is never stored.
    .addColumn('token_hash', 'bytea', (col) =>
      col.notNull().unique().check(sql`octet_length(token_hash) = 32`),
    )
    // The CSRF token is derived from this per-session secret (HMAC), so it can be shown again on reload.
    .addColumn('csrf_secret', 'bytea', (col) => col.notNull().check(sql`octet_length(csrf_secret) = 32`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('last_seen_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('user_agent', 'text', (col) => col.check(sql`length(user_agent) <= 200`))
    .addForeignKeyConstraint('sessions_user_fkey', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();
  await sql`CREATE INDEX sessions_user_idx ON sessions (tenant_id, user_id) WHERE revoked_at IS NULL`.execute(
    db,
  );
  await protectTenantTable(db, context, 'sessions', ['SELECT', 'INSERT', 'UPDATE']);
  // A request knows only its cookie, not its tenant. Presenting the hash of a session's token (a secret
  // only the cookie's holder knows) makes that one session row readable, to learn its tenant; everything
  // else then runs in that tenant's transaction.
  await sql`
    CREATE POLICY session_by_token ON sessions FOR SELECT
      USING (token_hash = decode(nullif(current_setting('app.session_token_hash', true), ''), 'hex'))
  `.execute(db);

  // Failed logins per account (hash of tenant and e-mail) and per client address (hash of the address):
  // not tenant data, since an address spans tenants and an unknown tenant has no owner.
  await db.schema
    .createTable('login_throttles')
    .addColumn('key', 'bytea', (col) => col.primaryKey().check(sql`octet_length(key) = 32`))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind IN ('account', 'address')`))
    .addColumn('failures', 'integer', (col) => col.notNull().check(sql`failures >= 0`))
    .addColumn('last_failure_at', 'timestamptz', (col) => col.notNull())
    .addColumn('locked_until', 'timestamptz')
    .execute();
  await sql`
    GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttles TO ${sql.id(context.appRole)}
  `.execute(db);
}
