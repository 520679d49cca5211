import { type Expression, sql } from 'kysely';
import type { TenantTransaction } from '../db/tenant-transaction.ts';
import type { WrappedKey } from './key-provider.ts';

export interface StoredTenantKey {
  version: number;
  wrapped: WrappedKey;
  retired: boolean;
}

export interface StoredDataKey {
  scope: string;
  scopeId: string;
  tenantKeyVersion: number;
  /** Null once shredded. */
  wrappedKey: Buffer | null;
}

// Every function runs inside the tenant's transaction: row-level security scopes it to that tenant.

/** The tenant's key versions that still exist (destroyed ones are left out). */
export async function selectTenantKeys(trx: TenantTransaction): Promise<StoredTenantKey[]> {
  const rows = await trx
    .selectFrom('tenant_keys')
    .select(['version', 'provider', 'master_key_id', 'wrapped_key', 'retired_at'])
    .where('wrapped_key', 'is not', null)
    .orderBy('version')
    .execute();
  return rows.map((row) => ({
    version: row.version,
    wrapped: {
      provider: row.provider as WrappedKey['provider'],
      masterKeyId: row.master_key_id,
      ciphertext: row.wrapped_key as Buffer,
    },
    retired: row.retired_at !== null,
  }));
}

/** Inserts a tenant key version; false if that version exists already (another instance won the race). */
export async function insertTenantKey(
  trx: TenantTransaction,
  tenantId: string,
  version: number,
  wrapped: WrappedKey,
): Promise<boolean> {
  const inserted = await trx
    .insertInto('tenant_keys')
    .values({
      tenant_id: tenantId,
      version,
      provider: wrapped.provider,
      master_key_id: wrapped.masterKeyId,
      wrapped_key: wrapped.ciphertext,
    })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'version']).doNothing())
    .returning('version')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Retires the versions below `version`, but only if no data key is wrapped by one of them any more; false
 * otherwise (a data key created meanwhile, or one another rotation is re-wrapping right now). Locks the
 * older versions first, so that data keys being inserted under them commit before the check reads.
 */
export async function retireTenantKeysBelow(trx: TenantTransaction, version: number): Promise<boolean> {
  await sql`SELECT version FROM tenant_keys WHERE version < ${version} ORDER BY version FOR UPDATE`.execute(
    trx,
  );
  // FOR UPDATE waits for rows another rotation is re-wrapping, then skips those it moved to `version`.
  const pending = await sql`
    SELECT scope_id FROM data_keys
    WHERE tenant_key_version < ${version} AND wrapped_key IS NOT NULL
    LIMIT 1 FOR UPDATE
  `.execute(trx);
  if (pending.rows.length > 0) return false;
  await trx
    .updateTable('tenant_keys')
    .set({ retired_at: new Date() })
    .where('version', '<', version)
    .where('retired_at', 'is', null)
    .execute();
  return true;
}

/**
 * Destroys the tenant's retired key versions: clears their wrapped key, so that neither the live database nor
 * any backup made from now on holds them. A version is retired only once no data key is wrapped by it
 * (retireTenantKeysBelow), so nothing readable depends on it; the row stays, since shredded data keys name
 * their version. Returns the versions destroyed.
 */
export async function destroyRetiredTenantKeys(trx: TenantTransaction): Promise<number[]> {
  const rows = await trx
    .updateTable('tenant_keys')
    .set({ wrapped_key: null, destroyed_at: new Date() })
    .where('retired_at', 'is not', null)
    .where('wrapped_key', 'is not', null)
    // Belt and braces: never a version that still wraps a data key.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('data_keys')
            .select('data_keys.scope_id')
            .whereRef('data_keys.tenant_key_version', '=', 'tenant_keys.version')
            .where('data_keys.wrapped_key', 'is not', null),
        ),
      ),
    )
    .returning('version')
    .execute();
  return rows.map((row) => row.version).sort((a, b) => a - b);
}

