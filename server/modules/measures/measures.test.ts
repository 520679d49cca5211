// The measure catalogue and the measure plan of a case through the HTTP API on both databases: planning
// from the catalogue, an expert off the team invited who sees nothing of the case until accepting and then
// completes the measure with an outcome, a decline, who may do what, the overdue escalation once per due
// day, sealed text, the journal and the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import { pdfText } from '../../../test/support/pdf-text.ts';
import {
  openReportingApp,
  PASSWORD,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';
import type { SignedInCall } from '../../../test/support/session.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { runMeasureEscalation } from '../../jobs/measure-escalation.ts';
import { linkAuditEvents } from '../audit/link.ts';
import { createUser } from '../identity/service.ts';
import { dayOf } from '../reports/days.ts';
import { BUILT_IN_MEASURE_TYPES } from './catalogue.ts';

const SECRET_DESCRIPTION = 'Abmahnung wegen Drohmail an Frau Kowalski-4410';
const SECRET_OUTCOME = 'Abmahnung übergeben, Gespräch ruhig verlaufen-9921';

describe.each(databaseTargets())('measures on %s', (target) => {
  let reporting: ReportingApp;
  let database: Database;
  let tenantId: string;
  let caseId: string;
  const ids: Record<string, string> = {};
  const sessions = new Map<string, SignedInCall>();

  const as = async (name: string): Promise<SignedInCall> => {
    let call = sessions.get(name);
    if (!call) {
      const tenant = name === 'gil' ? 'globex' : 'acme';
      call = await reporting.session(tenant, `${name}@${tenant}.example`);
      sessions.set(name, call);
    }
    return call;
  };
  const userId = async (email: string) =>
    (await database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow())
      .id;
  const notices = async (name: string, kind: string) =>
    (await (await as(name))('GET', '/api/v1/notifications?limit=200'))
      .json()
      .notifications.filter((notice: { kind: string }) => notice.kind === kind);
  const plan = async (name: string) => {
    const response = await (await as(name))('GET', `/api/v1/cases/${caseId}/measures`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const journalKinds = async () =>
    (await (await as('tom'))('GET', `/api/v1/cases/${caseId}/journal?limit=200`))
      .json()
      .entries.map((entry: { kind: string }) => entry.kind);

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    ({ database } = reporting);
    tenantId = reporting.tenants.acme as string;
    await createUser(
      database,
      tenantId,
      { email: 'max@acme.example', role: 'expert', password: PASSWORD, specialty: 'labour_law' },
      { kind: 'operator' },
    );
    await createUser(
      database,
      tenantId,
      { email: 'aud@acme.example', role: 'auditor', password: PASSWORD, specialty: null },
      { kind: 'operator' },
    );
    for (const name of ['tom', 'tessa', 'eve', 'max', 'ada', 'fay', 'aud'])
      ids[name] = await userId(`${name}@acme.example`);
    const tom = await as('tom');
    const [report] = (await recordPhoneReports(tom, reporting.units['acme/de'] as string, ['Eins'])) as [
      string,
    ];
    const opened = await tom('POST', `/api/v1/reports/${report}/open-case`, { title: 'Drohmail Vertrieb' });
    expect(opened.statusCode, opened.body).toBe(201);
    caseId = opened.json().id;
    expect((await tom('POST', `/api/v1/cases/${caseId}/team`, { userId: ids.eve })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('offers the catalogue to the team and lets only admins keep it', async () => {
    const list = await (await as('tom'))('GET', '/api/v1/measure-types');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().types.map((type: { key: string }) => type.key)).toEqual(
      Object.keys(BUILT_IN_MEASURE_TYPES),
    );
    expect(list.json().can).toEqual({ configure: false });
    expect((await (await as('aud'))('GET', '/api/v1/measure-types')).statusCode).toBe(403);

    const own = {
      key: 'mediation',
      names: { de: 'Mediation', en: 'Mediation' },
      descriptions: { de: 'Moderiertes Gespräch', en: 'A moderated conversation' },
      playbookPageId: null,
      specialty: 'hr',
    };
    expect((await (await as('tom'))('POST', '/api/v1/measure-types', own)).statusCode).toBe(403);
    const ada = await as('ada');
    const created = await ada('POST', '/api/v1/measure-types', own);
    expect(created.statusCode, created.body).toBe(201);
    expect((await ada('POST', '/api/v1/measure-types', own)).json().error.code).toBe('measure_type_exists');
    const { key: _key, ...definition } = own;
    const missingPage = await ada('PATCH', '/api/v1/measure-types/mediation', {
      definition: { ...definition, playbookPageId: '0f8c1a52-7a0e-4a53-9d4c-2b1f3c4d5e6f' },
    });
    expect(missingPage.statusCode, missingPage.body).toBe(422);
    expect(missingPage.json().error.code).toBe('playbook_page_unknown');
    // One of TMA's, changed and reset to its default.
    const monitoring = {
      ...BUILT_IN_MEASURE_TYPES.monitoring,
      names: { de: 'Lage beobachten', en: 'Watch' },
    };
    const changed = await ada('PATCH', '/api/v1/measure-types/monitoring', { definition: monitoring });
    expect(changed.json()).toMatchObject({ builtIn: true, customised: true, names: { en: 'Watch' } });
    const reset = await ada('PATCH', '/api/v1/measure-types/monitoring', { reset: true });
    expect(reset.json()).toMatchObject({
      customised: false,
      names: BUILT_IN_MEASURE_TYPES.monitoring?.names,
    });
    expect((await ada('PATCH', '/api/v1/measure-types/mediation', { reset: true })).json().error.code).toBe(
      'measure_type_not_built_in',
    );
    expect((await ada('PATCH', '/api/v1/measure-types/nope', { active: false })).statusCode).toBe(404);
    const off = await ada('PATCH', '/api/v1/measure-types/mediation', { active: false });
    expect(off.json()).toMatchObject({ key: 'mediation', active: false, builtIn: false });
    const refused = await (await as('tom'))('POST', `/api/v1/cases/${caseId}/measures`, {
      typeKey: 'mediation',
      description: 'x',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('measure_type_not_offered');
  });

  it('invites an expert off the team, who sees only the invitation until accepting, then completes it', async () => {
    const tom = await as('tom');
    const max = await as('max');
    const created = await tom('POST', `/api/v1/cases/${caseId}/measures`, {
      typeKey: 'labour_law_measure',
      description: SECRET_DESCRIPTION,
      ownerId: ids.max,
      dueOn: dayOf(new Date(Date.now() + 7 * 86_400_000)),
    });
    expect(created.statusCode, created.body).toBe(201);
    const measureId = created.json().id;

    // Max is invited: a notice and an e-mail with a link to his invitations, never the description.
    expect(await notices('max', 'case.measure_invited')).toHaveLength(1);
    const mails = (await reporting.openedOutbox()).filter((mail) => mail.template === 'case.measure_invited');
    expect(mails.map((mail) => [mail.to, mail.params])).toEqual([['max@acme.example', { path: '/' }]]);
    const invitations = await max('GET', '/api/v1/measure-invitations');
    expect(invitations.statusCode, invitations.body).toBe(200);
    expect(invitations.json().invitations).toEqual([
      expect.objectContaining({ measureId, caseId, typeKey: 'labour_law_measure', asOwner: true }),
    ]);
    expect(invitations.body).not.toContain('Kowalski');
    // Nothing of the case before accepting.
    expect((await max('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect((await max('GET', `/api/v1/cases/${caseId}/measures`)).statusCode).toBe(404);
    // Someone else cannot answer it.
    expect(
      (await (await as('eve'))('POST', `/api/v1/measure-invitations/${measureId}`, { answer: 'accept' }))
        .statusCode,
    ).toBe(404);

    const accepted = await max('POST', `/api/v1/measure-invitations/${measureId}`, { answer: 'accept' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toEqual({ caseId });
    expect(
      (await max('POST', `/api/v1/measure-invitations/${measureId}`, { answer: 'accept' })).json().error.code,
    ).toBe('invitation_answered');
    expect(await notices('tom', 'case.measure_answered')).toHaveLength(1);
    const team = (await tom('GET', `/api/v1/cases/${caseId}/team`)).json();
    expect(team.members.map((member: { user: { id: string } }) => member.user.id)).toContain(ids.max);

    const maxPlan = await plan('max');
    expect(maxPlan.can).toEqual({ plan: false });
    const [measure] = maxPlan.measures;
    expect(measure).toMatchObject({
      id: measureId,
      description: SECRET_DESCRIPTION,
      owner: { id: ids.max },
      status: 'planned',
      can: { change: false, carry_out: true },
    });
    // The owner carries it out, but does not re-plan it.
    expect(
      (await max('PATCH', `/api/v1/cases/${caseId}/measures/${measureId}`, { dueOn: '2030-01-01' }))
        .statusCode,
    ).toBe(403);
    const started = await max('PATCH', `/api/v1/cases/${caseId}/measures/${measureId}`, {
      status: 'in_progress',
      notes: 'Termin mit Betriebsrat am Dienstag',
    });
    expect(started.json()).toMatchObject({
      status: 'in_progress',
      notes: 'Termin mit Betriebsrat am Dienstag',
    });
    const incomplete = await max('PATCH', `/api/v1/cases/${caseId}/measures/${measureId}`, {
      status: 'done',
      outcome: SECRET_OUTCOME,
    });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().error).toMatchObject({
      code: 'outcome_required',
      fields: [{ path: 'effectiveness', message: expect.any(String) }],
    });
    const done = await max('PATCH', `/api/v1/cases/${caseId}/measures/${measureId}`, {
      status: 'done',
      outcome: SECRET_OUTCOME,
      effectiveness: 'effective',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'done',
      outcome: SECRET_OUTCOME,
      effectiveness: 'effective',
      completedBy: { id: ids.max },
      overdue: false,
    });
    expect(await journalKinds()).toEqual(
      expect.arrayContaining([
        'measure_planned',
        'measure_expert_answered',
        'team_member_added',
        'measure_started',
        'measure_done',
      ]),
    );

    // Sealed at rest: the texts appear nowhere in the rows.
    const row = await withTenant(database, { tenantId, userId: null }, (trx) =>
      trx.selectFrom('case_measures').selectAll().where('id', '=', measureId).executeTakeFirstOrThrow(),
    );
    const raw =
      JSON.stringify(row) +
      Buffer.concat([row.description_sealed, row.outcome_sealed as Buffer]).toString('latin1');
    expect(raw).not.toContain('Kowalski');
    expect(raw).not.toContain('Betriebsrat');
  });

  it('lets an invitee decline, leaving the measure without owner, and holds people to their part', async () => {
    const tom = await as('tom');
    const eve = await as('eve');
    const created = await tom('POST', `/api/v1/cases/${caseId}/measures`, {
      typeKey: 'talk_person_of_concern',
      description: 'Gespräch mit Herrn B.',
      ownerId: ids.fay,
      expertIds: [ids.eve],
    });
    expect(created.statusCode, created.body).toBe(201);
    const measureId = created.json().id;
    const fay = await as('fay');
    expect((await fay('GET', '/api/v1/measure-invitations')).json().invitations).toHaveLength(1);
    const declined = await fay('POST', `/api/v1/measure-invitations/${measureId}`, { answer: 'decline' });
    expect(declined.statusCode, declined.body).toBe(200);
    expect((await fay('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    const measure = (await plan('tom')).measures.find((m: { id: string }) => m.id === measureId);
    expect(measure.owner).toBeNull();
    const consents = measure.experts.map((e: { user: { id: string }; consent: string }) => [
      e.user.id,
      e.consent,
    ]);
    expect(Object.fromEntries(consents)).toEqual({
      [ids.fay as string]: 'declined',
      [ids.eve as string]: 'accepted',
    });

    // Eve, on the team and taking part, carries it out; she does not plan, change or cancel.
    expect(
      (await eve('PATCH', `/api/v1/cases/${caseId}/measures/${measureId}`, { status: 'in_progress' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await eve('PATCH', `/api/v1/cases/${caseId}/measures/${measureId}`, { status: 'cancelled' })).json()
        .error.code,
    ).toBe('measure_not_allowed');
    expect(
      (await eve('POST', `/api/v1/cases/${caseId}/measures`, { typeKey: 'monitoring', description: 'x' }))
        .statusCode,
    ).toBe(403);
    // Auditors and other organisations never see a plan.
    expect((await (await as('aud'))('GET', `/api/v1/cases/${caseId}/measures`)).statusCode).toBe(404);
    expect((await (await as('gil'))('GET', `/api/v1/cases/${caseId}/measures`)).statusCode).toBe(404);
    // A user of another organisation cannot be involved.
    const gilId = await userId('gil@globex.example');
    const outsider = await tom('POST', `/api/v1/cases/${caseId}/measures`, {
      typeKey: 'monitoring',
      description: 'x',
      expertIds: [gilId],
    });
    expect(outsider.statusCode).toBe(422);
    expect(outsider.json().error.code).toBe('expert_not_eligible');
    const cancelled = await tom('PATCH', `/api/v1/cases/${caseId}/measures/${measureId}`, {
      status: 'cancelled',
      outcome: 'Person hat gekündigt',
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', completedBy: { id: ids.tom } });
    const reopened = await tom('PATCH', `/api/v1/cases/${caseId}/measures/${measureId}`, {
      status: 'in_progress',
    });
    expect(reopened.json()).toMatchObject({ status: 'in_progress', completedAt: null, completedBy: null });
    expect(await journalKinds()).toContain('measure_reopened');
    await tom('PATCH', `/api/v1/cases/${caseId}/measures/${measureId}`, { status: 'cancelled' });
  });

  it("lists a user's open measures across cases, without their text", async () => {
    const tessa = await as('tessa');
    const created = await (await as('tom'))('POST', `/api/v1/cases/${caseId}/measures`, {
      typeKey: 'talk_with_manager',
      description: 'Gespräch mit Abteilungsleitung Vertrieb',
      ownerId: ids.tessa,
    });
    expect(created.statusCode, created.body).toBe(201);
    const mine = await tessa('GET', '/api/v1/measures/mine');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().measures).toEqual([
      expect.objectContaining({
        id: created.json().id,
        typeKey: 'talk_with_manager',
        asOwner: true,
        overdue: false,
      }),
    ]);
    expect(mine.body).not.toContain('Abteilungsleitung');
    // Eve takes part in the cancelled measure only: nothing open.
    expect((await (await as('eve'))('GET', '/api/v1/measures/mine')).json().measures).toEqual([]);
    await (await as('tom'))('PATCH', `/api/v1/cases/${caseId}/measures/${created.json().id}`, {
      status: 'cancelled',
    });
  });

  it('escalates an overdue measure to the case owner once per due day', async () => {
    const tom = await as('tom');
    const today = dayOf(new Date());
    const created = await tom('POST', `/api/v1/cases/${caseId}/measures`, {
      typeKey: 'protect_affected',
      description: 'Parkplatz nahe Eingang',
      ownerId: ids.tessa,
      dueOn: today,
    });
    expect(created.statusCode, created.body).toBe(201);
    // Her second: the measure of the test before was hers too.
    expect(await notices('tessa', 'case.measure_assigned')).toHaveLength(2);
    const later = new Date(Date.now() + 2 * 86_400_000);
    expect(await runMeasureEscalation(database, new Date())).toBe(0);
    expect(await runMeasureEscalation(database, later)).toBe(1);
    expect(await runMeasureEscalation(database, later)).toBe(0);
    expect(await notices('tom', 'case.measure_overdue')).toHaveLength(1);
    expect(await notices('tessa', 'case.measure_overdue')).toHaveLength(1);
    expect(await journalKinds()).toContain('measure_overdue');
    const overdue = (await plan('tom')).measures.find((m: { id: string }) => m.id === created.json().id);
    expect(overdue).toMatchObject({ overdue: false, status: 'planned' });
    // A new due day arms the escalation again.
    await tom('PATCH', `/api/v1/cases/${caseId}/measures/${created.json().id}`, {
      dueOn: dayOf(new Date(Date.now() + 86_400_000)),
    });
    expect(await runMeasureEscalation(database, new Date(Date.now() + 3 * 86_400_000))).toBe(1);
  });

  it('prints the measure plan in the case report, in the language asked for', async () => {
    const exported = await (await as('tom'))('POST', `/api/v1/cases/${caseId}/report`, { language: 'de' });
    expect(exported.statusCode, exported.body).toBe(200);
    const text = (await pdfText(exported.rawPayload)).replace(/\s+/gu, ' ');
    expect(text).toContain('Maßnahme: Arbeitsrechtliche Maßnahme');
    expect(text).toContain(SECRET_OUTCOME);
    expect(text).toContain('Wirksam');
    expect(text).toContain('Abgebrochen');
    const english = await (await as('tom'))('POST', `/api/v1/cases/${caseId}/report`, { language: 'en' });
    expect((await pdfText(english.rawPayload)).replace(/\s+/gu, ' ')).toContain(
      'Measure: Labour-law measure (e.g. warning letter)',
    );
  });

  it('audits every read and write with ids and codes only', async () => {
    await linkAuditEvents(database, { tenantId, wait: true });
    const events = await withTenant(database, { tenantId, userId: null }, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'reason'])
        .where('action', 'like', '%measure%')
        .execute(),
    );
    const actions = new Set(events.map((event) => event.action));
    for (const action of [
      'measure_type.create',
      'measure_type.update',
      'case.measure_create',
      'case.measure_read',
      'case.measure_update',
      'case.measure_invitation_answer',
    ])
      expect(actions, action).toContain(action);
    expect(events.map((event) => event.reason)).toEqual(expect.arrayContaining(['accepted', 'declined']));
    expect(JSON.stringify(events)).not.toContain('Kowalski');
  });
});
