import { type Kysely, sql } from 'kysely';

// Nothing of a queued e-mail waits in clear (issue 11): its params (links with one-time tokens, names) are
// sealed like its address; and no staff member's browser is written where nothing reads it (no schema
// change for that). Expand only: the previous release keeps working on this schema.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>): Promise<void> {
  // Every new message is sealed with one data key, named by `recipient_scope`/`recipient_scope_id`: its
  // address in `recipient_sealed` (as since 0015) and its params' JSON in `params_sealed`, with the outbox
  // row id as the sealed values' row. The key is the report's for a notice or a reporter's mail (shredding
  // the report shreds its queued mail), else the tenant's mail key (scope `mail`, the tenant's id): an
  // invitation's or a password reset's link token was in clear in `params` until sent, and with no SMTP
  // server for ever. `params` stays, `{}` in new rows: the previous release reads it, and its own queued
  // rows keep their clear params (and address) until sent.
  // A previous-release dispatcher that claims a new row finds no params: it cannot render it and marks it
  // failed, sending nothing (at worst, a mail queued while both releases run is lost and must be asked for
  // again). The dispatcher clears `params_sealed` with the address once sent.
  // Contract (a later release, once no row of a release before this one is queued): drop `params` and
  // `recipient` (every address is sealed now, staff ones too) and their checks.
  await sql`ALTER TABLE email_outbox ADD COLUMN params_sealed bytea`.execute(db);
  await sql`
    ALTER TABLE email_outbox
      ADD CONSTRAINT email_outbox_params_sealed_has_scope CHECK (
        params_sealed IS NULL OR (recipient_scope IS NOT NULL AND recipient_scope_id IS NOT NULL)
      ),
      ADD CONSTRAINT email_outbox_params_until_sent CHECK (status <> 'sent' OR params_sealed IS NULL)
  `.execute(db);

  // login_challenges.user_agent: written with each challenge, read by nothing. This release no longer
  // writes it; the column stays (it was always nullable) for the previous release, which still does. Values
  // already there go with their challenges (expired ones are deleted when the tenant's next one is made).
  // Contract (a later release): drop login_challenges.user_agent.
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE email_outbox
      DROP CONSTRAINT email_outbox_params_until_sent,
      DROP CONSTRAINT email_outbox_params_sealed_has_scope,
      DROP COLUMN params_sealed
  `.execute(db);
}
