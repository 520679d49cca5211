// The management statistics through the HTTP API on both databases: auditors, admins and tenant-wide threat
// managers read them (a unit's threat manager and experts get 403); the figures count every unit although
// an auditor reads no case (the scope is lifted for the counting alone); counts under 5 are "< 5" with the
// secondary suppression that keeps them from being worked out; CSV (RFC 4180) and PDF (in German with its
// umlauts) carry the same published figures; every reading and export is audited with codes only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import { pdfText } from '../../../test/support/pdf-text.ts';
import {
  openReportingApp,
  PASSWORD,
  type ReportingApp,
  recordPhoneReports,
  reportAnswers,
} from '../../../test/support/reporting-app.ts';
import type { SignedInCall } from '../../../test/support/session.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { createUser } from '../identity/service.ts';
import { quarterOf } from './quarters.ts';
import type { QuarterStatistics } from './schemas.ts';

describe.each(databaseTargets())('the management statistics on %s', (target) => {
  let reporting: ReportingApp;
  let tenantId: string;
  let audrey: SignedInCall;
  const quarter = quarterOf(new Date()).key;
  const url = (path: string, language = 'en') =>
    `/api/v1/${path}?${new URLSearchParams({ quarter, language })}`;

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    tenantId = reporting.tenants.acme as string;
    for (const [email, role, tenantWide] of [
      ['audrey@acme.example', 'auditor', false],
      ['wanda@acme.example', 'threat_manager', true],
    ] as const)
      await createUser(
        reporting.database,
        tenantId,
        { email, role, password: PASSWORD, specialty: null, tenantWide },
        { kind: 'operator' },
      );
    audrey = await reporting.session('acme', 'audrey@acme.example');
    const tom = await reporting.session('acme', 'tom@acme.example');
    const fay = await reporting.session('acme', 'fay@acme.example');
    const de = await recordPhoneReports(tom, reporting.units['acme/de'] as string, [
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
    ]);
    const fr = await recordPhoneReports(fay, reporting.units['acme/fr'] as string, ['h', 'i']);
    const anonymous = await reporting.submit({ anonymous: true, unit: 'de', answers: reportAnswers });
    expect(anonymous.statusCode, anonymous.body).toBe(201);
    expect((await tom('POST', `/api/v1/reports/${de[0]}/open-case`, { title: 'A' })).statusCode).toBe(201);
    expect((await fay('POST', `/api/v1/reports/${fr[0]}/open-case`, { title: 'B' })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('lets auditors, admins and tenant-wide threat managers read them, and no one else', async () => {
    for (const email of ['audrey@acme.example', 'ada@acme.example', 'wanda@acme.example']) {
      const call = await reporting.session('acme', email);
      expect((await call('GET', url('statistics'))).statusCode, email).toBe(200);
      expect((await call('GET', url('statistics.csv'))).statusCode, email).toBe(200);
    }
    for (const email of ['tom@acme.example', 'eve@acme.example']) {
      const call = await reporting.session('acme', email);
      for (const path of ['statistics', 'statistics.csv', 'statistics.pdf']) {
        const refused = await call('GET', url(path));
        expect([refused.statusCode, refused.json().error.code], `${email} ${path}`).toEqual([
          403,
          'statistics_not_allowed',
        ]);
      }
    }
    const gil = await reporting.session('globex', 'gil@globex.example');
    expect((await gil('GET', url('statistics'))).statusCode).toBe(403);
  });

  it('counts every unit for an auditor, hiding counts under 5 and what would give them away', async () => {
    const response = await audrey('GET', url('statistics'));
    expect(response.statusCode, response.body).toBe(200);
    const statistics = response.json() as QuarterStatistics;
    expect(statistics).toMatchObject({ quarter, complete: false, threshold: 5, language: 'en' });
    const counts = (table: { rows: Array<{ key: string; count: unknown }> }) =>
      Object.fromEntries(table.rows.map((row) => [row.key, row.count]));
    // Ten reports: nine by phone (both units), one anonymous through the portal. The portal's 1 is hidden,
    // and so is the first channel with none, or the total would give it back.
    expect(statistics.reports.byChannel.total).toBe(10);
    expect(counts(statistics.reports.byChannel)).toEqual({
      portal: '< 5',
      phone: 9,
      in_person: '< 5',
      letter: 0,
      email: 0,
    });
    expect(statistics.reports.byAnonymity.total).toBe(10);
    expect(counts(statistics.reports.byAnonymity)).toEqual({ anonymous: '< 5', named: 'x' });
    // Two cases: the total and every cell are "< 5".
    expect(statistics.cases.byCategory.total).toBe('< 5');
    expect(new Set(statistics.cases.byCategory.rows.map((row) => row.count))).toEqual(new Set(['< 5']));
    expect(statistics.cases.byCategory.rows.at(-1)).toEqual({
      key: 'none',
      label: 'No category',
      count: '< 5',
    });
    expect(counts(statistics.cases.byLevel)).toEqual({
      L1: '< 5',
      L2: '< 5',
      L3: '< 5',
      L4: '< 5',
      not_assessed: '< 5',
    });
    expect(statistics.cases.medianDaysToFirstAssessment).toBeNull();
    expect(statistics.measures.byOutcome.total).toBe(0);
    expect(statistics.measures.byType.rows.map((row) => row.key)).toContain('talk_person_of_concern');
  });

  it('exports CSV (RFC 4180) and a PDF in the reader’s language, audited with codes only', async () => {
    const csv = await audrey('GET', url('statistics.csv', 'de'));
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toContain(
      `attachment; filename="TMA-Statistik-${quarter}.csv"`,
    );
    const text = csv.body.replace(/^\uFEFF/, '');
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('section,key,label,unit,value');
    expect(lines).toContain('reports_by_channel,portal,Portal,count,< 5');
    expect(lines).toContain('reports_by_channel,phone,Telefon,count,9');
    expect(lines).toContain('reports_by_anonymity,named,Mit Namen,count,x');
    expect(lines).toContain(
      'reports_by_channel,total,Eingegangene Meldungen nach Eingangsweg: Summe,count,10',
    );
    expect(lines).toContain(
      'cases_first_assessment,median_days,Zeit bis zur ersten Einschätzung: Median,days,x',
    );

    const pdf = await audrey('GET', url('statistics.pdf', 'de'));
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const pdfContent = (await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ');
    expect(pdfContent).toContain(`Statistik des Bedrohungsmanagements ${quarter}`);
    expect(pdfContent).toContain('Eröffnete Fälle nach Kategorie');
    expect(pdfContent).toContain('Das Quartal läuft noch');

    const events = await withTenant(reporting.database, { tenantId, userId: null }, (trx) =>
      trx
        .selectFrom('audit_pending_events')
        .select(['action', 'reason', 'request_id'])
        .where('action', 'like', 'statistics.%')
        .execute(),
    );
    const of = (requestId: unknown) => events.filter((event) => event.request_id === requestId);
    expect(of(csv.headers['x-request-id'])).toEqual([
      expect.objectContaining({ action: 'statistics.export', reason: `csv:${quarter.toLowerCase()}` }),
    ]);
    expect(of(pdf.headers['x-request-id'])[0]?.reason).toMatch(
      new RegExp(`^pdf:${quarter.toLowerCase()}:sha256=[0-9a-f]{64}$`),
    );
  });

  it('refuses a quarter that has not begun, and one that is not a quarter', async () => {
    const next = new Date();
    next.setUTCMonth(next.getUTCMonth() + 3);
    const future = await audrey('GET', `/api/v1/statistics?quarter=${quarterOf(next).key}`);
    expect([future.statusCode, future.json().error.code]).toEqual([422, 'quarter_in_future']);
    const wrong = await audrey('GET', '/api/v1/statistics?quarter=2026-Q5');
    expect(wrong.statusCode).toBe(400);
  });
});
