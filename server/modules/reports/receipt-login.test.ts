// Receipt logins under guessing, on both databases (issue 12): a run of wrong receipts from anyone makes the
// proof of work of the portal's receipt logins dearer, up to a bound, and never locks out a reporter who
// holds the right receipt. Nothing about the client is kept, and the count keeps the day only.
// And the keyed receipt index (issue 18): a receipt finds its report through an HMAC under a key the
// database does not hold, a receipt of an earlier release through its argon2id hash and then its index, and
// every wrong receipt gets the same answer after the same slow hash.
import { createHash, createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { dumpCells, dumpDatabase } from '../../../test/support/database-dump.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { multipart } from '../../../test/support/multipart.ts';
import { solvePortalChallengeInNode } from '../../../test/support/proof-of-work.ts';
import type { KeyProvider } from '../../crypto/key-provider.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { createPostgresBlobStore } from '../documents/postgres-blob-store.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit } from '../units/service.ts';
import { defaultReportForm } from './answers.ts';
import { receiptWorkLevel } from './receipt-throttle.ts';
import { formatReceipt, hashReceipt, loadReceiptIndexKey, receiptIndex } from './receipts.ts';
import { receiveReport } from './receive-report.ts';
import { reportSettings } from './store.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Small numbers, so that the test solves its challenges quickly; the curve is the production one.
const THROTTLE = { freeFailures: 3, baseMaxNumber: 2_000, maxLevel: 3 };

describe('the work a receipt login costs', () => {
  const level = (today: number, yesterday = 0, hourOfDay = 0) =>
    receiptWorkLevel({ today, yesterday, dayElapsed: hourOfDay / 24 }, { freeFailures: 10, maxLevel: 4 });

  it('is the base work for the free failures, then doubles with each doubling of the failures, up to the cap', () => {
    expect([0, 1, 10].map((n) => level(n))).toEqual([0, 0, 0]);
    expect([11, 20, 21, 40, 41, 80, 81, 160, 161, 10_000].map((n) => level(n))).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 4, 4,
    ]);
  });

  it("counts yesterday's failures less as today goes on (a sliding day)", () => {
    expect(level(0, 80, 0)).toBe(3);
    expect(level(0, 80, 12)).toBe(2);
    expect(level(0, 80, 18)).toBe(1);
    expect(level(5, 80, 23.9)).toBe(0);
  });
});

