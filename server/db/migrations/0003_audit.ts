import { type Kysely, sql } from 'kysely';
import { type MigrationContext, protectTenantTable } from '../rls.ts';

// The audit log: append-only, hash-chained per tenant (docs/audit-log.md). The hashes are computed by the
// application (server/modules/audit/hash-chain.ts); the database keeps the chain linear and the log
// append-only, even for the tables' owner, unless an operator opens the maintenance escape hatch.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('tenant_id', 'uuid', (col) => col.notNull().references('tenants.id'))
    .addColumn('seq', 'bigint', (col) => col.notNull().check(sql`seq > 0`))
    .addColumn('occurred_at', 'timestamptz', (col) => col.notNull())
    .addColumn('actor_type', 'text', (col) =>
      col.notNull().check(sql`actor_type IN ('user', 'api_token', 'reporter', 'system', 'operator')`),
    )
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('object_type', 'text', (col) => col.notNull())
    .addColumn('object_id', 'text')
    .addColumn('case_id', 'uuid')
    .addColumn('request_id', 'text')
    .addColumn('outcome', 'text', (col) =>
      col.notNull().check(sql`outcome IN ('success', 'failure', 'denied')`),
    )
    .addColumn('reason', 'text')
    .addColumn('prev_hash', 'bytea', (col) => col.notNull().check(sql`octet_length(prev_hash) = 32`))
    .addColumn('hash', 'bytea', (col) => col.notNull().check(sql`octet_length(hash) = 32`))
    .addPrimaryKeyConstraint('audit_events_pkey', ['tenant_id', 'seq'])
    .execute();
  // "Who touched this case" is the auditors' most common question.
  await sql`
    CREATE INDEX audit_events_case_idx ON audit_events (tenant_id, case_id, seq) WHERE case_id IS NOT NULL
  `.execute(db);
  await protectTenantTable(db, context, 'audit_events', ['SELECT', 'INSERT']);

  // One row per tenant: the newest event's seq and hash. Appenders lock it (SELECT … FOR UPDATE, which
  // needs the UPDATE privilege), so concurrent appends serialise; it also reveals deleted newest events.
  await db.schema
    .createTable('audit_chain_heads')
    .addColumn('tenant_id', 'uuid', (col) => col.primaryKey().references('tenants.id'))
    .addColumn('seq', 'bigint', (col) => col.notNull().check(sql`seq >= 0`))
    .addColumn('hash', 'bytea', (col) => col.notNull().check(sql`octet_length(hash) = 32`))
    .execute();
  await protectTenantTable(db, context, 'audit_chain_heads', ['SELECT', 'INSERT', 'UPDATE']);

  // The escape hatch: only the tables' owner (or a superuser) with tma.audit_maintenance = 'on' in its
  // transaction may change or delete events. Any role may set a custom setting, hence the owner check.
  await sql`
    CREATE FUNCTION audit_maintenance_allowed(rel regclass) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
      SELECT coalesce(current_setting('tma.audit_maintenance', true), '') = 'on'
         AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = rel), 'USAGE')
    $$
  `.execute(db);

  await sql`
    CREATE FUNCTION audit_reject_change() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
    BEGIN
      IF audit_maintenance_allowed(TG_RELID) THEN
        IF TG_LEVEL = 'STATEMENT' THEN RETURN NULL; END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END IF;
      RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING HINT = 'Only the table owner with tma.audit_maintenance = ''on'' may change it, and '
          'tma audit verify will report the change (docs/audit-log.md).';
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_reject_change()
  `.execute(db);
  await sql`
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()
  `.execute(db);
  await sql`
    CREATE TRIGGER audit_chain_heads_no_truncate BEFORE TRUNCATE ON audit_chain_heads
    FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()
  `.execute(db);

  // Every insert must extend the chain exactly at its head; the head then moves to the new event. The
  // application has locked the head already; the lock here also covers anyone inserting directly.
  await sql`
    CREATE FUNCTION audit_events_advance_head() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
    DECLARE
      head record;
    BEGIN
      SELECT seq, hash INTO head FROM audit_chain_heads WHERE tenant_id = NEW.tenant_id FOR UPDATE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'audit event #% has no chain head to follow', NEW.seq
          USING HINT = 'Append audit events through recordAuditEvent().';
      END IF;
      IF NEW.seq <> head.seq + 1 OR NEW.prev_hash <> head.hash THEN
        RAISE EXCEPTION 'audit event #% does not follow the chain head #%', NEW.seq, head.seq
          USING HINT = 'Append audit events through recordAuditEvent().';
      END IF;
      UPDATE audit_chain_heads SET seq = NEW.seq, hash = NEW.hash WHERE tenant_id = NEW.tenant_id;
      RETURN NULL;
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER audit_events_chain AFTER INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_advance_head()
  `.execute(db);

  // The application role needs UPDATE on the heads only to lock them; a head may start at zero and move
  // one event forward onto an event that links to it, never back, sideways or away.
  await sql`
    CREATE FUNCTION audit_chain_heads_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
    BEGIN
      IF audit_maintenance_allowed(TG_RELID) THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END IF;
      IF TG_OP = 'INSERT' AND NEW.seq = 0 AND NEW.hash = decode(repeat('00', 32), 'hex') THEN
        RETURN NEW;
      END IF;
      IF TG_OP = 'UPDATE' AND NEW.tenant_id = OLD.tenant_id AND NEW.seq = OLD.seq + 1 AND EXISTS (
        SELECT 1 FROM audit_events e
        WHERE e.tenant_id = NEW.tenant_id AND e.seq = NEW.seq AND e.hash = NEW.hash AND e.prev_hash = OLD.hash
      ) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'an audit chain head only moves by appending an event (% refused)', TG_OP
        USING HINT = 'Only the table owner with tma.audit_maintenance = ''on'' may change it directly.';
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER audit_chain_heads_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_chain_heads
    FOR EACH ROW EXECUTE FUNCTION audit_chain_heads_guard()
  `.execute(db);
}
