// The case report through the HTTP API on both databases: a threat manager exports a case as PDF (persons
// by pseudonym unless names are asked for, managers-only content only for managers), the export's hash is
// in the audit log, and anyone in the organisation can verify the file; a file with one byte changed, or
// from another organisation, does not verify.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import { pdfText } from '../../../test/support/pdf-text.ts';
import {
  openReportingApp,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';
import type { SignedInCall } from '../../../test/support/session.ts';
import { runCli } from '../../cli/tma.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from '../audit/link.ts';

const SECRET = 'Quellenschutz-8812';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(databaseTargets())('case report on %s', (target) => {
  let reporting: ReportingApp;
  let caseId: string;
  let tom: SignedInCall;
  let eve: SignedInCall;

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    tom = await reporting.session('acme', 'tom@acme.example');
    eve = await reporting.session('acme', 'eve@acme.example');
    const [report] = (await recordPhoneReports(tom, reporting.units['acme/de'] as string, ['Eins'])) as [
      string,
    ];
    caseId = (
      await tom('POST', `/api/v1/reports/${report}/open-case`, { title: 'Drohung Lager Nord' })
    ).json().id;
    const eveId = (
      await reporting.database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'eve@acme.example')
        .executeTakeFirstOrThrow()
    ).id;
    expect((await tom('POST', `/api/v1/cases/${caseId}/team`, { userId: eveId })).statusCode).toBe(200);
    const person = await tom('POST', `/api/v1/cases/${caseId}/persons`, {
      role: 'affected_person',
      name: 'Zoë Łukasiewicz',
      details: { jobTitle: 'Lagerleiterin' },
    });
    expect(person.statusCode, person.body).toBe(201);
    for (const entry of [
      { kind: 'note', text: 'Gespräch mit der Schichtleitung geführt.' },
      { kind: 'meeting', text: `Quelle: ${SECRET}`, managersOnly: true },
    ])
      expect((await tom('POST', `/api/v1/cases/${caseId}/journal`, entry)).statusCode).toBe(201);
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('exports a watermarked PDF with pseudonyms by default, and names only for the case’s threat managers', async () => {
    const exported = await tom('POST', `/api/v1/cases/${caseId}/report`, { language: 'de' });
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toBe('application/pdf');
    expect(exported.headers['content-disposition']).toMatch(/^attachment; filename="Fallbericht-/);
    const exportId = exported.headers['x-tma-export-id'] as string;
    const text = await pdfText(exported.rawPayload);
    expect(text).toContain('Fallbericht');
    expect(text).toContain('Drohung Lager Nord');
    expect(text).toContain(exportId);
    expect(text).toContain('Person A');
    expect(text).not.toContain('Łukasiewicz');
    expect(text).toContain('Gespräch mit der Schichtleitung geführt.');
    expect(text).toContain(SECRET);

    const named = await tom('POST', `/api/v1/cases/${caseId}/report`, { language: 'en', names: true });
    const namedText = await pdfText(named.rawPayload);
    expect(namedText).toContain('Case report');
    expect(namedText).toContain('Zoë Łukasiewicz');
    expect(namedText).toContain('Lagerleiterin');

    // An expert on the team exports too, without managers-only content and without names.
    const forEve = await eve('POST', `/api/v1/cases/${caseId}/report`, { language: 'de' });
    expect(forEve.statusCode).toBe(200);
    expect(await pdfText(forEve.rawPayload)).not.toContain(SECRET);
    const refused = await eve('POST', `/api/v1/cases/${caseId}/report`, { language: 'de', names: true });
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'report_names_not_allowed']);

    const tenantId = reporting.tenants.acme as string;
    await linkAuditEvents(reporting.database, { tenantId, wait: true });
    const events = await withTenant(reporting.database, { tenantId, userId: null }, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['object_id', 'reason'])
        .where('action', '=', 'case.export')
        .orderBy('seq')
        .execute(),
    );
    expect(events[0]).toEqual({ object_id: exportId, reason: `sha256=${sha256(exported.rawPayload)}` });
    expect(events).toHaveLength(3);
  });

  it('verifies an unaltered export for anyone in the organisation, and nothing else', async () => {
    const exported = await tom('POST', `/api/v1/cases/${caseId}/report`, { language: 'en' });
    const exportId = exported.headers['x-tma-export-id'];
    const ada = await reporting.session('acme', 'ada@acme.example');
    for (const call of [tom, eve, ada]) {
      const verified = await call('POST', '/api/v1/exports/verify', { sha256: sha256(exported.rawPayload) });
      expect(verified.statusCode, verified.body).toBe(200);
      expect(verified.json()).toMatchObject({
        verified: true,
        export: {
          id: exportId,
          kind: 'case_report',
          language: 'en',
          namesIncluded: false,
          byteLength: exported.rawPayload.length,
        },
      });
      expect(verified.json().export.caseReference).toMatch(/^[A-Z]/);
    }
    const altered = Buffer.from(exported.rawPayload);
    const middle = Math.floor(altered.length / 2);
    altered[middle] = (altered[middle] ?? 0) ^ 0x01;
    expect((await tom('POST', '/api/v1/exports/verify', { sha256: sha256(altered) })).json()).toEqual({
      verified: false,
      export: null,
    });
    const gil = await reporting.session('globex', 'gil@globex.example');
    expect(
      (await gil('POST', '/api/v1/exports/verify', { sha256: sha256(exported.rawPayload) })).json().verified,
    ).toBe(false);
    const invalid = await tom('POST', '/api/v1/exports/verify', { sha256: 'abc' });
    expect(invalid.statusCode).toBe(400);

    // `tma export verify` agrees, from the file, on the server database (the embedded one is this process's).
    if (!reporting.databaseUrl) return;
    const folder = mkdtempSync(path.join(tmpdir(), 'tma-export-'));
    const original = path.join(folder, 'report.pdf');
    const changed = path.join(folder, 'report-changed.pdf');
    writeFileSync(original, exported.rawPayload);
    writeFileSync(changed, altered);
    const env = { DATABASE_URL: reporting.databaseUrl, TMA_MASTER_KEY: randomBytes(32).toString('base64') };
    const cli = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line), env });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const good = await cli('export', 'verify', original);
    expect(good.code, good.err).toBe(0);
    expect(good.out).toContain(`export     ${exportId}`);
    expect(good.out).toContain('tenant     acme');
    const bad = await cli('export', 'verify', changed);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Not verified');
    rmSync(folder, { recursive: true, force: true });
  });
});
