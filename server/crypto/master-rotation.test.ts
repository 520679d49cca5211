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
import type { KeyProvider } from './key-provider.ts';
import { Keyring } from './keyring.ts';
import { MasterRotationFailedError, rotateMasterKey } from './master-rotation.ts';
import { assertMasterKeysHeld, KeyProviderMismatchError, masterKeysInUse } from './provider-check.ts';
import { createKeyProvider } from './providers/index.ts';
import { rotateTenantKey } from './rotation.ts';
import type { Sealed } from './sealed.ts';
import { loadSystemKey } from './system-keys.ts';

const silent = createLogger('silent');
const field = (rowId: string) => ({ table: 'case_notes', column: 'body', rowId });

interface Rotation {
  /** The provider the data was set up with. */
  before: KeyProvider;
  /** The provider after the operator configured a new master key: wraps under it, still holds the old. */
  after: KeyProvider;
  /** A provider holding only the new master key, where the provider can hold keys apart (local). */
  afterOnly: KeyProvider | null;
  beforeConfig: KeyProviderConfig;
  teardown(): Promise<void>;
}

interface ProviderTarget {
  name: string;
  skip: string | null;
  open(): Promise<Rotation>;
}

const providerTargets: ProviderTarget[] = [
  {
    name: 'local',
    skip: null,
    open: async () => {
      const oldKey = randomBytes(32);
      const newKey = randomBytes(32);
      const beforeConfig: KeyProviderConfig = { kind: 'local', masterKey: oldKey, generatedKeyFile: null };
      const before = await createKeyProvider(beforeConfig, silent);
      const after = await createKeyProvider(
        { kind: 'local', masterKey: newKey, generatedKeyFile: null, previousMasterKeys: [oldKey] },
        silent,
      );
      const afterOnly = await createKeyProvider(
        { kind: 'local', masterKey: newKey, generatedKeyFile: null },
        silent,
      );
      return {
        before,
        after,
        afterOnly,
        beforeConfig,
        teardown: async () => {
          for (const provider of [before, after, afterOnly]) await provider.close();
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
      const hsm = await initSoftHsm('tma-rotate');
      const config = (keyLabel: string): KeyProviderConfig => ({
        kind: 'pkcs11',
        library: hsm.library,
        tokenLabel: hsm.tokenLabel,
        pin: hsm.pin,
        keyLabel,
      });
      const before = await createKeyProvider(config('tma-master'), silent);
      // The operator sets TMA_PKCS11_KEY_LABEL to a new label: TMA creates that key on the token.
      const after = await createKeyProvider(config('tma-master-2027'), silent);
      return {
        before,
        after,
        afterOnly: null,
        beforeConfig: config('tma-master'),
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
      // The operator creates a new KMS key and sets TMA_AWS_KMS_KEY_ID to it.
      const after = await createKeyProvider(config(kms.addKey()), silent);
      return {
        before,
        after,
        afterOnly: null,
        beforeConfig: config(kms.keyArn),
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

describe.each(databaseTargets())('tma keys rotate-master on %s', (target) => {
  describe.each(providerTargets)('with the $name provider', (providerTarget) => {
    if (providerTarget.skip) {
      it.skip(`skipped: ${providerTarget.skip}`, () => {});
      return;
    }
    let database: Database;
    let cleanup: () => Promise<void>;
    let rotation: Rotation;

    beforeAll(async () => {
      ({ database, cleanup } = await openTestDatabase(target));
      rotation = await providerTarget.open();
    });
    afterAll(async () => {
      await rotation?.teardown();
      await cleanup?.();
    });

    const inTenant = <T>(tenantId: string, fn: Parameters<typeof withTenant<T>>[2]) =>
      withTenant(database, { tenantId, userId: null }, fn);

    async function readAll(provider: KeyProvider, sealed: Map<string, { tenantId: string; value: Sealed }>) {
      const keyring = new Keyring(database, provider);
      for (const [caseId, { tenantId, value }] of sealed) {
        const keys = await keyring.forTenant(tenantId);
        const text = await inTenant(tenantId, async (trx) =>
          (await keys.scope(trx, 'case', caseId)).openText(value, field(caseId)),
        );
        expect(text).toBe(`note of ${caseId}`);
      }
    }

    const tenantKeyIds = (tenantId: string) =>
      inTenant(tenantId, (trx) =>
        trx
          .selectFrom('tenant_keys')
          .select(['version', 'provider', 'master_key_id'])
          .orderBy('version')
          .execute(),
      );

    it('re-wraps every tenant key (all tenants, all versions) and the system keys, resumes after an interruption, and everything still opens', async () => {
      const { before, after } = rotation;
      const tenants: string[] = [];
      for (const slug of ['rm-a', 'rm-b']) {
        const row = await database.db
          .insertInto('tenants')
          .values({ slug, name: slug })
          .returning('id')
          .executeTakeFirstOrThrow();
        tenants.push(row.id);
      }
      const keyring = new Keyring(database, before);
      const sealed = new Map<string, { tenantId: string; value: Sealed }>();
      for (const tenantId of tenants) {
        const keys = await keyring.forTenant(tenantId);
        for (let i = 0; i < 3; i++) {
          const caseId = randomUUID();
          const value = await inTenant(tenantId, async (trx) =>
            (await keys.scope(trx, 'case', caseId)).seal(`note of ${caseId}`, field(caseId)),
          );
          sealed.set(caseId, { tenantId, value });
        }
      }
      // The first tenant has a retired version too: it is re-wrapped like the others.
      await rotateTenantKey(database, keyring, tenants[0] as string, {
        recordEvent: keyEventRecorder(database),
      });
      const throttleKey = await loadSystemKey(database, before, 'login-throttle');

      // Interrupted after two keys (Ctrl-C): some keys are under the new master key, some under the old.
      const controller = new AbortController();
      const interrupted = rotateMasterKey(database, after, {
        recordEvent: keyEventRecorder(database),
        signal: controller.signal,
        onProgress: ({ done }) => {
          if (done >= 2) controller.abort();
        },
      });
      await expect(interrupted).rejects.toBeInstanceOf(MasterRotationFailedError);
      await expect(interrupted).rejects.toMatchObject({ code: 'interrupted' });
      const midway = (await Promise.all(tenants.map(tenantKeyIds))).flat();
      expect(midway.filter((key) => key.master_key_id === after.masterKeyId)).toHaveLength(2);
      expect(midway.filter((key) => key.master_key_id === before.masterKeyId)).toHaveLength(1);
      // Half-way, an instance with the new configuration reads everything.
      await readAll(after, sealed);

      const result = await rotateMasterKey(database, after, { recordEvent: keyEventRecorder(database) });
      expect(result).toMatchObject({ masterKeyId: after.masterKeyId, tenantKeys: 1, systemKeys: 1 });
      for (const tenantId of tenants) {
        for (const key of await tenantKeyIds(tenantId)) {
          expect(key).toMatchObject({ provider: after.kind, master_key_id: after.masterKeyId });
        }
      }
      expect(
        await database.db
          .selectFrom('system_keys')
          .select(['purpose', 'provider', 'master_key_id'])
          .execute(),
      ).toEqual([{ purpose: 'login-throttle', provider: after.kind, master_key_id: after.masterKeyId }]);
      expect(await masterKeysInUse(database)).toEqual([
        { provider: after.kind, masterKeyId: after.masterKeyId },
      ]);

      // Data sealed before opens, with the new key alone where the provider can hold it alone.
      const reader = rotation.afterOnly ?? after;
      await readAll(reader, sealed);
      expect((await loadSystemKey(database, reader, 'login-throttle')).equals(throttleKey)).toBe(true);
      if (rotation.afterOnly) {
        // An instance left on the old key alone is refused at start, naming what to set.
        await expect(
          assertMasterKeysHeld(before, rotation.beforeConfig, (await masterKeysInUse(database)) ?? []),
        ).rejects.toThrow(KeyProviderMismatchError);
      }

      // Audited per tenant: the interruption where it happened, then each tenant's re-wrapped keys.
      const events = [];
      for (const tenantId of tenants) {
        await linkAuditEvents(database, { tenantId, wait: true });
        events.push(
          ...(await inTenant(tenantId, (trx) =>
            trx
              .selectFrom('audit_events')
              .select(['object_id', 'outcome', 'reason', 'actor_type'])
              .where('action', '=', 'keys.rotate_master')
              .orderBy('seq')
              .execute(),
          )),
        );
      }
      expect(
        events.every((event) => event.object_id === after.masterKeyId && event.actor_type === 'operator'),
      ).toBe(true);
      expect(events.filter((event) => event.outcome === 'failure').map((event) => event.reason)).toEqual([
        expect.stringMatching(/^interrupted(:rewrapped=\d+)?$/),
      ]);
      // Every tenant key counted once, in the event of the run that re-wrapped it.
      const rewrapped = events.map((event) => Number(/rewrapped=(\d+)$/.exec(event.reason ?? '')?.[1] ?? 0));
      expect(rewrapped.reduce((sum, n) => sum + n, 0)).toBe(3);

      // Nothing left: a further run re-wraps nothing and records nothing.
      expect(
        await rotateMasterKey(database, after, { recordEvent: keyEventRecorder(database) }),
      ).toMatchObject({
        tenantKeys: 0,
        systemKeys: 0,
        tenants: 0,
      });
    });
  });
});
