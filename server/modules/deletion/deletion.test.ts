// Deleting cases and reports through the API, on both databases: admins only, four eyes where the tenant
// requires it, shredded keys and tombstones, nothing answering 500 afterwards, the reporter's receipt answering
// like a closed report, the rows and blobs gone, and no copy of the wrapped key left in data_keys' file.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { multipart } from '../../../test/support/multipart.ts';
import { solvePortalChallengeInNode } from '../../../test/support/proof-of-work.ts';
import { type SignedInCall, signIn } from '../../../test/support/session.ts';
import type { KeyProvider } from '../../crypto/key-provider.ts';
import { Keyring, ScopeShreddedError } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import type { Database } from '../../db/database.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../audit/service.ts';
import { createPostgresBlobStore } from '../documents/postgres-blob-store.ts';
import { createUser } from '../identity/service.ts';
import { defaultReportForm } from '../reports/answers.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit, setUserUnits } from '../units/service.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';

const answers = {
  immediate_danger: 'no',
  description: 'Herr K. hat gesagt, er werde es allen zeigen. ShredMarker-4411',
  warning_signs: ['threat'],
  persons: [{ role: 'person_of_concern', name: 'K.', description: 'Lager' }],
};

describe.each(databaseTargets())('deleting cases and reports on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let keyring: Keyring;
  let t: TestApp;
  let tenantId = '';
  let ada: SignedInCall; // admin
  let abe: SignedInCall; // second admin
  let tom: SignedInCall; // threat manager
  const users: Record<string, string> = {};

  const proof = async () =>
    solvePortalChallengeInNode((await t.app.inject({ url: '/api/v1/portal/acme/challenge' })).json());

  /** A portal report (anonymous unless a reporter is given) with a text attachment; answers its receipt. */
  const submit = async (reporter?: { name: string; email: string }): Promise<string> => {
    const body = multipart(
      'submission',
      {
        proof: await proof(),
        language: 'de',
        formVersion: defaultReportForm.version,
        anonymous: !reporter,
        ...(reporter ? { reporter } : {}),
        unit: 'de',
        answers,
      },
      [{ name: 'notiz.txt', type: 'text/plain', bytes: Buffer.from('Anhang ShredMarker-4411\n') }],
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

  const receiptSession = async (receipt: string) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/portal/acme/receipt-sessions',
      payload: { receipt, proof: await proof() },
    });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json().token as string;
  };

  const newestReportId = async () =>
    (
      await database.db
        .selectFrom('reports')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .orderBy('number', 'desc')
        .executeTakeFirstOrThrow()
    ).id;

  /** A report with a reply from the team and a case opened from it. */
  const caseFromNewReport = async () => {
    const receipt = await submit();
    const reportId = await newestReportId();
    expect(
      (await tom('POST', `/api/v1/reports/${reportId}/messages`, { body: 'Danke, wir prüfen das.' }))
        .statusCode,
    ).toBe(201);
    const opened = await tom('POST', `/api/v1/reports/${reportId}/open-case`, {
      title: 'Drohung Kantine ShredMarker-4411',
    });
    expect(opened.statusCode, opened.body).toBeLessThan(300);
    return { receipt, reportId, caseId: opened.json().id as string };
  };

  const audit = () =>
    withTenant(database, { tenantId, userId: null }, (trx) => listAuditEvents(trx, { limit: 1000 })).then(
      (page) => page.events,
    );

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    keyring = new Keyring(database, provider);
    tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    await createUnit(database, tenantId, { slug: 'de', name: 'Germany' }, { kind: 'operator' });
    const user = async (email: string, role: UserRole, units: string[] = []) => {
      users[email] = (
        await createUser(
          database,
          tenantId,
          { email, role, password: PASSWORD, specialty: null },
          { kind: 'operator' },
        )
      ).id;
      if (units.length > 0)
        await setUserUnits(database, tenantId, { email }, { slugs: units }, { kind: 'operator' });
    };
    await user('ada@acme.example', 'admin');
    await user('abe@acme.example', 'admin');
    await user('tom@acme.example', 'threat_manager', ['de']);
    t = await buildTestApp(database, {
      reporting: {
        keyring,
        blobStore: createPostgresBlobStore(database),
        attachments: { maxBytes: 1024 * 1024, maxFiles: 3 },
      },
    });
    const session = (email: string) => signIn(t.app, { tenant: 'acme', email, password: PASSWORD });
    ada = await session('ada@acme.example');
    abe = await session('abe@acme.example');
    tom = await session('tom@acme.example');
  });
  afterAll(async () => {
    await t?.app.close();
    await provider?.close();
    await cleanup?.();
  });

  it('lets only admins delete, and refuses a reason that is not a code', async () => {
    const { caseId, reportId } = await caseFromNewReport();
    const refused = await tom('POST', `/api/v1/cases/${caseId}/deletion`, { reason: 'unfounded' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('deletion_not_allowed');
    expect(
      (await tom('POST', `/api/v1/reports/${reportId}/deletion`, { reason: 'unfounded' })).statusCode,
    ).toBe(403);
    expect((await tom('GET', '/api/v1/deletion-requests')).statusCode).toBe(403);
    expect((await tom('PUT', '/api/v1/deletion-settings', { requiresApproval: true })).statusCode).toBe(403);
    const sentence = await ada('POST', `/api/v1/cases/${caseId}/deletion`, { reason: 'because I say so' });
    expect(sentence.statusCode).toBe(400);
    const missing = await ada('POST', `/api/v1/cases/${randomUUIDv4()}/deletion`, { reason: 'unfounded' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('case_not_found');
    // Nothing changed.
    expect((await tom('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(200);
  });

  it('answers a case and report whose keys were shredded by other means with tombstones and 410, never 500', async () => {
    const { caseId, reportId, receipt } = await caseFromNewReport();
    const keys = await keyring.forTenant(tenantId);
    await withTenant(database, { tenantId, userId: null }, async (trx) => {
      await keys.destroy(trx, 'case', caseId);
      await keys.destroy(trx, 'report', reportId);
    });
    const list = await tom('GET', '/api/v1/cases');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().cases.find((c: { id: string }) => c.id === caseId)).toMatchObject({
      title: null,
      deleted: { reason: null },
    });
    expect((await tom('GET', `/api/v1/cases/${caseId}`)).json().error.code).toBe('case_deleted');
    const report = await tom('GET', `/api/v1/reports/${reportId}`);
    expect([report.statusCode, report.json().error.code]).toEqual([410, 'report_deleted']);
    const token = await receiptSession(receipt);
    const view = await t.app.inject({
      url: '/api/v1/portal/acme/dialogue',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ status: 'closed', answers: {}, messages: [] });
  });

  it('with approval required: request, four eyes, withdraw, approve; then tombstones, 410s and a closed receipt', async () => {
    const settings = await ada('PUT', '/api/v1/deletion-settings', { requiresApproval: true });
    expect(settings.json()).toEqual({ requiresApproval: true });
    expect((await abe('GET', '/api/v1/deletion-settings')).json()).toEqual({ requiresApproval: true });

    const { caseId, reportId, receipt } = await caseFromNewReport();
    // As if the report had indicated danger and nobody had acknowledged it: its deadline has the exact hour.
    await database.db
      .updateTable('reports')
      .set({ danger_due_at: new Date(), danger_alerted_at: new Date(), danger_escalated_on: '2026-12-01' })
      .where('id', '=', reportId)
      .execute();
    const reportRow = await database.db
      .selectFrom('report_attachments')
      .select('blob_id')
      .where('report_id', '=', reportId)
      .executeTakeFirstOrThrow();
    const wrapped = await database.db
      .selectFrom('data_keys')
      .select(['scope', 'scope_id', 'wrapped_key'])
      .where('scope_id', 'in', [caseId, reportId])
      .execute();
    expect(wrapped).toHaveLength(2);

    const requested = await ada('POST', `/api/v1/cases/${caseId}/deletion`, {
      reason: 'unfounded',
      note: 'Bitte löschen, Rücksprache mit DSB',
    });
    expect(requested.statusCode, requested.body).toBe(200);
    expect(requested.json()).toMatchObject({
      state: 'awaiting_approval',
      deleted: null,
      request: { objectType: 'case', objectId: caseId, reason: 'unfounded', mayApprove: false },
    });
    // Still there while waiting.
    expect((await tom('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(200);
    const again = await abe('POST', `/api/v1/cases/${caseId}/deletion`, { reason: 'duplicate' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('deletion_already_requested');

    const pendingForAbe = (await abe('GET', '/api/v1/deletion-requests')).json().requests;
    expect(pendingForAbe).toHaveLength(1);
    expect(pendingForAbe[0]).toMatchObject({
      note: 'Bitte löschen, Rücksprache mit DSB',
      mayApprove: true,
      requestedBy: { id: users['ada@acme.example'] },
    });
    expect(pendingForAbe[0].reference).toMatch(/^C-/);

    const selfApproval = await ada('POST', `/api/v1/cases/${caseId}/deletion/approve`);
    expect(selfApproval.statusCode).toBe(403);
    expect(selfApproval.json().error.code).toBe('deletion_approval_by_requester');
    expect((await tom('POST', `/api/v1/cases/${caseId}/deletion/approve`)).statusCode).toBe(403);

    expect((await ada('DELETE', `/api/v1/cases/${caseId}/deletion`)).statusCode).toBe(204);
    expect((await abe('GET', '/api/v1/deletion-requests')).json().requests).toEqual([]);
    expect((await abe('POST', `/api/v1/cases/${caseId}/deletion/approve`)).statusCode).toBe(404);

    expect((await ada('POST', `/api/v1/cases/${caseId}/deletion`, { reason: 'unfounded' })).statusCode).toBe(
      200,
    );
    const approved = await abe('POST', `/api/v1/cases/${caseId}/deletion/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(approved.json()).toEqual({
      state: 'deleted',
      request: null,
      deleted: { on: today, reason: 'unfounded' },
    });

    // Lists keep working and show the tombstone.
    const list = await tom('GET', '/api/v1/cases');
    expect(list.statusCode, list.body).toBe(200);
    const tombstone = list.json().cases.find((c: { id: string }) => c.id === caseId);
    expect(tombstone).toMatchObject({ title: null, deleted: { on: today, reason: 'unfounded' } });
    const inbox = await tom('GET', '/api/v1/reports?view=all');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json().reports.find((r: { id: string }) => r.id === reportId)).toMatchObject({
      deleted: { on: today, reason: 'unfounded' },
      dangerIndicated: false,
    });
    const open = await tom('GET', '/api/v1/reports?view=open');
    expect(open.json().reports.map((r: { id: string }) => r.id)).not.toContain(reportId);

    // Details answer 410.
    const caseGone = await tom('GET', `/api/v1/cases/${caseId}`);
    expect(caseGone.statusCode).toBe(410);
    expect(caseGone.json().error).toMatchObject({
      code: 'case_deleted',
      deleted: { on: today, reason: 'unfounded' },
    });
    const reportGone = await tom('GET', `/api/v1/reports/${reportId}`);
    expect(reportGone.statusCode).toBe(410);
    expect(reportGone.json().error.code).toBe('report_deleted');
    expect((await tom('POST', `/api/v1/reports/${reportId}/messages`, { body: 'Hallo?' })).statusCode).toBe(
      410,
    );
    expect((await ada('POST', `/api/v1/cases/${caseId}/deletion`, { reason: 'other' })).statusCode).toBe(410);

    // The reporter's receipt answers like a closed report, without content.
    const token = await receiptSession(receipt);
    const view = await t.app.inject({
      url: '/api/v1/portal/acme/dialogue',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ status: 'closed', answers: {}, attachments: [], messages: [] });
    expect(view.body).not.toContain('ShredMarker');

    // Keys shredded, rows and blobs gone, tombstones without ciphertext or the hour of a danger deadline.
    expect(
      await database.db
        .selectFrom('reports')
        .select(['danger_due_at', 'danger_alerted_at', 'danger_escalated_on'])
        .where('id', '=', reportId)
        .executeTakeFirstOrThrow(),
    ).toEqual({ danger_due_at: null, danger_alerted_at: null, danger_escalated_on: null });
    const keys = await database.db
      .selectFrom('data_keys')
      .select(['scope_id', 'wrapped_key', 'shredded_at'])
      .where('scope_id', 'in', [caseId, reportId])
      .execute();
    expect(keys.map((k) => [k.wrapped_key, k.shredded_at !== null])).toEqual([
      [null, true],
      [null, true],
    ]);
    const count = async (table: 'report_messages' | 'report_attachments' | 'notifications', id: string) =>
      (await database.db.selectFrom(table).select('tenant_id').where('report_id', '=', id).execute()).length;
    expect(await count('report_messages', reportId)).toBe(0);
    expect(await count('report_attachments', reportId)).toBe(0);
    expect(await count('notifications', reportId)).toBe(0);
    expect(
      await database.db.selectFrom('case_members').select('user_id').where('case_id', '=', caseId).execute(),
    ).toEqual([]);
    const blobRows = await database.db
      .selectFrom('document_blob_chunks')
      .select('seq')
      .where('blob_id', '=', reportRow.blob_id)
      .execute();
    expect(blobRows).toEqual([]);
    expect(await database.db.selectFrom('blob_deletions').selectAll().execute()).toEqual([]);
    const outbox = await sql<{ n: number }>`SELECT count(*)::int AS n FROM email_outbox
      WHERE params ->> 'path' = ${`/reports/${reportId}`}`.execute(database.db);
    expect(outbox.rows[0]?.n).toBe(0);
    const caseRow = await database.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(caseRow).toMatchObject({
      title_sealed: null,
      deletion_reason: 'unfounded',
      deleted_by: users['ada@acme.example'],
      deletion_approved_by: users['abe@acme.example'],
    });
    const report = await database.db
      .selectFrom('reports')
      .selectAll()
      .where('id', '=', reportId)
      .executeTakeFirstOrThrow();
    expect(report).toMatchObject({ answers_sealed: null, reporter_sealed: null, closed_note_sealed: null });

    // The tenant's keys no longer open the case or the report.
    const tenantKeys = await keyring.forTenant(tenantId);
    for (const [scope, id] of [
      ['case', caseId],
      ['report', reportId],
    ] as const)
      await expect(
        withTenant(database, { tenantId, userId: null }, (trx) => tenantKeys.scope(trx, scope, id)),
      ).rejects.toBeInstanceOf(ScopeShreddedError);

    // VACUUM left no copy of the wrapped keys in data_keys' file.
    await sql`CHECKPOINT`.execute(database.db);
    const file = await sql<{ bytes: Buffer }>`
      SELECT pg_read_binary_file(pg_relation_filepath('data_keys')) AS bytes`.execute(database.db);
    const bytes = Buffer.from(file.rows[0]?.bytes ?? []);
    expect(bytes.length).toBeGreaterThan(0);
    for (const key of wrapped) expect(bytes.includes(key.wrapped_key as Buffer)).toBe(false);

    // Audited with codes.
    const events = (await audit()).filter((e) => e.objectId === caseId || e.objectId === reportId);
    const actions = events.map((e) => [e.action, e.reason]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['case.deletion_requested', 'unfounded'],
        ['case.deletion_withdrawn', expect.stringMatching(/^[0-9a-f-]{36}$/)],
        ['case.deletion_approved', 'unfounded'],
        ['report.shred', 'unfounded'],
        ['case.shred', 'unfounded'],
      ]),
    );
    const events2 = await audit();
    expect(events2.find((e) => e.action === 'tenant.deletion_approval')).toMatchObject({
      reason: 'required',
    });
  });

  it('deletes a named report at once when no approval is required, with the mail queued to the reporter; the inbox shows its tombstone among the closed', async () => {
    expect((await ada('PUT', '/api/v1/deletion-settings', { requiresApproval: false })).statusCode).toBe(200);
    const receipt = await submit({ name: 'Rita Named', email: 'rita@example.org' });
    const reportId = await newestReportId();
    // A reply queues a mail to the named reporter, her address sealed with the report's key.
    expect((await tom('POST', `/api/v1/reports/${reportId}/messages`, { body: 'Danke.' })).statusCode).toBe(
      201,
    );
    const queuedFor = () =>
      database.db
        .selectFrom('email_outbox')
        .select('id')
        .where((eb) =>
          eb.or([
            eb('recipient_scope_id', '=', reportId),
            eb(sql<string>`params ->> 'path'`, '=', `/reports/${reportId}`),
          ]),
        )
        .where('status', '<>', 'sent')
        .execute();
    expect((await queuedFor()).length).toBeGreaterThan(0);
    const deleted = await ada('POST', `/api/v1/reports/${reportId}/deletion`, { reason: 'duplicate' });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json()).toMatchObject({ state: 'deleted', deleted: { reason: 'duplicate' } });
    const closed = await tom('GET', '/api/v1/reports?view=closed');
    expect(closed.json().reports.find((r: { id: string }) => r.id === reportId)).toMatchObject({
      deleted: { reason: 'duplicate' },
    });
    expect((await tom('GET', `/api/v1/reports/${reportId}`)).statusCode).toBe(410);
    expect(await queuedFor()).toEqual([]);
    const token = await receiptSession(receipt);
    const view = await t.app.inject({
      url: '/api/v1/portal/acme/dialogue',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(view.json()).toMatchObject({ status: 'closed', messages: [] });
    const reply = multipart('message', { body: 'Noch etwas' }, []);
    const posted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/portal/acme/dialogue/messages',
      payload: reply.payload,
      headers: { ...reply.headers, authorization: `Bearer ${token}` },
    });
    expect(posted.statusCode).toBe(422);
    expect(posted.json().error.code).toBe('report_closed');
    const events = await audit();
    expect(
      events.filter((e) => e.objectId === reportId).map((e) => [e.action, e.actorType, e.reason]),
    ).toContainEqual(['report.shred', 'user', 'duplicate']);
  });
});

function randomUUIDv4(): string {
  return crypto.randomUUID();
}
