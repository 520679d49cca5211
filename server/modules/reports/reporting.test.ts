// The reporting side end to end through the HTTP API, on both databases: a portal submission with an
// attachment, the receipt shown once, the team's inbox and dialogue, triage, unit scope and tenant
// isolation, and what an anonymous submission leaves behind (no address, no browser, no hour). The case a
// report opens: cases/cases.test.ts; who is told of a report: notifications/notifications.test.ts.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/support/app.ts';
import { databaseTargets } from '../../../test/support/databases.ts';
import { multipart } from '../../../test/support/multipart.ts';
import {
  reportAnswers as answers,
  CLIENT_IP,
  openReportingApp,
  type ReportingApp,
} from '../../../test/support/reporting-app.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from '../audit/link.ts';
import { DEFAULT_EMERGENCY_NOTICE } from './danger.ts';

const photoWithGps = () =>
  sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Artist: 'Jane Reporter' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 0/1' },
    })
    .toBuffer();

describe.each(databaseTargets())('reporting API on %s', (target) => {
  let reporting: ReportingApp;
  let database: Database;
  let t: TestApp;
  let tenants: ReportingApp['tenants'];
  let units: ReportingApp['units'];
  let portal: ReportingApp['portal'];
  let proof: ReportingApp['proof'];
  let session: ReportingApp['session'];
  let submit: ReportingApp['submit'];
  let openedOutbox: ReportingApp['openedOutbox'];

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    ({ database, t, tenants, units, portal, proof, session, submit, openedOutbox } = reporting);
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('shows the portal: organisation, units, the default form and emergency notice', async () => {
    const info = await portal('GET', '/api/v1/portal/acme');
    expect(info.statusCode, info.body).toBe(200);
    expect(info.json()).toMatchObject({
      tenant: { slug: 'acme', name: 'ACME' },
      form: { formId: 'tma.report.default' },
      emergencyNotice: DEFAULT_EMERGENCY_NOTICE,
    });
    expect(
      info
        .json()
        .units.map((u: { slug: string }) => u.slug)
        .sort(),
    ).toEqual(['de', 'fr']);
    const missing = await portal('GET', '/api/v1/portal/nosuch');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('portal_not_found');
  });

  it('takes an anonymous report with a photo, cleans the photo, and leaves no address, browser or hour', async () => {
    const photo = await photoWithGps();
    const before = new Date();
    const response = await submit({ anonymous: true, unit: 'de', answers }, [
      { name: 'kantine.exe', type: 'application/octet-stream', bytes: photo },
    ]);
    expect(response.statusCode, response.body).toBe(201);
    const { receipt, receivedOn } = response.json();
    expect(receipt).toMatch(/^\d{4}( \d{4}){7}$/);
    expect(receivedOn).toBe(new Date().toISOString().slice(0, 10));
    expect(response.headers['cache-control']).toBe('no-store');

    // No row written for the submission holds a time finer than its day. (Spent proof-of-work challenges
    // keep their expiry until housekeeping removes them: they name no report.)
    const exactTimes = await timesSince(database, before, ['proof_of_work_spent']);
    expect(exactTimes).toEqual([]);
    // The unit's managers were told by e-mail, without any content: a unit name and a link.
    const queued = await openedOutbox();
    expect(queued.map((mail) => [mail.to, mail.template]).sort()).toEqual([
      ['tessa@acme.example', 'report.received'],
      ['tom@acme.example', 'report.received'],
    ]);
    expect(JSON.stringify(queued.map((mail) => mail.params))).not.toContain('Kantine');

    // Nothing in any table holds the client's address or browser, nor the receipt in clear.
    const dump = await dumpAllTables(database);
    for (const secret of [CLIENT_IP, 'ReporterBrowser', 'UniqueMarker-7731', receipt.replaceAll(' ', '')])
      expect(dump.includes(secret), `database holds ${secret}`).toBe(false);
    // Nor the captured log.
    const log = JSON.stringify(t.logs);
    for (const secret of [CLIENT_IP, 'ReporterBrowser', 'UniqueMarker-7731'])
      expect(log.includes(secret), `log holds ${secret}`).toBe(false);
    // No log line at all for the portal's requests: a line's time would date the report.
    expect(t.logs.filter((line) => JSON.stringify(line).includes('/portal/'))).toEqual([]);

    // The team sees it in the inbox of its unit, with the photo cleaned of its metadata.
    const tom = await session('acme', 'tom@acme.example');
    const inbox = await tom('GET', '/api/v1/reports');
    expect(inbox.statusCode, inbox.body).toBe(200);
    const [item] = inbox.json().reports;
    expect(item).toMatchObject({
      channel: 'portal',
      anonymous: true,
      status: 'new',
      unit: { name: 'Germany' },
      hasReceipt: true,
      receivedOn,
    });
    const detail = (await tom('GET', `/api/v1/reports/${item.id}`)).json();
    expect(detail.answers).toMatchObject(answers);
    expect(detail.reporter).toBeNull();
    expect(detail.attachments).toHaveLength(1);
    expect(detail.attachments[0]).toMatchObject({ fileName: 'kantine.jpg', contentType: 'image/jpeg' });
    const download = await tom('GET', `/api/v1/reports/${item.id}/attachments/${detail.attachments[0].id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toContain('attachment;');
    const metadata = await sharp(download.rawPayload).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(download.rawPayload.includes(Buffer.from('Jane Reporter'))).toBe(false);

    // Fay (France) does not see it; neither does the expert, nor Globex.
    const fay = await session('acme', 'fay@acme.example');
    expect((await fay('GET', '/api/v1/reports')).json().reports).toEqual([]);
    expect((await fay('GET', `/api/v1/reports/${item.id}`)).statusCode).toBe(404);
    const eve = await session('acme', 'eve@acme.example');
    expect((await eve('GET', `/api/v1/reports/${item.id}`)).statusCode).toBe(404);
    const gil = await session('globex', 'gil@globex.example');
    expect((await gil('GET', `/api/v1/reports/${item.id}`)).statusCode).toBe(404);

    // Unit scope holds in the database too: Fay's own transaction sees no row of Germany's report.
    const fayId = (
      await database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'fay@acme.example')
        .executeTakeFirst()
    )?.id as string;
    const visible = await withTenant(database, { tenantId: tenants.acme as string, userId: fayId }, (trx) =>
      trx.selectFrom('reports').select('id').execute(),
    );
    expect(visible).toEqual([]);
  });

  it('runs the dialogue: the team asks, the reporter reads with the receipt and answers', async () => {
    const submitted = await submit({
      anonymous: true,
      unit: 'de',
      answers: { ...answers, description: 'Dialog-Test' },
    });
    const { receipt } = submitted.json();
    const tom = await session('acme', 'tom@acme.example');
    const report = (await tom('GET', '/api/v1/reports')).json().reports[0];

    const ack = await tom('POST', `/api/v1/reports/${report.id}/acknowledge`, {
      body: 'Danke für Ihre Meldung. Wir kümmern uns darum.',
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', can: { acknowledge: false, reply: true } });
    const question = await tom('POST', `/api/v1/reports/${report.id}/messages`, {
      body: 'Wann genau war das?',
    });
    expect(question.statusCode, question.body).toBe(201);

    // The reporter logs in with the receipt as typed (with or without spaces).
    const login = await portal('POST', '/api/v1/portal/acme/receipt-sessions', {
      payload: JSON.stringify({ receipt: receipt.replaceAll(' ', ''), proof: await proof() }),
      headers: { 'content-type': 'application/json' },
    });
    expect(login.statusCode, login.body).toBe(201);
    const auth = { authorization: `Bearer ${login.json().token}` };
    const view = await portal('GET', '/api/v1/portal/acme/dialogue', { headers: auth });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ status: 'in_review', answers: { description: 'Dialog-Test' } });
    expect(view.json().messages.map((m: { body: string; author: string }) => [m.author, m.body])).toEqual([
      ['team', 'Danke für Ihre Meldung. Wir kümmern uns darum.'],
      ['team', 'Wann genau war das?'],
    ]);
    expect(view.json().messages[0].authorName).toBeUndefined();

    const answer = multipart('message', { body: 'Am Montag gegen Mittag.' }, []);
    const posted = await portal('POST', '/api/v1/portal/acme/dialogue/messages', {
      payload: answer.payload,
      headers: { ...answer.headers, ...auth },
    });
    expect(posted.statusCode, posted.body).toBe(201);
    expect(posted.json()).toMatchObject({ author: 'reporter', body: 'Am Montag gegen Mittag.' });

    const detail = (await tom('GET', `/api/v1/reports/${report.id}`)).json();
    expect(detail.awaitingReply).toBe(true);
    expect(detail.messages.at(-1)).toMatchObject({ author: 'reporter', body: 'Am Montag gegen Mittag.' });
    const notices = (await tom('GET', '/api/v1/notifications')).json();
    expect(notices.notifications.map((n: { kind: string }) => n.kind)).toContain('report.reporter_message');

    // The reporter's message keeps its day only.
    const stored = await database.db
      .selectFrom('report_messages')
      .select(['sent_at', 'author_type'])
      .execute();
    expect(stored.filter((row) => row.author_type === 'reporter').every((row) => row.sent_at === null)).toBe(
      true,
    );

    // A token of another tenant's portal, a forged token and no token are all refused.
    expect((await portal('GET', '/api/v1/portal/globex/dialogue', { headers: auth })).statusCode).toBe(401);
    const forged = { authorization: `Bearer ${login.json().token.slice(0, -2)}xx` };
    expect((await portal('GET', '/api/v1/portal/acme/dialogue', { headers: forged })).json().error.code).toBe(
      'receipt_session_invalid',
    );
    expect((await portal('GET', '/api/v1/portal/acme/dialogue')).statusCode).toBe(401);
  });

  it('refuses wrong receipts alike whether or not a report exists', async () => {
    const tryReceipt = async (receipt: string) =>
      portal('POST', '/api/v1/portal/globex/receipt-sessions', {
        payload: JSON.stringify({ receipt, proof: await proof('globex') }),
        headers: { 'content-type': 'application/json' },
      });
    const answers = [await tryReceipt('1234 5678 9012 3456'), await tryReceipt('nonsense')];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.json().error).toMatchObject({
        code: 'receipt_invalid',
        message: 'This receipt is not valid.',
      });
    }
    // Runs of wrong receipts make receipt logins dearer, never blocked: receipt-login.test.ts.
  });

  it('rejects bad submissions with clear errors and saves nothing', async () => {
    const before = await countRows(database);
    const missing = await submit({ anonymous: true, unit: 'de', answers: { immediate_danger: 'no' } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.code).toBe('report_answers_invalid');
    expect(missing.json().error.fields).toContainEqual({
      path: 'answers.description',
      message: 'is required',
    });

    const wrongType = await submit({ anonymous: true, unit: 'de', answers }, [
      { name: 'notes.html', type: 'text/html', bytes: Buffer.from('<html><script>alert(1)</script></html>') },
    ]);
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json().error.code).toBe('attachment_type_not_allowed');

    const noProof = await portal('POST', '/api/v1/portal/acme/reports', {
      payload: JSON.stringify({
        proof: 'AAAA',
        language: 'de',
        anonymous: true,
        unit: 'de',
        formVersion: '1.0.0',
        answers,
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(noProof.statusCode).toBe(422);
    expect(noProof.json().error.code).toBe('proof_of_work_invalid');

    const unknownUnit = await submit({ anonymous: true, unit: 'xx', answers });
    expect(unknownUnit.json().error.code).toBe('unit_not_found');
    const noUnit = await submit({ anonymous: true, answers });
    expect(noUnit.json().error.code).toBe('unit_required');
    const named = await submit({ anonymous: false, unit: 'de', answers });
    expect(named.json().error.code).toBe('reporter_required');
    const schema = await submit({ anonymous: 'yes', unit: 'de', answers });
    expect(schema.json().error.code).toBe('submission_invalid');

    // A proof is spent once: replaying a solved challenge is refused.
    const once = await proof();
    const body = { proof: once, language: 'de', anonymous: true, unit: 'de', formVersion: '1.0.0', answers };
    const first = await portal('POST', '/api/v1/portal/acme/reports', {
      payload: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    expect(first.statusCode, first.body).toBe(201);
    const replay = await portal('POST', '/api/v1/portal/acme/reports', {
      payload: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    expect(replay.json().error.code).toBe('proof_of_work_invalid');
    const after = await countRows(database);
    expect(after.reports).toBe(before.reports + 1);
    expect(after.attachments).toBe(before.attachments);
    expect(after.blobs).toBe(before.blobs);
  });

  it('triages: attach a report to a case, close another, hand over a third; all audited', async () => {
    const tom = await session('acme', 'tom@acme.example');
    const ids: string[] = [];
    for (const description of ['Eins', 'Zwei', 'Drei', 'Vier']) {
      const response = await tom('POST', '/api/v1/reports', {
        unitId: units['acme/de'],
        channel: 'phone',
        receivedOn: new Date().toISOString().slice(0, 10),
        anonymous: false,
        reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
        answers: { ...answers, description },
        issueReceipt: description === 'Eins',
      });
      expect(response.statusCode, response.body).toBe(201);
      ids.push(response.json().report.id);
      expect(response.json().report).toMatchObject({ channel: 'phone', recordedBy: expect.any(String) });
      expect(response.json().receipt === null).toBe(description !== 'Eins');
    }
    const [one, two, three, four] = ids as [string, string, string, string];
    // The case the second report joins is opened from the first (the opening itself: cases.test.ts).
    const opened = await tom('POST', `/api/v1/reports/${one}/open-case`, {
      title: 'Drohung Lager Spätschicht',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id;

    const attached = await tom('POST', `/api/v1/reports/${two}/attach-to-case`, { caseId });
    expect(attached.statusCode, attached.body).toBe(200);
    expect(attached.json()).toMatchObject({ status: 'attached', case: { id: caseId } });
    const closed = await tom('POST', `/api/v1/reports/${three}/close`, {
      reason: 'not_relevant',
      note: 'Privater Streit',
    });
    expect(closed.json()).toMatchObject({
      status: 'closed',
      closedReason: 'not_relevant',
      closedNote: 'Privater Streit',
    });
    const handed = await tom('POST', `/api/v1/reports/${four}/hand-over`, {
      unitId: units['acme/fr'],
      reason: 'Standort Lyon',
    });
    expect(handed.statusCode, handed.body).toBe(200);
    // Germany's manager cannot see the report in France any more.
    expect(handed.json()).toEqual({ report: null });
    const fay = await session('acme', 'fay@acme.example');
    expect((await fay('GET', `/api/v1/reports/${four}`)).json()).toMatchObject({ unit: { name: 'France' } });

    // With the earlier tests' reads, acknowledgements and messages. (The case's own actions are checked
    // in cases.test.ts.)
    await linkAuditEvents(database, { tenantId: tenants.acme as string, wait: true });
    const actions = await withTenant(database, { tenantId: tenants.acme as string, userId: null }, (trx) =>
      trx.selectFrom('audit_events').select('action').execute(),
    );
    const recorded = new Set(actions.map((row) => row.action));
    for (const action of [
      'report.record',
      'report.read',
      'report.attach_case',
      'report.close',
      'report.hand_over',
      'report.acknowledge',
      'report.message_send',
      'report.attachment_read',
    ])
      expect(recorded.has(action), action).toBe(true);
  });

  it('pages the inbox by keyset, danger first', async () => {
    await submit({ anonymous: true, unit: 'de', answers: { ...answers, immediate_danger: 'yes' } });
    const tom = await session('acme', 'tom@acme.example');
    const first = (await tom('GET', '/api/v1/reports?view=all&limit=2')).json();
    expect(first.reports[0].dangerIndicated).toBe(true);
    expect(first.nextCursor).toEqual(expect.any(String));
    const seen = new Set(first.reports.map((r: { id: string }) => r.id));
    let next = first.nextCursor;
    while (next) {
      const page = (await tom('GET', `/api/v1/reports?view=all&limit=2&after=${next}`)).json();
      for (const report of page.reports) {
        expect(seen.has(report.id)).toBe(false);
        seen.add(report.id);
      }
      next = page.nextCursor;
    }
    const all = (await tom('GET', '/api/v1/reports?view=all&limit=100')).json().reports;
    expect(seen.size).toBe(all.length);
    const bad = await tom('GET', '/api/v1/reports?after=garbage');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('cursor_invalid');
  });
});

async function dumpAllTables(database: Database): Promise<string> {
  const tables = await database.db
    .selectFrom('information_schema.tables' as never)
    .select('table_name' as never)
    .where('table_schema' as never, '=', 'public' as never)
    .execute();
  let dump = '';
  for (const { table_name } of tables as Array<{ table_name: string }>) {
    const rows = await database.db
      .selectFrom(table_name as never)
      .selectAll()
      .execute();
    dump += JSON.stringify(rows, (_key, value) =>
      value && typeof value === 'object' && value.type === 'Buffer'
        ? Buffer.from(value.data).toString('latin1')
        : value,
    );
  }
  return dump;
}

async function countRows(database: Database) {
  const count = async (table: 'reports' | 'report_attachments' | 'document_blobs') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    reports: await count('reports'),
    attachments: await count('report_attachments'),
    blobs: await count('document_blobs'),
  };
}

/** Every timestamp later than `since` in any table (but those named), as `table.column`. */
async function timesSince(database: Database, since: Date, except: string[]): Promise<string[]> {
  const columns = await database.db
    .selectFrom('information_schema.columns' as never)
    .select(['table_name', 'column_name'] as never)
    .where('table_schema' as never, '=', 'public' as never)
    .where('data_type' as never, '=', 'timestamp with time zone' as never)
    .execute();
  const found: string[] = [];
  for (const { table_name, column_name } of columns as Array<{ table_name: string; column_name: string }>) {
    if (except.includes(table_name)) continue;
    const rows = await database.db
      .selectFrom(table_name as never)
      .select(column_name as never)
      .where(column_name as never, '>', since as never)
      .execute();
    if (rows.length > 0) found.push(`${table_name}.${column_name}`);
  }
  return found;
}
