import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-transaction.ts';
import { recordAuditEventInOwnTransaction } from '../modules/audit/service.ts';
import {
  countDataKeysBelow,
  insertTenantKey,
  retireTenantKeysBelow,
  selectDataKeysToRewrap,
  selectTenantKeys,
  updateWrappedDataKey,
} from './key-store.ts';
import { type Keyring, tenantKeyContext, unwrapDataKey, wrapDataKey } from './keyring.ts';

export interface RotationProgress {
  version: number;
  /** Data keys re-wrapped so far in this run. */
  done: number;
  /** Data keys still wrapped by an older version when this run started. */
  total: number;
}

export interface RotationResult extends RotationProgress {
  /** True when this run continued an interrupted rotation instead of creating a new version. */
  resumed: boolean;
}

/**
 * Rotates a tenant's key: creates version n+1 through the key provider, re-wraps every data key under it
 * in small transactions (the data itself is not re-encrypted), then retires the older versions. Older
 * versions keep opening data keys not yet re-wrapped. If a previous run was interrupted, a new run finishes
 * that rotation instead of starting another.
 */
export async function rotateTenantKey(
  database: Database,
  keyring: Keyring,
  tenantId: string,
  options: { batchSize?: number; onProgress?: (progress: RotationProgress) => void } = {},
): Promise<RotationResult> {
  const batchSize = options.batchSize ?? 500;
  const scope = { tenantId, userId: null };
  await keyring.forTenant(tenantId); // the tenant has at least version 1
  const stored = await withTenant(database, scope, (trx) => selectTenantKeys(trx));
  const latest = Math.max(...stored.map((key) => key.version));
  const pendingOnLatest = await withTenant(database, scope, (trx) => countDataKeysBelow(trx, latest));
  const olderActive = stored.some((key) => key.version < latest && !key.retired);
  const resumed = olderActive && pendingOnLatest > 0;

  let version = latest;
  if (!resumed) {
    version = latest + 1;
    const { wrapped } = await keyring.provider.generateKey(tenantKeyContext(tenantId, version));
    const created = await withTenant(database, scope, (trx) =>
      insertTenantKey(trx, tenantId, version, wrapped),
    );
    if (!created)
      throw new Error(`tenant key version ${version} was created concurrently; run the rotation again`);
  }
  keyring.invalidate(tenantId);

  // Unwrap every version once, outside the transactions that re-wrap.
  const versions = await withTenant(database, scope, (trx) => selectTenantKeys(trx));
  const keys = new Map<number, Buffer>();
  for (const key of versions.filter((k) => !k.retired || k.version === version)) {
    keys.set(
      key.version,
      await keyring.provider.unwrapKey(key.wrapped, tenantKeyContext(tenantId, key.version)),
    );
  }
  const newKey = keys.get(version);
  if (!newKey) throw new Error(`tenant key version ${version} is missing`);

  const total = await withTenant(database, scope, (trx) => countDataKeysBelow(trx, version));
  let done = 0;
  options.onProgress?.({ version, done, total });
  for (;;) {
    const rewrapped = await withTenant(database, scope, async (trx) => {
      const batch = await selectDataKeysToRewrap(trx, version, batchSize);
      for (const dataKey of batch) {
        const oldKey = keys.get(dataKey.tenantKeyVersion);
        if (!oldKey || !dataKey.wrappedKey)
          throw new Error(`tenant key version ${dataKey.tenantKeyVersion} is not available`);
        const at = { tenantId, scope: dataKey.scope, scopeId: dataKey.scopeId };
        const plain = unwrapDataKey(oldKey, dataKey.wrappedKey, { ...at, version: dataKey.tenantKeyVersion });
        await updateWrappedDataKey(trx, {
          scope: dataKey.scope,
          scopeId: dataKey.scopeId,
          tenantKeyVersion: version,
          wrappedKey: wrapDataKey(newKey, plain, { ...at, version }),
        });
      }
      return batch.length;
    });
    if (rewrapped === 0) break;
    done += rewrapped;
    options.onProgress?.({ version, done, total });
  }
  await withTenant(database, scope, (trx) => retireTenantKeysBelow(trx, version));
  keyring.invalidate(tenantId);
  await recordAuditEventInOwnTransaction(database, scope, {
    actorType: 'operator',
    action: 'keys.rotate',
    objectType: 'tenant_key',
    objectId: String(version),
    outcome: 'success',
    reason: `${done} data keys re-wrapped${resumed ? ', finishing an interrupted rotation' : ''}`,
  });
  return { version, done, total, resumed };
}
