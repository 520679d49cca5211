// Audit completeness and integrity failures through the HTTP API, on both databases: hand-over reasons are
// sealed in `hand_overs` (the audit log holds codes only), content reads and lists are audited with their
// ids, denied reads leave `denied` events, and a ciphertext that does not verify answers
// `integrity_failure` or is marked unreadable, never breaking a list, always audited, logged and counted.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { multipart } from '../../../test/support/multipart.ts';
import { type SignedInCall, signIn } from '../../../test/support/session.ts';
import { IntegrityError } from '../../crypto/integrity.ts';
import type { KeyProvider } from '../../crypto/key-provider.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import type { Database } from '../../db/database.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { createPostgresBlobStore } from '../documents/postgres-blob-store.ts';
import { createUser } from '../identity/service.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit, setUserUnits } from '../units/service.ts';
import { linkAuditEvents } from './link.ts';
import type { AuditEvent } from './schemas.ts';
import { listAuditEvents } from './service.ts';
import { verifyAuditChain } from './verify.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const HAND_OVER_MARKER = 'HandOverMarker-5518 the reporter works in Lyon';

const answers = {
  immediate_danger: 'no',
  description: 'Herr K. hat in der Kantine gesagt, er werde es allen zeigen.',
  warning_signs: ['threat'],
  persons: [{ role: 'person_of_concern', name: 'K.', description: 'Lager' }],
};

