import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../rls.ts';

// The inbox's filters and sort orders (issue 19), expand only: one index the previous release ignores.
// "Newest" and "oldest" walk the tenant's reports by number (the unique key of every inbox order), forward
// or backward; `reports_inbox_idx` (migration 0009) keeps serving "danger first". The filters (unit,
// channel, status, danger, awaiting reply) narrow the rows these indexes walk. Plain CREATE INDEX, like
// every migration here: they run in one transaction (migrate.ts), where CONCURRENTLY is not allowed.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, _context: MigrationContext): Promise<void> {
  await sql`CREATE INDEX reports_number_idx ON reports (tenant_id, number DESC)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX reports_number_idx`.execute(db);
}
