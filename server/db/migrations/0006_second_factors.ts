import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Second factors: TOTP, recovery codes, pending login challenges and the tenant's 2FA policy
// (docs/security.md, "Accounts and sessions").

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  // One TOTP authenticator per user. The secret is sealed with the user's data key (scope `user`).
  await db.schema
    .createTable('user_totp')
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id'))
    .addColumn('user_id', 'uuid', (col) => col.notNull())
    .addColumn('secret_sealed', 'bytea', (col) => col.notNull())
    // Until the user proves the authenticator with a code, it does not count as a second factor.
    .addColumn('confirmed_at', 'timestamptz')
    // The last 30-second step whose code was accepted: a code is accepted only once.
    .addColumn('last_used_step', 'bigint')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('user_totp_pkey', ['tenant_id', 'user_id'])
    .addForeignKeyConstraint('user_totp_user_fkey', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();
  await protectTenantTable(db, context, 'user_totp', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);

  // One-time recovery codes: only the SHA-256 of each (80 random bits) is stored.
  await db.schema
    .createTable('recovery_codes')
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id'))
    .addColumn('user_id', 'uuid', (col) => col.notNull())
    .addColumn('code_hash', 'bytea', (col) => col.notNull().check(sql`octet_length(code_hash) = 32`))
    .addColumn('used_at', 'timestamptz')
    .addPrimaryKeyConstraint('recovery_codes_pkey', ['tenant_id', 'user_id', 'code_hash'])
    .addForeignKeyConstraint('recovery_codes_user_fkey', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .execute();
  await protectTenantTable(db, context, 'recovery_codes', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);

  // A login whose password was right and whose second factor is still owed. The client holds a random
  // token; this row only its SHA-256.
  await db.schema
    .createTable('login_challenges')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id'))
    .addColumn('user_id', 'uuid', (col) => col.notNull())
    .addColumn('token_hash', 'bytea', (col) =>
      col.notNull().unique().check(sql`octet_length(token_hash) = 32`),
    )
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('failures', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('user_agent', 'text', (col) => col.check(sql`length(user_agent) <= 200`))
    .addForeignKeyConstraint('login_challenges_user_fkey', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .execute();
  await protectTenantTable(db, context, 'login_challenges', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
  // Like sessions: the second-factor request carries only the challenge, not its tenant.
  await sql`
    CREATE POLICY login_challenge_by_token ON login_challenges FOR SELECT
      USING (token_hash = decode(nullif(current_setting('app.challenge_token_hash', true), ''), 'hex'))
  `.execute(db);

  await db.schema
    .createTable('tenant_security_settings')
    .addColumn('tenant_id', 'uuid', (col) => col.primaryKey().references('tenants.id'))
    .addColumn('require_second_factor_roles', sql`text[]`, (col) =>
      col
        .notNull()
        .defaultTo(sql`'{}'::text[]`)
        .check(
          sql`require_second_factor_roles <@ ARRAY['admin', 'threat_manager', 'expert', 'auditor']::text[]`,
        ),
    )
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await protectTenantTable(db, context, 'tenant_security_settings', ['SELECT', 'INSERT', 'UPDATE']);
}
