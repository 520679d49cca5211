import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import type { KeyProviderConfig } from '../config.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { withTenant } from '../db/tenant-transaction.ts';
import { createLogger } from '../logger.ts';
import { keyEventRecorder } from '../modules/audit/key-events.ts';
import { DecryptionError } from './aead.ts';
import { type KeyProvider, KeyUnwrapError } from './key-provider.ts';
import { rotateMasterAndTenantKeys } from './key-renewal.ts';
import { Keyring, tenantKeyContext, unwrapDataKey } from './keyring.ts';
import { destroyRetiredMasterKeys, recordMasterKeysUsed } from './master-keys.ts';
import { createKeyProvider } from './providers/index.ts';
import { prepareNextLocalMasterKey, promoteNextLocalMasterKey } from './providers/local.ts';
import type { Sealed } from './sealed.ts';

// Issue 17, "deletion that reaches backups": a backup made before a case was deleted still holds the case's
// wrapped data key. Once the backup retention window has passed and the retired master key is destroyed,
// that backup opens nothing, and neither does it together with the live database's keys; inside the window
// it restores completely.

const silent = createLogger('silent');
const DAY = 86_400_000;
const field = (rowId: string) => ({ table: 'case_notes', column: 'body', rowId });

/** A database backup: a dump of the embedded data folder, or pg_dump of the PostgreSQL database. */
interface Backup {
  restore(): Promise<{ database: Database; drop(): Promise<void> }>;
}

