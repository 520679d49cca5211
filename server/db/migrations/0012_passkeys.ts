import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Passkeys (WebAuthn): a second factor and a sign-in of their own (docs/security.md, "Passkeys").

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  // The WebAuthn user handle: random, so an authenticator never stores the e-mail address or the user id.
  await db.schema
    .createTable('webauthn_user_handles')
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id'))
    .addColumn('user_id', 'uuid', (col) => col.notNull())
    .addColumn('handle', 'bytea', (col) => col.notNull().check(sql`octet_length(handle) = 32`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('webauthn_user_handles_pkey', ['tenant_id', 'user_id'])
    .addUniqueConstraint('webauthn_user_handles_handle_key', ['tenant_id', 'handle'])
    .addForeignKeyConstraint('webauthn_user_handles_user_fkey', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .execute();
  await protectTenantTable(db, context, 'webauthn_user_handles', ['SELECT', 'INSERT']);

  await db.schema
    .createTable('passkeys')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id'))
    .addColumn('user_id', 'uuid', (col) => col.notNull())
    .addColumn('credential_id', 'bytea', (col) =>
      col.notNull().check(sql`octet_length(credential_id) BETWEEN 16 AND 1023`),
    )
    // The COSE public key; a passkey holds no secret on the server.
    .addColumn('public_key', 'bytea', (col) => col.notNull())
    // The authenticator's signature counter: a value that does not grow betrays a cloned authenticator.
    .addColumn('counter', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('transports', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('name', 'text', (col) => col.notNull().check(sql`length(name) BETWEEN 1 AND 100`))
    .addColumn('backed_up', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('last_used_at', 'timestamptz')
    .addUniqueConstraint('passkeys_credential_key', ['tenant_id', 'credential_id'])
    .addForeignKeyConstraint('passkeys_user_fkey', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('passkeys_user_idx').on('passkeys').columns(['tenant_id', 'user_id']).execute();
  await protectTenantTable(db, context, 'passkeys', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);

  // A WebAuthn challenge handed out and not yet answered: short-lived, single use, shared by all
  // instances. Only its SHA-256 is kept; the answer carries the challenge itself.
  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id'))
    .addColumn('purpose', 'text', (col) =>
      col.notNull().check(sql`purpose IN ('registration', 'passwordless', 'second_factor')`),
    )
    // Null for a passwordless sign-in, where the assertion tells who it is.
    .addColumn('user_id', 'uuid')
    // For the second factor: the login challenge (after the password) this one belongs to.
    .addColumn('login_challenge_id', 'uuid')
    .addColumn('challenge_hash', 'bytea', (col) =>
      col.notNull().unique().check(sql`octet_length(challenge_hash) = 32`),
    )
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('used_at', 'timestamptz')
    .addForeignKeyConstraint('webauthn_challenges_user_fkey', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .execute();
  await protectTenantTable(db, context, 'webauthn_challenges', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
}