export async function selectDataKey(
  trx: TenantTransaction,
  scope: string,
  scopeId: string,
): Promise<StoredDataKey | undefined> {
  const row = await trx
    .selectFrom('data_keys')
    .select(['scope', 'scope_id', 'tenant_key_version', 'wrapped_key'])
    .where('scope', '=', scope)
    .where('scope_id', '=', scopeId)
    .executeTakeFirst();
  return row
    ? {
        scope: row.scope,
        scopeId: row.scope_id,
        tenantKeyVersion: row.tenant_key_version,
        wrappedKey: row.wrapped_key,
      }
    : undefined;
}

/**
 * The data key of the scope whose id is `scopeIdColumn` of the enclosing query, as a JSON column (null when
 * the scope has no key yet): a caller that loads the scope's row anyway takes its key in the same statement
 * (the case read, issue 18). Open it with TenantKeys.scopeWith() and storedDataKeyFromJson().
 */
export function dataKeyColumn(scope: string, scopeId: Expression<string>) {
  return sql<DataKeyJson>`(SELECT json_build_object('tenant_key_version', k.tenant_key_version,
      'wrapped_hex', encode(k.wrapped_key, 'hex'))
    FROM data_keys k WHERE k.scope = ${scope} AND k.scope_id = ${scopeId})`;
}

export type DataKeyJson = { tenant_key_version: number; wrapped_hex: string | null } | null;

/** What dataKeyColumn() loaded, as selectDataKey() answers it. */
export function storedDataKeyFromJson(
  scope: string,
  scopeId: string,
  json: DataKeyJson,
): StoredDataKey | undefined {
  if (!json) return undefined;
  return {
    scope,
    scopeId,
    tenantKeyVersion: json.tenant_key_version,
    wrappedKey: json.wrapped_hex === null ? null : Buffer.from(json.wrapped_hex, 'hex'),
  };
}

/** The data keys of many scopes of one kind, in one query (a page of a list); scopes without a key are absent. */
export async function selectDataKeys(
  trx: TenantTransaction,
  scope: string,
  scopeIds: readonly string[],
): Promise<StoredDataKey[]> {
  if (scopeIds.length === 0) return [];
  const rows = await trx
    .selectFrom('data_keys')
    .select(['scope', 'scope_id', 'tenant_key_version', 'wrapped_key'])
    .where('scope', '=', scope)
    .where('scope_id', 'in', [...scopeIds])
    .execute();
  return rows.map((row) => ({
    scope: row.scope,
    scopeId: row.scope_id,
    tenantKeyVersion: row.tenant_key_version,
    wrappedKey: row.wrapped_key,
  }));
}

/**
 * Inserts a data key wrapped under `tenantKeyVersion`, only if that is the tenant's newest key version:
 * 'stale' if a rotation has created a newer one (reload the keys and wrap again), 'exists' if the scope
 * already has a key (a concurrent request created it).
 */
export async function insertDataKey(
  trx: TenantTransaction,
  tenantId: string,
  key: { scope: string; scopeId: string; tenantKeyVersion: number; wrappedKey: Buffer },
): Promise<'inserted' | 'exists' | 'stale'> {
  // Lock the version's row first, so that a rotation retiring it (which locks it FOR UPDATE) waits for this
  // transaction, and this statement, if it had to wait, reads the rotation's outcome in the next one.
  await sql`SELECT version FROM tenant_keys WHERE version = ${key.tenantKeyVersion} FOR KEY SHARE`.execute(
    trx,
  );
  const inserted = await sql<{ scope_id: string }>`
    INSERT INTO data_keys (tenant_id, scope, scope_id, tenant_key_version, wrapped_key)
    SELECT ${tenantId}::uuid, ${key.scope}::text, ${key.scopeId}::uuid, ${key.tenantKeyVersion}::integer,
           ${key.wrappedKey}::bytea
    WHERE NOT EXISTS (SELECT 1 FROM tenant_keys WHERE version > ${key.tenantKeyVersion})
    ON CONFLICT (tenant_id, scope, scope_id) DO NOTHING
    RETURNING scope_id
  `.execute(trx);
  if (inserted.rows.length > 0) return 'inserted';
  return (await selectDataKey(trx, key.scope, key.scopeId)) ? 'exists' : 'stale';
}

