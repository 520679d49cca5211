// Case templates through the HTTP API on both databases: TMA's defaults are there for every organisation, a
// case opened from one starts with its category, tags, first tasks (in the opener's language, due relative
// to the day) and suggested experts; admins change, switch off, reset and add templates; others may not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import {
  openReportingApp,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';
import type { SignedInCall } from '../../../test/support/session.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

describe.each(databaseTargets())('case templates on %s', (target) => {
  let reporting: ReportingApp;
  let tom: SignedInCall;
  let ada: SignedInCall;
  const reports: string[] = [];

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    tom = await reporting.session('acme', 'tom@acme.example');
    ada = await reporting.session('acme', 'ada@acme.example');
    reports.push(
      ...(await recordPhoneReports(tom, reporting.units['acme/de'] as string, [
        'Eins',
        'Zwei',
        'Drei',
        'Vier',
      ])),
    );
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it("offers TMA's templates to everyone and lets only admins configure them", async () => {
    const list = (await tom('GET', '/api/v1/case-templates')).json();
    expect(list.templates.map((template: { key: string }) => template.key)).toEqual([
      'threat_email',
      'stalking',
      'threat_against_manager',
      'self_harm',
    ]);
    expect(list.templates[1]).toMatchObject({
      builtIn: true,
      customised: false,
      active: true,
      names: { de: 'Stalking', en: 'Stalking' },
      category: 'stalking',
    });
    expect(list.can).toEqual({ configure: false });
    expect((await ada('GET', '/api/v1/case-templates')).json().can).toEqual({ configure: true });
    const refused = await tom('PATCH', '/api/v1/case-templates/stalking', { active: false });
    expect(refused.statusCode).toBe(403);
  });

  it('starts a case as its template says: category, tags, tasks in the opener’s language, suggested experts', async () => {
    const opened = await tom('POST', `/api/v1/reports/${reports[0]}/open-case`, {
      title: 'Verfolgung auf dem Parkplatz',
      templateKey: 'stalking',
      language: 'de',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const detail = opened.json();
    expect(detail.category).toBe('stalking');
    expect(detail.suggestedSpecialties).toEqual(['security', 'psychology', 'hr']);
    const tasks = (await tom('GET', `/api/v1/cases/${detail.id}/tasks`)).json().tasks;
    expect(tasks).toHaveLength(4);
    const byTitle = new Map(tasks.map((task: { title: string }) => [task.title, task]));
    expect(byTitle.get('Gespräch mit der betroffenen Person: Vorfälle, Sorgen, Schutzbedarf')).toMatchObject({
      dueOn: inDays(1),
      assignee: { name: expect.any(String) },
    });
    expect(byTitle.get('Externe Beratungsstellen und Polizei ansprechen')).toMatchObject({
      dueOn: inDays(7),
    });
    const kinds = (await tom('GET', `/api/v1/cases/${detail.id}/journal`))
      .json()
      .entries.map((entry: { kind: string }) => entry.kind);
    expect(kinds.filter((kind: string) => kind === 'task_created')).toHaveLength(4);

    const english = await tom('POST', `/api/v1/reports/${reports[1]}/open-case`, {
      title: 'Threat letter',
      templateKey: 'threat_email',
      language: 'en',
    });
    expect(english.statusCode, english.body).toBe(201);
    expect(english.json()).toMatchObject({ category: 'threat_email', tags: [] });
    const titles = (await tom('GET', `/api/v1/cases/${english.json().id}/tasks`))
      .json()
      .tasks.map((task: { title: string }) => task.title);
    expect(titles).toContain('Carry out a first risk assessment');
  });

  it('lets admins change, switch off, reset and add templates, and opens nothing from one switched off', async () => {
    const changed = await ada('PATCH', '/api/v1/case-templates/self_harm', { active: false });
    expect(changed.json()).toMatchObject({ key: 'self_harm', active: false, customised: false });
    const refused = await tom('POST', `/api/v1/reports/${reports[2]}/open-case`, {
      title: 'Ankündigung',
      templateKey: 'self_harm',
    });
    expect([refused.statusCode, refused.json().error.code]).toEqual([422, 'template_not_offered']);
    // Nothing was opened: the report can still be opened without a template.
    expect(
      (await tom('POST', `/api/v1/reports/${reports[2]}/open-case`, { title: 'Ankündigung' })).statusCode,
    ).toBe(201);

    const stalking = (await ada('GET', '/api/v1/case-templates')).json().templates[1];
    const {
      key: _key,
      builtIn: _builtIn,
      customised: _customised,
      active: _active,
      ...definition
    } = stalking;
    const customised = await ada('PATCH', '/api/v1/case-templates/stalking', {
      definition: { ...definition, tasks: definition.tasks.slice(0, 1) },
    });
    expect(customised.json()).toMatchObject({ customised: true });
    expect(customised.json().tasks).toHaveLength(1);
    const reset = await ada('PATCH', '/api/v1/case-templates/stalking', { reset: true });
    expect(reset.json()).toMatchObject({ customised: false });
    expect(reset.json().tasks).toHaveLength(4);

    const own = {
      key: 'bomb_threat',
      names: { de: 'Bombendrohung', en: 'Bomb threat' },
      descriptions: {
        de: 'Anruf oder Schreiben mit Bombendrohung.',
        en: 'A call or letter threatening a bomb.',
      },
      category: 'violence',
      tags: ['akut'],
      tasks: [{ title: { de: 'Sicherheitsdienst alarmieren', en: 'Alert site security' }, dueInDays: 0 }],
      specialties: ['security'],
    };
    expect((await tom('POST', '/api/v1/case-templates', own)).statusCode).toBe(403);
    const unknown = await ada('POST', '/api/v1/case-templates', { ...own, category: 'no_such_category' });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([422, 'template_category_unknown']);
    const created = await ada('POST', '/api/v1/case-templates', own);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ key: 'bomb_threat', builtIn: false, active: true });
    expect((await ada('POST', '/api/v1/case-templates', own)).json().error.code).toBe('template_exists');
    const fromOwn = await tom('POST', `/api/v1/reports/${reports[3]}/open-case`, {
      title: 'Anruf in der Zentrale',
      templateKey: 'bomb_threat',
    });
    expect(fromOwn.statusCode, fromOwn.body).toBe(201);
    expect(fromOwn.json()).toMatchObject({
      category: 'violence',
      tags: ['akut'],
      suggestedSpecialties: ['security'],
    });
  });
});
