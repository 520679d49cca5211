// Administration is not access to content, through the HTTP API on both databases: an admin sees the
// metadata of every report and case (the inbox, the case list, the pages, deletion) but none of their
// content, and their API tokens neither, until the tenant lets admins read content (audited) or another
// admin gives them the threat-manager role for their units (audited). Every answer carries what the user
// may do (`can`).
import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { type SignedInCall, signIn } from '../../../test/support/session.ts';
import type { KeyProvider } from '../../crypto/key-provider.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import type { Database } from '../../db/database.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from '../audit/link.ts';
import { listAuditEvents } from '../audit/service.ts';
import { createPostgresBlobStore } from '../documents/postgres-blob-store.ts';
import { createUser } from '../identity/service.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit, setUserUnits } from '../units/service.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const MARKER = 'ContentMarker-7310';

const answers = {
  immediate_danger: 'no',
  description: `Herr K. hat in der Kantine gedroht. ${MARKER}`,
  warning_signs: ['threat'],
  persons: [{ role: 'person_of_concern', name: 'K.', description: 'Lager' }],
};

describe.each(databaseTargets())('content access of admins on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let t: TestApp;
  let tenantId = '';
  const users: Record<string, string> = {};
  const units: Record<string, string> = {};
  let ada: SignedInCall; // admin
  let abe: SignedInCall; // second admin
  let tom: SignedInCall; // threat manager of Germany
  let reportId = '';
  let caseId = '';

  const events = async () => {
    await linkAuditEvents(database, { tenantId, wait: true });
    return (
      await withTenant(database, { tenantId, userId: null }, (trx) => listAuditEvents(trx, { limit: 1000 }))
    ).events;
  };
  const setAdminsReadContent = async (value: boolean) => {
    const response = await abe('PUT', '/api/v1/access-settings', { adminsReadContent: value });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ adminsReadContent: value });
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
      users[email] = (
        await createUser(database, tenantId, { email, role, password: PASSWORD }, { kind: 'operator' })
      ).id;
      if (unitSlugs.length > 0)
        await setUserUnits(database, tenantId, { email }, { slugs: unitSlugs }, { kind: 'operator' });
    };
    await user('ada@acme.example', 'admin');
    await user('abe@acme.example', 'admin');
    await user('tom@acme.example', 'threat_manager', ['de']);
    t = await buildTestApp(database, {
      reporting: {
        keyring: new Keyring(database, provider),
        blobStore: createPostgresBlobStore(database),
        attachments: { maxBytes: 1024 * 1024, maxFiles: 3 },
      },
    });
    const session = (email: string) => signIn(t.app, { tenant: 'acme', email, password: PASSWORD });
    ada = await session('ada@acme.example');
    abe = await session('abe@acme.example');
    tom = await session('tom@acme.example');

    // Tom records a named report from Germany, writes to the reporter, and opens a case from it.
    const recorded = await tom('POST', '/api/v1/reports', {
      unitId: units.de,
      channel: 'phone',
      receivedOn: new Date().toISOString().slice(0, 10),
      anonymous: false,
      reporter: { name: `Jane ${MARKER}`, email: 'jane@example.org' },
      answers,
      issueReceipt: true,
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    reportId = recorded.json().report.id;
    expect(recorded.json().report.can).toMatchObject({ see: true, read: true, triage: true, delete: false });
    expect(
      (await tom('POST', `/api/v1/reports/${reportId}/messages`, { body: `Danke ${MARKER}` })).statusCode,
    ).toBe(201);
    const opened = await tom('POST', `/api/v1/reports/${reportId}/open-case`, { title: `Drohung ${MARKER}` });
    expect(opened.statusCode, opened.body).toBe(201);
    caseId = opened.json().id;
    expect(opened.json().can).toEqual({
      see: true,
      read: true,
      read_managers_only: true,
      write: true,
      manage: true,
      manage_team: true,
      attach_report: true,
      hand_over: true,
      delete: false,
    });
  }, 60_000);

  afterAll(async () => {
    await t?.app.close();
    await provider?.close();
    await cleanup?.();
  });

  it('shows an admin the metadata of reports and cases, never their content', async () => {
    const inbox = await ada('GET', '/api/v1/reports?view=all');
    expect(inbox.statusCode, inbox.body).toBe(200);
    expect(inbox.json().reports).toEqual([
      expect.objectContaining({
        id: reportId,
        unit: { id: units.de, name: 'Germany' },
        status: 'case_opened',
        can: expect.objectContaining({ see: true, read: false, reply: false, triage: false, delete: true }),
      }),
    ]);
    const report = await ada('GET', `/api/v1/reports/${reportId}`);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({
      reference: expect.stringMatching(/^R-/),
      answers: null,
      reporter: null,
      attachments: [],
      messages: [],
      handOvers: [],
      case: { id: caseId },
      can: { see: true, read: false, reply: false, acknowledge: false, triage: false, hand_over: false },
    });
    expect(report.body).not.toContain(MARKER);
    const attachment = await ada('GET', `/api/v1/reports/${reportId}/attachments/${randomUUID()}`);
    expect(attachment.statusCode).toBe(403);
    expect(attachment.json().error.code).toBe('report_action_not_allowed');
    const reply = await ada('POST', `/api/v1/reports/${reportId}/messages`, { body: 'Hallo' });
    expect(reply.statusCode).toBe(403);
    expect(reply.json().error.code).toBe('report_action_not_allowed');

    const list = await ada('GET', '/api/v1/cases');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().cases).toEqual([
      expect.objectContaining({
        id: caseId,
        title: null,
        deleted: null,
        can: expect.objectContaining({ read: false }),
      }),
    ]);
    const detail = await ada('GET', `/api/v1/cases/${caseId}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({
      title: null,
      handOvers: [],
      reports: [{ id: reportId }],
      can: { see: true, read: false, hand_over: false, attach_report: false, delete: true },
    });
    expect(detail.body).not.toContain(MARKER);
    const handOver = await ada('POST', `/api/v1/cases/${caseId}/hand-over`, {
      unitId: units.fr,
      reason: 'x',
    });
    expect(handOver.statusCode).toBe(403);
    expect(handOver.json().error.code).toBe('case_action_not_allowed');

    // Reads of metadata are on record as reads, with the reason saying what was shown.
    const reads = (await events()).filter(
      (event) =>
        event.actorId === users['ada@acme.example'] && /\.(read|attachment_read)$/.test(event.action),
    );
    expect(reads.map((event) => [event.action, event.outcome, event.reason])).toEqual([
      ['report.read', 'success', 'metadata_only'],
      ['report.attachment_read', 'denied', 'content_withheld'],
      ['case.read', 'success', 'metadata_only'],
    ]);
  });

  it('lets the tenant let admins read content, audited, and take it back', async () => {
    expect((await tom('GET', '/api/v1/access-settings')).statusCode).toBe(403);
    expect((await tom('PUT', '/api/v1/access-settings', { adminsReadContent: true })).statusCode).toBe(403);
    expect((await ada('GET', '/api/v1/access-settings')).json()).toEqual({ adminsReadContent: false });
    await setAdminsReadContent(true);
    const report = await ada('GET', `/api/v1/reports/${reportId}`);
    expect(report.json().answers.description).toBe(answers.description);
    expect(report.json().messages).toHaveLength(1);
    expect(report.json().can).toMatchObject({ read: true, reply: true });
    expect((await ada('GET', `/api/v1/cases/${caseId}`)).json()).toMatchObject({
      title: `Drohung ${MARKER}`,
      can: { read: true, hand_over: true, delete: true },
    });
    await setAdminsReadContent(false);
    expect((await ada('GET', `/api/v1/reports/${reportId}`)).json().answers).toBeNull();
    const changes = (await events()).filter((event) => event.action === 'tenant.admin_content_access');
    expect(changes.map((event) => [event.actorId, event.reason])).toEqual([
      [users['abe@acme.example'], 'granted'],
      [users['abe@acme.example'], 'withheld'],
    ]);
  });

  it('lets another admin give an admin the threat-manager role, which reads their units only', async () => {
    const adaId = users['ada@acme.example'] as string;
    const self = await ada('PUT', `/api/v1/users/${adaId}/content-roles`, {
      contentRoles: ['threat_manager'],
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('content_role_self');
    const notAdmin = await abe('PUT', `/api/v1/users/${users['tom@acme.example']}/content-roles`, {
      contentRoles: ['threat_manager'],
    });
    expect(notAdmin.statusCode).toBe(422);
    expect(notAdmin.json().error.code).toBe('content_role_needs_admin');
    const granted = await abe('PUT', `/api/v1/users/${adaId}/content-roles`, {
      contentRoles: ['threat_manager'],
    });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json()).toEqual({ contentRoles: ['threat_manager'] });
    expect((await abe('GET', `/api/v1/users/${adaId}/content-roles`)).json()).toEqual({
      contentRoles: ['threat_manager'],
    });
    // A threat manager of no unit reads nothing yet; of France, still not Germany's report; of Germany, it.
    expect((await ada('GET', `/api/v1/reports/${reportId}`)).json().answers).toBeNull();
    await setUserUnits(database, tenantId, { id: adaId }, { slugs: ['fr'] }, { kind: 'operator' });
    expect((await ada('GET', `/api/v1/reports/${reportId}`)).json().answers).toBeNull();
    await setUserUnits(database, tenantId, { id: adaId }, { slugs: ['de'] }, { kind: 'operator' });
    expect((await ada('GET', `/api/v1/reports/${reportId}`)).json().can).toMatchObject({
      read: true,
      triage: false,
    });
    expect((await ada('GET', `/api/v1/cases/${caseId}`)).json().title).toBe(`Drohung ${MARKER}`);
    const taken = await abe('PUT', `/api/v1/users/${adaId}/content-roles`, { contentRoles: [] });
    expect(taken.json()).toEqual({ contentRoles: [] });
    expect((await ada('GET', `/api/v1/cases/${caseId}`)).json().title).toBeNull();
    const changes = (await events()).filter((event) => event.action === 'user.content_roles_changed');
    expect(changes.map((event) => [event.objectId, event.reason])).toEqual([
      [adaId, 'roles=threat_manager'],
      [adaId, 'roles=none'],
    ]);
  });

  it('gives an admin’s API token the admin’s content access, not more', async () => {
    const created = await ada('POST', '/api/v1/api-tokens', {
      name: 'Export',
      scopes: ['reports:read'],
      expiresInDays: 1,
    });
    expect(created.statusCode, created.body).toBe(201);
    const token = created.json().token as string;
    const read = () =>
      t.app.inject({ url: `/api/v1/reports/${reportId}`, headers: { authorization: `Bearer ${token}` } });
    const withheld = await read();
    expect(withheld.statusCode, withheld.body).toBe(200);
    expect(withheld.json()).toMatchObject({ answers: null, can: { read: false, delete: false } });
    await setAdminsReadContent(true);
    expect((await read()).json()).toMatchObject({
      answers: { description: answers.description },
      can: { read: true, reply: false, triage: false, delete: false },
    });
    await setAdminsReadContent(false);
  });

  it('lets an admin delete a report whose content they cannot read, dialogue and all', async () => {
    const count = (table: 'report_messages' | 'hand_overs') =>
      withTenant(database, { tenantId, userId: null }, (trx) =>
        trx.selectFrom(table).select('id').where('report_id', '=', reportId).execute(),
      ).then((rows) => rows.length);
    expect(await count('report_messages')).toBe(1);
    const deleted = await ada('POST', `/api/v1/reports/${reportId}/deletion`, { reason: 'duplicate' });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json().state).toBe('deleted');
    // Row-level security hides the dialogue from her; the deletion removes it all the same.
    expect(await count('report_messages')).toBe(0);
    expect((await ada('GET', `/api/v1/reports/${reportId}`)).statusCode).toBe(410);
  });
});
