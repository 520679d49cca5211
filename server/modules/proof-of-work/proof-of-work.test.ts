import { createHash, randomBytes } from 'node:crypto';
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import type { KeyProvider } from '../../crypto/key-provider.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import { type Database, openDatabase } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { createTenant } from '../tenants/service.ts';
import {
  createPortalChallenge,
  DEFAULT_EXPIRES_IN_SECONDS,
  DEFAULT_MAX_NUMBER,
  loadPortalSecret,
  type PortalChallenge,
  PURGE_MARGIN_SECONDS,
  purgeSpentChallenges,
  spentChallengeKey,
  verifyPortalSolution,
} from './proof-of-work.ts';

const refused = { status: 422, code: 'proof_of_work_invalid' };
const minutes = (n: number) => n * 60_000;

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
const decode = (payload: string) => JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));

/** Solves with altcha-lib's Node solver (fast) and sends what the browser sends (web/portal/proof-of-work.ts). */
async function solve(challenge: PortalChallenge | Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('not solved');
  return encode({ challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } });
}

describe.each(databaseTargets())('portal proof of work on %s', (target) => {
  let database: Database;
  let testDatabase: TestDatabase;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let keyring: Keyring;
  let acme: string;
  let globex: string;
  let acmeSecret: Buffer;
  let globexSecret: Buffer;

  const inTenant = <T>(tenantId: string, fn: Parameters<typeof withTenant<T>>[2]) =>
    withTenant(database, { tenantId, userId: null }, fn);
  const verifyAt = (payload: string, now?: Date, secret = acmeSecret) =>
    inTenant(acme, (trx) => verifyPortalSolution(trx, secret, payload, now));
  // Quick to solve: the tests check the rules, not the difficulty.
  const challenge = (secret = acmeSecret, options: Parameters<typeof createPortalChallenge>[1] = {}) =>
    createPortalChallenge(secret, { maxNumber: 2_000, ...options });

  beforeAll(async () => {
    ({ database, testDatabase, cleanup } = await openTestDatabase(target));
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    keyring = new Keyring(database, provider);
    acme = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    globex = (await createTenant(database.db, { slug: 'globex', name: 'Globex' })).id;
    const acmeKeys = await keyring.forTenant(acme);
    acmeSecret = await inTenant(acme, (trx) => loadPortalSecret(trx, acmeKeys));
    const globexKeys = await keyring.forTenant(globex);
    globexSecret = await inTenant(globex, (trx) => loadPortalSecret(trx, globexKeys));
  });
  afterAll(async () => {
    await provider?.close();
    await cleanup?.();
  });

  it('issues a signed SHA-256 challenge that expires in ten minutes, solvable within maxNumber', async () => {
    const now = new Date();
    const issued = await createPortalChallenge(acmeSecret, { now: () => now });
    expect(issued.parameters).toMatchObject({ algorithm: 'SHA-256', cost: 1, keyLength: 32 });
    expect(issued.parameters.expiresAt).toBe(Math.floor(now.getTime() / 1000) + DEFAULT_EXPIRES_IN_SECONDS);
    expect(issued.signature).toMatch(/^[0-9a-f]{64}$/);
    const { solution } = decode(await solve(issued));
    expect(solution.counter).toBeGreaterThanOrEqual(1);
    expect(solution.counter).toBeLessThanOrEqual(DEFAULT_MAX_NUMBER);
  });

  it('accepts a solved challenge once and refuses it as a replay after that', async () => {
    const payload = await solve(await challenge());
    await expect(verifyAt(payload)).resolves.toBeUndefined();
    await expect(verifyAt(payload)).rejects.toMatchObject(refused);
    // Also through another tenant's portal: the spent record is not per tenant.
    await expect(
      inTenant(globex, (trx) => verifyPortalSolution(trx, acmeSecret, payload)),
    ).rejects.toMatchObject(refused);
  });

  it('does not spend a challenge whose transaction rolls back (the report did not save)', async () => {
    const payload = await solve(await challenge());
    await expect(
      inTenant(acme, async (trx) => {
        await verifyPortalSolution(trx, acmeSecret, payload);
        throw new Error('report failed to save');
      }),
    ).rejects.toThrow('report failed to save');
    await expect(verifyAt(payload)).resolves.toBeUndefined();
    await expect(verifyAt(payload)).rejects.toMatchObject(refused);
  });

  it('accepts exactly one of two simultaneous uses', async () => {
    const payload = await solve(await challenge());
    const results = await Promise.allSettled([verifyAt(payload), verifyAt(payload)]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((result) => result.status === 'rejected')?.reason).toMatchObject(refused);
  });

  it.runIf(target === 'postgres')('refuses a replay on another instance', async () => {
    const payload = await solve(await challenge());
    await expect(verifyAt(payload)).resolves.toBeUndefined();
    // A second connection pool to the same database stands for a second TMA instance.
    const other = await openDatabase(testDatabase.config);
    try {
      await expect(
        withTenant(other, { tenantId: acme, userId: null }, (trx) =>
          verifyPortalSolution(trx, acmeSecret, payload),
        ),
      ).rejects.toMatchObject(refused);
    } finally {
      await other.close();
    }
  });

  it('refuses a wrong answer', async () => {
    const payload = decode(await solve(await challenge()));
    const { counter, derivedKey } = payload.solution;
    // The right key with another counter, and another counter with its own (correctly derived) key.
    const wrongCounter = { ...payload, solution: { counter: counter + 1, derivedKey } };
    await expect(verifyAt(encode(wrongCounter))).rejects.toMatchObject(refused);
    const otherKey = await solveChallenge({
      challenge: { parameters: { ...payload.challenge.parameters, keyPrefix: '0' } },
      counterStart: counter + 1,
      deriveKey,
    });
    expect(otherKey?.derivedKey).not.toBe(derivedKey);
    const consistentButWrong = {
      ...payload,
      solution: { counter: otherKey?.counter, derivedKey: otherKey?.derivedKey },
    };
    await expect(verifyAt(encode(consistentButWrong))).rejects.toMatchObject(refused);
    const upperCase = { ...payload, solution: { counter, derivedKey: derivedKey.toUpperCase() } };
    await expect(verifyAt(encode(upperCase))).rejects.toMatchObject(refused);
    // None of these spent the challenge.
    await expect(verifyAt(encode(payload))).resolves.toBeUndefined();
  });

  it('refuses a tampered signature or tampered parameters', async () => {
    const payload = decode(await solve(await challenge()));
    const signature: string = payload.challenge.signature;
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    const tamperedSignature = { ...payload, challenge: { ...payload.challenge, signature: flipped } };
    await expect(verifyAt(encode(tamperedSignature))).rejects.toMatchObject(refused);
    const unsigned = { ...payload, challenge: { parameters: payload.challenge.parameters } };
    await expect(verifyAt(encode(unsigned))).rejects.toMatchObject(refused);
    const later = {
      ...payload.challenge.parameters,
      expiresAt: payload.challenge.parameters.expiresAt + 3600,
    };
    const extended = { ...payload, challenge: { ...payload.challenge, parameters: later } };
    await expect(verifyAt(encode(extended))).rejects.toMatchObject(refused);
    const easier = { ...payload.challenge.parameters, keyPrefix: '0' };
    const weakened = { ...payload, challenge: { ...payload.challenge, parameters: easier } };
    await expect(verifyAt(encode(weakened))).rejects.toMatchObject(refused);
  });

  it('refuses an expired challenge', async () => {
    const issuedLongAgo = await challenge(acmeSecret, { now: () => new Date(Date.now() - minutes(11)) });
    await expect(verifyAt(await solve(issuedLongAgo))).rejects.toMatchObject(refused);
    const fresh = await solve(await challenge(acmeSecret, { expiresInSeconds: 60 }));
    await expect(verifyAt(fresh, new Date(Date.now() + minutes(2)))).rejects.toMatchObject(refused);
    await expect(verifyAt(fresh)).resolves.toBeUndefined();
  });

  it('refuses a challenge signed with another tenant’s secret', async () => {
    expect(globexSecret.equals(acmeSecret)).toBe(false);
    const payload = await solve(await challenge(globexSecret));
    await expect(verifyAt(payload)).rejects.toMatchObject(refused);
    await expect(verifyAt(await solve(await challenge(randomBytes(32))))).rejects.toMatchObject(refused);
  });

  it('refuses garbage payloads', async () => {
    const good = decode(await solve(await challenge()));
    const garbage: unknown[] = [
      '',
      'not base64!',
      Buffer.from('not json').toString('base64'),
      encode(null),
      encode([]),
      encode('text'),
      encode({}),
      encode({ challenge: good.challenge }),
      encode({ solution: good.solution }),
      encode({ challenge: { signature: good.challenge.signature }, solution: good.solution }),
      encode({
        ...good,
        solution: { counter: String(good.solution.counter), derivedKey: good.solution.derivedKey },
      }),
      encode({ ...good, solution: { counter: good.solution.counter } }),
      encode({ ...good, solution: { counter: -1, derivedKey: good.solution.derivedKey } }),
      encode({ ...good, solution: { counter: 1.5, derivedKey: good.solution.derivedKey } }),
      encode({ ...good, solution: { counter: good.solution.counter, derivedKey: 'xyz' } }),
      encode({ ...good, challenge: { ...good.challenge, signature: 42 } }),
      encode({
        ...good,
        challenge: { ...good.challenge, parameters: { ...good.challenge.parameters, expiresAt: 'never' } },
      }),
      encode({
        ...good,
        challenge: { ...good.challenge, parameters: { ...good.challenge.parameters, nonce: 'zz' } },
      }),
      encode({
        ...good,
        challenge: { ...good.challenge, parameters: { ...good.challenge.parameters, algorithm: 'SHA-1' } },
      }),
      `${encode(good)}${'A'.repeat(5000)}`,
      undefined,
      42,
      { payload: encode(good) },
    ];
    for (const payload of garbage) {
      await expect(verifyAt(payload as string), JSON.stringify(payload)).rejects.toMatchObject(refused);
    }
    // The good one was never spent by the garbage around it.
    await expect(verifyAt(encode(good))).resolves.toBeUndefined();
  });

  it('purges spent challenges by day once past expiry, and keeps the others', async () => {
    await database.db.deleteFrom('proof_of_work_spent_days').execute();
    await database.db.deleteFrom('proof_of_work_spent').execute();
    const now = new Date();
    const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    await database.db
      .insertInto('proof_of_work_spent_days')
      .values([
        { challenge_key: randomBytes(32), purge_after: day(-3) },
        { challenge_key: randomBytes(32), purge_after: day(-1) },
        // Today's: its challenge may still be live (or live on a lagging instance).
        { challenge_key: randomBytes(32), purge_after: day(0) },
      ])
      .execute();
    // The previous release's rows go once expired (with the margin).
    const margin = PURGE_MARGIN_SECONDS * 1000;
    await database.db
      .insertInto('proof_of_work_spent')
      .values([
        { challenge_hash: randomBytes(32), expires_at: new Date(now.getTime() - margin - minutes(60)) },
        { challenge_hash: randomBytes(32), expires_at: new Date(now.getTime() - margin + 1000) },
      ])
      .execute();
    const live = await solve(await challenge());
    await verifyAt(live);
    await expect(purgeSpentChallenges(database.db, now)).resolves.toBe(3);
    const left = await database.db.selectFrom('proof_of_work_spent_days').select('purge_after').execute();
    expect(left.map((row) => row.purge_after >= day(0))).toEqual([true, true]);
    await expect(database.db.selectFrom('proof_of_work_spent').selectAll().execute()).resolves.toHaveLength(
      1,
    );
    await expect(verifyAt(live)).rejects.toMatchObject(refused);
    await expect(purgeSpentChallenges(database.db, now)).resolves.toBe(0);
  });

  it('keeps a spent challenge as a keyed hash and a day, never a time', async () => {
    await database.db.deleteFrom('proof_of_work_spent_days').execute();
    await database.db.deleteFrom('proof_of_work_spent').execute();
    const issued = await challenge();
    const payload = await solve(issued);
    await verifyAt(payload);
    // Nothing in the old table, whose expires_at dated the report it was written with to the second.
    await expect(database.db.selectFrom('proof_of_work_spent').selectAll().execute()).resolves.toEqual([]);
    const rows = await database.db
      .selectFrom('proof_of_work_spent_days')
      .select(['challenge_key', sql<string>`purge_after::text`.as('day')])
      .execute();
    expect(rows).toHaveLength(1);
    const [row] = rows as [{ challenge_key: Uint8Array; day: string }];
    const expiresAt = new Date((issued.parameters.expiresAt as number) * 1000);
    expect(row.day).toBe(
      new Date(expiresAt.getTime() + PURGE_MARGIN_SECONDS * 1000).toISOString().slice(0, 10),
    );
    // Every column is a key or a day: no type that could hold a time of day.
    const types = await sql<{ data_type: string }>`
      SELECT data_type FROM information_schema.columns WHERE table_name = 'proof_of_work_spent_days'
    `.execute(database.db);
    expect(types.rows.map((column) => column.data_type).sort()).toEqual(['bytea', 'date']);
    // Keyed: not the plain hash of the signature, and another tenant's secret gives another key.
    const key = Buffer.from(row.challenge_key);
    expect(key.equals(createHash('sha256').update(issued.signature).digest())).toBe(false);
    expect(key.equals(spentChallengeKey(acmeSecret, issued.signature))).toBe(true);
    expect(spentChallengeKey(globexSecret, issued.signature).equals(key)).toBe(false);
  });

  it('refuses a challenge that an instance of the previous release spent', async () => {
    const issued = await challenge();
    await database.db
      .insertInto('proof_of_work_spent')
      .values({
        challenge_hash: createHash('sha256').update(issued.signature).digest(),
        expires_at: new Date((issued.parameters.expiresAt as number) * 1000),
      })
      .execute();
    await expect(verifyAt(await solve(issued))).rejects.toMatchObject(refused);
  });

  it('derives the same tenant secret on every instance and another for each tenant', async () => {
    const otherInstance = new Keyring(database, provider);
    const keys = await otherInstance.forTenant(acme);
    const again = await inTenant(acme, (trx) => loadPortalSecret(trx, keys));
    expect(again.equals(acmeSecret)).toBe(true);
    expect(acmeSecret).toHaveLength(32);
    const cipher = await inTenant(acme, (trx) => keys.scope(trx, 'portal', acme));
    expect(cipher.deriveKey('portal.proof_of_work').equals(acmeSecret)).toBe(true);
    expect(cipher.deriveKey('portal.reporter_token').equals(acmeSecret)).toBe(false);
  });

  it('rejects unusable options and secrets', async () => {
    await expect(createPortalChallenge(acmeSecret, { maxNumber: 0 })).rejects.toThrow(TypeError);
    await expect(createPortalChallenge(acmeSecret, { maxNumber: 2 ** 32 })).rejects.toThrow(TypeError);
    await expect(createPortalChallenge(acmeSecret, { expiresInSeconds: 0 })).rejects.toThrow(TypeError);
    await expect(createPortalChallenge(Buffer.alloc(8))).rejects.toThrow(TypeError);
  });
});
