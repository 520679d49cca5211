import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../test/support/smtp-server.ts';
import { loadConfig } from '../config.ts';
import type { KeyProvider } from '../crypto/key-provider.ts';
import { Keyring } from '../crypto/keyring.ts';
import { createKeyProvider } from '../crypto/providers/index.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { withTenant } from '../db/tenant-transaction.ts';
import { createLogger } from '../logger.ts';
import { accountMailCipher, enqueueEmail } from '../modules/mail/outbox.ts';
import { createSmtpTransport } from '../modules/mail/transport.ts';
import { createTenant } from '../modules/tenants/service.ts';
import { createMailDispatcher, type MailDispatcher, type MailDispatcherOptions } from './mail-dispatcher.ts';

const publicUrl = 'https://tma.acme.example';
// The master key of the tests' keyring, and of the server started on the same PostgreSQL database below.
const masterKey = Buffer.alloc(32, 3);

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(databaseTargets())('mail dispatcher on %s', (target) => {
  let database: Database;
  let testDatabase: TestDatabase;
  let cleanup: () => Promise<void>;
  let smtp: TestSmtpServer;
  let acme: string;
  let globex: string;
  let logs: Array<Record<string, unknown>>;
  let provider: KeyProvider;
  let keyring: Keyring;
  const dispatchers: MailDispatcher[] = [];
  const extraDatabases: Database[] = [];

  const logger = () =>
    createLogger(
      'debug',
      new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
          done();
        },
      }),
    );

  const dispatcher = (options: Partial<MailDispatcherOptions> & { smtpUrl?: string } = {}) => {
    const config = loadConfig({
      TMA_SMTP_URL: options.smtpUrl ?? smtp.url,
      TMA_MAIL_FROM: 'TMA <tma@acme.example>',
    });
    const created = createMailDispatcher({
      database,
      transport: createSmtpTransport(
        config.mail.smtp as NonNullable<typeof config.mail.smtp>,
        config.mail.from,
      ),
      logger: logger(),
      keyring,
      publicUrl,
      messageIdDomain: 'acme.example',
      pollIntervalMs: 25,
      retryBaseMs: 50,
      retryMaxMs: 200,
      ...options,
    });
    dispatchers.push(created);
    return created;
  };

  const enqueue = async (tenantId: string, to: string, unitName = 'Deutschland') => {
    const keys = await keyring.forTenant(tenantId);
    return withTenant(database, { tenantId, userId: null }, async (trx) =>
      enqueueEmail(trx, {
        to,
        locale: 'en',
        template: 'report.received',
        params: { unitName, path: '/inbox' },
        sealWith: await accountMailCipher(trx, keys),
      }),
    );
  };

  const outbox = (tenantId: string) =>
    withTenant(database, { tenantId, userId: null }, (trx) =>
      trx.selectFrom('email_outbox').selectAll().orderBy('id').execute(),
    );
  const row = async (tenantId: string, id: string) => (await outbox(tenantId)).find((r) => r.id === id);
  const delivered = (id: string) =>
    smtp.received.filter((m) => m.headers.get('message-id') === `<${id}@acme.example>`);
  const logText = () => JSON.stringify(logs);

  beforeAll(async () => {
    ({ database, testDatabase, cleanup } = await openTestDatabase(target));
    acme = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    globex = (await createTenant(database.db, { slug: 'globex', name: 'Globex' })).id;
    smtp = await startTestSmtpServer();
    provider = await createKeyProvider(
      { kind: 'local', masterKey, generatedKeyFile: null },
      createLogger('silent'),
    );
    keyring = new Keyring(database, provider);
  });
  beforeEach(() => {
    logs = [];
    smtp.received.length = 0;
    smtp.rejectRecipient = null;
    smtp.dataDelayMs = 0;
  });
  afterEach(async () => {
    // The dispatchers stop before the database closes, as in main.ts.
    for (const d of dispatchers.splice(0)) await d.stop();
    for (const extra of extraDatabases.splice(0)) await extra.close();
    // Leave nothing due for the next test.
    for (const tenantId of [acme, globex])
      await withTenant(database, { tenantId, userId: null }, (trx) =>
        trx
          .updateTable('email_outbox')
          .set({ status: 'failed', last_error: 'cleared by the test' })
          .where('status', 'in', ['queued', 'sending'])
          .execute(),
      );
  });
  afterAll(async () => {
    await smtp?.close();
    await provider?.close();
    await cleanup?.();
  });

  it('delivers the committed messages of every active tenant once, then forgets address and params', async () => {
    const toTom = await enqueue(acme, 'tom@acme.example');
    const toGina = await enqueue(globex, 'gina@globex.example', 'US');
    const result = await dispatcher().runOnce();
    expect(result).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });

    const [mail] = delivered(toTom.id);
    expect(delivered(toTom.id)).toHaveLength(1);
    expect(mail?.to).toEqual(['tom@acme.example']);
    expect(mail?.subject).toBe('New report for Deutschland');
    expect(mail?.text).toContain(`Open your inbox: ${publicUrl}/inbox`);
    expect(delivered(toGina.id)[0]?.to).toEqual(['gina@globex.example']);

    const sent = await row(acme, toTom.id);
    expect(sent).toMatchObject({
      status: 'sent',
      recipient: '',
      recipient_sealed: null,
      recipient_scope: null,
      recipient_scope_id: null,
      params: {},
      params_sealed: null,
      attempts: 1,
      last_error: null,
    });
    // Kept to the day, so the outbox does not date the report a notice was about.
    expect((sent?.sent_at?.getTime() ?? 1) % 60_000).toBe(0);
    expect((sent?.next_attempt_at.getTime() ?? 1) % 60_000).toBe(0);
    // Neither addresses nor the sending time of a notice reach the log above debug.
    expect(logText()).not.toContain('tom@acme.example');
    expect(logs.filter((l) => (l.level as number) > 20)).toEqual([]);
  });

  it('sends nothing for a transaction that rolled back', async () => {
    const keys = await keyring.forTenant(acme);
    await expect(
      withTenant(database, { tenantId: acme, userId: null }, async (trx) => {
        await enqueueEmail(trx, {
          to: 'tom@acme.example',
          locale: 'de',
          template: 'report.danger',
          params: { unitName: 'DE', path: '/inbox' },
          sealWith: await accountMailCipher(trx, keys),
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toEqual([]);
  });

  it('leaves the messages of a suspended tenant queued', async () => {
    const suspended = (await createTenant(database.db, { slug: 'initech', name: 'Initech' })).id;
    const queued = await enqueue(suspended, 'bill@initech.example');
    await database.db
      .updateTable('tenants')
      .set({ status: 'suspended' })
      .where('id', '=', suspended)
      .execute();
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect((await row(suspended, queued.id))?.status).toBe('queued');
  });

  it('retries with growing delays while the server refuses, and delivers once it accepts', async () => {
    let refusals = 0;
    smtp.rejectRecipient = () =>
      ++refusals <= 2 ? { code: 451, message: 'Try again later, mailbox busy' } : null;
    const { id } = await enqueue(acme, 'tom@acme.example');
    const d = dispatcher();

    const before = Date.now();
    expect(await d.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const first = await row(acme, id);
    expect(first).toMatchObject({ status: 'queued', attempts: 1, recipient: null });
    expect(first?.recipient_sealed).not.toBeNull();
    expect(first?.last_error).toMatch(/451/);
    expect(first?.last_error).not.toContain('tom@acme.example');
    // Due again after the delay (50 ms here), not at once.
    expect(first?.next_attempt_at.getTime()).toBeGreaterThanOrEqual(before + 49);

    await waitFor(async () => (await d.runOnce()).retried === 1, 'the second attempt');
    expect((await row(acme, id))?.attempts).toBe(2);
    await waitFor(async () => (await d.runOnce()).sent === 1, 'the third attempt');
    expect(await row(acme, id)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    expect(delivered(id)).toHaveLength(1);

    const retries = logs.filter((l) => l.msg === 'e-mail not delivered; will retry');
    expect(retries.map((l) => [l.emailId, l.attempt, l.responseCode, l.retryInSeconds])).toEqual([
      [id, 1, 451, 0.05],
      [id, 2, 451, 0.1],
    ]);
    expect(logText()).not.toContain('tom@acme.example');
  });

  it('gives up after the last attempt and logs the outbox id, not the address', async () => {
    smtp.rejectRecipient = () => ({ code: 550, message: 'No such user here' });
    const { id } = await enqueue(acme, 'nobody@acme.example');
    const d = dispatcher({ maxAttempts: 3, retryBaseMs: 10, retryMaxMs: 10 });
    await waitFor(async () => (await d.runOnce()).failed === 1, 'the final attempt');
    const failed = await row(acme, id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed?.last_error).toMatch(/550/);
    const warning = logs.find((l) => l.level === 40);
    expect(warning).toMatchObject({ emailId: id, attempt: 3, responseCode: 550 });
    expect(logText()).not.toContain('nobody@acme.example');
    expect(await d.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('marks failed, and sends nowhere, a message whose params do not open or that has no keys', async () => {
    const tampered = await enqueue(acme, 'tom@acme.example');
    const keyless = await enqueue(acme, 'eve@acme.example');
    const stored = await row(acme, tampered.id);
    if (!stored?.params_sealed) throw new Error('no sealed params');
    const params = Buffer.from(stored.params_sealed);
    params[params.length - 1] = (params[params.length - 1] as number) ^ 1;
    await database.db
      .updateTable('email_outbox')
      .set({ params_sealed: params as typeof stored.params_sealed })
      .where('id', '=', tampered.id)
      .execute();
    // Only the altered one is due for the first dispatcher.
    await database.db
      .updateTable('email_outbox')
      .set({ next_attempt_at: sql`now() + interval '1 hour'` })
      .where('id', '=', keyless.id)
      .execute();
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await row(acme, tampered.id)).toMatchObject({
      status: 'failed',
      last_error: 'params_unreadable: IntegrityError',
    });
    await database.db
      .updateTable('email_outbox')
      .set({ next_attempt_at: sql`now()` })
      .where('id', '=', keyless.id)
      .execute();
    expect(await dispatcher({ keyring: undefined }).runOnce()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await row(acme, keyless.id)).toMatchObject({ status: 'failed', last_error: 'keys_unavailable' });
    expect(smtp.received).toEqual([]);
    expect(logs.filter((l) => l.msg === 'queued e-mail cannot be opened; marked failed')).toHaveLength(2);
  });

  it('still sends a message the previous release queued in clear, then clears it', async () => {
    const id = randomUUID();
    await database.db
      .insertInto('email_outbox')
      .values({
        id,
        tenant_id: acme,
        recipient: 'tom@acme.example',
        locale: 'en',
        template: 'report.received',
        params: JSON.stringify({ unitName: 'Old Unit', path: '/inbox' }),
      })
      .execute();
    expect(await dispatcher({ keyring: undefined }).runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(delivered(id).map((mail) => [mail.to, mail.subject])).toEqual([
      [['tom@acme.example'], 'New report for Old Unit'],
    ]);
    expect(await row(acme, id)).toMatchObject({ status: 'sent', recipient: '', params: {} });
  });

  it('holds back the rest of a batch without spending attempts when the server is unreachable', async () => {
    const ids = [await enqueue(acme, 'a@acme.example'), await enqueue(acme, 'b@acme.example')].map(
      (r) => r.id,
    );
    const unused = await startTestSmtpServer();
    await unused.close();
    const d = dispatcher({
      smtpUrl: `smtp://127.0.0.1:${unused.port}`,
      retryBaseMs: 60_000,
      retryMaxMs: 60_000,
    });
    expect(await d.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const rows = (await outbox(acme)).filter((r) => ids.includes(r.id));
    expect(rows.map((r) => r.status)).toEqual(['queued', 'queued']);
    expect(rows.map((r) => r.attempts).sort()).toEqual([0, 1]);
    for (const r of rows) expect(r.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 30_000);
  });

  it('takes over a message whose sender stopped mid-way once its claim has run out', async () => {
    const stuck = await enqueue(acme, 'tom@acme.example');
    const claimedElsewhere = await enqueue(acme, 'eve@acme.example');
    await withTenant(database, { tenantId: acme, userId: null }, async (trx) => {
      await trx
        .updateTable('email_outbox')
        .set({ status: 'sending', attempts: 1, next_attempt_at: sql`now() - interval '1 minute'` })
        .where('id', '=', stuck.id)
        .execute();
      await trx
        .updateTable('email_outbox')
        .set({ status: 'sending', attempts: 1, next_attempt_at: sql`now() + interval '5 minutes'` })
        .where('id', '=', claimedElsewhere.id)
        .execute();
    });
    expect(await dispatcher().runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await row(acme, stuck.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await row(acme, claimedElsewhere.id)).toMatchObject({ status: 'sending', attempts: 1 });
    expect(delivered(stuck.id)).toHaveLength(1);
    expect(delivered(claimedElsewhere.id)).toHaveLength(0);
  });

  it('marks failed a message whose final attempt never reported back', async () => {
    const { id } = await enqueue(acme, 'tom@acme.example');
    await withTenant(database, { tenantId: acme, userId: null }, (trx) =>
      trx
        .updateTable('email_outbox')
        .set({ status: 'sending', attempts: 10, next_attempt_at: sql`now() - interval '1 minute'` })
        .where('id', '=', id)
        .execute(),
    );
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await row(acme, id)).toMatchObject({ status: 'failed', attempts: 10 });
    expect(delivered(id)).toHaveLength(0);
    expect(logs.find((l) => l.level === 40)).toMatchObject({ emailId: id });
  });

  it('delivers each message exactly once with two dispatchers running at the same time', async () => {
    smtp.dataDelayMs = 5;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await enqueue(i % 2 ? acme : globex, `user${i}@example.org`)).id);
    // On PostgreSQL the second dispatcher has its own connection pool, as another instance would.
    const second = target === 'postgres' ? await openDatabase(testDatabase.config) : database;
    if (second !== database) extraDatabases.push(second);
    const one = dispatcher({ batchSize: 2 });
    const two = dispatcher({ batchSize: 2, database: second });
    one.start();
    two.start();
    await waitFor(() => ids.every((id) => delivered(id).length > 0), 'all messages');
    await one.stop();
    await two.stop();
    for (const id of ids) expect(delivered(id), id).toHaveLength(1);
    expect(smtp.received).toHaveLength(ids.length);
    const rows = [...(await outbox(acme)), ...(await outbox(globex))].filter((r) => ids.includes(r.id));
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('sends at once when woken, and hands an unfinished send back when stopped', async () => {
    const d = dispatcher({ pollIntervalMs: 60_000, stopGraceMs: 50 });
    d.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const woken = await enqueue(acme, 'tom@acme.example');
    d.wake();
    await waitFor(() => delivered(woken.id).length === 1, 'the woken pass');

    smtp.dataDelayMs = 5_000;
    const slow = await enqueue(acme, 'eve@acme.example');
    const next = await enqueue(acme, 'ada@acme.example');
    d.wake();
    await waitFor(async () => (await row(acme, slow.id))?.status === 'sending', 'the slow send');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await d.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    // Back in the queue, due at once for another instance; the attempt does not count.
    for (const id of [slow.id, next.id])
      expect(await row(acme, id), id).toMatchObject({ status: 'queued', attempts: 0 });
  });

  it('is started by startServer when TMA_SMTP_URL is set, and stopped before the database closes', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tma-mail-main-'));
    const env: Record<string, string> = {
      DATA_DIR: dataDir,
      PORT: '0',
      TMA_SMTP_URL: smtp.url,
      TMA_MAIL_FROM: 'tma@acme.example',
      TMA_PUBLIC_URL: publicUrl,
    };
    if (testDatabase.url) {
      env.DATABASE_URL = testDatabase.url;
      env.TMA_MASTER_KEY = masterKey.toString('base64');
    }
    // Imported here: the whole app comes with it, which the other tests do not need.
    const { startServer } = await import('../main.ts');
    const server = await startServer(loadConfig(env), { logger: createLogger('silent') });
    try {
      expect(server.mailDispatcher).not.toBeNull();
      const tenant =
        target === 'postgres'
          ? acme
          : (await createTenant(server.database.db, { slug: 'acme', name: 'ACME' })).id;
      const keys = await server.keyring.forTenant(tenant);
      const { id } = await withTenant(server.database, { tenantId: tenant, userId: null }, async (trx) =>
        enqueueEmail(trx, {
          to: 'tom@acme.example',
          locale: 'de',
          template: 'report.reply_waiting',
          params: { path: '/r' },
          sealWith: await accountMailCipher(trx, keys),
        }),
      );
      server.mailDispatcher?.wake();
      await waitFor(() => delivered(id).length === 1, 'delivery by the running server');
      expect(delivered(id)[0]?.text).toContain(`${publicUrl}/r`);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const off = loadConfig({ DATA_DIR: dataDir, PORT: '0' });
    expect(off.mail.smtp).toBeNull();
  });
});
