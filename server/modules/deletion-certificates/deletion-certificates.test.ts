// Deletion certificates through the API, on both databases: every deletion (an admin's, a second admin's
// approval, the operator's, a retention rule's) issues a PDF that names the reference, the dates, the counts,
// who deleted and who approved, and no content; it is a verifiable export (API and `tma export verify`),
// listed and downloadable by admins and auditors only, and found from the deleted case or report.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import { documentUpload } from '../../../test/support/multipart.ts';
import { pdfText } from '../../../test/support/pdf-text.ts';
import {
  openReportingApp,
  PASSWORD,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';
import type { SignedInCall } from '../../../test/support/session.ts';
import { runCli } from '../../cli/tma.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from '../audit/link.ts';
import { shredObject } from '../deletion/request-deletion.ts';
import { findDeletable } from '../deletion/store.ts';
import { createUser } from '../identity/service.ts';

const TITLE = 'Drohung Kantine CertMarker-5521';
const SUMMARY = 'Zusammenfassung CertMarker-7733';
const PERSONS = ['Zoë Łukasiewicz', 'Bruno Kessler'];
const JOURNAL = 'Gespräch CertMarker-9911 geführt.';
const DOCUMENT = 'Aktennotiz CertMarker-4242';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(databaseTargets())('deletion certificates on %s', (target) => {
  let reporting: ReportingApp;
  let tenantId: string;
  let unitId: string;
  let tom: SignedInCall;
  let ada: SignedInCall;
  let abe: SignedInCall;
  let aud: SignedInCall;
  const names: Record<string, string> = {};

  const rowCount = async (table: string, column: string, id: string) =>
    Number(
      (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${id}`.execute(
          reporting.database.db,
        )
      ).rows[0]?.n,
    );

  /** A case opened from a phone report, with a summary, two persons, a journal entry and a document. */
  const fullCase = async () => {
    const [reportId] = (await recordPhoneReports(tom, unitId, ['Eins CertMarker-1177'])) as [string];
    const opened = await tom('POST', `/api/v1/reports/${reportId}/open-case`, { title: TITLE });
    expect(opened.statusCode, opened.body).toBeLessThan(300);
    const caseId = opened.json().id as string;
    expect((await tom('PATCH', `/api/v1/cases/${caseId}`, { summary: SUMMARY })).statusCode).toBe(200);
    for (const name of PERSONS)
      expect(
        (await tom('POST', `/api/v1/cases/${caseId}/persons`, { role: 'affected_person', name })).statusCode,
      ).toBe(201);
    expect(
      (await tom('POST', `/api/v1/cases/${caseId}/journal`, { kind: 'note', text: JOURNAL })).statusCode,
    ).toBe(201);
    const body = documentUpload(
      'document',
      { title: DOCUMENT },
      { name: 'notiz.txt', type: 'text/plain', bytes: Buffer.from(`Inhalt ${DOCUMENT}\n`) },
    );
    const uploaded = await tom('POST', `/api/v1/cases/${caseId}/documents`, body.payload, body.headers);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    return { caseId, reportId };
  };

  const download = async (call: SignedInCall, id: string) => {
    const response = await call('GET', `/api/v1/deletion-certificates/${id}/pdf`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    return response.rawPayload;
  };

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    tenantId = reporting.tenants.acme as string;
    unitId = reporting.units['acme/de'] as string;
    for (const [email, role] of [
      ['abe@acme.example', 'admin'],
      ['aud@acme.example', 'auditor'],
    ] as const)
      await createUser(
        reporting.database,
        tenantId,
        { email, role, password: PASSWORD },
        { kind: 'operator' },
      );
    for (const row of await reporting.database.db
      .selectFrom('users')
      .select(['email', 'display_name'])
      .where('tenant_id', '=', tenantId)
      .execute())
      names[row.email] = row.display_name;
    tom = await reporting.session('acme', 'tom@acme.example');
    ada = await reporting.session('acme', 'ada@acme.example');
    abe = await reporting.session('acme', 'abe@acme.example');
    aud = await reporting.session('acme', 'aud@acme.example');
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('certifies an admin’s deletion of a case: reference, counts, who, no content; verifiable', async () => {
    const { caseId, reportId } = await fullCase();
    const before = {
      journal: await rowCount('case_journal', 'case_id', caseId),
      persons: await rowCount('case_persons', 'case_id', caseId),
      documents: await rowCount('case_documents', 'case_id', caseId),
    };
    expect(before).toMatchObject({ persons: 2, documents: 1 });
    const reference = (
      await reporting.database.db
        .selectFrom('cases')
        .select('reference')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow()
    ).reference;
    const reportReference = (
      await reporting.database.db
        .selectFrom('reports')
        .select('reference')
        .where('id', '=', reportId)
        .executeTakeFirstOrThrow()
    ).reference;

    const deleted = await ada('POST', `/api/v1/cases/${caseId}/deletion`, { reason: 'unfounded' });
    expect(deleted.json()).toMatchObject({ state: 'deleted' });

    const certificate = (await ada('GET', `/api/v1/cases/${caseId}/deletion-certificate`)).json();
    expect(certificate).toMatchObject({
      objectType: 'case',
      objectId: caseId,
      reference,
      reason: 'unfounded',
      deletedBy: { kind: 'user', name: names['ada@acme.example'], retentionRule: null },
      approvedBy: null,
      language: 'de',
      counts: {
        reports: 1,
        persons: 2,
        documents: 1,
        documentVersions: 1,
        journalEntries: before.journal,
        reportAttachments: 0,
      },
    });
    // The report deleted with its case is covered by the case's certificate.
    expect((await aud('GET', `/api/v1/reports/${reportId}/deletion-certificate`)).json().id).toBe(
      certificate.id,
    );

    const pdf = await download(aud, certificate.id);
    expect(sha256(pdf)).toBe(certificate.sha256);
    const text = await pdfText(pdf);
    for (const expected of [
      'Löschbescheinigung',
      reference,
      reportReference,
      certificate.id,
      names['ada@acme.example'] as string,
      'unbegründet (unfounded)',
      'Personen',
      'Dokumente',
      'keinen Inhalt',
    ])
      expect(text).toContain(expected);
    for (const content of [
      TITLE,
      SUMMARY,
      ...PERSONS,
      JOURNAL,
      DOCUMENT,
      'CertMarker',
      'Petra Meier',
      'notiz.txt',
    ])
      expect(text).not.toContain(content);
    expect(pdf.includes(Buffer.from('CertMarker'))).toBe(false);

    // In the audit log: the certificate with its hash, and the download.
    await linkAuditEvents(reporting.database, { tenantId, wait: true });
    const events = await withTenant(reporting.database, { tenantId, userId: null }, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'object_id', 'case_id', 'reason', 'actor_type'])
        .where('object_id', '=', certificate.id)
        .orderBy('seq')
        .execute(),
    );
    expect(events).toEqual([
      {
        action: 'deletion.certificate',
        object_id: certificate.id,
        case_id: caseId,
        reason: `sha256=${certificate.sha256}`,
        actor_type: 'user',
      },
      expect.objectContaining({ action: 'deletion.certificate_download', case_id: caseId }),
    ]);

    // Verifiable by anyone in the organisation, without content; one byte changed is refused.
    const verified = (await tom('POST', '/api/v1/exports/verify', { sha256: sha256(pdf) })).json();
    expect(verified).toEqual({
      verified: true,
      export: expect.objectContaining({
        id: certificate.id,
        kind: 'deletion_certificate',
        caseReference: reference,
        exportedBy: names['ada@acme.example'],
        namesIncluded: false,
        deletion: { objectType: 'case', reference, deletedBy: 'user', retentionRule: null },
      }),
    });
    const altered = Buffer.from(pdf);
    const middle = Math.floor(altered.length / 2);
    altered[middle] = (altered[middle] ?? 0) ^ 0x01;
    expect((await tom('POST', '/api/v1/exports/verify', { sha256: sha256(altered) })).json()).toEqual({
      verified: false,
      export: null,
    });

    // `tma export verify` agrees (on the server database; the embedded one is this process's).
    if (!reporting.databaseUrl) return;
    const folder = mkdtempSync(path.join(tmpdir(), 'tma-certificate-'));
    try {
      const original = path.join(folder, 'certificate.pdf');
      const changed = path.join(folder, 'certificate-changed.pdf');
      writeFileSync(original, pdf);
      writeFileSync(changed, altered);
      const env = { DATABASE_URL: reporting.databaseUrl, TMA_MASTER_KEY: randomBytes(32).toString('base64') };
      const cli = async (...args: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCli(args, {
          out: (line) => out.push(line),
          err: (line) => err.push(line),
          env,
        });
        return { code, out: out.join('\n'), err: err.join('\n') };
      };
      const good = await cli('export', 'verify', original);
      expect(good.code, good.err).toBe(0);
      expect(good.out).toContain(`export     ${certificate.id} (deletion certificate, de)`);
      expect(good.out).toContain(`deleted    case ${reference}`);
      expect(good.out).toContain(`made by    ${names['ada@acme.example']}`);
      const bad = await cli('export', 'verify', changed);
      expect(bad.code).toBe(1);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('names the requester and the approver of a four-eyes deletion of a report, in the requester’s language', async () => {
    await reporting.database.db
      .updateTable('users')
      .set({ language: 'en' })
      .where('email', '=', 'ada@acme.example')
      .execute();
    expect((await ada('PUT', '/api/v1/deletion-settings', { requiresApproval: true })).statusCode).toBe(200);
    try {
      const [reportId] = (await recordPhoneReports(tom, unitId, ['Zwei CertMarker-2288'])) as [string];
      expect(
        (await ada('POST', `/api/v1/reports/${reportId}/deletion`, { reason: 'duplicate' })).json(),
      ).toMatchObject({ state: 'awaiting_approval' });
      // Nothing is certified before the deletion happens.
      const none = await ada('GET', `/api/v1/reports/${reportId}/deletion-certificate`);
      expect([none.statusCode, none.json()]).toEqual([200, null]);
      expect((await abe('POST', `/api/v1/reports/${reportId}/deletion/approve`)).json()).toMatchObject({
        state: 'deleted',
      });
      const certificate = (await abe('GET', `/api/v1/reports/${reportId}/deletion-certificate`)).json();
      expect(certificate).toMatchObject({
        objectType: 'report',
        reason: 'duplicate',
        language: 'en',
        deletedBy: { kind: 'user', name: names['ada@acme.example'] },
        approvedBy: names['abe@acme.example'],
        counts: { attachments: 0, dialogueMessages: expect.any(Number) },
      });
      const text = await pdfText(await download(ada, certificate.id));
      expect(text).toContain('Deletion certificate');
      expect(text).toMatch(new RegExp(`Deleted by\\s+${names['ada@acme.example']}\\s`));
      expect(text).toMatch(new RegExp(`Approved by\\s+${names['abe@acme.example']}\\s`));
      expect(text).toMatch(/Reason\s+duplicate\s/);
      expect(text).not.toContain('CertMarker');
      expect(text).not.toContain('Petra Meier');
      // The export was made by the approver, whose action deleted the report.
      const verified = (await aud('POST', '/api/v1/exports/verify', { sha256: certificate.sha256 })).json();
      expect(verified.export).toMatchObject({
        kind: 'deletion_certificate',
        exportedBy: names['abe@acme.example'],
        caseReference: null,
        deletion: { objectType: 'report', deletedBy: 'user' },
      });
    } finally {
      await ada('PUT', '/api/v1/deletion-settings', { requiresApproval: false });
    }
  });

  it('certifies the operator’s and a retention rule’s deletions without naming a person', async () => {
    const keyring = new Keyring(reporting.database, reporting.provider);
    const [first, second] = (await recordPhoneReports(tom, unitId, ['Drei', 'Vier'])) as [string, string];
    const keys = await keyring.forTenant(tenantId);
    for (const [reportId, actor, retentionRule] of [
      [first, 'operator', undefined],
      [second, 'system', 'reports.dismissed=p90d'],
    ] as const)
      await withTenant(reporting.database, { tenantId, userId: null }, async (trx) => {
        const row = await findDeletable(trx, 'report', reportId);
        if (!row) throw new Error('report missing');
        await shredObject(trx, keys, row, 'report', {
          tenantId,
          actor: { actorType: actor, actorId: null, requestId: null },
          tombstone: {
            deletedAt: new Date(),
            deletedBy: null,
            approvedBy: null,
            reason: 'retention_expired',
          },
          ...(retentionRule ? { retentionRule } : {}),
        });
      });
    const operator = (await ada('GET', `/api/v1/reports/${first}/deletion-certificate`)).json();
    expect(operator.deletedBy).toEqual({ kind: 'operator', name: null, retentionRule: null });
    const policy = (await ada('GET', `/api/v1/reports/${second}/deletion-certificate`)).json();
    expect(policy.deletedBy).toEqual({
      kind: 'retention_policy',
      name: null,
      retentionRule: 'reports.dismissed=p90d',
    });
    const text = await pdfText(await download(ada, policy.id));
    expect(text).toContain('Aufbewahrungsrichtlinie, Regel reports.dismissed=p90d');
    expect(await pdfText(await download(ada, operator.id))).toContain('dem Betrieb (Kommandozeile tma)');
    const verified = (await aud('POST', '/api/v1/exports/verify', { sha256: policy.sha256 })).json();
    expect(verified.export).toMatchObject({
      exportedBy: null,
      deletion: {
        objectType: 'report',
        deletedBy: 'retention_policy',
        retentionRule: 'reports.dismissed=p90d',
      },
    });
  });

  it('lists certificates newest first for admins and auditors, by object type, a page at a time; nobody else', async () => {
    for (const call of [tom]) {
      expect((await call('GET', '/api/v1/deletion-certificates')).statusCode).toBe(403);
      const anyId = (await ada('GET', '/api/v1/deletion-certificates?limit=1')).json().certificates[0].id;
      expect((await call('GET', `/api/v1/deletion-certificates/${anyId}/pdf`)).statusCode).toBe(403);
    }
    const all = (await aud('GET', '/api/v1/deletion-certificates')).json().certificates;
    expect(all.map((c: { objectType: string }) => c.objectType)).toEqual([
      'report',
      'report',
      'report',
      'case',
    ]);
    const times = all.map((c: { deletedAt: string }) => c.deletedAt);
    expect([...times].sort().reverse()).toEqual(times);
    const cases = (await ada('GET', '/api/v1/deletion-certificates?objectType=case')).json().certificates;
    expect(cases).toHaveLength(1);
    const first = (await ada('GET', '/api/v1/deletion-certificates?limit=2')).json();
    expect(first.certificates).toHaveLength(2);
    const rest = (await ada('GET', `/api/v1/deletion-certificates?limit=2&after=${first.nextCursor}`)).json();
    expect([...first.certificates, ...rest.certificates].map((c: { id: string }) => c.id)).toEqual(
      all.map((c: { id: string }) => c.id),
    );
    expect((await ada('GET', `/api/v1/deletion-certificates/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });
});
