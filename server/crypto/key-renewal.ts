import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-transaction.ts';
import type { RecordKeyEvent } from './key-events.ts';
import type { KeyProvider } from './key-provider.ts';
import { destroyRetiredTenantKeys, selectTenantKeys } from './key-store.ts';
import { Keyring } from './keyring.ts';
import { compactTenantKeys, recordMasterKeysUsed, retireMasterKeysExcept } from './master-keys.ts';
import { type MasterRotationResult, rotateMasterKey } from './master-rotation.ts';
import { masterKeysInUse } from './provider-check.ts';
import { type RotationProgress, type RotationResult, rotateTenantKey } from './rotation.ts';

/**
 * Destroys a tenant's retired key versions (no data key is wrapped by them any more), audited as
 * `keys.destroy_tenant_key` on each version. Without this, the live database would keep every old tenant key,
 * and together with a backup made before a case was deleted (which still holds the case's data key, wrapped
 * by such a version) it would open the deleted case, whatever happened to the old master key.
 */
export async function destroyRetiredTenantKeyVersions(
  database: Database,
  tenantId: string,
  recordEvent: RecordKeyEvent,
): Promise<number[]> {
  const versions = await withTenant(database, { tenantId, userId: null }, (trx) =>
    destroyRetiredTenantKeys(trx),
  );
  for (const version of versions) {
    await recordEvent({
      tenantId,
      action: 'keys.destroy_tenant_key',
      objectType: 'tenant_key',
      objectId: String(version),
      outcome: 'success',
      reason: 'retired',
    });
  }
  return versions;
}

export interface RenewalResult {
  tenants: number;
  /** Data keys re-wrapped under the new tenant key versions. */
  dataKeys: number;
  /** Old tenant key versions destroyed. */
  destroyedVersions: number;
}

/**
 * Renews every tenant's key, as the scheduled master key rotation does before it re-wraps under the new
 * master key: a new version from the provider (wrapped under its current master key), every data key
 * re-wrapped under it, and the older versions destroyed. A tenant key then only ever existed wrapped by the
 * master keys of its own period, so destroying those master keys leaves no copy of it anywhere.
 */
export async function renewTenantKeys(
  database: Database,
  keyring: Keyring,
  options: {
    recordEvent: RecordKeyEvent;
    signal?: AbortSignal;
    onProgress?: (tenantId: string, progress: RotationProgress) => void;
  },
): Promise<RenewalResult> {
  const result: RenewalResult = { tenants: 0, dataKeys: 0, destroyedVersions: 0 };
  const tenants = await database.db.selectFrom('tenants').select('id').orderBy('id').execute();
  for (const { id: tenantId } of tenants) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('interrupted');
    // Resuming an interrupted run (or a tenant created under the new master key): a tenant whose only
    // live key is already wrapped under the current master key has its renewal.
    const live = await withTenant(database, { tenantId, userId: null }, (trx) => selectTenantKeys(trx));
    const provider = keyring.provider;
    if (live.length === 0) continue; // no key yet: it will be created under the current master key
    if (
      live.length === 1 &&
      live.every(
        (key) => key.wrapped.provider === provider.kind && key.wrapped.masterKeyId === provider.masterKeyId,
      )
    ) {
      result.destroyedVersions += (
        await destroyRetiredTenantKeyVersions(database, tenantId, options.recordEvent)
      ).length;
      continue;
    }
    const rotated: RotationResult = await rotateTenantKey(database, keyring, tenantId, {
      recordEvent: options.recordEvent,
      signal: options.signal,
      onProgress: options.onProgress ? (progress) => options.onProgress?.(tenantId, progress) : undefined,
    });
    result.tenants++;
    result.dataKeys += rotated.done;
    result.destroyedVersions += (
      await destroyRetiredTenantKeyVersions(database, tenantId, options.recordEvent)
    ).length;
  }
  return result;
}

/**
 * The scheduled master key rotation (`tma keys rotate-master`): records the master keys in use, renews
 * every tenant key under the provider's current (new) master key, re-wraps what is left (system keys,
 * keys an instance with the old configuration wrapped meanwhile), then records the other master keys as
 * retired at `now`. Interrupted, running it again continues.
 */
export async function rotateMasterAndTenantKeys(
  database: Database,
  provider: KeyProvider,
  options: {
    recordEvent: RecordKeyEvent;
    signal?: AbortSignal;
    now?: () => Date;
    onRenewed?: (renewal: RenewalResult) => void;
    onProgress?: (done: number) => void;
  },
): Promise<{ renewal: RenewalResult; rewrapped: MasterRotationResult; retired: string[] }> {
  const now = options.now ?? (() => new Date());
  await recordMasterKeysUsed(database, (await masterKeysInUse(database)) ?? [], now());
  await recordMasterKeysUsed(
    database,
    [{ provider: provider.kind, masterKeyId: provider.masterKeyId }],
    now(),
  );
  // Tenant keys first, generated under the new master key: the old versions are destroyed rather than
  // re-wrapped, so no tenant key of the old period ever exists under the new master key.
  const renewal = await renewTenantKeys(database, new Keyring(database, provider), {
    recordEvent: options.recordEvent,
    signal: options.signal,
  });
  if (renewal.destroyedVersions > 0) await compactTenantKeys(database);
  options.onRenewed?.(renewal);
  const rewrapped = await rotateMasterKey(database, provider, {
    recordEvent: options.recordEvent,
    signal: options.signal,
    onProgress: ({ done }) => options.onProgress?.(done),
  });
  const retired = await retireMasterKeysExcept(database, provider.masterKeyId, now());
  return { renewal, rewrapped, retired };
}
