import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import { type KmsEndpoint, startKmsEndpoint } from '../../test/support/kms-endpoint.ts';
import { initSoftHsm, softHsmAvailable, softHsmLibrary } from '../../test/support/softhsm.ts';
import type { KeyProviderConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-transaction.ts';
import { createLogger } from '../logger.ts';
import { keyEventRecorder } from '../modules/audit/key-events.ts';
import { linkAuditEvents } from '../modules/audit/link.ts';
import { type KeyProvider, KeyUnwrapError, type WrappedKey } from './key-provider.ts';
import { rotateMasterAndTenantKeys } from './key-renewal.ts';
import { Keyring, tenantKeyContext } from './keyring.ts';
import {
  destroyRetiredMasterKeys,
  MasterKeyDestructionRefusedError,
  masterKeySchedule,
  recordMasterKeysUsed,
} from './master-keys.ts';
import { createKeyProvider } from './providers/index.ts';
import type { Sealed } from './sealed.ts';

const silent = createLogger('silent');
const DAY = 86_400_000;
const field = (rowId: string) => ({ table: 'case_notes', column: 'body', rowId });

interface Setup {
  /** The provider of the old configuration (its master key is the one to retire). */
  before: KeyProvider;
  /** After the operator configured the new master key (still reaching the old one). */
  after: KeyProvider;
  /** What destroying the old key reports. */
  outcome: 'destroyed' | 'scheduled' | 'external';
  /** For `external`: the provider once the operator removed the old key from its setting. */
  afterRemoval?: () => Promise<KeyProvider>;
  /** Extra checks that the key is gone from the provider's side. */
  checkGone?: (oldMasterKeyId: string) => Promise<void>;
  teardown(): Promise<void>;
}

const targets: { name: string; skip: string | null; open(): Promise<Setup> }[] = [
  {
    // TMA_MASTER_KEY_FILE with the old key in TMA_PREVIOUS_MASTER_KEYS_FILE: TMA does not own that file.
    name: 'local with TMA_PREVIOUS_MASTER_KEYS',
    skip: null,
    open: async () => {
      const oldKey = randomBytes(32);
      const newKey = randomBytes(32);
      const before = await createKeyProvider(
        { kind: 'local', masterKey: oldKey, generatedKeyFile: null },
        silent,
      );
      const after = await createKeyProvider(
        { kind: 'local', masterKey: newKey, generatedKeyFile: null, previousMasterKeys: [oldKey] },
        silent,
      );
      const opened = [before, after];
      return {
        before,
        after,
        outcome: 'external',
        afterRemoval: async () => {
          const provider = await createKeyProvider(
            { kind: 'local', masterKey: newKey, generatedKeyFile: null },
            silent,
          );
          opened.push(provider);
          return provider;
        },
        teardown: async () => {
          for (const provider of opened) await provider.close();
        },
      };
    },
  },
  {
    name: 'pkcs11',
    skip:
      softHsmAvailable() || process.env.CI === 'true'
        ? null
        : `SoftHSM2 is not installed (${softHsmLibrary}): apt-get install softhsm2`,
    open: async () => {
      const hsm = await initSoftHsm('tma-destroy');
      const config = (keyLabel: string): KeyProviderConfig => ({
        kind: 'pkcs11',
        library: hsm.library,
        tokenLabel: hsm.tokenLabel,
        pin: hsm.pin,
        keyLabel,
      });
      const before = await createKeyProvider(config('tma-master'), silent);
      const after = await createKeyProvider(config('tma-master-2027'), silent);
      return {
        before,
        after,
        outcome: 'destroyed',
        checkGone: async (oldId) => {
          // The token no longer has the key: not by its id, and not under its label (a provider configured
          // with the old label would create a new key with another CKA_ID).
          expect(await after.holdsMasterKey(oldId)).toBe(false);
          const relabelled = await createKeyProvider(config('tma-master'), silent);
          try {
            expect(relabelled.masterKeyId).not.toBe(oldId);
          } finally {
            await relabelled.close();
          }
        },
        teardown: async () => {
          await before.close();
          await after.close();
          await hsm.cleanup();
        },
      };
    },
  },
  {
    name: 'aws-kms',
    skip: null,
    open: async () => {
      const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
      process.env.AWS_ACCESS_KEY_ID = 'AKIATMATESTKEY000000';
      process.env.AWS_SECRET_ACCESS_KEY = randomBytes(30).toString('base64');
      const kms: KmsEndpoint = await startKmsEndpoint();
      const config = (keyId: string): KeyProviderConfig => ({
        kind: 'aws-kms',
        keyId,
        region: kms.region,
        endpoint: kms.endpoint,
      });
      const before = await createKeyProvider(config(kms.keyArn), silent);
      const after = await createKeyProvider(config(kms.addKey()), silent);
      return {
        before,
        after,
        outcome: 'scheduled',
        checkGone: async (oldId) => {
          expect(kms.operations).toContain('ScheduleKeyDeletion');
          expect(await after.holdsMasterKey(oldId)).toBe(false);
          // An instance still configured with the old key does not start any more.
          await expect(createKeyProvider(config(kms.keyArn), silent)).rejects.toThrow(/disabled/);
        },
        teardown: async () => {
          await before.close();
          await after.close();
          await kms.close();
          process.env.AWS_ACCESS_KEY_ID = saved.id;
          process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
          if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
          if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
        },
      };
    },
  },
];

describe.each(databaseTargets())('tma keys destroy-retired on %s', (target) => {
  describe.each(targets)('with the $name provider', (providerTarget) => {
    if (providerTarget.skip) {
      it.skip(`skipped: ${providerTarget.skip}`, () => {});
      return;
    }
    let database: Database;
    let cleanup: () => Promise<void>;
    let setup: Setup;

    beforeAll(async () => {
      ({ database, cleanup } = await openTestDatabase(target));
      setup = await providerTarget.open();
    });
    afterAll(async () => {
      await setup?.teardown();
      await cleanup?.();
    });

    it('destroys the retired master key once the window passed, refusing the current one and one still in use', async () => {
      const { before, after } = setup;
      const recordEvent = keyEventRecorder(database);
      const t0 = new Date('2027-03-01T08:00:00Z');
      await recordMasterKeysUsed(database, [{ provider: before.kind, masterKeyId: before.masterKeyId }], t0);
      const tenantId = (
        await database.db
          .insertInto('tenants')
          .values({ slug: `dr-${randomUUID().slice(0, 8)}`, name: 'Destroy' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const caseId = randomUUID();
      const keys = await new Keyring(database, before).forTenant(tenantId);
      const sealed: Sealed = await withTenant(database, { tenantId, userId: null }, async (trx) =>
        (await keys.scope(trx, 'case', caseId)).seal('kept', field(caseId)),
      );
      // What a backup made now holds: the tenant key wrapped under the old master key.
      const backupRow = await withTenant(database, { tenantId, userId: null }, (trx) =>
        trx.selectFrom('tenant_keys').selectAll().where('version', '=', 1).executeTakeFirstOrThrow(),
      );
      const backupWrapped: WrappedKey = {
        provider: backupRow.provider as WrappedKey['provider'],
        masterKeyId: backupRow.master_key_id,
        ciphertext: backupRow.wrapped_key as Buffer,
      };

      const t1 = new Date(t0.getTime() + 400 * DAY);
      expect(
        await masterKeySchedule(database, before.masterKeyId, {
          rotationDays: 365,
          backupRetentionDays: 35,
          now: t1,
        }),
      ).toMatchObject({ rotationDue: true, destructionDue: 0 });
      const { retired } = await rotateMasterAndTenantKeys(database, after, { recordEvent, now: () => t1 });
      expect(retired).toEqual([before.masterKeyId]);
      const options = (days: number) => ({
        olderThanMs: 35 * DAY,
        now: new Date(t1.getTime() + days * DAY),
        recordEvent,
      });

      // Inside the window: kept.
      expect((await destroyRetiredMasterKeys(database, after, options(34))).results).toEqual([]);
      expect(
        await masterKeySchedule(database, after.masterKeyId, {
          rotationDays: 365,
          backupRetentionDays: 35,
          now: new Date(t1.getTime() + 36 * DAY),
        }),
      ).toMatchObject({ rotationDue: false, destructionDue: 1 });

      // Refused: configured with the retired key as the current one …
      const current = destroyRetiredMasterKeys(database, before, options(36));
      await expect(current).rejects.toBeInstanceOf(MasterKeyDestructionRefusedError);
      await expect(current).rejects.toMatchObject({ refused: [{ reason: 'current' }] });
      // … and while an instance with the old configuration wrapped a new tenant's key under it.
      const late = (
        await database.db
          .insertInto('tenants')
          .values({ slug: `late-${randomUUID().slice(0, 8)}`, name: 'Late' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await new Keyring(database, before).forTenant(late);
      const inUse = destroyRetiredMasterKeys(database, after, options(36));
      await expect(inUse).rejects.toMatchObject({ refused: [{ reason: 'in_use' }] });
      expect(await after.holdsMasterKey(before.masterKeyId)).toBe(true);
      // rotate-master again takes it along; the old key is still retired since t1.
      await rotateMasterAndTenantKeys(database, after, {
        recordEvent,
        now: () => new Date(t1.getTime() + 36 * DAY),
      });

      // Dry run: listed, nothing destroyed.
      const dry = await destroyRetiredMasterKeys(database, after, { ...options(36), dryRun: true });
      expect(dry.plan.due.map((key) => key.id)).toEqual([before.masterKeyId]);
      expect(dry.results).toEqual([]);
      expect(await after.holdsMasterKey(before.masterKeyId)).toBe(true);

      const { results } = await destroyRetiredMasterKeys(database, after, options(36));
      expect(results.map(({ key, destruction }) => [key.id, destruction.outcome])).toEqual([
        [before.masterKeyId, setup.outcome],
      ]);
      let provider = after;
      if (setup.outcome === 'external') {
        // Not TMA's file: reported, not recorded; once the operator removed it, the next run records it.
        expect(results[0]?.destruction.detail).toMatch(/TMA_PREVIOUS_MASTER_KEYS_FILE/);
        provider = await (setup.afterRemoval as () => Promise<KeyProvider>)();
        const again = await destroyRetiredMasterKeys(database, provider, options(37));
        expect(again.results.map(({ destruction }) => destruction.outcome)).toEqual(['absent']);
      }
      await setup.checkGone?.(before.masterKeyId);
      const row = await database.db
        .selectFrom('master_keys')
        .selectAll()
        .where('id', '=', before.masterKeyId)
        .executeTakeFirstOrThrow();
      expect(row.destroyed_at).not.toBeNull();

      // A backup's tenant key under the destroyed master key no longer opens; live data still does.
      await expect(provider.unwrapKey(backupWrapped, tenantKeyContext(tenantId, 1))).rejects.toBeInstanceOf(
        KeyUnwrapError,
      );
      const liveKeys = await new Keyring(database, provider).forTenant(tenantId);
      expect(
        await withTenant(database, { tenantId, userId: null }, async (trx) =>
          (await liveKeys.scope(trx, 'case', caseId)).openText(sealed, field(caseId)),
        ),
      ).toBe('kept');

      // Audited in the tenant's log.
      await linkAuditEvents(database, { tenantId, wait: true });
      const events = await withTenant(database, { tenantId, userId: null }, (trx) =>
        trx
          .selectFrom('audit_events')
          .select(['action', 'object_id', 'reason'])
          .where('action', 'in', ['keys.destroy_master', 'keys.destroy_tenant_key'])
          .orderBy('seq')
          .execute(),
      );
      expect(events).toEqual([
        { action: 'keys.destroy_tenant_key', object_id: '1', reason: 'retired' },
        {
          action: 'keys.destroy_master',
          object_id: before.masterKeyId,
          reason:
            setup.outcome === 'scheduled'
              ? 'scheduled_deletion'
              : setup.outcome === 'external'
                ? 'absent'
                : 'destroyed',
        },
      ]);
    }, 120_000);
  });
});
