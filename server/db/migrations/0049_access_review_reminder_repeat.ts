import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../rls.ts';

// Access review reminders repeat (issue 17): while a review is due and none is started, the admins are
// reminded again every seven days. The cycle's row is updated in place (its day and recipients), claimed with
// INSERT … ON CONFLICT DO UPDATE … WHERE the last reminder is a week old, so any number of instances remind
// once. The server may update those columns only.
//
// Expand only: a grant.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

export async function up(db: Db, context: MigrationContext): Promise<void> {
  await sql`GRANT UPDATE (due_on, reminded_at, recipients) ON access_review_reminders
    TO ${sql.id(context.appRole)}`.execute(db);
}

export async function down(db: Db, context: MigrationContext): Promise<void> {
  await sql`REVOKE UPDATE (due_on, reminded_at, recipients) ON access_review_reminders
    FROM ${sql.id(context.appRole)}`.execute(db);
}