async function takeBackup(database: Database, testDatabase: TestDatabase, folder: string): Promise<Backup> {
  if (database.driver.engine === 'embedded') {
    const dump = await database.driver.pglite.dumpDataDir('none');
    return {
      restore: async () => {
        const restored = await openDatabase(
          { engine: 'embedded', dataDir: null, appRole: 'tma_app' },
          { snapshot: dump },
        );
        return { database: restored, drop: () => restored.close() };
      },
    };
  }
  const file = path.join(folder, `backup-${randomBytes(4).toString('hex')}.dump`);
  execFileSync('pg_dump', ['--format=custom', `--file=${file}`, testDatabase.url as string]);
  return {
    restore: async () => {
      const adminUrl = process.env.TEST_DATABASE_URL as string;
      const name = `tma_restore_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.end());
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      execFileSync('pg_restore', ['--no-owner', `--dbname=${url}`, file]);
      const restored = await openDatabase({
        engine: 'postgres',
        url: url.toString(),
        migrationUrl: url.toString(),
        poolSize: 2,
        appRole: 'tma_app',
      });
      return {
        database: restored,
        drop: async () => {
          await restored.close();
          const client = new pg.Client({ connectionString: adminUrl });
          await client.connect();
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => client.end());
        },
      };
    },
  };
}

describe.each(databaseTargets())('deletion reaches backups on %s', (target) => {
  let database: Database;
  let testDatabase: TestDatabase;
  let cleanup: () => Promise<void>;
  let folder: string;
  const providers: KeyProvider[] = [];

  beforeAll(async () => {
    ({ database, testDatabase, cleanup } = await openTestDatabase(target));
    folder = mkdtempSync(path.join(tmpdir(), 'tma-backup-keys-'));
  });
  afterAll(async () => {
    for (const provider of providers) await provider.close();
    await cleanup?.();
    rmSync(folder, { recursive: true, force: true });
  });

  it('a backup older than the window cannot open a deleted case, not even with the live keys; inside it, it restores completely', async () => {
    // The embedded mode's generated key file, with retired keys kept beside it.
    const keyFile = path.join(folder, 'master.key');
    const config: KeyProviderConfig = { kind: 'local', masterKey: null, generatedKeyFile: keyFile };
    const open = async (options: { useNextKey?: boolean } = {}) => {
      const provider = await createKeyProvider(config, silent, options);
      providers.push(provider);
      return provider;
    };
    const recordEvent = keyEventRecorder(database);
    const t0 = new Date('2027-01-10T09:00:00Z');
    const first = await open();
    await recordMasterKeysUsed(database, [{ provider: first.kind, masterKeyId: first.masterKeyId }], t0);

    const tenantId = (
      await database.db
        .insertInto('tenants')
        .values({ slug: `bk-${randomUUID().slice(0, 8)}`, name: 'Backup' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const deleted = randomUUID();
    const kept = randomUUID();
    // The ciphertexts are the same bytes in the live database and in every backup.
    const sealed = new Map<string, Sealed>();
    {
      const keys = await new Keyring(database, first).forTenant(tenantId);
      await withTenant(database, { tenantId, userId: null }, async (trx) => {
        for (const caseId of [deleted, kept]) {
          sealed.set(
            caseId,
            (await keys.scope(trx, 'case', caseId)).seal(`note of ${caseId}`, field(caseId)),
          );
        }
      });
    }
    const openCase = async (db: Database, provider: KeyProvider, caseId: string) => {
      const keys = await new Keyring(db, provider).forTenant(tenantId);
      return withTenant(db, { tenantId, userId: null }, async (trx) =>
        (await keys.scope(trx, 'case', caseId)).openText(sealed.get(caseId) as Sealed, field(caseId)),
      );
    };

    // The nightly backup, taken before the case is deleted.
    const backup = await takeBackup(database, testDatabase, folder);
    const backupDataKey = async () => {
      const restored = await backup.restore();
      try {
        return await withTenant(restored.database, { tenantId, userId: null }, (trx) =>
          trx
            .selectFrom('data_keys')
            .select(['tenant_key_version', 'wrapped_key'])
            .where('scope', '=', 'case')
            .where('scope_id', '=', deleted)
            .executeTakeFirstOrThrow(),
        );
      } finally {
        await restored.drop();
      }
    };

    // The case is deleted (crypto-shredded) in the live database.
    {
      const keys = await new Keyring(database, first).forTenant(tenantId);
      await withTenant(database, { tenantId, userId: null }, (trx) => keys.destroy(trx, 'case', deleted));
    }

    // A day later the scheduled master key rotation runs (renewing every tenant key).
    const t1 = new Date(t0.getTime() + DAY);
    await prepareNextLocalMasterKey(keyFile);
    const next = await open({ useNextKey: true });
    const { retired } = await rotateMasterAndTenantKeys(database, next, { recordEvent, now: () => t1 });
    expect(retired).toEqual([first.masterKeyId]);
    await promoteNextLocalMasterKey(keyFile);

    // Ten days on, inside a 35-day backup retention: nothing is destroyed, and the backup restores
    // completely with the keys the installation has (the current key file and the retired one beside it).
    const inside = await destroyRetiredMasterKeys(database, await open(), {
      olderThanMs: 35 * DAY,
      now: new Date(t1.getTime() + 10 * DAY),
      recordEvent,
    });
    expect(inside.results).toEqual([]);
    expect(inside.plan.waiting.map((key) => key.id)).toEqual([first.masterKeyId]);
    {
      const restored = await backup.restore();
      try {
        const provider = await open();
        expect(await openCase(restored.database, provider, deleted)).toBe(`note of ${deleted}`);
        expect(await openCase(restored.database, provider, kept)).toBe(`note of ${kept}`);
      } finally {
        await restored.drop();
      }
    }

    // Past the window, the retired master key is destroyed.
    const afterWindow = await destroyRetiredMasterKeys(database, await open(), {
      olderThanMs: 35 * DAY,
      now: new Date(t1.getTime() + 36 * DAY),
      recordEvent,
    });
    expect(afterWindow.results.map(({ key, destruction }) => [key.id, destruction.outcome])).toEqual([
      [first.masterKeyId, 'destroyed'],
    ]);

    // The live database still opens the case that was kept …
    const live = await open();
    expect(await openCase(database, live, kept)).toBe(`note of ${kept}`);
    // … and the old backup opens nothing any more: its tenant keys need the destroyed master key.
    {
      const restored = await backup.restore();
      try {
        await expect(openCase(restored.database, live, deleted)).rejects.toBeInstanceOf(KeyUnwrapError);
        await expect(openCase(restored.database, live, deleted)).rejects.toThrow(/different master key/);
      } finally {
        await restored.drop();
      }
    }

    // The combination: the old backup's wrapped data key of the deleted case, tried with every tenant key
    // the live database holds (unwrapped with the live master key), under every version's context.
    const old = await backupDataKey();
    expect(old.wrapped_key).not.toBeNull();
    const liveTenantKeys = await withTenant(database, { tenantId, userId: null }, (trx) =>
      trx.selectFrom('tenant_keys').select(['version', 'provider', 'master_key_id', 'wrapped_key']).execute(),
    );
    const usable = liveTenantKeys.filter((key) => key.wrapped_key !== null);
    expect(usable.length).toBeGreaterThan(0);
    for (const row of usable) {
      const tenantKey = await live.unwrapKey(
        {
          provider: row.provider as KeyProvider['kind'],
          masterKeyId: row.master_key_id,
          ciphertext: row.wrapped_key as Buffer,
        },
        tenantKeyContext(tenantId, row.version),
      );
      for (const version of [old.tenant_key_version, row.version]) {
        expect(() =>
          unwrapDataKey(tenantKey, old.wrapped_key as Buffer, {
            tenantId,
            scope: 'case',
            scopeId: deleted,
            version,
          }),
        ).toThrow(DecryptionError);
      }
    }
    // The version that wrapped it in the backup is destroyed in the live database: no copy is left.
    expect(liveTenantKeys.find((key) => key.version === old.tenant_key_version)?.wrapped_key).toBeNull();
  }, 180_000);
});
