import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import type { Database } from '../db/database.ts';
import { type KeyProvider, KeyUnwrapError, type WrapContext, type WrappedKey } from './key-provider.ts';
import { createKeyProvider } from './providers/index.ts';
import { loadSystemKey, systemKeyContext, systemKeyLoader } from './system-keys.ts';

const localProvider = (masterKey: Buffer) =>
  createKeyProvider({ kind: 'local', masterKey, generatedKeyFile: null }, pino({ level: 'silent' }));

describe.each(databaseTargets())('system keys on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  const masterKey = randomBytes(32);
  let provider: KeyProvider;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    provider = await localProvider(masterKey);
  });
  afterAll(async () => {
    await provider?.close();
    await cleanup?.();
  });

  it('creates a key once, wrapped by the provider, and every instance starting at once gets the same', async () => {
    const other = await localProvider(masterKey);
    try {
      const keys = await Promise.all([
        loadSystemKey(database, provider, 'login-throttle'),
        loadSystemKey(database, other, 'login-throttle'),
        loadSystemKey(database, provider, 'login-throttle'),
      ]);
      expect(keys[0]).toHaveLength(32);
      for (const key of keys) expect(key.equals(keys[0] as Buffer)).toBe(true);
      const rows = await database.db.selectFrom('system_keys').selectAll().execute();
      expect(rows).toHaveLength(1);
      const [row] = rows as [(typeof rows)[number]];
      expect(row).toMatchObject({ purpose: 'login-throttle', provider: 'local' });
      // Stored wrapped, never the key itself; bound to its purpose.
      expect(Buffer.from(row.wrapped_key).includes(keys[0] as Buffer)).toBe(false);
      const wrapped = {
        provider: 'local' as const,
        masterKeyId: row.master_key_id,
        ciphertext: row.wrapped_key,
      };
      await expect(provider.unwrapKey(wrapped, systemKeyContext('login-throttle'))).resolves.toEqual(keys[0]);
      await expect(provider.unwrapKey(wrapped, systemKeyContext('other'))).rejects.toThrow(KeyUnwrapError);
    } finally {
      await other.close();
    }
  });

  it('refuses to start with another master key rather than making a new key', async () => {
    const stranger = await localProvider(randomBytes(32));
    try {
      await expect(loadSystemKey(database, stranger, 'login-throttle')).rejects.toThrow(KeyUnwrapError);
      await expect(database.db.selectFrom('system_keys').selectAll().execute()).resolves.toHaveLength(1);
    } finally {
      await stranger.close();
    }
  });

  it('loads lazily once, and tries again after a failure', async () => {
    let calls = 0;
    // The same provider, whose first unwrap fails (e.g. the HSM is not reachable yet).
    const counting = new Proxy(provider, {
      get(target, property) {
        if (property === 'unwrapKey')
          return (wrapped: WrappedKey, context: WrapContext) => {
            calls += 1;
            if (calls === 1) return Promise.reject(new Error('provider unreachable'));
            return target.unwrapKey(wrapped, context);
          };
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const load = systemKeyLoader(database, counting, 'login-throttle');
    await expect(load()).rejects.toThrow('provider unreachable');
    const [first, second] = await Promise.all([load(), load()]);
    expect(first?.equals(second as Buffer)).toBe(true);
    expect(calls).toBe(2);
  });
});