describe.each(databaseTargets())('receipt logins under guessing on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let t: TestApp;
  let tenantId: string;
  // Starts at the next UTC midnight plus an hour: ahead of the system clock (which altcha-lib also checks
  // expiry against), with day boundaries the test knows.
  const clock = { now: new Date(Math.ceil((Date.now() + 1) / DAY) * DAY + HOUR) };
  const day = (offset = 0) => new Date(clock.now.getTime() + offset * DAY).toISOString().slice(0, 10);

  const challenge = async (purpose?: 'receipt' | 'report') => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/portal/acme/challenge${purpose ? `?purpose=${purpose}` : ''}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  /** The work a challenge asks for: the largest counter it may have (signed into it). */
  const workOf = (issued: { parameters: { data?: { maxNumber?: number } } }) =>
    issued.parameters.data?.maxNumber;
  const login = async (receipt: string, proof?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/portal/acme/receipt-sessions',
      payload: { receipt, proof: proof ?? (await solvePortalChallengeInNode(await challenge('receipt'))) },
    });
  const wrongReceipt = () => Array.from({ length: 16 }, () => String(randomInt(10))).join('');
  const failureRows = () =>
    withTenant(database, { tenantId, userId: null }, (trx) =>
      trx.selectFrom('receipt_failure_days').selectAll().orderBy('day').execute(),
    );

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    await createUnit(database, tenantId, { slug: 'de', name: 'Germany' }, { kind: 'operator' });
    t = await buildTestApp(database, {
      reporting: {
        keyring: new Keyring(database, provider),
        blobStore: createPostgresBlobStore(database),
        attachments: { maxBytes: 1024 * 1024, maxFiles: 3 },
        receiptThrottle: THROTTLE,
        now: () => clock.now,
      },
    });
  });
  afterAll(async () => {
    await t?.app.close();
    await provider?.close();
    await cleanup?.();
  });

  it('lets the right receipt in after a run of wrong ones, at a higher but bounded proof-of-work cost', async () => {
    const body = multipart(
      'submission',
      {
        proof: await solvePortalChallengeInNode(await challenge()),
        language: 'en',
        formVersion: defaultReportForm.version,
        anonymous: true,
        unit: 'de',
        answers: { immediate_danger: 'no', description: 'Threats in the canteen.' },
      },
      [],
    );
    const submitted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/portal/acme/reports',
      payload: body.payload,
      headers: body.headers,
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const { receipt } = submitted.json();
    // A report's challenge costs the base work, and so does a receipt login while nobody has guessed.
    expect(workOf(await challenge())).toBe(2_000);
    expect(workOf(await challenge('receipt'))).toBe(2_000);

    // One client guesses 14 receipts. Each costs a proof of the current work and gets the same 401; none
    // is refused unchecked. The work doubles with each doubling of the failures beyond the free ones.
    const work: Array<number | undefined> = [];
    for (let i = 0; i < 14; i++) {
      const guess = await login(wrongReceipt());
      expect(guess.statusCode, guess.body).toBe(401);
      expect(guess.json().error.code).toBe('receipt_invalid');
      work.push(workOf(await challenge('receipt')));
    }
    expect(work).toEqual([
      2_000, 2_000, 2_000, 4_000, 4_000, 4_000, 8_000, 8_000, 8_000, 8_000, 8_000, 8_000, 16_000, 16_000,
    ]);
    // Reports are not made dearer by receipt guessing.
    expect(workOf(await challenge('report'))).toBe(2_000);

    // A proof of less work than is now due is refused before the receipt is even hashed, and not counted.
    const cheap = await login(receipt, await solvePortalChallengeInNode(await challenge('report')));
    expect(cheap.statusCode, cheap.body).toBe(409);
    expect(cheap.json().error.code).toBe('proof_of_work_outdated');
    expect((await failureRows()).map((row) => row.failures)).toEqual([14]);

    // The reporter with the right receipt gets in, paying the dearer proof.
    const reporter = await login(receipt);
    expect(reporter.statusCode, reporter.body).toBe(201);
    const view = await t.app.inject({
      method: 'GET',
      url: '/api/v1/portal/acme/dialogue',
      headers: { authorization: `Bearer ${reporter.json().token}` },
    });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json().answers.description).toBe('Threats in the canteen.');

    // The work stops at the cap, however long the guessing goes on.
    for (let i = 0; i < 6; i++) expect((await login(wrongReceipt())).statusCode).toBe(401);
    expect(workOf(await challenge('receipt'))).toBe(16_000);

    // What is kept: the tenant's count for the day, no address, no time of day.
    const rows = await failureRows();
    expect(rows).toEqual([{ tenant_id: tenantId, day: day(), failures: 20 }]);
  });

  it("lets the work fall back as the day's failures age, and forgets the old days", async () => {
    // 20 failures yesterday, half of yesterday still inside the sliding day: counted as 10.
    clock.now = new Date(clock.now.getTime() + DAY + 11 * HOUR);
    expect(workOf(await challenge('receipt'))).toBe(8_000);
    // The next day, nobody has guessed for a whole day: the base work again.
    clock.now = new Date(clock.now.getTime() + DAY);
    expect(workOf(await challenge('receipt'))).toBe(2_000);
    // A new failure starts today's count and removes the days that no longer count.
    expect((await login(wrongReceipt())).statusCode).toBe(401);
    expect((await failureRows()).map((row) => [row.day, row.failures])).toEqual([[day(), 1]]);
  });
});

