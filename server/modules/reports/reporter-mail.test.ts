// A named reporter's e-mail address on its way through the outbox: queued sealed with the report's key
// (never in clear, also when no SMTP server is configured and it waits for ever), opened only by the
// dispatcher to send, and cleared once sent.
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { signIn } from '../../../test/support/session.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../../test/support/smtp-server.ts';
import type { KeyProvider } from '../../crypto/key-provider.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import type { Database } from '../../db/database.ts';
import { createMailDispatcher } from '../../jobs/mail-dispatcher.ts';
import { createPostgresBlobStore } from '../documents/postgres-blob-store.ts';
import { createUser } from '../identity/service.ts';
import { createSmtpTransport } from '../mail/transport.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit, setUserUnits } from '../units/service.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const REPORTER_EMAIL = 'petra.marker-q7z41@reporter.example';
const silent = pino({ level: 'silent' });

/** Every row of the outbox as text, binary columns included byte for byte. */
async function outboxText(database: Database): Promise<string> {
  const rows = await database.db.selectFrom('email_outbox').selectAll().execute();
  return JSON.stringify(rows, (_key, value) =>
    value && typeof value === 'object' && value.type === 'Buffer'
      ? Buffer.from(value.data).toString('latin1')
      : value,
  );
}

describe.each(databaseTargets())('a named reporter’s e-mail in the outbox on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let keyring: Keyring;
  let smtp: TestSmtpServer;
  let t: TestApp;
  let unitId: string;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      silent,
    );
    keyring = new Keyring(database, provider);
    const tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    unitId = (await createUnit(database, tenantId, { slug: 'de', name: 'Germany' }, { kind: 'operator' })).id;
    await createUser(
      database,
      tenantId,
      { email: 'tom@acme.example', role: 'threat_manager', password: PASSWORD, specialty: null },
      { kind: 'operator' },
    );
    await setUserUnits(
      database,
      tenantId,
      { email: 'tom@acme.example' },
      { slugs: ['de'] },
      { kind: 'operator' },
    );
    // No dispatcher: as with TMA_SMTP_URL unset, queued mail waits in the outbox.
    t = await buildTestApp(database, {
      reporting: {
        keyring,
        blobStore: createPostgresBlobStore(database),
        attachments: { maxBytes: 1024 * 1024, maxFiles: 3 },
      },
    });
    smtp = await startTestSmtpServer();
  }, 60_000);
  afterAll(async () => {
    await t?.app.close();
    await smtp?.close();
    await provider?.close();
    await cleanup?.();
  });

  it('queues the address sealed, sends it to the reporter, and clears it once sent', async () => {
    const tom = await signIn(t.app, { tenant: 'acme', email: 'tom@acme.example', password: PASSWORD });
    const recorded = await tom('POST', '/api/v1/reports', {
      unitId,
      channel: 'phone',
      receivedOn: new Date().toISOString().slice(0, 10),
      anonymous: false,
      reporter: { name: 'Petra Meier', email: REPORTER_EMAIL },
      answers: { immediate_danger: 'no', description: 'Ein Anruf.' },
      issueReceipt: true,
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const reportId = recorded.json().report.id as string;
    const before = await database.db.selectFrom('email_outbox').select('id').execute();
    const replied = await tom('POST', `/api/v1/reports/${reportId}/messages`, {
      body: 'Danke, wir melden uns.',
    });
    expect(replied.statusCode, replied.body).toBe(201);

    const queued = await database.db
      .selectFrom('email_outbox')
      .selectAll()
      .where(
        'id',
        'not in',
        before.map((row) => row.id),
      )
      .where('template', '=', 'report.reply_waiting')
      .execute();
    expect(queued).toHaveLength(1);
    const [mail] = queued as [(typeof queued)[number]];
    expect(mail).toMatchObject({
      status: 'queued',
      recipient: null,
      recipient_scope: 'report',
      recipient_scope_id: reportId,
    });
    expect(mail.recipient_sealed).not.toBeNull();
    // Nowhere in the outbox in clear, in any column or encoding of it.
    const text = await outboxText(database);
    for (const needle of [REPORTER_EMAIL, 'petra.marker-q7z41', 'reporter.example'])
      expect(text.includes(needle), `outbox holds ${needle}`).toBe(false);

    // An instance with SMTP sends it to the reporter's address, then forgets it.
    const dispatcher = createMailDispatcher({
      database,
      keyring,
      transport: createSmtpTransport(
        { host: '127.0.0.1', port: smtp.port, secure: false, requireTls: false, auth: null },
        { name: 'TMA', address: 'tma@acme.example' },
      ),
      logger: silent,
      publicUrl: 'https://tma.acme.example',
      messageIdDomain: 'acme.example',
    });
    try {
      const result = await dispatcher.runOnce();
      expect(result.failed).toBe(0);
      expect(result.sent).toBeGreaterThanOrEqual(1);
    } finally {
      await dispatcher.stop();
    }
    const received = smtp.received.filter(
      (message) => message.headers.get('message-id') === `<${mail.id}@acme.example>`,
    );
    expect(received.map((message) => message.to)).toEqual([[REPORTER_EMAIL]]);
    const sent = await database.db
      .selectFrom('email_outbox')
      .selectAll()
      .where('id', '=', mail.id)
      .executeTakeFirstOrThrow();
    expect(sent).toMatchObject({
      status: 'sent',
      recipient: '',
      recipient_sealed: null,
      recipient_scope: null,
      recipient_scope_id: null,
      params: {},
      params_sealed: null,
    });
    expect((await outboxText(database)).includes(REPORTER_EMAIL)).toBe(false);
  });

  it('marks a sealed message failed when its address does not open, and sends it nowhere', async () => {
    const tom = await signIn(t.app, { tenant: 'acme', email: 'tom@acme.example', password: PASSWORD });
    const recorded = await tom('POST', '/api/v1/reports', {
      unitId,
      channel: 'phone',
      receivedOn: new Date().toISOString().slice(0, 10),
      anonymous: false,
      reporter: { name: 'Petra Meier', email: REPORTER_EMAIL },
      answers: { immediate_danger: 'no', description: 'Noch ein Anruf.' },
      issueReceipt: true,
    });
    const reportId = recorded.json().report.id as string;
    expect((await tom('POST', `/api/v1/reports/${reportId}/messages`, { body: 'Danke.' })).statusCode).toBe(
      201,
    );
    const [queued] = await database.db
      .selectFrom('email_outbox')
      .select(['id', 'recipient_sealed'])
      .where('status', '=', 'queued')
      .where('recipient_scope_id', '=', reportId)
      // The report's notices to the team are sealed with its key too.
      .where('template', '=', 'report.reply_waiting')
      .execute();
    if (!queued?.recipient_sealed) throw new Error('no sealed message queued');
    // One bit of the ciphertext altered: it no longer opens.
    const tampered = Buffer.from(queued.recipient_sealed);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    await database.db
      .updateTable('email_outbox')
      .set({ recipient_sealed: tampered as typeof queued.recipient_sealed })
      .where('id', '=', queued.id)
      .execute();
    smtp.received.length = 0;
    const dispatcher = createMailDispatcher({
      database,
      keyring,
      transport: createSmtpTransport(
        { host: '127.0.0.1', port: smtp.port, secure: false, requireTls: false, auth: null },
        { name: 'TMA', address: 'tma@acme.example' },
      ),
      logger: silent,
      publicUrl: 'https://tma.acme.example',
      messageIdDomain: 'acme.example',
    });
    try {
      expect((await dispatcher.runOnce()).failed).toBe(1);
    } finally {
      await dispatcher.stop();
    }
    expect(smtp.received.filter((message) => message.to.includes(REPORTER_EMAIL))).toEqual([]);
    const failed = await database.db
      .selectFrom('email_outbox')
      .select(['status', 'last_error'])
      .where('id', '=', queued.id)
      .executeTakeFirstOrThrow();
    expect(failed.status).toBe('failed');
    expect(failed.last_error).toMatch(/^recipient_unreadable/);
  });
});
