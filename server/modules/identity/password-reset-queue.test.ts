// The password-reset queue when working a request off fails (issue 12): the request was answered already,
// so a failure is logged and tried again, never thrown at anyone; after its attempts it is dropped with a
// log line. A request sealed under a key this instance does not have is dropped at once.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import type { KeyProvider } from '../../crypto/key-provider.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import { systemSealer } from '../../crypto/system-sealer.ts';
import type { Database } from '../../db/database.ts';
import { createTenant } from '../tenants/service.ts';
import { createPasswordResetQueue } from './password-reset-queue.ts';
import { createUser } from './service.ts';

describe.each(databaseTargets())('password-reset queue failures on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  const providers: KeyProvider[] = [];
  let keyring: Keyring;
  const logs: Array<{ level: number; msg: string; requestId?: string }> = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
        done();
      },
    }),
  );
  const provider = async () => {
    const created = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    providers.push(created);
    return created;
  };
  const queued = () => database.db.selectFrom('password_reset_requests').selectAll().execute();

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    const tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    await createUser(
      database,
      tenantId,
      { email: 'tim@acme.example', role: 'threat_manager', password: 'Lantern-Orbit 92 quietly' },
      { kind: 'operator' },
    );
    keyring = new Keyring(database, await provider());
    // The tenant's keys exist, wrapped by this keyring's master key.
    await keyring.forTenant(tenantId);
  });
  afterAll(async () => {
    for (const created of providers) await created.close();
    await cleanup?.();
  });

  it('logs a failed request and tries it again, then drops it after its attempts; nothing is thrown', async () => {
    // Answered by an instance that stopped before working it off.
    const answering = createPasswordResetQueue({ database, logger, keyring });
    await answering.stop();
    await answering.enqueue({ tenant: 'acme', email: 'tim@acme.example', locale: 'en' }, 'request-1');
    // An instance whose key provider cannot open the tenant's keys: every attempt fails.
    const failing = createPasswordResetQueue({
      database,
      logger,
      keyring: new Keyring(database, await provider()),
      leaseMs: 0,
      maxAttempts: 2,
    });
    try {
      await expect(failing.runOnce()).resolves.toBe(0);
      expect((await queued()).map((row) => row.attempts)).toEqual([1]);
      await expect(failing.runOnce()).resolves.toBe(0);
      expect((await queued()).map((row) => row.attempts)).toEqual([2]);
      // Out of attempts: the next pass drops it.
      await expect(failing.runOnce()).resolves.toBe(0);
      expect(await queued()).toEqual([]);
    } finally {
      await failing.stop();
    }
    const lines = logs.filter((line) => line.requestId === 'request-1').map((line) => [line.level, line.msg]);
    expect(lines).toEqual([
      [50, 'password reset request failed; it will be tried again'],
      [50, 'password reset request failed; it will be tried again'],
      [40, 'password reset request dropped after 2 attempts'],
    ]);
  });

  it('drops at once a request sealed under a key it does not have, and works off the rest', async () => {
    const elsewhere = createPasswordResetQueue({
      database,
      logger,
      keyring,
      sealer: systemSealer(async () => randomBytes(32)),
    });
    await elsewhere.stop();
    await elsewhere.enqueue({ tenant: 'acme', email: 'tim@acme.example', locale: 'en' }, 'request-2');
    const here = createPasswordResetQueue({ database, logger, keyring });
    await here.stop();
    await here.enqueue({ tenant: 'acme', email: 'nobody@acme.example', locale: 'en' }, 'request-3');
    const worker = createPasswordResetQueue({ database, logger, keyring });
    try {
      await expect(worker.runOnce()).resolves.toBe(2);
    } finally {
      await worker.stop();
    }
    expect(await queued()).toEqual([]);
    expect(logs.filter((line) => line.requestId === 'request-2').map((line) => line.msg)).toEqual([
      'queued password reset cannot be opened; dropped',
    ]);
    expect(logs.filter((line) => line.requestId === 'request-3')).toEqual([]);
  });
});
