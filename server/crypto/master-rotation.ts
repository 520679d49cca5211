import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-transaction.ts';
import type { RecordKeyEvent } from './key-events.ts';
import type { KeyProvider, WrappedKey } from './key-provider.ts';
import { tenantKeyContext } from './keyring.ts';
import { systemKeyContext } from './system-keys.ts';

export interface MasterRotationProgress {
  /** The tenant whose key was just re-wrapped, or null for a system key. */
  tenantId: string | null;
  /** Keys re-wrapped so far in this run. */
  done: number;
}

export interface MasterRotationResult {
  masterKeyId: string;
  tenantKeys: number;
  systemKeys: number;
  /** Tenants with at least one key re-wrapped in this run. */
  tenants: number;
}

/** Why a master key rotation stopped, as the reason code of its `keys.rotate_master` failure event. */
export type MasterRotationFailureCode = 'interrupted' | 'provider_error' | 'internal_error';

export class MasterRotationFailedError extends Error {
  override name = 'MasterRotationFailedError';
  readonly code: MasterRotationFailureCode;
  constructor(code: MasterRotationFailureCode, options?: ErrorOptions) {
    super(
      code === 'interrupted'
        ? 'the master key rotation was interrupted; run it again to finish it'
        : `the master key rotation failed (${code}): ${(options?.cause as Error)?.message ?? ''}`,
      options,
    );
    this.code = code;
  }
}

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

const BATCH = 100;

/**
 * Re-wraps every tenant key (every tenant, every version still stored, retired ones too) and every system
 * key that is not yet wrapped under the provider's current master key. Provider calls run outside
 * transactions; each key is then written in a small transaction of its own, only if it is still the
 * ciphertext that was read, so a killed run continues where it stopped and concurrent runs do not clash.
 * Keys already under the current master key are skipped. Repeats until a pass finds nothing, so keys that
 * running instances wrapped under the old master key meanwhile are caught too. Audited per tenant as
 * `keys.rotate_master` (`rewrapped=<n>`, or outcome `failure` with a reason code).
 */
export async function rotateMasterKey(
  database: Database,
  provider: KeyProvider,
  options: {
    /** Where each tenant's part is audited (`keyEventRecorder` of the audit module). */
    recordEvent: RecordKeyEvent;
    signal?: AbortSignal;
    onProgress?: (progress: MasterRotationProgress) => void;
  },
): Promise<MasterRotationResult> {
  const result: MasterRotationResult = {
    masterKeyId: provider.masterKeyId,
    tenantKeys: 0,
    systemKeys: 0,
    tenants: 0,
  };
  const touched = new Set<string>();
  const progress = (tenantId: string | null) => {
    if (tenantId) touched.add(tenantId);
    options.onProgress?.({ tenantId, done: result.tenantKeys + result.systemKeys });
  };
  const checkAborted = () => {
    if (options.signal?.aborted) throw new MasterRotationFailedError('interrupted');
  };
  const failureCode = (error: unknown): MasterRotationFailureCode =>
    options.signal?.aborted || (error instanceof MasterRotationFailedError && error.code === 'interrupted')
      ? 'interrupted'
      : error instanceof ProviderCallError
        ? 'provider_error'
        : 'internal_error';

  for (;;) {
    let pass = 0;
    const tenants = await database.db.selectFrom('tenants').select('id').orderBy('id').execute();
    for (const { id: tenantId } of tenants) {
      const scope = { tenantId, userId: null };
      const audit = (outcome: 'success' | 'failure', reason: string) =>
        options.recordEvent({
          tenantId,
          action: 'keys.rotate_master',
          objectType: 'master_key',
          objectId: provider.masterKeyId,
          outcome,
          reason,
        });
      let count = 0;
      try {
        for (;;) {
          const rows = await withTenant(database, scope, (trx) =>
            trx
              .selectFrom('tenant_keys')
              .select(['version', 'provider', 'master_key_id', 'wrapped_key'])
              // A destroyed (retired) version has nothing left to re-wrap.
              .where('wrapped_key', 'is not', null)
              .where((eb) =>
                eb.or([eb('provider', '<>', provider.kind), eb('master_key_id', '<>', provider.masterKeyId)]),
              )
              .orderBy('version')
              .limit(BATCH)
              .execute(),
          );
          if (rows.length === 0) break;
          for (const row of rows) {
            checkAborted();
            const context = tenantKeyContext(tenantId, row.version);
            const rewrapped = await rewrap(
              provider,
              wrappedKey(row as typeof row & { wrapped_key: Buffer }),
              context,
            );
            const updated = await withTenant(database, scope, (trx) =>
              trx
                .updateTable('tenant_keys')
                .set({
                  provider: rewrapped.provider,
                  master_key_id: rewrapped.masterKeyId,
                  wrapped_key: rewrapped.ciphertext,
                })
                .where('version', '=', row.version)
                .where('wrapped_key', '=', row.wrapped_key as Buffer)
                .executeTakeFirst(),
            );
            if (Number(updated.numUpdatedRows) > 0) {
              count++;
              result.tenantKeys++;
              progress(tenantId);
            }
          }
        }
      } catch (error) {
        const code = failureCode(error);
        await audit('failure', count > 0 ? `${code}:rewrapped=${count}` : code).catch(() => {});
        throw error instanceof MasterRotationFailedError
          ? error
          : new MasterRotationFailedError(code, { cause: error });
      }
      if (count > 0) await audit('success', `rewrapped=${count}`);
      pass += count;
    }

    // System keys belong to no tenant: no tenant's audit log records them.
    try {
      const rows = await database.db
        .selectFrom('system_keys')
        .select(['purpose', 'provider', 'master_key_id', 'wrapped_key'])
        .where((eb) =>
          eb.or([eb('provider', '<>', provider.kind), eb('master_key_id', '<>', provider.masterKeyId)]),
        )
        .orderBy('purpose')
        .execute();
      for (const row of rows) {
        checkAborted();
        const rewrapped = await rewrap(provider, wrappedKey(row), systemKeyContext(row.purpose));
        const updated = await database.db
          .updateTable('system_keys')
          .set({
            provider: rewrapped.provider,
            master_key_id: rewrapped.masterKeyId,
            wrapped_key: rewrapped.ciphertext,
          })
          .where('purpose', '=', row.purpose)
          .where('wrapped_key', '=', row.wrapped_key)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) > 0) {
          result.systemKeys++;
          pass++;
          progress(null);
        }
      }
    } catch (error) {
      throw error instanceof MasterRotationFailedError
        ? error
        : new MasterRotationFailedError(failureCode(error), { cause: error });
    }
    if (pass === 0) break;
  }
  result.tenants = touched.size;
  return result;
}

function wrappedKey(row: { provider: string; master_key_id: string; wrapped_key: Buffer }): WrappedKey {
  return {
    provider: row.provider as WrappedKey['provider'],
    masterKeyId: row.master_key_id,
    ciphertext: Buffer.from(row.wrapped_key),
  };
}

/** Unwraps under whichever master key wrapped it, wraps under the current one; the plaintext is wiped. */
async function rewrap(
  provider: KeyProvider,
  wrapped: WrappedKey,
  context: Record<string, string>,
): Promise<WrappedKey> {
  const plaintext = await viaProvider(() => provider.unwrapKey(wrapped, context));
  try {
    return await viaProvider(() => provider.wrapKey(plaintext, context));
  } finally {
    plaintext.fill(0);
  }
}