describe.each(databaseTargets())('audit completeness and integrity failures on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let t: TestApp;
  let tenantId: string;
  const units: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  let tom: SignedInCall;

  const session = (email: string) => signIn(t.app, { tenant: 'acme', email, password: PASSWORD });
  const today = () => new Date().toISOString().slice(0, 10);
  const events = async (): Promise<AuditEvent[]> =>
    (await withTenant(database, { tenantId, userId: null }, (trx) => listAuditEvents(trx, { limit: 1000 })))
      .events;
  const eventsOf = async (requestId: string) => (await events()).filter((e) => e.requestId === requestId);

  /** A report recorded by Tom in Germany, with a receipt (so the team can write to the reporter). */
  const recordReport = async (files: Array<{ name: string; type: string; bytes: Buffer }> = []) => {
    const body = multipart(
      'report',
      {
        unitId: units.de,
        channel: 'phone',
        receivedOn: today(),
        anonymous: false,
        reporter: { name: 'Rita Reporter' },
        answers,
        issueReceipt: true,
      },
      files,
    );
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: body.payload,
      headers: { ...body.headers, ...(await tomHeaders()) },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().report as { id: string; attachments: Array<{ id: string }> };
  };
  let tomCookie: { cookie: string; csrf: string } | undefined;
  const tomHeaders = async () => {
    if (!tomCookie) {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: 'acme', email: 'tom@acme.example', password: PASSWORD },
      });
      tomCookie = {
        cookie: login.cookies.find((c) => c.name === 'tma_session')?.value as string,
        csrf: login.json().csrfToken,
      };
    }
    return { cookie: `tma_session=${tomCookie.cookie}`, 'x-csrf-token': tomCookie.csrf };
  };
  const openCase = async (reportId: string, title: string) => {
    const opened = await tom('POST', `/api/v1/reports/${reportId}/open-case`, { title });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json().id as string;
  };
  /** Flips one bit of a sealed value in place, as the tables' owner (tampering, or a damaged disk). */
  const flipByte = (table: string, column: string, id: string) =>
    sql`
      UPDATE ${sql.table(table)} SET ${sql.ref(column)} =
        set_byte(${sql.ref(column)}, 20, get_byte(${sql.ref(column)}, 20) # 1)
      WHERE id = ${id}
    `.execute(database.db);
  const metric = async () => (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
  const failuresCounted = async (table: string, column: string) => {
    const line = (await metric())
      .split('\n')
      .find((l) => l.startsWith(`tma_integrity_failures_total{table="${table}",column="${column}"}`));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    for (const [slug, name] of [
      ['de', 'Germany'],
      ['fr', 'France'],
    ] as const)
      units[slug] = (await createUnit(database, tenantId, { slug, name }, { kind: 'operator' })).id;
    const user = async (email: string, role: UserRole, unitSlugs: string[] = []) => {
      const created = await createUser(
        database,
        tenantId,
        { email, role, password: PASSWORD, specialty: role === 'expert' ? 'hr' : null },
        { kind: 'operator' },
      );
      userIds[email] = created.id;
      if (unitSlugs.length > 0)
        await setUserUnits(database, tenantId, { email }, { slugs: unitSlugs }, { kind: 'operator' });
    };
    await user('tom@acme.example', 'threat_manager', ['de']);
    await user('fay@acme.example', 'threat_manager', ['fr']);
    await user('eve@acme.example', 'expert', ['de']);
    await user('aud@acme.example', 'auditor');
    t = await buildTestApp(database, {
      reporting: {
        keyring: new Keyring(database, provider),
        blobStore: createPostgresBlobStore(database),
        attachments: { maxBytes: 1024 * 1024, maxFiles: 3 },
      },
      // A route that meets a damaged value where no service catches it (as the portal's reporter view).
      plugins: [
        async (app) => {
          app.get('/test/damaged', async () => {
            throw new IntegrityError({
              tenantId,
              scope: 'report',
              scopeId: '0b7c1e3a-5f2d-4c8e-9a1b-2c3d4e5f6a7b',
              table: 'report_messages',
              column: 'body_sealed',
              rowId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
            });
          });
        },
      ],
    });
    tom = await session('tom@acme.example');
  });
  afterAll(async () => {
    await t?.app.close();
    await provider?.close();
    await cleanup?.();
  });

  it('seals hand-over reasons in hand_overs; the audit log names the row and the unit only', async () => {
    const report = await recordReport();
    const handed = await tom('POST', `/api/v1/reports/${report.id}/hand-over`, {
      unitId: units.fr,
      reason: `${HAND_OVER_MARKER} (report)`,
    });
    expect(handed.statusCode, handed.body).toBe(200);
    const caseReport = await recordReport();
    const caseId = await openCase(caseReport.id, 'Drohung Lager');
    const moved = await tom('POST', `/api/v1/cases/${caseId}/hand-over`, {
      unitId: units.fr,
      reason: `${HAND_OVER_MARKER} (case)`,
    });
    expect(moved.statusCode, moved.body).toBe(200);

    const stored = await database.db.selectFrom('hand_overs').selectAll().orderBy('position').execute();
    expect(stored).toHaveLength(2);
    for (const row of stored) {
      expect(Buffer.from(row.reason_sealed).includes(Buffer.from('HandOverMarker'))).toBe(false);
      expect(row).toMatchObject({ from_unit_id: units.de, to_unit_id: units.fr, handed_on: today() });
    }
    const reportHandOver = stored.find((row) => row.report_id === report.id);
    const caseHandOver = stored.find((row) => row.case_id === caseId);
    const all = await events();
    expect(all.find((e) => e.action === 'report.hand_over')).toMatchObject({
      objectType: 'hand_over',
      objectId: reportHandOver?.id,
      objectIds: [report.id],
      reason: 'unit:fr',
    });
    expect(all.find((e) => e.action === 'case.hand_over')).toMatchObject({
      objectType: 'hand_over',
      objectId: caseHandOver?.id,
      caseId,
      objectIds: [caseReport.id],
      reason: 'unit:fr',
    });
    // Nothing a person wrote reaches the audit log, in any column.
    await linkAuditEvents(database, { tenantId, wait: true });
    const raw = await database.db.selectFrom('audit_events').selectAll().execute();
    expect(raw.length).toBeGreaterThan(0);
    expect(JSON.stringify(raw)).not.toContain('HandOverMarker');

    // The receiving team reads the reason where it works: on the report and on the case.
    const fay = await session('fay@acme.example');
    const reportThere = await fay('GET', `/api/v1/reports/${report.id}`);
    expect(reportThere.json()).toMatchObject({
      unreadableFields: [],
      handOvers: [
        {
          id: reportHandOver?.id,
          from: { id: units.de, name: 'Germany' },
          to: { id: units.fr, name: 'France' },
          reason: `${HAND_OVER_MARKER} (report)`,
          by: { id: userIds['tom@acme.example'] },
          on: today(),
        },
      ],
    });
    const caseThere = await fay('GET', `/api/v1/cases/${caseId}`);
    expect(caseThere.json()).toMatchObject({
      handOvers: [{ id: caseHandOver?.id, reason: `${HAND_OVER_MARKER} (case)` }],
      unreadableFields: [],
    });
    // Germany no longer sees the hand-over rows (they follow their case and report).
    const tomSees = await withTenant(
      database,
      { tenantId, userId: userIds['tom@acme.example'] as string },
      (trx) => trx.selectFrom('hand_overs').select('id').where('report_id', '=', report.id).execute(),
    );
    expect(tomSees).toEqual([]);
    await linkAuditEvents(database, { tenantId, wait: true });
    expect(await verifyAuditChain(database, tenantId)).toMatchObject({ ok: true, pending: { count: 0 } });
  });

  it('audits each page of the case list with the ids it showed', async () => {
    const first = await openCase((await recordReport()).id, 'Erster Fall');
    const second = await openCase((await recordReport()).id, 'Zweiter Fall');
    const listed = await tom('GET', '/api/v1/cases');
    expect(listed.statusCode).toBe(200);
    const ids = listed.json().cases.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining([first, second]));
    const [event, ...more] = await eventsOf(listed.headers['x-request-id'] as string);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      action: 'case.list',
      actorId: userIds['tom@acme.example'],
      objectType: 'case',
      objectId: null,
      objectIds: ids,
      outcome: 'success',
    });
    // An empty page shows no content and records nothing.
    const eve = await session('eve@acme.example');
    const none = await eve('GET', '/api/v1/cases');
    expect(none.json()).toEqual({ cases: [], nextCursor: null });
    expect(await eventsOf(none.headers['x-request-id'] as string)).toEqual([]);
  });

  it('records denied reads; a hidden and a missing case or report look alike to the client', async () => {
    const report = await recordReport();
    const caseId = await openCase((await recordReport()).id, 'Geheimer Fall');
    const missing = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
    const eve = await session('eve@acme.example');
    const aud = await session('aud@acme.example');
    const strip = (body: string) => ({ ...JSON.parse(body).error, requestId: undefined });
    for (const [who, caller] of [
      ['eve@acme.example', eve],
      ['aud@acme.example', aud],
    ] as const) {
      for (const [kind, id, code] of [
        ['cases', caseId, 'case_not_found'],
        ['reports', report.id, 'report_not_found'],
      ] as const) {
        const hidden = await caller('GET', `/api/v1/${kind}/${id}`);
        const absent = await caller('GET', `/api/v1/${kind}/${missing}`);
        expect(hidden.statusCode).toBe(404);
        expect(absent.statusCode).toBe(404);
        expect(strip(hidden.body)).toEqual(strip(absent.body));
        expect(strip(hidden.body).code).toBe(code);
        const objectType = kind === 'cases' ? 'case' : 'report';
        expect(await eventsOf(hidden.headers['x-request-id'] as string)).toEqual([
          expect.objectContaining({
            actorId: userIds[who],
            action: `${objectType}.read`,
            objectType,
            objectId: id,
            caseId: kind === 'cases' ? caseId : null,
            outcome: 'denied',
            reason: 'not_visible',
          }),
        ]);
        expect(await eventsOf(absent.headers['x-request-id'] as string)).toEqual([
          expect.objectContaining({
            action: `${objectType}.read`,
            objectId: missing,
            caseId: null,
            outcome: 'failure',
            reason: 'not_found',
          }),
        ]);
      }
    }
  });

  it('lists a case whose title does not verify as unreadable, answers integrity_failure for it, and alerts', async () => {
    const good = await openCase((await recordReport()).id, 'Lesbarer Fall');
    const bad = await openCase((await recordReport()).id, 'Beschädigter Fall');
    await flipByte('cases', 'title_sealed', bad);
    const before = t.logs.length;

    const listed = await tom('GET', '/api/v1/cases');
    expect(listed.statusCode, listed.body).toBe(200);
    const cases = listed.json().cases as Array<Record<string, unknown>>;
    expect(cases.find((c) => c.id === good)).toMatchObject({ title: 'Lesbarer Fall' });
    expect(cases.find((c) => c.id === good)).not.toHaveProperty('unreadable');
    expect(cases.find((c) => c.id === bad)).toMatchObject({
      title: null,
      unreadable: true,
      deleted: null,
      unit: { name: 'Germany' },
      reference: expect.stringMatching(/^C-/),
    });
    const listEvents = await eventsOf(listed.headers['x-request-id'] as string);
    expect(listEvents).toEqual([
      expect.objectContaining({ action: 'case.list', outcome: 'success' }),
      expect.objectContaining({
        action: 'case.list',
        objectId: bad,
        outcome: 'failure',
        reason: 'integrity:cases.title_sealed',
      }),
    ]);
    expect(listEvents[0]?.objectIds).toContain(bad);

    const read = await tom('GET', `/api/v1/cases/${bad}`);
    expect(read.statusCode).toBe(500);
    expect(read.json().error).toMatchObject({ code: 'integrity_failure' });
    expect(read.body).not.toContain('Beschädigter');
    // The read's own transaction rolled back (no success event); the failure is on record in its own.
    expect(await eventsOf(read.headers['x-request-id'] as string)).toEqual([
      expect.objectContaining({
        action: 'case.read',
        objectId: bad,
        caseId: bad,
        outcome: 'failure',
        reason: 'integrity:cases.title_sealed',
      }),
    ]);

    const alerts = t.logs.slice(before).filter((line) => line.level === 50 && 'integrity' in line);
    expect(alerts).toHaveLength(2);
    expect(alerts[1]).toMatchObject({
      requestId: read.headers['x-request-id'],
      integrity: {
        tenantId,
        scope: 'case',
        scopeId: bad,
        table: 'cases',
        column: 'title_sealed',
        rowId: bad,
      },
    });
    expect(JSON.stringify(alerts)).not.toContain('Beschädigter');
    expect(await metric()).toMatch(/tma_integrity_failures_total\{table="cases",column="title_sealed"\} 2/);
    await linkAuditEvents(database, { tenantId, wait: true });
    expect(await verifyAuditChain(database, tenantId)).toMatchObject({ ok: true, pending: { count: 0 } });
  });

  it('answers integrity_failure, not a bare 500, when the wrapped data key of a case was altered', async () => {
    const caseId = await openCase((await recordReport()).id, 'Schlüssel beschädigt');
    await sql`
      UPDATE data_keys SET wrapped_key = set_byte(wrapped_key, 20, get_byte(wrapped_key, 20) # 1)
      WHERE scope = 'case' AND scope_id = ${caseId}
    `.execute(database.db);
    const before = await failuresCounted('data_keys', 'wrapped_key');

    const read = await tom('GET', `/api/v1/cases/${caseId}`);
    expect(read.statusCode).toBe(500);
    expect(read.json().error).toMatchObject({ code: 'integrity_failure' });
    expect(await eventsOf(read.headers['x-request-id'] as string)).toEqual([
      expect.objectContaining({ action: 'case.read', objectId: caseId, outcome: 'failure' }),
    ]);
    expect(await failuresCounted('data_keys', 'wrapped_key')).toBe(before + 1);

    const listed = await tom('GET', '/api/v1/cases');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(
      (listed.json().cases as Array<Record<string, unknown>>).find((c) => c.id === caseId),
    ).toMatchObject({ title: null, unreadable: true });
  });

  it('shows a report whose one field does not verify with the others, and marks the bad one', async () => {
    const donor = await recordReport();
    const report = await recordReport();
    const reply = await tom('POST', `/api/v1/reports/${report.id}/messages`, {
      body: 'Können Sie mehr sagen?',
    });
    expect(reply.statusCode, reply.body).toBe(201);
    // A ciphertext copied from another report's row does not open here (the row id is bound to it)…
    await sql`
      UPDATE reports SET answers_sealed = (SELECT answers_sealed FROM reports WHERE id = ${donor.id})
      WHERE id = ${report.id}
    `.execute(database.db);
    // … and an altered message body does not either.
    await flipByte('report_messages', 'body_sealed', reply.json().id);

    const read = await tom('GET', `/api/v1/reports/${report.id}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({
      id: report.id,
      answers: {},
      reporter: { name: 'Rita Reporter' },
      messages: [{ id: reply.json().id, body: '' }],
      unreadableFields: ['answers', `messages.${reply.json().id}.body`],
    });
    expect(await eventsOf(read.headers['x-request-id'] as string)).toEqual([
      expect.objectContaining({ action: 'report.read', objectId: report.id, outcome: 'success' }),
      expect.objectContaining({
        action: 'report.read',
        objectId: report.id,
        outcome: 'failure',
        reason: 'integrity:reports.answers_sealed',
      }),
      expect.objectContaining({
        action: 'report.read',
        objectId: report.id,
        outcome: 'failure',
        reason: 'integrity:report_messages.body_sealed',
      }),
    ]);
    // The inbox shows no sealed content: the report is listed as ever.
    const inbox = await tom('GET', '/api/v1/reports?view=all');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json().reports.map((r: { id: string }) => r.id)).toContain(report.id);
    expect(await metric()).toMatch(
      /tma_integrity_failures_total\{table="reports",column="answers_sealed"\} 1/,
    );
  });

  it('answers integrity_failure, logs and counts a damaged value no service caught', async () => {
    const before = t.logs.length;
    const counted = await failuresCounted('report_messages', 'body_sealed');
    const response = await t.app.inject({ method: 'GET', url: '/test/damaged' });
    expect(response.statusCode).toBe(500);
    expect(response.json().error).toMatchObject({
      code: 'integrity_failure',
      message: expect.stringMatching(/could not be verified.*operator has been alerted/),
      requestId: response.headers['x-request-id'],
    });
    const alerts = t.logs.slice(before).filter((line) => line.level === 50);
    expect(alerts).toEqual([
      expect.objectContaining({
        requestId: response.headers['x-request-id'],
        integrity: expect.objectContaining({ table: 'report_messages', column: 'body_sealed' }),
      }),
    ]);
    expect(await failuresCounted('report_messages', 'body_sealed')).toBe(counted + 1);
  });

  it('audits a download once it has streamed: success when complete, failure when it does not verify', async () => {
    const png = await sharp({
      create: { width: 16, height: 16, channels: 3, background: { r: 10, g: 120, b: 40 } },
    })
      .png()
      .toBuffer();
    const report = await recordReport([{ name: 'beweis.png', type: 'image/png', bytes: png }]);
    const attachmentId = report.attachments[0]?.id as string;
    const url = `/api/v1/reports/${report.id}/attachments/${attachmentId}`;
    const ok = await tom('GET', url);
    expect(ok.statusCode).toBe(200);
    expect(await eventsOf(ok.headers['x-request-id'] as string)).toEqual([
      expect.objectContaining({
        action: 'report.attachment_read',
        objectId: report.id,
        objectIds: [attachmentId],
        outcome: 'success',
        reason: attachmentId,
      }),
    ]);

    const blob = await database.db
      .selectFrom('report_attachments')
      .select('blob_id')
      .where('id', '=', attachmentId)
      .executeTakeFirstOrThrow();
    await sql`
      UPDATE document_blob_chunks SET data = set_byte(data, length(data) - 20, get_byte(data, length(data) - 20) # 1)
      WHERE blob_id = ${blob.blob_id} AND seq = (SELECT max(seq) FROM document_blob_chunks WHERE blob_id = ${blob.blob_id})
    `.execute(database.db);
    const broken = await tom('GET', url);
    expect(broken.statusCode).toBe(500);
    expect(broken.json().error.code).toBe('integrity_failure');
    expect(await eventsOf(broken.headers['x-request-id'] as string)).toEqual([
      expect.objectContaining({
        action: 'report.attachment_read',
        objectIds: [attachmentId],
        outcome: 'failure',
        reason: 'integrity:report_attachments.content',
      }),
    ]);
    expect(await metric()).toMatch(
      /tma_integrity_failures_total\{table="report_attachments",column="content"\} 1/,
    );
  });
});
