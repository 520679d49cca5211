// The audit viewer through the HTTP API on both databases: auditors and admins read, filter and export the
// log (threat managers, experts and other organisations do not); every filter narrows the events and pages
// by seq, newest first, stable while new events arrive; an auditor meets users' names and cases' references
// but no case content; the CSV names the head and verifies against the chain, and a changed row does not;
// reading and exporting are audited with the filters as codes; the verification status follows the
// server's incremental checks; and a case's owner (and admins) see who has seen the case.
import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import {
  openReportingApp,
  PASSWORD,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';
import type { SignedInCall } from '../../../test/support/session.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { runAuditVerification } from '../../jobs/audit-verification.ts';
import { createUser } from '../identity/service.ts';
import { linkAuditEvents } from './link.ts';
import { verifyAuditExtract } from './verify-extract.ts';
import type { AuditLogEvent, AuditLogPage, AuditLogStatus, CaseViewers } from './viewer-schemas.ts';

const TITLE = 'TitleMarker-4412 Drohung in der Kantine';
const EVENT_KEYS = [
  'action',
  'actorId',
  'actorName',
  'actorType',
  'caseId',
  'caseReference',
  'hash',
  'objectCount',
  'objectId',
  'objectType',
  'occurredAt',
  'outcome',
  'reason',
  'requestId',
  'seq',
];

describe.each(databaseTargets())('the audit viewer on %s', (target) => {
  let reporting: ReportingApp;
  let tenantId: string;
  let audrey: SignedInCall;
  let ada: SignedInCall;
  let tom: SignedInCall;
  const cases: Array<{ id: string; reference: string }> = [];
  const users: Record<string, string> = {};
  const link = () => linkAuditEvents(reporting.database, { tenantId, wait: true });
  const page = async (call: SignedInCall, query: Record<string, string>) => {
    const response = await call('GET', `/api/v1/audit/events?${new URLSearchParams(query)}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as AuditLogPage;
  };
  /** Every event of a filter, page by page. */
  const all = async (query: Record<string, string>, limit = 3) => {
    const events: AuditLogEvent[] = [];
    let after: string | null = null;
    do {
      const next: AuditLogPage = await page(audrey, {
        ...query,
        limit: String(limit),
        ...(after ? { after } : {}),
      });
      events.push(...next.events);
      after = next.nextCursor;
    } while (after);
    return events;
  };

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    tenantId = reporting.tenants.acme as string;
    await createUser(
      reporting.database,
      tenantId,
      {
        email: 'audrey@acme.example',
        displayName: 'Audrey Auditor',
        role: 'auditor',
        password: PASSWORD,
        specialty: null,
      },
      { kind: 'operator' },
    );
    audrey = await reporting.session('acme', 'audrey@acme.example');
    ada = await reporting.session('acme', 'ada@acme.example');
    tom = await reporting.session('acme', 'tom@acme.example');
    const reports = await recordPhoneReports(tom, reporting.units['acme/de'] as string, ['a', 'b']);
    for (const report of reports) {
      const opened = await tom('POST', `/api/v1/reports/${report}/open-case`, { title: TITLE });
      expect(opened.statusCode, opened.body).toBe(201);
      cases.push({ id: opened.json().id, reference: opened.json().reference });
    }
    const [first] = cases;
    if (!first) throw new Error('no case');
    // Tom reads the first case three times; Ada (admin) sees its metadata; Eve (expert, not on the team)
    // is refused.
    for (let i = 0; i < 3; i++) expect((await tom('GET', `/api/v1/cases/${first.id}`)).statusCode).toBe(200);
    expect((await ada('GET', `/api/v1/cases/${first.id}`)).statusCode).toBe(200);
    const eve = await reporting.session('acme', 'eve@acme.example');
    expect((await eve('GET', `/api/v1/cases/${first.id}`)).statusCode).toBe(404);
    await link();
    const rows = await withTenant(reporting.database, { tenantId, userId: null }, (trx) =>
      trx.selectFrom('users').select(['id', 'email']).execute(),
    );
    for (const row of rows) users[row.email.split('@')[0] as string] = row.id;
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('lets auditors and admins read it, and no one else', async () => {
    for (const call of [audrey, ada])
      for (const url of [
        '/api/v1/audit/events',
        '/api/v1/audit/events.csv',
        '/api/v1/audit/status',
        '/api/v1/audit/users',
      ])
        expect((await call('GET', url)).statusCode, url).toBe(200);
    for (const email of ['tom@acme.example', 'eve@acme.example', 'tessa@acme.example']) {
      const call = await reporting.session('acme', email);
      for (const url of ['/api/v1/audit/events', '/api/v1/audit/events.csv', '/api/v1/audit/status']) {
        const refused = await call('GET', url);
        expect([refused.statusCode, refused.json().error.code], `${email} ${url}`).toEqual([
          403,
          'audit_log_not_allowed',
        ]);
      }
    }
    const gil = await reporting.session('globex', 'gil@globex.example');
    expect((await gil('GET', '/api/v1/audit/events')).statusCode).toBe(403);
  });

  it('shows ids, codes, names and references, never case content', async () => {
    const { events, head } = await page(audrey, { limit: '200' });
    expect(events.length).toBeGreaterThan(10);
    expect(head.seq).toBe(events[0]?.seq);
    for (const event of events) expect(Object.keys(event).sort()).toEqual(EVENT_KEYS);
    const body = JSON.stringify(events);
    expect(body).not.toContain('TitleMarker');
    expect(body).not.toContain('Kantine');
    const read = events.find((event) => event.action === 'case.read' && event.actorId === users.tom);
    expect(read).toMatchObject({ actorName: expect.any(String), caseReference: cases[0]?.reference });
    // Newest first, by seq.
    const seqs = events.map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  });

  it('filters by case, reference, user, action, prefix, outcome and time', async () => {
    const first = cases[0] as { id: string; reference: string };
    const byCase = await all({ caseId: first.id });
    expect(byCase.length).toBeGreaterThanOrEqual(5);
    expect(byCase.every((event) => event.caseId === first.id)).toBe(true);
    expect((await all({ caseReference: first.reference.toLowerCase() })).map((e) => e.seq)).toEqual(
      byCase.map((e) => e.seq),
    );
    expect(await all({ caseReference: 'no-such-case' })).toEqual([]);

    const byTom = await all({ actorId: users.tom as string });
    expect(byTom.length).toBeGreaterThan(3);
    expect(byTom.every((event) => event.actorId === users.tom)).toBe(true);

    const reads = await all({ caseId: first.id, action: 'case.read' });
    expect(reads.map((event) => event.action)).toEqual(Array(reads.length).fill('case.read'));
    // Tom's reads (three, and on opening the case), Ada's metadata read and Eve's refused one.
    const by = (who: string) => reads.filter((event) => event.actorId === users[who]);
    expect(by('tom').length).toBeGreaterThanOrEqual(3);
    expect([by('ada').length, by('eve').length, by('eve')[0]?.outcome]).toEqual([1, 1, 'denied']);
    const prefixed = await all({ action: 'case.*' });
    expect(prefixed.length).toBeGreaterThan(reads.length);
    expect(prefixed.every((event) => event.action.startsWith('case.'))).toBe(true);
    expect(await all({ action: 'cas.*' })).toEqual([]);

    const denied = await all({ outcome: 'denied' });
    expect(denied.length).toBeGreaterThanOrEqual(1);
    expect(denied.every((event) => event.outcome === 'denied')).toBe(true);
    expect(denied.some((event) => event.caseId === first.id && event.actorId === users.eve)).toBe(true);

    const middle = byCase[Math.floor(byCase.length / 2)] as AuditLogEvent;
    const before = await all({ caseId: first.id, to: middle.occurredAt });
    const since = await all({ caseId: first.id, from: middle.occurredAt });
    expect(before.every((event) => event.occurredAt < middle.occurredAt)).toBe(true);
    expect(since.every((event) => event.occurredAt >= middle.occurredAt)).toBe(true);
    expect(before.length + since.length).toBe(byCase.length);

    const refused = await audrey('GET', '/api/v1/audit/events?action=case.read%27--');
    expect(refused.statusCode).toBe(400);
  });

  it('pages by seq, stable while new events arrive', async () => {
    const first = cases[0] as { id: string; reference: string };
    const everything = await all({ caseId: first.id }, 100);
    const one = await page(audrey, { caseId: first.id, limit: '2' });
    expect(one.events.map((e) => e.seq)).toEqual(everything.slice(0, 2).map((e) => e.seq));
    // Tom reads the case again: a newer event, which must not shift the next pages.
    expect((await tom('GET', `/api/v1/cases/${first.id}`)).statusCode).toBe(200);
    await link();
    const rest: AuditLogEvent[] = [];
    let after = one.nextCursor;
    while (after) {
      const next = await page(audrey, { caseId: first.id, limit: '2', after });
      rest.push(...next.events);
      after = next.nextCursor;
    }
    expect([...one.events, ...rest].map((e) => e.seq)).toEqual(everything.map((e) => e.seq));
    const refreshed = await page(audrey, { caseId: first.id, limit: '1' });
    expect(refreshed.events[0]?.seq).toBeGreaterThan(everything[0]?.seq ?? 0);
    expect((await audrey('GET', '/api/v1/audit/events?after=bm90LWEtY3Vyc29y')).json().error.code).toBe(
      'cursor_invalid',
    );
  });

  it('audits its reading and its exports, the filters as codes', async () => {
    const first = cases[0] as { id: string; reference: string };
    await page(audrey, { caseId: first.id, action: 'case.*', outcome: 'success' });
    expect((await audrey('GET', `/api/v1/audit/events.csv?caseId=${first.id}`)).statusCode).toBe(200);
    await link();
    const recent = await page(ada, { actorId: users.audrey as string, action: 'audit.*', limit: '5' });
    const [exported, read] = recent.events;
    expect(exported).toMatchObject({
      action: 'audit.export',
      objectType: 'audit_log',
      reason: `case=${first.id}`,
      caseId: null,
    });
    expect(read).toMatchObject({
      action: 'audit.read',
      reason: `case=${first.id}:action_prefix=case:outcome=success`,
      caseId: null,
    });
  });

  it('exports CSV with the head, which verifies against the chain; a changed row does not', async () => {
    const first = cases[0] as { id: string; reference: string };
    const response = await audrey('GET', `/api/v1/audit/events.csv?caseReference=${first.reference}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="audit-log-acme-/);
    const csv = response.body;
    expect(csv).not.toContain('TitleMarker');
    const lines = csv.split('\r\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^# tma-audit-extract/1 tenant=${tenantId} head=\\d+:[0-9a-f]{64} exported_at=\\S+ filters=case=${first.id}$`,
      ),
    );
    expect(lines[1]).toBe(
      'seq,occurred_at,tenant_id,actor_type,actor_id,action,object_type,object_id,case_id,request_id,outcome,reason,object_ids,prev_hash,hash,actor_name,case_reference',
    );
    const rows = lines.slice(2, -2);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.every((row) => row.includes(`,${first.id},`) && row.endsWith(`,${first.reference}`))).toBe(
      true,
    );
    expect(lines.at(-2)).toBe(`# end of tma-audit-extract/1: ${rows.length} events`);

    const folder = await mkdtemp(path.join(tmpdir(), 'tma-audit-extract-'));
    const file = path.join(folder, 'extract.csv');
    writeFileSync(file, csv);
    // New events after the export do not matter: the extract's head is still a head of the chain.
    expect((await tom('GET', `/api/v1/cases/${first.id}`)).statusCode).toBe(200);
    await link();
    const verified = await verifyAuditExtract(reporting.database, tenantId, file);
    expect(verified).toMatchObject({ ok: true, events: rows.length });

    const tampered = [...lines];
    const at = lines.findIndex((line) => line.includes(',case.read,'));
    tampered[at] = (lines[at] as string).replace(',case.read,', ',case.update,');
    writeFileSync(file, tampered.join('\r\n'));
    expect(await verifyAuditExtract(reporting.database, tenantId, file)).toEqual({
      ok: false,
      message: expect.stringMatching(new RegExp(`^line ${at + 1}: event #\\d+ was changed`)),
    });
    writeFileSync(file, [...lines.slice(0, 3), ...lines.slice(4)].join('\r\n'));
    expect(await verifyAuditExtract(reporting.database, tenantId, file)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/rows were added or removed/),
    });
    writeFileSync(
      file,
      lines
        .map((line, index) =>
          index === 0 ? line.replace(/head=\d+:[0-9a-f]{64}/, `head=1:${'0'.repeat(64)}`) : line,
        )
        .join('\r\n'),
    );
    expect(await verifyAuditExtract(reporting.database, tenantId, file)).toMatchObject({ ok: false });
  });

  it('shows the verification status, kept fresh by the server’s incremental checks', async () => {
    const status = async () => {
      const response = await audrey('GET', '/api/v1/audit/status');
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as AuditLogStatus;
    };
    const start = new Date(Date.now() + 3_600_000);
    expect(await runAuditVerification(reporting.database, start)).toBe(2);
    const first = await status();
    expect(first.lastVerification).toMatchObject({
      ok: true,
      source: 'server',
      verifiedAt: start.toISOString(),
      head: first.head,
    });
    expect(first.unverifiedEvents).toBe(0);
    // Within five minutes: not again.
    expect(await runAuditVerification(reporting.database, new Date(start.getTime() + 60_000))).toBe(0);
    expect((await tom('GET', `/api/v1/cases/${cases[0]?.id}`)).statusCode).toBe(200);
    await link();
    const later = new Date(start.getTime() + 6 * 60_000);
    expect(await runAuditVerification(reporting.database, later)).toBe(2);
    const second = await status();
    expect(second.lastVerification).toMatchObject({ ok: true, mode: 'incremental', head: second.head });
    expect(second.head.seq).toBeGreaterThan(first.head.seq);

    // An event at the last verified head is changed: the next incremental check finds it.
    const headSeq = second.head.seq;
    await reporting.database.db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('tma.audit_maintenance', 'on', true)`.execute(trx);
      await sql`UPDATE audit_events SET reason = 'forged' WHERE tenant_id = ${tenantId} AND seq = ${headSeq}`.execute(
        trx,
      );
    });
    // The maintenance hatch left the hash as it was; rewrite it too, as an attacker would.
    await reporting.database.db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('tma.audit_maintenance', 'on', true)`.execute(trx);
      await sql`UPDATE audit_events SET hash = sha256(hash) WHERE tenant_id = ${tenantId} AND seq = ${headSeq}`.execute(
        trx,
      );
      await sql`UPDATE audit_chain_heads SET hash = sha256(hash) WHERE tenant_id = ${tenantId}`.execute(trx);
    });
    expect(await runAuditVerification(reporting.database, new Date(later.getTime() + 6 * 60_000))).toBe(2);
    const broken = await status();
    expect(broken.lastVerification).toMatchObject({
      ok: false,
      problem: 'anchor-mismatch',
      problemSeq: headSeq,
    });
    expect(broken.lastIntact).toEqual(second.lastVerification);
  });

  it('tells a case’s owner, and admins, who has seen the case', async () => {
    const first = cases[0] as { id: string; reference: string };
    const response = await tom('GET', `/api/v1/cases/${first.id}/viewers`);
    expect(response.statusCode, response.body).toBe(200);
    const { viewers } = response.json() as CaseViewers;
    const tomRow = viewers.find((viewer) => viewer.actorId === users.tom);
    expect(tomRow).toMatchObject({ actorType: 'user', name: expect.any(String), exports: 0 });
    expect(tomRow?.reads).toBeGreaterThanOrEqual(5);
    expect(tomRow?.changes).toBeGreaterThanOrEqual(1);
    expect(viewers.find((viewer) => viewer.actorId === users.ada)).toMatchObject({ reads: 1, changes: 0 });
    // Eve was refused: she has not seen it. Audrey read the log about it, not the case.
    expect(viewers.some((viewer) => viewer.actorId === users.eve)).toBe(false);
    expect(viewers.some((viewer) => viewer.actorId === users.audrey)).toBe(false);
    // Reading the list is audited, but does not count as seeing the case.
    expect((await tom('GET', `/api/v1/cases/${first.id}/viewers`)).json()).toEqual({ viewers });

    expect((await ada('GET', `/api/v1/cases/${first.id}/viewers`)).statusCode).toBe(200);
    const tessa = await reporting.session('acme', 'tessa@acme.example');
    const refused = await tessa('GET', `/api/v1/cases/${first.id}/viewers`);
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'case_viewers_not_allowed']);
    for (const call of [audrey, await reporting.session('acme', 'eve@acme.example')])
      expect((await call('GET', `/api/v1/cases/${first.id}/viewers`)).statusCode).toBe(404);
    await link();
    const audited = await page(ada, { caseId: first.id, action: 'case.viewers_read' });
    expect(audited.events.length).toBe(3);
  });
});
