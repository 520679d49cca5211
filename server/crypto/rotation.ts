import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-transaction.ts';
import type { RecordKeyEvent } from './key-events.ts';
import {
  countDataKeysBelow,
  insertTenantKey,
  retireTenantKeysBelow,
  selectDataKeysToRewrap,
  selectTenantKeys,
  selectVersionsWrappingBelow,
  updateWrappedDataKey,
} from './key-store.ts';
import { type Keyring, tenantKeyContext, unwrapDataKey, wrapDataKey } from './keyring.ts';

export interface RotationProgress {
  version: number;
  /** Data keys re-wrapped so far in this run. */
  done: number;
  /** Data keys still wrapped by an older version when this run started (and found since). */
  total: number;
}

export interface RotationResult extends RotationProgress {
  /** True when this run continued an interrupted rotation instead of creating a new version. */
  resumed: boolean;
}

/** Why a rotation stopped, as the audit reason code of its `keys.rotate` failure event. */
export type RotationFailureCode = 'interrupted' | 'provider_error' | 'internal_error';

/** A rotation stopped before it finished; running it again finishes it. */
export class RotationFailedError extends Error {
  override name = 'RotationFailedError';
  readonly code: RotationFailureCode;
  readonly version: number;
  constructor(code: RotationFailureCode, version: number, options?: ErrorOptions) {
    super(
      code === 'interrupted'
        ? `the rotation to tenant key version ${version} was interrupted; run it again to finish it`
        : `the rotation to tenant key version ${version} failed (${code}): ${(options?.cause as Error)?.message ?? ''}`,
      options,
    );
    this.code = code;
    this.version = version;
  }
}

/** Marks an error of the key provider, so the failure is audited as `provider_error`. */
class ProviderCallError extends Error {
  override name = 'ProviderCallError';
}

async function viaProvider<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new ProviderCallError((error as Error).message, { cause: error });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Rotates a tenant's key: creates version n+1 through the key provider, re-wraps every data key under it
 * in small transactions (the data itself is not re-encrypted), then retires the older versions once none
 * wraps a data key any more. Older versions, retired or not, keep opening the data keys they still wrap,
 * so a data key that an instance with a stale cache created under an older version is re-wrapped too.
 * If a previous run was interrupted, a new run finishes that rotation instead of starting another; two
 * runs at once share the work. Every run is audited as `keys.rotate`: `resumed` when it continues one,
 * `rewrapped=<n>` when it finishes, and outcome `failure` with a reason code when it stops early.
 */
export async function rotateTenantKey(
  database: Database,
  keyring: Keyring,
  tenantId: string,
  options: {
    /** Where each run is audited (`keyEventRecorder` of the audit module). */
    recordEvent: RecordKeyEvent;
    batchSize?: number;
    onProgress?: (progress: RotationProgress) => void;
    /** Stops the rotation between two batches (audited as `interrupted`). */
    signal?: AbortSignal;
  },
): Promise<RotationResult> {
  const batchSize = options.batchSize ?? 500;
  const scope = { tenantId, userId: null };
  const audit = (outcome: 'success' | 'failure', version: number, reason: string) =>
    options.recordEvent({
      tenantId,
      action: 'keys.rotate',
      objectType: 'tenant_key',
      objectId: String(version),
      outcome,
      reason,
    });

  let stored = await withTenant(database, scope, (trx) => selectTenantKeys(trx));
  if (stored.length === 0) {
    await keyring.forTenant(tenantId); // creates version 1
    stored = await withTenant(database, scope, (trx) => selectTenantKeys(trx));
  }
  const latest = Math.max(...stored.map((key) => key.version));
  // Unfinished: an older version not retired, or a data key still wrapped by an older version.
  const pendingOnLatest = await withTenant(database, scope, (trx) => countDataKeysBelow(trx, latest));
  let resumed = pendingOnLatest > 0 || stored.some((key) => key.version < latest && !key.retired);
  const version = resumed ? latest : latest + 1;
  let done = 0;
  try {
    if (resumed) {
      await audit('success', version, 'resumed');
    } else {
      const { wrapped } = await viaProvider(() =>
        keyring.provider.generateKey(tenantKeyContext(tenantId, version)),
      );
      const created = await withTenant(database, scope, (trx) =>
        insertTenantKey(trx, tenantId, version, wrapped),
      );
      // Another run created this version a moment ago: finish that rotation together with it.
      if (!created) resumed = true;
    }
    keyring.invalidate(tenantId);

    // Each version is unwrapped once, outside the transactions that re-wrap.
    const keys = new Map<number, Buffer>();
    const load = async (versions: number[]) => {
      const missing = versions.filter((v) => !keys.has(v));
      if (missing.length === 0) return;
      const rows = await withTenant(database, scope, (trx) => selectTenantKeys(trx));
      for (const v of missing) {
        const row = rows.find((key) => key.version === v);
        if (!row) throw new Error(`tenant key version ${v} does not exist`);
        keys.set(
          v,
          await viaProvider(() => keyring.provider.unwrapKey(row.wrapped, tenantKeyContext(tenantId, v))),
        );
      }
    };
    await load([version]);
    const newKey = keys.get(version) as Buffer;

    let total = await withTenant(database, scope, (trx) => countDataKeysBelow(trx, version));
    options.onProgress?.({ version, done, total });
    for (;;) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
      await load(await withTenant(database, scope, (trx) => selectVersionsWrappingBelow(trx, version)));
      const rewrapped = await withTenant(database, scope, async (trx) => {
        let count = 0;
        for (const dataKey of await selectDataKeysToRewrap(trx, version, batchSize)) {
          const oldKey = keys.get(dataKey.tenantKeyVersion);
          // Created under a version we have not loaded since the query above: the next round loads it.
          if (!oldKey || !dataKey.wrappedKey) continue;
          const at = { tenantId, scope: dataKey.scope, scopeId: dataKey.scopeId };
          const plain = unwrapDataKey(oldKey, dataKey.wrappedKey, {
            ...at,
            version: dataKey.tenantKeyVersion,
          });
          await updateWrappedDataKey(trx, {
            scope: dataKey.scope,
            scopeId: dataKey.scopeId,
            tenantKeyVersion: version,
            wrappedKey: wrapDataKey(newKey, plain, { ...at, version }),
          });
          plain.fill(0);
          count++;
        }
        return count;
      });
      if (rewrapped > 0) {
        done += rewrapped;
        total = Math.max(total, done);
        options.onProgress?.({ version, done, total });
        continue;
      }
      // Nothing left that this run could take: retire, unless a data key was created under an older
      // version meanwhile or another run still holds some (then wait for it and go round again).
      if (await withTenant(database, scope, (trx) => retireTenantKeysBelow(trx, version))) break;
      await sleep(50);
    }
    keyring.invalidate(tenantId);
    await audit('success', version, `rewrapped=${done}`);
    return { version, done, total, resumed };
  } catch (error) {
    const code: RotationFailureCode = options.signal?.aborted
      ? 'interrupted'
      : error instanceof ProviderCallError
        ? 'provider_error'
        : 'internal_error';
    // Best effort: when the database itself failed, this cannot be recorded either.
    await audit('failure', version, code).catch(() => {});
    throw new RotationFailedError(code, version, { cause: error });
  }
}
