import { type Kysely, sql } from 'kysely';

// The language a user last worked in (issue 13: e-mails were always German). The web app records it when
// the user signs in and when they switch language; e-mails to the user (notices of reports, cases, tasks)
// come in it. Null until then: German, the product's home market.
//
// Expand only: a nullable column; the previous release does not read it.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN language text CHECK (language IN ('de', 'en'))`.execute(db);
}

export async function down(db: Db): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN language`.execute(db);
}
