import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../rls.ts';

// Anonymity (issue 11): nothing dates an anonymous report finer than the day, and no reporter address or
// client address waits in clear. Expand only: the previous release keeps working on this schema.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  // Keys of the installation itself, not of a tenant (today: `login-throttle`, the HMAC key of the
  // login_throttles rows). Each is a random 256-bit key wrapped by the key provider with the context
  // `{ purpose: 'system-key', name: <purpose> }` (server/crypto/system-keys.ts); `tma keys rotate-master`
  // re-wraps them with the tenant keys. No tenant data, so no row-level security.
  await db.schema
    .createTable('system_keys')
    .addColumn('purpose', 'text', (col) => col.primaryKey().check(sql`purpose ~ '^[a-z][a-z0-9-]{0,62}$'`))
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('master_key_id', 'text', (col) => col.notNull())
    .addColumn('wrapped_key', 'bytea', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // Instances create a missing key at start (INSERT … ON CONFLICT DO NOTHING) and re-wrap it during a
  // master key rotation.
  await sql`GRANT SELECT, INSERT, UPDATE ON system_keys TO ${sql.id(context.appRole)}`.execute(db);
  // login_throttles.key becomes an HMAC under the `login-throttle` system key instead of a plain SHA-256
  // (which anyone can reverse for an IPv4 address by trying them all). Rows keyed the old way are never
  // matched again and expire with housekeeping within a day; nothing to migrate.

  // Spent proof-of-work challenges, kept without a time finer than the day: the key is an HMAC of the
  // challenge's signature under a key derived from the tenant's portal secret (so a copied challenge
  // cannot be recognised without the tenant's keys), and the row keeps only the UTC day after which it may
  // go (the day the challenge, plus the purge margin, expires). It is written in the transaction of an
  // anonymous report: the old table's `expires_at` dated that report to the second.
  // Contract (a later release): drop `proof_of_work_spent`. Until then this release still reads it, so a
  // challenge spent on an instance of the previous release during a rolling deploy is refused here too (the
  // other way round, an old instance could accept once more a challenge a new one spent, for the at most
  // ten minutes that the challenge lives, and only while both releases run).
  await db.schema
    .createTable('proof_of_work_spent_days')
    .addColumn('challenge_key', 'bytea', (col) =>
      col.primaryKey().check(sql`octet_length(challenge_key) = 32`),
    )
    .addColumn('purge_after', 'date', (col) => col.notNull())
    .execute();
  await sql`CREATE INDEX proof_of_work_spent_days_purge_idx ON proof_of_work_spent_days (purge_after)`.execute(
    db,
  );
  await sql`GRANT SELECT, INSERT, DELETE ON proof_of_work_spent_days TO ${sql.id(context.appRole)}`.execute(
    db,
  );

  // A named reporter's address is queued sealed with the report's data key (scope and scope id say which
  // key; the outbox row id is the sealed value's row), and cleared with the scope once sent. `recipient`
  // stays for the previous release's rows and for staff addresses, which are in clear in `users` anyway.
  // A previous-release dispatcher that claims a sealed row finds no address: the send fails, is retried
  // with backoff, and an instance of this release sends it.
  // The old check (recipient '' exactly when sent) is replaced by a looser one that also admits a sealed
  // recipient; both releases' writes satisfy it. Nothing to contract: `recipient` stays for staff mail.
  await sql`ALTER TABLE email_outbox ALTER COLUMN recipient DROP NOT NULL`.execute(db);
  await sql`
    ALTER TABLE email_outbox
      ADD COLUMN recipient_sealed bytea,
      ADD COLUMN recipient_scope text CHECK (recipient_scope ~ '^[a-z][a-z_]{0,39}$'),
      ADD COLUMN recipient_scope_id uuid
  `.execute(db);
  await sql`ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_recipient_until_sent`.execute(db);
  await sql`
    ALTER TABLE email_outbox
      ADD CONSTRAINT email_outbox_one_recipient CHECK (
        (recipient IS NULL) = (recipient_sealed IS NOT NULL) OR status = 'sent'
      ),
      ADD CONSTRAINT email_outbox_sealed_has_scope CHECK (
        recipient_sealed IS NULL OR (recipient_scope IS NOT NULL AND recipient_scope_id IS NOT NULL)
      ),
      ADD CONSTRAINT email_outbox_recipient_until_sent_v2 CHECK (
        (status = 'sent') = (sent_at IS NOT NULL)
        AND (status = 'sent') = (coalesce(recipient, '') = '' AND recipient_sealed IS NULL)
      )
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE email_outbox
      DROP CONSTRAINT email_outbox_recipient_until_sent_v2,
      DROP CONSTRAINT email_outbox_sealed_has_scope,
      DROP CONSTRAINT email_outbox_one_recipient,
      DROP COLUMN recipient_scope_id,
      DROP COLUMN recipient_scope,
      DROP COLUMN recipient_sealed
  `.execute(db);
  await sql`
    ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_recipient_until_sent
      CHECK ((status = 'sent') = (recipient = '') AND (status = 'sent') = (sent_at IS NOT NULL))
  `.execute(db);
  await sql`ALTER TABLE email_outbox ALTER COLUMN recipient SET NOT NULL`.execute(db);
  await db.schema.dropTable('proof_of_work_spent_days').execute();
  await db.schema.dropTable('system_keys').execute();
}
