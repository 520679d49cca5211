import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../rls.ts';

// Deletion that reaches backups (issue 17), expand only: the previous release keeps working on this schema.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  // The master keys this installation has used, so that a retired one can be destroyed once the database
  // backups it protects have expired (`tma keys destroy-retired`). Key ids only, never key material. Of the
  // installation, not of a tenant (like system_keys): no tenant_id, no row-level security. Instances record
  // the master key they start with (SELECT, INSERT); retiring and destroying are the operator's commands,
  // which run as the tables' owner, so the app role may not UPDATE or DELETE.
  await db.schema
    .createTable('master_keys')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('first_used_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('retired_at', 'timestamptz')
    .addColumn('destroyed_at', 'timestamptz')
    .addCheckConstraint('master_keys_destroyed_check', sql`destroyed_at IS NULL OR retired_at IS NOT NULL`)
    .execute();
  await sql`GRANT SELECT, INSERT ON master_keys TO ${sql.id(context.appRole)}`.execute(db);

  // A retired tenant key version (no data key is wrapped by it any more) is destroyed: its wrapped key is
  // cleared, the row stays because shredded data keys still name their version. Otherwise the live
  // database would keep every old tenant key, re-wrapped under the current master key, and with it open the
  // data keys of a case that a backup made before its deletion still holds. The previous release skips
  // retired versions when it loads keys; only its `rotate-master` would stumble over a destroyed one.
  await sql`ALTER TABLE tenant_keys ALTER COLUMN wrapped_key DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE tenant_keys ADD COLUMN destroyed_at timestamptz`.execute(db);
  await sql`
    ALTER TABLE tenant_keys ADD CONSTRAINT tenant_keys_destroyed_check
    CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL) AND (destroyed_at IS NULL OR retired_at IS NOT NULL))
  `.execute(db);

  // A destroyed tenant key needs no master key: leave it out of the keys in use (migration 0016).
  await sql`
    CREATE OR REPLACE FUNCTION tma_master_keys_in_use()
    RETURNS TABLE (provider text, master_key_id text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
    #variable_conflict use_column
    DECLARE
      tenant uuid;
      caller_tenant text := current_setting('app.tenant_id', true);
    BEGIN
      FOR tenant IN SELECT t.id FROM tenants t LOOP
        PERFORM set_config('app.tenant_id', tenant::text, true);
        RETURN QUERY SELECT DISTINCT k.provider, k.master_key_id FROM tenant_keys k
          WHERE k.tenant_id = tenant AND k.wrapped_key IS NOT NULL;
      END LOOP;
      PERFORM set_config('app.tenant_id', coalesce(caller_tenant, ''), true);
      RETURN QUERY SELECT DISTINCT s.provider, s.master_key_id FROM system_keys s;
    END
    $$
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  // 0016's function again: every tenant key counts. `wrapped_key` stays nullable: destroyed versions hold
  // no key any more, and nothing can give it back.
  await sql`
    CREATE OR REPLACE FUNCTION tma_master_keys_in_use()
    RETURNS TABLE (provider text, master_key_id text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
    #variable_conflict use_column
    DECLARE
      tenant uuid;
      caller_tenant text := current_setting('app.tenant_id', true);
    BEGIN
      FOR tenant IN SELECT t.id FROM tenants t LOOP
        PERFORM set_config('app.tenant_id', tenant::text, true);
        RETURN QUERY SELECT DISTINCT k.provider, k.master_key_id FROM tenant_keys k WHERE k.tenant_id = tenant;
      END LOOP;
      PERFORM set_config('app.tenant_id', coalesce(caller_tenant, ''), true);
      RETURN QUERY SELECT DISTINCT s.provider, s.master_key_id FROM system_keys s;
    END
    $$
  `.execute(db);
  await db.schema.dropTable('master_keys').execute();
  await sql`ALTER TABLE tenant_keys DROP CONSTRAINT tenant_keys_destroyed_check`.execute(db);
  await sql`ALTER TABLE tenant_keys DROP COLUMN destroyed_at`.execute(db);
}