describe.each(databaseTargets())('the keyed receipt index on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let keyring: Keyring;
  let t: TestApp;
  let tenantId: string;
  let unit: { id: string; name: string };
  const scope = () => ({ tenantId, userId: null });

  const challenge = async (purpose: 'receipt' | 'report') => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/portal/acme/challenge?purpose=${purpose}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const proof = async (purpose: 'receipt' | 'report' = 'receipt') =>
    solvePortalChallengeInNode(await challenge(purpose));
  /** A receipt login with a proof solved beforehand, and how long the server took to answer it. */
  const login = async (receipt: string) => {
    const payload = { receipt, proof: await proof() };
    const started = performance.now();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/portal/acme/receipt-sessions',
      payload,
    });
    return { response, ms: performance.now() - started };
  };
  const submit = async (description: string): Promise<string> => {
    const body = multipart(
      'submission',
      {
        proof: await proof('report'),
        language: 'en',
        formVersion: defaultReportForm.version,
        anonymous: true,
        unit: 'de',
        answers: { immediate_danger: 'no', description },
      },
      [],
    );
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/portal/acme/reports',
      payload: body.payload,
      headers: body.headers,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().receipt;
  };
  const reportRow = (id: string) =>
    withTenant(database, scope(), (trx) =>
      trx
        .selectFrom('reports')
        .select(['id', 'receipt_hash', 'receipt_index'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    );
  const reportByIndex = (index: Buffer) =>
    withTenant(database, scope(), (trx) =>
      trx
        .selectFrom('reports')
        .select(['id', 'receipt_hash', 'receipt_index'])
        .where('receipt_index', '=', index)
        .executeTakeFirst(),
    );
  const indexKey = async () => {
    const keys = await keyring.forTenant(tenantId);
    return withTenant(database, scope(), (trx) => loadReceiptIndexKey(trx, keys));
  };
  const failures = () =>
    withTenant(database, scope(), async (trx) =>
      (await trx.selectFrom('receipt_failure_days').select('failures').execute()).reduce(
        (sum, row) => sum + row.failures,
        0,
      ),
    );
  const digitsOf = (receipt: string) => receipt.replace(/\D/g, '');
  const randomDigits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join('');

  /** A report as the previous release stored it: a 16-digit receipt, argon2id under the tenant's salt only. */
  const legacyReport = async (digits: string): Promise<string> => {
    const keys = await keyring.forTenant(tenantId);
    const salt = await withTenant(
      database,
      scope(),
      async (trx) => (await reportSettings(trx, tenantId)).receipt_salt,
    );
    const receiptHash = await hashReceipt(digits, salt);
    const id = randomUUID();
    await withTenant(database, scope(), async (trx) => {
      await receiveReport(trx, await keys.scope(trx, 'report', id), {
        id,
        tenantId,
        unit,
        channel: 'portal',
        anonymous: true,
        receivedOn: new Date().toISOString().slice(0, 10),
        arrivedAt: new Date(),
        recordedBy: null,
        language: 'en',
        form: defaultReportForm,
        answers: { immediate_danger: 'no', description: 'Reported under the previous release.' },
        danger: false,
        reporter: null,
        receiptIndex: null,
        attachments: [],
      });
      await trx.updateTable('reports').set({ receipt_hash: receiptHash }).where('id', '=', id).execute();
    });
    return id;
  };

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    keyring = new Keyring(database, provider);
    tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    unit = await createUnit(database, tenantId, { slug: 'de', name: 'Germany' }, { kind: 'operator' });
    t = await buildTestApp(database, {
      reporting: {
        keyring,
        blobStore: createPostgresBlobStore(database),
        attachments: { maxBytes: 1024 * 1024, maxFiles: 3 },
        // Many free failures: this test counts them, and solves every challenge at the base work.
        receiptThrottle: { freeFailures: 1000, baseMaxNumber: 2_000, maxLevel: 0 },
        now: () => new Date(),
      },
    });
  });
  afterAll(async () => {
    await t?.app.close();
    await provider?.close();
    await cleanup?.();
  });

  it('stores a new receipt of 32 digits only as its HMAC, finds its report by it, and never hashes it slowly', async () => {
    const receipt = await submit('A new receipt.');
    expect(receipt).toMatch(/^\d{4}( \d{4}){7}$/);
    const digits = digitsOf(receipt);
    const index = receiptIndex(await indexKey(), digits);
    const row = await reportByIndex(index);
    expect(row?.receipt_hash).toBeNull();
    expect(row?.receipt_index).toHaveLength(32);

    const { response } = await login(receipt);
    expect(response.statusCode, response.body).toBe(201);
    const view = await t.app.inject({
      method: 'GET',
      url: '/api/v1/portal/acme/dialogue',
      headers: { authorization: `Bearer ${response.json().token}` },
    });
    expect(view.json().answers.description).toBe('A new receipt.');
    // Typed as the reporter wrote it down, with dashes.
    expect((await login(receipt.replaceAll(' ', '-'))).response.statusCode).toBe(201);
    expect(await failures()).toBe(0);
  });

  it('lets a receipt of the previous release in by its argon2id hash, then gives it the keyed index', async () => {
    const digits = randomDigits(16);
    const id = await legacyReport(digits);
    expect((await reportRow(id)).receipt_index).toBeNull();

    const first = await login(formatReceipt(digits));
    expect(first.response.statusCode, first.response.body).toBe(201);
    const row = await reportRow(id);
    expect(row.receipt_index?.equals(receiptIndex(await indexKey(), digits))).toBe(true);
    // The previous release, still running beside this one during a deploy, keeps finding it by its hash.
    expect(row.receipt_hash).toHaveLength(32);

    // From now on the index finds it; the token opens the report either way.
    const again = await login(digits);
    expect(again.response.statusCode, again.response.body).toBe(201);
    const view = await t.app.inject({
      method: 'GET',
      url: '/api/v1/portal/acme/dialogue',
      headers: { authorization: `Bearer ${again.response.json().token}` },
    });
    expect(view.json().answers.description).toBe('Reported under the previous release.');
    expect(await failures()).toBe(0);
  });

  it('answers every wrong receipt alike, after the same slow hash, and counts it', async () => {
    await submit('Another report.');
    await legacyReport(randomDigits(16));
    // The slow hash alone, measured here: every wrong receipt must cost at least about that.
    const salt = Buffer.alloc(16, 1);
    const argon2: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await hashReceipt(randomDigits(16), salt);
      argon2.push(performance.now() - started);
    }
    const slowHash = Math.min(...argon2);

    const before = await failures();
    const wrong = [
      randomDigits(32),
      randomDigits(16),
      formatReceipt(randomDigits(32)),
      'not a receipt',
      '1234',
    ];
    const answers: string[] = [];
    for (const receipt of wrong) {
      const { response, ms } = await login(receipt);
      expect(response.statusCode, `${receipt}: ${response.body}`).toBe(401);
      // The same body but for the request's own id.
      const { requestId: _, ...error } = response.json().error;
      answers.push(JSON.stringify(error));
      expect(
        ms,
        `the answer to ${receipt} came after ${ms} ms, the slow hash takes ${slowHash} ms`,
      ).toBeGreaterThan(slowHash * 0.5);
    }
    // One answer for all: nothing tells a well-formed receipt of no report from any other wrong input.
    expect(new Set(answers).size).toBe(1);
    expect(JSON.parse(answers[0] as string).code).toBe('receipt_invalid');
    expect(await failures()).toBe(before + wrong.length);
  });

  it('keeps nothing in the database that tells a receipt without the key: no plaintext, no plain SHA', async () => {
    const receipt = await submit('What a stolen dump holds.');
    const digits = digitsOf(receipt);
    const key = await indexKey();
    const stored = receiptIndex(key, digits);
    expect((await reportByIndex(stored))?.receipt_index?.equals(stored)).toBe(true);

    const cells = dumpCells(await dumpDatabase(database));
    const hex = (bytes: Buffer) => bytes.toString('hex');
    for (const cell of cells) {
      expect(cell.text, cell.column).not.toContain(digits);
      expect(cell.text, cell.column).not.toContain(receipt);
      // The index key is not stored: its data key is wrapped by the tenant key, and that by the provider.
      expect(cell.text, cell.column).not.toContain(hex(key));
    }
    expect(cells.some((cell) => cell.text.includes(hex(stored)))).toBe(true);

    // Whoever holds only the dump cannot test a guess, even the right one: not by a plain SHA-256, and not
    // by an HMAC under any value the dump holds (salts, wrapped keys, hashes).
    const candidates = [digits, `tma-receipt:${digits}`, receipt];
    for (const candidate of candidates)
      expect(createHash('sha256').update(candidate).digest().equals(stored)).toBe(false);
    const dumpedBytes = cells
      .flatMap((cell) => [...cell.text.matchAll(/\\x([0-9a-f]{32,})/g)].map((match) => match[1] as string))
      .map((text) => Buffer.from(text, 'hex'));
    expect(dumpedBytes.length).toBeGreaterThan(10);
    for (const bytes of dumpedBytes)
      for (const candidate of candidates)
        expect(createHmac('sha256', bytes).update(candidate).digest().equals(stored)).toBe(false);
    // The right key does match: the test above could fail.
    expect(createHmac('sha256', key).update(`tma-receipt:${digits}`).digest().equals(stored)).toBe(true);
  });
});
