// Receipt logins under guessing, on both databases (issue 12): a run of wrong receipts from anyone makes the
// proof of work of the portal's receipt logins dearer, up to a bound, and never locks out a reporter who
// holds the right receipt. Nothing about the client is kept, and the count keeps the day only.
import { randomBytes, randomInt } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
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