/** The newest tenant key version (0 if the tenant has none yet). */
export async function selectNewestTenantKeyVersion(trx: TenantTransaction): Promise<number> {
  const row = await trx
    .selectFrom('tenant_keys')
    .select((eb) => eb.fn.max<number | null>('version').as('newest'))
    .executeTakeFirst();
  return Number(row?.newest ?? 0);
}

/** The tenant key versions that still wrap data keys below `version` (a rotation must unwrap them). */
export async function selectVersionsWrappingBelow(
  trx: TenantTransaction,
  version: number,
): Promise<number[]> {
  const rows = await trx
    .selectFrom('data_keys')
    .select('tenant_key_version')
    .distinct()
    .where('tenant_key_version', '<', version)
    .where('wrapped_key', 'is not', null)
    .execute();
  return rows.map((row) => row.tenant_key_version);
}

/** The next data keys still wrapped by an older tenant key version, locked for re-wrapping. */
export async function selectDataKeysToRewrap(
  trx: TenantTransaction,
  below: number,
  limit: number,
): Promise<StoredDataKey[]> {
  const rows = await trx
    .selectFrom('data_keys')
    .select(['scope', 'scope_id', 'tenant_key_version', 'wrapped_key'])
    .where('tenant_key_version', '<', below)
    .where('wrapped_key', 'is not', null)
    .orderBy('scope')
    .orderBy('scope_id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((row) => ({
    scope: row.scope,
    scopeId: row.scope_id,
    tenantKeyVersion: row.tenant_key_version,
    wrappedKey: row.wrapped_key,
  }));
}

export async function countDataKeysBelow(trx: TenantTransaction, version: number): Promise<number> {
  const row = await trx
    .selectFrom('data_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_key_version', '<', version)
    .where('wrapped_key', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateWrappedDataKey(
  trx: TenantTransaction,
  key: { scope: string; scopeId: string; tenantKeyVersion: number; wrappedKey: Buffer },
): Promise<void> {
  await trx
    .updateTable('data_keys')
    .set({ tenant_key_version: key.tenantKeyVersion, wrapped_key: key.wrappedKey })
    .where('scope', '=', key.scope)
    .where('scope_id', '=', key.scopeId)
    .where('wrapped_key', 'is not', null)
    .execute();
}

/** Destroys a scope's data key; returns false if there was none or it was already shredded. */
export async function clearDataKey(trx: TenantTransaction, scope: string, scopeId: string): Promise<boolean> {
  const rows = await trx
    .updateTable('data_keys')
    .set({ wrapped_key: null, shredded_at: new Date() })
    .where('scope', '=', scope)
    .where('scope_id', '=', scopeId)
    .where('wrapped_key', 'is not', null)
    .returning('scope_id')
    .execute();
  return rows.length > 0;
}

/**
 * Records a scope that never had a data key as shredded, so that no later use can silently give it one.
 * Does nothing if the scope has a row already.
 */
export async function insertShreddedDataKey(
  trx: TenantTransaction,
  tenantId: string,
  key: { scope: string; scopeId: string; tenantKeyVersion: number },
): Promise<void> {
  await trx
    .insertInto('data_keys')
    .values({
      tenant_id: tenantId,
      scope: key.scope,
      scope_id: key.scopeId,
      tenant_key_version: key.tenantKeyVersion,
      wrapped_key: null,
      shredded_at: new Date(),
    })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'scope', 'scope_id']).doNothing())
    .execute();
}
