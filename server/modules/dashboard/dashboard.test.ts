// The threat managers' dashboard through the HTTP API on both databases: it counts only what the user
// reads (a unit's threat manager sees nothing of another unit's reports, cases, tasks or measures); experts
// and auditors get 403; the activity names kinds and cases, never a journal's text; the charts hold twelve
// months; and who may open the dashboard and the statistics is told to the navigation.
import { randomUUID } from 'node:crypto';
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
import { createUser } from '../identity/service.ts';
import type { Dashboard } from './schemas.ts';

const NOTE_MARKER = 'DashboardNoteMarker-5120 the colleague in the warehouse';

describe.each(databaseTargets())('the dashboard on %s', (target) => {
  let reporting: ReportingApp;
  let tenantId: string;
  let tom: SignedInCall;
  let fay: SignedInCall;
  let eve: SignedInCall;
  let audrey: SignedInCall;
  let ada: SignedInCall;
  let wanda: SignedInCall;
  let deCase: string;
  let frCase: string;
  const userIds: Record<string, string> = {};
  const asOperator = <T>(fn: Parameters<typeof withTenant<T>>[2]) =>
    withTenant(reporting.database, { tenantId, userId: null }, fn);
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

  /** A measure of a case, written as the measures module would (description sealed: a stand-in here). */
  const insertMeasure = (caseId: string, values: Record<string, unknown>) =>
    asOperator((trx) =>
      trx
        .insertInto('case_measures')
        .values({
          id: randomUUID(),
          tenant_id: tenantId,
          case_id: caseId,
          type_key: 'monitoring',
          description_sealed: Buffer.from('sealed elsewhere') as never,
          ...values,
        })
        .execute(),
    );

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    tenantId = reporting.tenants.acme as string;
    for (const [email, role, tenantWide] of [
      ['audrey@acme.example', 'auditor', false],
      ['wanda@acme.example', 'threat_manager', true],
    ] as const) {
      await createUser(
        reporting.database,
        tenantId,
        { email, role, password: PASSWORD, specialty: null, tenantWide },
        { kind: 'operator' },
      );
    }
    for (const row of await asOperator((trx) => trx.selectFrom('users').select(['id', 'email']).execute()))
      userIds[row.email] = row.id;
    tom = await reporting.session('acme', 'tom@acme.example');
    fay = await reporting.session('acme', 'fay@acme.example');
    eve = await reporting.session('acme', 'eve@acme.example');
    audrey = await reporting.session('acme', 'audrey@acme.example');
    ada = await reporting.session('acme', 'ada@acme.example');
    wanda = await reporting.session('acme', 'wanda@acme.example');

    const de = await recordPhoneReports(tom, reporting.units['acme/de'] as string, ['one', 'two', 'three']);
    const fr = await recordPhoneReports(fay, reporting.units['acme/fr'] as string, ['un', 'deux']);
    const openedDe = await tom('POST', `/api/v1/reports/${de[0]}/open-case`, { title: 'Lager' });
    expect(openedDe.statusCode, openedDe.body).toBe(201);
    deCase = openedDe.json().id;
    const openedFr = await fay('POST', `/api/v1/reports/${fr[0]}/open-case`, { title: 'Entrepôt' });
    expect(openedFr.statusCode, openedFr.body).toBe(201);
    frCase = openedFr.json().id;
    const note = await tom('POST', `/api/v1/cases/${deCase}/journal`, { kind: 'note', text: NOTE_MARKER });
    expect(note.statusCode, note.body).toBe(201);
    for (const [call, caseId] of [
      [tom, deCase],
      [fay, frCase],
    ] as const) {
      const task = await call('POST', `/api/v1/cases/${caseId}/tasks`, { title: 'Call HR back' });
      expect(task.statusCode, task.body).toBe(201);
    }
    // Due days in the past are not accepted from people: set them as time would have.
    await asOperator((trx) =>
      trx
        .updateTable('case_tasks')
        .set({ due_on: daysAgo(3) })
        .execute(),
    );
    await insertMeasure(deCase, { due_on: daysAgo(2), owner_id: userIds['tom@acme.example'] });
    await insertMeasure(deCase, { due_on: daysAgo(-5) });
    await insertMeasure(frCase, { due_on: daysAgo(9) });
    await insertMeasure(deCase, {
      status: 'done',
      effectiveness: 'effective',
      outcome_sealed: Buffer.from('sealed elsewhere') as never,
      completed_at: new Date(),
    });
    await insertMeasure(frCase, { status: 'cancelled', completed_at: new Date() });
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('counts only what a unit’s threat manager reads, and names no journal text', async () => {
    const response = await tom('GET', '/api/v1/dashboard');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).not.toContain(NOTE_MARKER);
    expect(response.body).not.toContain('Lager');
    const dashboard = response.json() as Dashboard;
    expect(dashboard.openCases).toEqual({
      total: 1,
      byLevel: { L1: 0, L2: 0, L3: 0, L4: 0, notAssessed: 1 },
    });
    expect(dashboard.reports).toMatchObject({ awaitingTriage: 2, dangerIndicated: 0 });
    expect(dashboard.overdueTasks.count).toBe(1);
    expect(dashboard.overdueTasks.items).toEqual([
      expect.objectContaining({ caseId: deCase, dueOn: daysAgo(3) }),
    ]);
    expect(dashboard.overdueMeasures).toMatchObject({
      count: 1,
      items: [
        {
          caseId: deCase,
          typeKey: 'monitoring',
          dueOn: daysAgo(2),
          owner: { id: userIds['tom@acme.example'] },
        },
      ],
    });
    const kinds = dashboard.activity.map((entry) => entry.kind);
    expect(kinds).toEqual(expect.arrayContaining(['note', 'case_opened', 'task_created']));
    expect(new Set(dashboard.activity.map((entry) => entry.caseId))).toEqual(new Set([deCase]));
    expect(dashboard.charts.casesByLevel).toHaveLength(12);
    expect(dashboard.charts.casesByLevel.at(-1)).toMatchObject({
      month: new Date().toISOString().slice(0, 7),
      notAssessed: 1,
      L1: 0,
    });
    expect(dashboard.charts.timeToTriage).toHaveLength(12);
    expect(dashboard.charts.timeToTriage.at(-1)).toEqual({
      month: new Date().toISOString().slice(0, 7),
      triaged: 1,
      medianDays: 0,
    });
    expect(dashboard.charts.measureOutcomes).toEqual({
      effective: 1,
      partly_effective: 0,
      not_effective: 0,
      too_early: 0,
      cancelled: 0,
    });
    expect(dashboard.assessments).toMatchObject({ drafts: 0, awaitingSignOff: 0, reviewsDue: 0 });

    const france = (await fay('GET', '/api/v1/dashboard')).json() as Dashboard;
    expect(france.openCases.total).toBe(1);
    expect(france.reports.awaitingTriage).toBe(1);
    expect(france.overdueMeasures.items.map((item) => item.caseId)).toEqual([frCase]);
    expect(france.charts.measureOutcomes.cancelled).toBe(1);
    expect(france.charts.measureOutcomes.effective).toBe(0);

    const everywhere = (await wanda('GET', '/api/v1/dashboard')).json() as Dashboard;
    expect(everywhere.openCases.total).toBe(2);
    expect(everywhere.reports.awaitingTriage).toBe(3);
    expect(everywhere.overdueTasks.count).toBe(2);
    // Wanda owns no case and is on no team: no activity of hers to show.
    expect(everywhere.activity).toEqual([]);
  });

  it('counts a draft assessment and is audited naming the cases it shows', async () => {
    const started = await tom('POST', `/api/v1/cases/${deCase}/assessments`, {
      modelId: 'tma.core.warning-behaviours',
    });
    expect(started.statusCode, started.body).toBe(201);
    const response = await tom('GET', '/api/v1/dashboard');
    const dashboard = response.json() as Dashboard;
    expect(dashboard.assessments).toMatchObject({
      drafts: 1,
      pending: [{ caseId: deCase, status: 'draft', assessmentId: started.json().id }],
    });
    const events = await asOperator((trx) =>
      sql<{ action: string; object_ids: string[] | null }>`
        SELECT action, object_ids FROM audit_pending_events WHERE request_id = ${response.headers['x-request-id'] as string}
        UNION ALL
        SELECT action, object_ids FROM audit_events WHERE request_id = ${response.headers['x-request-id'] as string}`.execute(
        trx,
      ),
    );
    expect(events.rows.map((event) => event.action).sort()).toEqual([
      'assessment.due_list',
      'dashboard.read',
    ]);
    expect(events.rows.find((event) => event.action === 'dashboard.read')?.object_ids).toEqual([deCase]);
  });

  it('refuses experts and auditors, and tells the navigation who may open what', async () => {
    for (const call of [eve, audrey]) {
      const refused = await call('GET', '/api/v1/dashboard');
      expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'dashboard_not_allowed']);
    }
    const access = async (call: SignedInCall) => (await call('GET', '/api/v1/dashboard/access')).json();
    expect(await access(tom)).toEqual({ dashboard: true, statistics: false });
    expect(await access(wanda)).toEqual({ dashboard: true, statistics: true });
    expect(await access(audrey)).toEqual({ dashboard: false, statistics: true });
    expect(await access(ada)).toEqual({ dashboard: false, statistics: true });
    expect(await access(eve)).toEqual({ dashboard: false, statistics: false });
  });
});
