import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../rls.ts';

// The public reporting portal's proof-of-work bot barrier (server/modules/proof-of-work/proof-of-work.ts).

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  // Solved challenges, so that each is accepted once across all instances. Not tenant data (like
  // login_throttles): a row is the SHA-256 of a challenge's signature and when the challenge expires,
  // after which the challenge is refused anyway and the row can be purged.
  await db.schema
    .createTable('proof_of_work_spent')
    .addColumn('challenge_hash', 'bytea', (col) =>
      col.primaryKey().check(sql`octet_length(challenge_hash) = 32`),
    )
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await sql`CREATE INDEX proof_of_work_spent_expires_idx ON proof_of_work_spent (expires_at)`.execute(db);
  await sql`GRANT SELECT, INSERT, DELETE ON proof_of_work_spent TO ${sql.id(context.appRole)}`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('proof_of_work_spent').execute();
}
