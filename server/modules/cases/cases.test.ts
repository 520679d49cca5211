// A case opened from a report, through the HTTP API on both databases: what opening it answers, the case
// with its reports as its unit's managers see it, need-to-know for experts (in the API and in the database
// alike), a hand-over that takes the case's reports along, and the audit of it all. The triage of the
// reports themselves: reports/reporting.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import {
  openReportingApp,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from '../audit/link.ts';

describe.each(databaseTargets())('cases API on %s', (target) => {
  let reporting: ReportingApp;
  let database: Database;
  let tenants: ReportingApp['tenants'];
  let units: ReportingApp['units'];
  let session: ReportingApp['session'];

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    ({ database, tenants, units, session } = reporting);
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('opens a case from a report; its unit and team see it, and a hand-over takes its reports along; all audited', async () => {
    const tom = await session('acme', 'tom@acme.example');
    const [one, two] = (await recordPhoneReports(tom, units['acme/de'] as string, ['Eins', 'Zwei'])) as [
      string,
      string,
    ];
    const opened = await tom('POST', `/api/v1/reports/${one}/open-case`, {
      title: 'Drohung Lager Spätschicht',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id;
    expect(opened.json()).toMatchObject({
      title: 'Drohung Lager Spätschicht',
      status: 'intake',
      reports: [{ id: one }],
    });
    expect(opened.json().reference).toMatch(/^C-\d{4}-\d{4}$/);
    const again = await tom('POST', `/api/v1/reports/${one}/open-case`, { title: 'Noch einmal' });
    expect(again.statusCode).toBe(403);
    // The second report joins the case (attaching itself: reporting.test.ts).
    const attached = await tom('POST', `/api/v1/reports/${two}/attach-to-case`, { caseId });
    expect(attached.statusCode, attached.body).toBe(200);
    const fay = await session('acme', 'fay@acme.example');

    const caseDetail = await tom('GET', `/api/v1/cases/${caseId}`);
    expect(
      caseDetail
        .json()
        .reports.map((r: { id: string }) => r.id)
        .sort(),
    ).toEqual([one, two].sort());
    expect((await fay('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    const eve = await session('acme', 'eve@acme.example');
    expect((await eve('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(404);

    // Need-to-know: an expert sees the case once on its team, in the API and in the database alike.
    const eveId = (
      await database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'eve@acme.example')
        .executeTakeFirst()
    )?.id as string;
    const eveSees = () =>
      withTenant(database, { tenantId: tenants.acme as string, userId: eveId }, (trx) =>
        trx.selectFrom('cases').select('id').execute(),
      );
    expect(await eveSees()).toEqual([]);
    await database.db
      .insertInto('case_members')
      .values({ tenant_id: tenants.acme as string, case_id: caseId, user_id: eveId, role: 'member' })
      .execute();
    expect((await eve('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(200);
    expect(await eveSees()).toEqual([{ id: caseId }]);
    // A team member who is not a threat manager of the unit sees the case, but cannot move it.
    const eveMoves = await eve('POST', `/api/v1/cases/${caseId}/hand-over`, {
      unitId: units['acme/fr'],
      reason: 'x',
    });
    expect(eveMoves.statusCode).toBe(403);
    expect(eveMoves.json().error.code).toBe('case_action_not_allowed');
    await database.db.deleteFrom('case_members').where('user_id', '=', eveId).execute();
    expect((await eve('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(404);

    // The case goes to France with its reports. Its team stays (Tom opened it, so he is on it); Germany's
    // other manager no longer sees it, France's does.
    const tessa = await session('acme', 'tessa@acme.example');
    expect((await tessa('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(200);
    const moved = await tom('POST', `/api/v1/cases/${caseId}/hand-over`, {
      unitId: units['acme/fr'],
      reason: 'Standort Lyon übernimmt',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().case).toMatchObject({ unit: { name: 'France' } });
    expect((await tessa('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    const inFrance = await fay('GET', `/api/v1/cases/${caseId}`);
    expect(inFrance.json()).toMatchObject({ unit: { name: 'France' } });
    expect((await fay('GET', `/api/v1/reports/${one}`)).json()).toMatchObject({ unit: { name: 'France' } });

    await linkAuditEvents(database, { tenantId: tenants.acme as string, wait: true });
    const actions = await withTenant(database, { tenantId: tenants.acme as string, userId: null }, (trx) =>
      trx.selectFrom('audit_events').select('action').execute(),
    );
    const recorded = new Set(actions.map((row) => row.action));
    for (const action of ['report.case_open', 'case.create', 'case.read', 'case.hand_over'])
      expect(recorded.has(action), action).toBe(true);
  });
});
