import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../rls.ts';

// Keys (issue 11). Expand only: the previous release keeps working on this schema.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  // Which key providers and master keys wrap the stored tenant and system keys, so that an instance can
  // refuse to start with a key provider that cannot unwrap them (server/crypto/provider-check.ts) instead
  // of creating a new master key and failing every read. Tenant keys are behind row-level security (forced
  // for the owner too), so the function visits each tenant's rows under that tenant's setting and
  // restores the caller's afterwards. It returns key ids only, never a wrapped key.
  await sql`
    CREATE FUNCTION tma_master_keys_in_use()
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
  await sql`REVOKE ALL ON FUNCTION tma_master_keys_in_use() FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION tma_master_keys_in_use() TO ${sql.id(context.appRole)}`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION tma_master_keys_in_use()`.execute(db);
}
