import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import { type KmsEndpoint, startKmsEndpoint } from '../../test/support/kms-endpoint.ts';
import type { KeyProviderConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { Keyring } from './keyring.ts';
import { KeyProviderMismatchError, masterKeysInUse, openCheckedKeyProvider } from './provider-check.ts';
import { createKeyProvider } from './providers/index.ts';
import { localMasterKeyId } from './providers/local.ts';
import { loadSystemKey } from './system-keys.ts';

const silent = createLogger('silent');

describe.each(databaseTargets())('the key provider check at start on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let folder: string;
  let kms: KmsEndpoint;
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    process.env.AWS_ACCESS_KEY_ID = 'AKIATMATESTKEY000000';
    process.env.AWS_SECRET_ACCESS_KEY = randomBytes(30).toString('base64');
    kms = await startKmsEndpoint();
  });
  afterAll(async () => {
    await kms?.close();
    await cleanup?.();
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    else process.env.AWS_ACCESS_KEY_ID = saved.id;
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  });
  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'tma-provider-check-'));
    await database.db.deleteFrom('tenants').execute();
    await database.db.deleteFrom('system_keys').execute();
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  /** Sets up a tenant key (and the login-throttle system key) wrapped by the provider of `config`. */
  async function setUpWith(config: KeyProviderConfig): Promise<string> {
    const provider = await createKeyProvider(config, silent);
    try {
      const tenant = await database.db
        .insertInto('tenants')
        .values({ slug: `t-${randomBytes(4).toString('hex')}`, name: 'T' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await new Keyring(database, provider).forTenant(tenant.id);
      await loadSystemKey(database, provider, 'login-throttle');
      return provider.masterKeyId;
    } finally {
      await provider.close();
    }
  }

  const generated = (): KeyProviderConfig => ({
    kind: 'local',
    masterKey: null,
    generatedKeyFile: path.join(folder, 'master.key'),
  });

  it('lists the providers and master keys in use, also to the application role', async () => {
    const masterKey = randomBytes(32);
    await setUpWith({ kind: 'local', masterKey, generatedKeyFile: null });
    const expected = [{ provider: 'local', masterKeyId: localMasterKeyId(masterKey) }];
    expect(await masterKeysInUse(database)).toEqual(expected);
    // The server connects as the application role, which sees no tenant's rows outside its transaction.
    const asApp = await database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL ROLE tma_app`.execute(trx);
      const { rows } = await sql<{
        provider: string;
        master_key_id: string;
      }>`SELECT DISTINCT provider, master_key_id FROM tma_master_keys_in_use()`.execute(trx);
      const visible = await sql`SELECT version FROM tenant_keys`.execute(trx);
      return { rows, visible: visible.rows.length };
    });
    expect(asApp.rows).toEqual([{ provider: 'local', master_key_id: localMasterKeyId(masterKey) }]);
    expect(asApp.visible).toBe(0);
  });

  it('refuses another kind of provider than the one that wrapped the keys, and creates no key file', async () => {
    const arn = await setUpWith({
      kind: 'aws-kms',
      keyId: kms.keyArn,
      region: kms.region,
      endpoint: kms.endpoint,
    });
    const refused = openCheckedKeyProvider(database, generated(), silent);
    await expect(refused).rejects.toBeInstanceOf(KeyProviderMismatchError);
    await expect(refused).rejects.toThrow(
      `the database holds keys wrapped by the aws-kms key provider (master key ${arn}), but TMA_KEY_PROVIDER is local: set TMA_KEY_PROVIDER=aws-kms with TMA_AWS_KMS_KEY_ID and TMA_AWS_REGION`,
    );
    expect(existsSync(path.join(folder, 'master.key'))).toBe(false);
  });

  it('refuses a local master key that did not wrap the keys, and accepts it beside the previous one', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    await setUpWith({ kind: 'local', masterKey: oldKey, generatedKeyFile: null });
    await expect(
      openCheckedKeyProvider(database, { kind: 'local', masterKey: newKey, generatedKeyFile: null }, silent),
    ).rejects.toThrow(
      new RegExp(
        `master key ${localMasterKeyId(oldKey)}, which this instance does not have \\(it uses ${localMasterKeyId(newKey)}\\): set TMA_MASTER_KEY_FILE to that key, or list it in TMA_PREVIOUS_MASTER_KEYS_FILE`,
      ),
    );
    const provider = await openCheckedKeyProvider(
      database,
      { kind: 'local', masterKey: newKey, generatedKeyFile: null, previousMasterKeys: [oldKey] },
      silent,
    );
    expect(provider.masterKeyId).toBe(localMasterKeyId(newKey));
    await provider.close();
  });

  it('does not generate a key file over a database that holds keys, and does on an empty one', async () => {
    await setUpWith({ kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null });
    await expect(openCheckedKeyProvider(database, generated(), silent)).rejects.toThrow(
      /master key file .*master\.key is missing, but the database holds keys wrapped by a master key: restore the file/,
    );
    expect(existsSync(path.join(folder, 'master.key'))).toBe(false);

    await database.db.deleteFrom('tenants').execute();
    await database.db.deleteFrom('system_keys').execute();
    const provider = await openCheckedKeyProvider(database, generated(), silent);
    expect(existsSync(path.join(folder, 'master.key'))).toBe(true);
    await provider.close();
  });
});
