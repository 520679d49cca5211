import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { Keyring } from '../../server/crypto/keyring.ts';
import { createKeyProvider } from '../../server/crypto/providers/index.ts';
import { openDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { createLogger } from '../../server/logger.ts';
import { spawnServer } from '../support/process.ts';
import { initSoftHsm, type SoftHsm, softHsmAvailable, softHsmLibrary } from '../support/softhsm.ts';

const skip =
  softHsmAvailable() || process.env.CI === 'true'
    ? null
    : `SoftHSM2 is not installed (${softHsmLibrary}): apt-get install softhsm2`;

describe.skipIf(skip !== null)('a data folder set up with the PKCS#11 key provider', () => {
  let hsm: SoftHsm;
  let dataDir: string;
  let pkcs11Env: Record<string, string>;

  beforeAll(async () => {
    hsm = await initSoftHsm('tma-process');
    dataDir = mkdtempSync(path.join(tmpdir(), 'tma-provider-'));
    pkcs11Env = {
      DATA_DIR: dataDir,
      SOFTHSM2_CONF: process.env.SOFTHSM2_CONF ?? '',
      TMA_KEY_PROVIDER: 'pkcs11',
      TMA_PKCS11_LIBRARY: hsm.library,
      TMA_PKCS11_TOKEN_LABEL: hsm.tokenLabel,
      TMA_PKCS11_PIN: hsm.pin,
    };
    // Set up as the server would: a tenant whose key is wrapped by the token's master key.
    const config = loadConfig(pkcs11Env);
    const database = await openDatabase(config.database);
    const provider = await createKeyProvider(config.keyProvider, createLogger('silent'));
    try {
      await migrateToLatest(database);
      const tenant = await database.db
        .insertInto('tenants')
        .values({ slug: 'acme', name: 'ACME' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await new Keyring(database, provider).forTenant(tenant.id);
    } finally {
      await provider.close();
      await database.close();
    }
  }, 120_000);
  afterAll(async () => {
    await hsm?.cleanup();
  });

  it('refuses to start with TMA_KEY_PROVIDER=local, naming the provider needed, and creates no key file', async () => {
    const server = spawnServer({ DATA_DIR: dataDir });
    expect((await server.exited).code).toBe(2);
    const message = server.stderr.filter(Boolean).join('\n');
    expect(message).toMatch(
      /^tma: configuration error: the database holds keys wrapped by the pkcs11 key provider/,
    );
    expect(message).toContain('master key pkcs11:tma-process/tma-master/');
    expect(message).toContain('set TMA_KEY_PROVIDER=pkcs11');
    expect(existsSync(path.join(dataDir, 'master.key'))).toBe(false);
  }, 120_000);

  it('starts with the PKCS#11 settings it was set up with', async () => {
    const server = spawnServer(pkcs11Env);
    await server.listening;
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  }, 120_000);
});
