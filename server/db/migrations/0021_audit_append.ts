import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// Appending to the audit log without a per-tenant lock (docs/audit-log.md, "How events are linked").
// recordAuditEvent() inserts a pending event into audit_pending_events, inside the caller's transaction and
// without touching the chain head, so a tenant's requests no longer wait for each other. A linker
// (server/modules/audit/link.ts) moves committed pending events into audit_events in batches: it locks the
// head, computes seq, prev_hash and hash, and calls audit_link_pending(), the only way out of the queue.
//
// Expand only: audit_events, its triggers and the head are unchanged, so the previous release, which still
// inserts linked events under the head lock, keeps working beside this one; the linker takes the same lock.
// A later release contracts, once no instance of the previous one runs: REVOKE INSERT ON audit_events (and
// INSERT, UPDATE ON audit_chain_heads) FROM the app role, and let audit_link_pending() lock and create the
// head itself, so that events enter the chain only from the queue.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  // The fields of audit_events without the chain; `id` orders the queue (one sequence for all tenants).
  // It is not part of the event: the chain's order is the order in which the linker saw events committed.
  await sql`
    CREATE TABLE audit_pending_events (
      id bigint GENERATED ALWAYS AS IDENTITY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      occurred_at timestamptz NOT NULL,
      actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_token', 'reporter', 'system', 'operator')),
      actor_id text,
      action text NOT NULL,
      object_type text NOT NULL,
      object_id text,
      case_id uuid,
      request_id text,
      outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
      reason text,
      object_ids uuid[] CHECK (object_ids IS NULL OR cardinality(object_ids) BETWEEN 1 AND 500),
      PRIMARY KEY (tenant_id, id)
    )
  `.execute(db);
  // The application role appends and reads; it can neither change nor remove a pending event.
  await protectTenantTable(db, context, 'audit_pending_events', ['SELECT', 'INSERT']);

  // Pending events leave the queue only into the chain (through audit_link_pending, which runs as the owner
  // with tma.audit_linking on) or through the owner's maintenance hatch; nobody changes them.
  await sql`
    CREATE FUNCTION audit_pending_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
    BEGIN
      IF audit_maintenance_allowed(TG_RELID) OR (
        TG_OP = 'DELETE' AND coalesce(current_setting('tma.audit_linking', true), '') = 'on'
        AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE')
      ) THEN
        IF TG_LEVEL = 'STATEMENT' THEN RETURN NULL; END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'a pending audit event only leaves the queue by being linked (% refused)', TG_OP
        USING HINT = 'The linker moves pending events into audit_events (docs/audit-log.md).';
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER audit_pending_events_guard BEFORE UPDATE OR DELETE ON audit_pending_events
    FOR EACH ROW EXECUTE FUNCTION audit_pending_guard()
  `.execute(db);
  await sql`
    CREATE TRIGGER audit_pending_events_no_truncate BEFORE TRUNCATE ON audit_pending_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_pending_guard()
  `.execute(db);

  // Moves pending events of the transaction's tenant into the chain, in the order given: each element is
  // {id, seq, prev_hash, hash} (hashes in hex). The fields are copied from the pending row, so a caller
  // can choose only the chain values; audit_events' own trigger checks that each one extends the head.
  // The explicit tenant condition matters where the owner is a superuser (embedded), which RLS does not bind.
  await sql`
    CREATE FUNCTION audit_link_pending(links jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
    SET tma.audit_linking = 'on'
    AS $$
    DECLARE
      tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
      link jsonb;
      pending_id bigint;
    BEGIN
      IF tenant IS NULL THEN
        RAISE EXCEPTION 'audit_link_pending() runs in a tenant transaction';
      END IF;
      FOR i IN 0 .. coalesce(jsonb_array_length(links), 0) - 1 LOOP
        link := links -> i;
        pending_id := (link ->> 'id')::bigint;
        INSERT INTO audit_events (tenant_id, seq, occurred_at, actor_type, actor_id, action, object_type,
                                  object_id, case_id, request_id, outcome, reason, object_ids, prev_hash, hash)
        SELECT p.tenant_id, (link ->> 'seq')::bigint, p.occurred_at, p.actor_type, p.actor_id, p.action,
               p.object_type, p.object_id, p.case_id, p.request_id, p.outcome, p.reason, p.object_ids,
               decode(link ->> 'prev_hash', 'hex'), decode(link ->> 'hash', 'hex')
        FROM audit_pending_events p
        WHERE p.tenant_id = tenant AND p.id = pending_id;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'audit event % is not pending in this tenant', pending_id;
        END IF;
        DELETE FROM audit_pending_events p WHERE p.tenant_id = tenant AND p.id = pending_id;
      END LOOP;
      RETURN coalesce(jsonb_array_length(links), 0);
    END $$
  `.execute(db);

  // The tenants that have pending events, for the linker, which runs outside any tenant transaction: one
  // tenant at a time, as row-level security allows (the setting is restored when the function returns).
  // It reveals ids of tenants only, never an event.
  await sql`
    CREATE FUNCTION audit_pending_tenants() RETURNS SETOF uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
    SET app.tenant_id = ''
    AS $$
    DECLARE
      tenant uuid;
    BEGIN
      FOR tenant IN SELECT id FROM tenants ORDER BY id LOOP
        PERFORM set_config('app.tenant_id', tenant::text, true);
        IF EXISTS (SELECT 1 FROM audit_pending_events p WHERE p.tenant_id = tenant) THEN
          RETURN NEXT tenant;
        END IF;
      END LOOP;
    END $$
  `.execute(db);

  for (const fn of ['audit_link_pending(jsonb)', 'audit_pending_tenants()']) {
    await sql`REVOKE ALL ON FUNCTION ${sql.raw(fn)} FROM PUBLIC`.execute(db);
    await sql`GRANT EXECUTE ON FUNCTION ${sql.raw(fn)} TO ${sql.id(context.appRole)}`.execute(db);
  }
}
