import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// The audit viewer (issue 17, docs/audit-log.md "Reading the log"), expand only. Indexes that let each
// filter of the viewer walk the newest events first and page by seq (keyset, never OFFSET), however many
// millions of events a tenant has: by user, by action, by outcome (the rare ones), by time. By case, the
// partial index of migration 0003 (tenant_id, case_id, seq) already serves, scanned backwards. Adding an
// index rewrites no row, so the append-only triggers are not involved.
//
// audit_verifications: the result of every verification of a tenant's chain (`tma audit verify`, and the
// server's incremental check in housekeeping), so the viewer shows when the chain was last verified and its
// head. Append-only for the application role (SELECT, INSERT).

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  await sql`CREATE INDEX audit_events_actor_idx ON audit_events (tenant_id, actor_id, seq DESC)`.execute(db);
  await sql`CREATE INDEX audit_events_action_idx ON audit_events (tenant_id, action, seq DESC)`.execute(db);
  // Most events succeed: the index holds only the denied and failed ones, which are what one looks for.
  await sql`
    CREATE INDEX audit_events_outcome_idx ON audit_events (tenant_id, outcome, seq DESC)
    WHERE outcome <> 'success'
  `.execute(db);
  await sql`CREATE INDEX audit_events_time_idx ON audit_events (tenant_id, occurred_at)`.execute(db);

  await sql`
    CREATE TABLE audit_verifications (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      verified_at timestamptz NOT NULL,
      -- 'full': from the first event (tma audit verify); 'incremental': from the last verified head on.
      mode text NOT NULL CHECK (mode IN ('full', 'incremental')),
      -- 'cli' or 'server' (housekeeping).
      source text NOT NULL CHECK (source IN ('cli', 'server')),
      ok boolean NOT NULL,
      -- The verified head when ok (seq 0 and no hash for an empty log).
      head_seq bigint CHECK (head_seq >= 0),
      head_hash bytea CHECK (octet_length(head_hash) = 32),
      -- Where and how the chain broke, when not ok: a problem code of verify.ts and the seq.
      problem text CHECK (problem ~ '^[a-z][a-z-]*$'),
      problem_seq bigint,
      CHECK (ok = (problem IS NULL))
    )
  `.execute(db);
  await sql`
    CREATE INDEX audit_verifications_latest_idx ON audit_verifications (tenant_id, verified_at DESC, id DESC)
  `.execute(db);
  await protectTenantTable(db, context, 'audit_verifications', ['SELECT', 'INSERT']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE audit_verifications`.execute(db);
  await sql`DROP INDEX audit_events_time_idx`.execute(db);
  await sql`DROP INDEX audit_events_outcome_idx`.execute(db);
  await sql`DROP INDEX audit_events_action_idx`.execute(db);
  await sql`DROP INDEX audit_events_actor_idx`.execute(db);
}
