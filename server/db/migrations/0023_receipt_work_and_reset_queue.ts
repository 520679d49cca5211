import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Two pieces of resilience (issue 12), expand only: the previous release ignores both tables.
//
// receipt_failure_days: wrong receipts per tenant portal and UTC day. The count raises the proof of work a
// receipt login costs (server/modules/reports/receipt-throttle.ts); it never blocks a login. It keeps the
// day and nothing finer, and no client: the portal keeps no address. The previous release's receipt rows in
// login_throttles expire there by themselves.
//
// password_reset_requests: "Forgot password?" requests, queued by the request and worked off after the
// answer (server/modules/identity/password-reset-queue.ts), so that the answer costs the same whether or
// not the account exists, and survives a stop of the process. Not tenant data: the request is queued
// before anyone looks up its organisation. What was asked (organisation, address, language) is sealed with
// the `password-reset` system key, bound to the row; the row goes once the request is worked off.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  await sql`
    CREATE TABLE receipt_failure_days (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      day date NOT NULL,
      failures integer NOT NULL CHECK (failures > 0),
      PRIMARY KEY (tenant_id, day)
    )
  `.execute(db);
  await protectTenantTable(db, context, 'receipt_failure_days', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);

  await sql`
    CREATE TABLE password_reset_requests (
      id uuid PRIMARY KEY,
      queued_at timestamptz NOT NULL DEFAULT now(),
      request_sealed bytea NOT NULL CHECK (octet_length(request_sealed) <= 4096),
      request_id text NOT NULL CHECK (length(request_id) <= 100),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      leased_until timestamptz
    )
  `.execute(db);
  await sql`CREATE INDEX password_reset_requests_queued_idx ON password_reset_requests (queued_at)`.execute(
    db,
  );
  await sql`
    GRANT SELECT, INSERT, UPDATE, DELETE ON password_reset_requests TO ${sql.id(context.appRole)}
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('password_reset_requests').execute();
  await db.schema.dropTable('receipt_failure_days').execute();
}
