import { type Kysely, sql } from 'kysely';

// The keyed receipt index (issue 18; docs/security.md, "The receipt"). Until now a receipt found its report
// only through `receipt_hash`, argon2id of its 16 digits under the tenant's salt: 66 ms of a core for every
// report submitted and every receipt login. A new receipt has 32 digits (106 bits) and is stored as
// `receipt_index`, HMAC-SHA-256 of its digits under a key derived from the tenant's `portal` data key (key
// purpose `portal.receipt_index`): found through a unique index in one lookup, and untestable with the
// database alone, since the key is wrapped by the tenant key and that by the key provider. A 16-digit
// receipt issued before keeps its argon2id hash and gains its index when its reporter next logs in.
//
// Expand only: a nullable column and a unique index. The previous release neither reads nor writes the
// column and keeps finding its receipts by `receipt_hash`; a 32-digit receipt issued by this release it
// does not know (a reporter logging in on a previous-release instance during the deploy gets
// `receipt_invalid` and gets in once the deploy is through). A later release may contract: drop
// `receipt_hash` of the reports whose index is set, once no previous-release instance runs.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE reports ADD COLUMN receipt_index bytea CHECK (octet_length(receipt_index) = 32)
  `.execute(db);
  await sql`
    CREATE UNIQUE INDEX reports_receipt_index_idx ON reports (tenant_id, receipt_index)
    WHERE receipt_index IS NOT NULL
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE reports DROP COLUMN receipt_index`.execute(db);
}
