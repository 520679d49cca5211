import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../rls.ts';

// Keyset pagination on every list (issue 18), expand only: indexes that serve each list's order per tenant
// (server/db/keyset.ts), so the 500th page costs what the first does. The previous release ignores them.
// The index `api_tokens_tenant_idx (tenant_id, created_at)` that the new one covers stays until a later
// contract step. The inbox (`reports_inbox_idx`) and the notices (`notifications_user_idx`) have theirs.
// Plain CREATE INDEX, like every migration here: they run in one transaction (migrate.ts), where
// CONCURRENTLY is not allowed; these tables hold a tenant's users, tokens and pending deletions, not bulk.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, _context: MigrationContext): Promise<void> {
  // GET /api/v1/users: newest first, (created_at, id).
  await sql`CREATE INDEX users_list_idx ON users (tenant_id, created_at, id)`.execute(db);
  // GET /api/v1/api-tokens: newest first, (created_at, id).
  await sql`CREATE INDEX api_tokens_list_idx ON api_tokens (tenant_id, created_at, id)`.execute(db);
  // GET /api/v1/deletion-requests: the pending ones, oldest first, (requested_at, id).
  await sql`
    CREATE INDEX deletion_requests_list_idx ON deletion_requests (tenant_id, requested_at, id)
    WHERE status = 'pending'
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX deletion_requests_list_idx`.execute(db);
  await sql`DROP INDEX api_tokens_list_idx`.execute(db);
  await sql`DROP INDEX users_list_idx`.execute(db);
}
