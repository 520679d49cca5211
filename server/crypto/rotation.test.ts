import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-transaction.ts';
import { keyEventRecorder } from '../modules/audit/key-events.ts';
import { linkAuditEvents } from '../modules/audit/link.ts';
import type { KeyProvider } from './key-provider.ts';
import { retireTenantKeysBelow, selectTenantKeys } from './key-store.ts';
import { Keyring, rawScopeKey, tenantKeyContext, wrapDataKey } from './keyring.ts';
import { createKeyProvider } from './providers/index.ts';
import { RotationFailedError, rotateTenantKey } from './rotation.ts';
import type { Sealed } from './sealed.ts';

const field = (rowId: string) => ({ table: 'case_notes', column: 'body', rowId });

describe.each(databaseTargets())('tenant key rotation with running instances on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;

  const inTenant = <T>(tenantId: string, fn: Parameters<typeof withTenant<T>>[2]) =>
    withTenant(database, { tenantId, userId: null }, fn);

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
  });
  afterAll(async () => {
    await provider.close();
    await cleanup();
  });

  async function newTenant(): Promise<string> {
    const slug = `t-${randomBytes(4).toString('hex')}`;
    const row = await database.db
      .insertInto('tenants')
      .values({ slug, name: slug })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Seals a note in a new case through `keyring`, as a request of the server would. */
  async function openCase(keyring: Keyring, tenantId: string): Promise<{ caseId: string; sealed: Sealed }> {
    const keys = await keyring.forTenant(tenantId);
    const caseId = randomUUID();
    const sealed = await inTenant(tenantId, async (trx) =>
      (await keys.scope(trx, 'case', caseId)).seal(`note of ${caseId}`, field(caseId)),
    );
    return { caseId, sealed };
  }

  async function expectReadable(tenantId: string, cases: { caseId: string; sealed: Sealed }[]) {
    const fresh = await new Keyring(database, provider).forTenant(tenantId);
    await inTenant(tenantId, async (trx) => {
      for (const { caseId, sealed } of cases) {
        expect((await fresh.scope(trx, 'case', caseId)).openText(sealed, field(caseId))).toBe(
          `note of ${caseId}`,
        );
      }
    });
  }

  const versionsOf = (tenantId: string) =>
    inTenant(tenantId, async (trx) =>
      (await selectTenantKeys(trx)).map((key) => [key.version, key.retired] as const),
    );
  const dataKeyVersions = (tenantId: string) =>
    inTenant(tenantId, (trx) =>
      trx.selectFrom('data_keys').select(['scope_id', 'tenant_key_version']).execute(),
    );
  const rotationEvents = async (tenantId: string) => {
    await linkAuditEvents(database, { tenantId, wait: true });
    return inTenant(tenantId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['object_id', 'outcome', 'reason'])
        .where('action', '=', 'keys.rotate')
        .orderBy('seq')
        .execute(),
    );
  };

  it('a case opened through a cache that predates a rotation gets a key under the new version, and later rotations finish', async () => {
    const tenant = await newTenant();
    const server = new Keyring(database, provider, { ttlMs: 60_000 });
    const cases = [await openCase(server, tenant)];

    // `tma keys rotate`: another process, with its own keyring.
    const first = await rotateTenantKey(database, new Keyring(database, provider), tenant, {
      recordEvent: keyEventRecorder(database),
    });
    expect(first).toMatchObject({ version: 2, resumed: false, done: 1 });

    // Within the server's cache lifetime, its keys still name version 1 as the newest.
    const stale = await server.forTenant(tenant);
    expect(stale.currentVersion).toBe(1);
    const late = await openCase(server, tenant);
    cases.push(late);
    expect((await dataKeyVersions(tenant)).find((row) => row.scope_id === late.caseId)).toEqual({
      scope_id: late.caseId,
      tenant_key_version: 2,
    });
    expect(stale.currentVersion).toBe(2); // the cached keys caught up

    // Before the fix, every later rotation failed with "tenant key version … is not available".
    for (const version of [3, 4]) {
      cases.push(await openCase(server, tenant));
      const result = await rotateTenantKey(database, new Keyring(database, provider), tenant, {
        recordEvent: keyEventRecorder(database),
      });
      expect(result).toMatchObject({ version, resumed: false, done: cases.length });
    }
    expect(await versionsOf(tenant)).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, false],
    ]);
    expect(new Set((await dataKeyVersions(tenant)).map((row) => row.tenant_key_version))).toEqual(
      new Set([4]),
    );
    await expectReadable(tenant, cases);
    expect(await rotationEvents(tenant)).toEqual([
      { object_id: '2', outcome: 'success', reason: 'rewrapped=1' },
      { object_id: '3', outcome: 'success', reason: 'rewrapped=3' },
      { object_id: '4', outcome: 'success', reason: 'rewrapped=4' },
    ]);
  });

  it('re-wraps a data key left under a retired version (by an earlier release) instead of getting stuck', async () => {
    const tenant = await newTenant();
    const keyring = new Keyring(database, provider);
    const cases = [await openCase(keyring, tenant)];
    await rotateTenantKey(database, keyring, tenant, { recordEvent: keyEventRecorder(database) });
    // What the old code did: a data key created under version 1 after it was retired.
    const stray = randomUUID();
    const dataKey = randomBytes(32);
    const v1 = await inTenant(tenant, async (trx) => (await selectTenantKeys(trx))[0]);
    const tenantKeyV1 = await provider.unwrapKey(
      v1?.wrapped as NonNullable<typeof v1>['wrapped'],
      tenantKeyContext(tenant, 1),
    );
    await inTenant(tenant, (trx) =>
      trx
        .insertInto('data_keys')
        .values({
          tenant_id: tenant,
          scope: 'case',
          scope_id: stray,
          tenant_key_version: 1,
          wrapped_key: wrapDataKey(tenantKeyV1, dataKey, {
            tenantId: tenant,
            scope: 'case',
            scopeId: stray,
            version: 1,
          }),
        })
        .execute(),
    );
    // Nothing is retired while a data key still needs an older version.
    expect(await inTenant(tenant, (trx) => retireTenantKeysBelow(trx, 2))).toBe(false);

    const result = await rotateTenantKey(database, new Keyring(database, provider), tenant, {
      recordEvent: keyEventRecorder(database),
    });
    // Finishes the unfinished rotation to version 2 (the data key under retired version 1) first.
    expect(result).toMatchObject({ version: 2, resumed: true, done: 1 });
    expect(
      await rotateTenantKey(database, new Keyring(database, provider), tenant, {
        recordEvent: keyEventRecorder(database),
      }),
    ).toMatchObject({
      version: 3,
      resumed: false,
    });
    const freshKeys = await new Keyring(database, provider).forTenant(tenant);
    const opened = await inTenant(tenant, async (trx) =>
      rawScopeKey(await freshKeys.scope(trx, 'case', stray)),
    );
    expect(opened.equals(dataKey)).toBe(true);
    await expectReadable(tenant, cases);
    expect((await rotationEvents(tenant)).map((event) => event.reason)).toEqual([
      'rewrapped=1',
      'resumed',
      'rewrapped=1',
      'rewrapped=2',
    ]);
  });

  it('two rotations racing each other, with cases opened through a stale cache meanwhile, all finish', async () => {
    const tenant = await newTenant();
    const server = new Keyring(database, provider, { ttlMs: 60_000 });
    const cases = [];
    for (let i = 0; i < 12; i++) cases.push(await openCase(server, tenant));

    const [one, two, ...opened] = await Promise.all([
      rotateTenantKey(database, new Keyring(database, provider), tenant, {
        recordEvent: keyEventRecorder(database),
        batchSize: 2,
      }),
      rotateTenantKey(database, new Keyring(database, provider), tenant, {
        recordEvent: keyEventRecorder(database),
        batchSize: 3,
      }),
      openCase(server, tenant),
      openCase(server, tenant),
      openCase(server, tenant),
    ]);
    cases.push(...opened);
    expect(one.version).toBe(2);
    expect(two.version).toBe(2);
    expect([one.resumed, two.resumed].sort()).toEqual([false, true]);
    // Later cases through the same (still cached) keyring, and a later rotation.
    cases.push(await openCase(server, tenant));
    expect(
      await rotateTenantKey(database, new Keyring(database, provider), tenant, {
        recordEvent: keyEventRecorder(database),
      }),
    ).toMatchObject({
      version: 3,
      done: cases.length,
    });
    expect(await versionsOf(tenant)).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    expect(new Set((await dataKeyVersions(tenant)).map((row) => row.tenant_key_version))).toEqual(
      new Set([3]),
    );
    await expectReadable(tenant, cases);
    const events = await rotationEvents(tenant);
    expect(
      events.filter((event) => event.object_id === '2' && event.reason?.startsWith('rewrapped=')),
    ).toHaveLength(2);
    expect(events.every((event) => event.outcome === 'success')).toBe(true);
  });

  it('audits an interrupted and a failed rotation, and the run that resumes it', async () => {
    const tenant = await newTenant();
    const keyring = new Keyring(database, provider);
    const cases = [];
    for (let i = 0; i < 6; i++) cases.push(await openCase(keyring, tenant));

    const controller = new AbortController();
    const interrupted = rotateTenantKey(database, keyring, tenant, {
      recordEvent: keyEventRecorder(database),
      batchSize: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 2) controller.abort();
      },
    });
    await expect(interrupted).rejects.toThrow(RotationFailedError);
    await expect(interrupted).rejects.toMatchObject({ code: 'interrupted', version: 2 });
    await expectReadable(tenant, cases);

    // The key provider fails (here: closed) while the rotation needs it.
    const broken = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    await broken.close();
    await expect(
      rotateTenantKey(database, new Keyring(database, broken), tenant, {
        recordEvent: keyEventRecorder(database),
      }),
    ).rejects.toMatchObject({
      code: 'provider_error',
    });

    const resumed = await rotateTenantKey(database, new Keyring(database, provider), tenant, {
      recordEvent: keyEventRecorder(database),
      batchSize: 2,
    });
    expect(resumed).toMatchObject({ version: 2, resumed: true, done: 4 });
    await expectReadable(tenant, cases);
    expect(await rotationEvents(tenant)).toEqual([
      { object_id: '2', outcome: 'failure', reason: 'interrupted' },
      { object_id: '2', outcome: 'success', reason: 'resumed' },
      { object_id: '2', outcome: 'failure', reason: 'provider_error' },
      { object_id: '2', outcome: 'success', reason: 'resumed' },
      { object_id: '2', outcome: 'success', reason: 'rewrapped=4' },
    ]);
  });
});
