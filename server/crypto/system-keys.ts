import type { Database } from '../db/database.ts';
import type { KeyProvider, WrapContext, WrappedKey } from './key-provider.ts';

// Keys of the installation itself rather than of a tenant: a random 256-bit key per purpose, wrapped by
// the key provider and kept in `system_keys`, so every instance uses the same one: `login-throttle`, the
// HMAC key that turns client addresses into login_throttles keys, and `password-reset`, which seals queued
// password-reset requests (system-sealer.ts).

/** The purposes of system keys. */
export type SystemKeyPurpose = 'login-throttle' | 'password-reset';

/** What a system key's wrapping is bound to (the master key rotation re-wraps it with the same context). */
export function systemKeyContext(purpose: string): WrapContext {
  return { purpose: 'system-key', name: purpose };
}

/**
 * The plaintext system key of `purpose`, created on first use. Safe when several instances start at once:
 * each may generate one, only the first insert wins, and every instance then unwraps the stored one.
 * Provider calls: run it once at start, outside any transaction.
 */
export async function loadSystemKey(
  database: Database,
  provider: KeyProvider,
  purpose: SystemKeyPurpose,
): Promise<Buffer> {
  const context = systemKeyContext(purpose);
  let stored = await readSystemKey(database, purpose);
  if (!stored) {
    const { wrapped } = await provider.generateKey(context);
    await database.db
      .insertInto('system_keys')
      .values({
        purpose,
        provider: wrapped.provider,
        master_key_id: wrapped.masterKeyId,
        wrapped_key: wrapped.ciphertext,
      })
      .onConflict((conflict) => conflict.column('purpose').doNothing())
      .execute();
    stored = await readSystemKey(database, purpose);
    if (!stored) throw new Error(`the system key ${purpose} could not be stored`);
  }
  return provider.unwrapKey(stored, context);
}

/**
 * loadSystemKey once, on first call (an instance may start before `tma migrate` created the table); a
 * failed load is tried again on the next call.
 */
export function systemKeyLoader(
  database: Database,
  provider: KeyProvider,
  purpose: SystemKeyPurpose,
): () => Promise<Buffer> {
  let loading: Promise<Buffer> | undefined;
  return () => {
    loading ??= loadSystemKey(database, provider, purpose).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

async function readSystemKey(database: Database, purpose: string): Promise<WrappedKey | undefined> {
  const row = await database.db
    .selectFrom('system_keys')
    .select(['provider', 'master_key_id', 'wrapped_key'])
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  return row
    ? {
        provider: row.provider as WrappedKey['provider'],
        masterKeyId: row.master_key_id,
        ciphertext: Buffer.from(row.wrapped_key),
      }
    : undefined;
}
