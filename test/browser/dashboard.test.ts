// The dashboard and the statistics in a real browser against a real TMA app (issue 16). A threat manager of
// the German unit lands one click from her dashboard: it counts her unit's open cases by level, the reports
// still to triage, the draft assessment, the overdue task and measure, her cases' latest journal entries,
// and draws its three charts (never the French unit's cases); in English and in German. An auditor finds no
// dashboard but the statistics: the quarter's figures with counts under 5 shown as "< 5", in both
// languages, and downloads them as CSV. Screenshots of each step go to test-results/dashboard-*.png.
//
// seedOrganisation() below sets up the organisation and its work through the API (and, for what people
// cannot do, such as a due day in the past, through the database), so further dashboard checks (measures
// planned through the web app) can start from it.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { withTenant } from '../../server/db/tenant-transaction.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { type SignedInCall, signIn as signInApi } from '../support/session.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const people = {
  manager: { email: 'tom.berger@acme.example', name: 'Tom Berger', role: 'threat_manager', units: ['de'] },
  colleague: { email: 'tessa.lang@acme.example', name: 'Tessa Lang', role: 'threat_manager', units: ['de'] },
  france: { email: 'fay.martin@acme.example', name: 'Fay Martin', role: 'threat_manager', units: ['fr'] },
  auditor: { email: 'audrey.roth@acme.example', name: 'Audrey Roth', role: 'auditor', units: [] },
} as const;

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** What seedOrganisation made, for the checks. */
interface SeededOrganisation {
  tenantId: string;
  units: { de: string; fr: string };
  /** The German unit's cases (Tom owns them), the French unit's one. */
  cases: { de: Array<{ id: string; reference: string }>; fr: { id: string; reference: string } };
  calls: Record<keyof typeof people, SignedInCall>;
}

/**
 * The organisation and its work: Germany with Tom and Tessa, France with Fay, and Audrey auditing. Six
 * reports come in by phone in Germany (three become cases, owned by Tom; one indicates danger) and two in
 * France (one a case). Tom writes a note and starts an assessment on his first case; a task of his and one
 * measure in Germany are overdue, another measure is done (effective); France has an overdue measure of
 * its own, which Tom must not see.
 */
async function seedOrganisation(app: FastifyInstance, database: Database): Promise<SeededOrganisation> {
  const { id: tenantId } = await createTenant(database.db, tenant);
  const de = await createUnit(database, tenantId, { slug: 'de', name: 'Deutschland' }, { kind: 'operator' });
  const fr = await createUnit(database, tenantId, { slug: 'fr', name: 'France' }, { kind: 'operator' });
  for (const person of Object.values(people)) {
    await createUser(
      database,
      tenantId,
      { email: person.email, displayName: person.name, role: person.role, specialty: null, password },
      { kind: 'operator' },
    );
    if (person.units.length > 0)
      await setUserUnits(
        database,
        tenantId,
        { email: person.email },
        { slugs: [...person.units] },
        { kind: 'operator' },
      );
  }
  const calls = Object.fromEntries(
    await Promise.all(
      Object.entries(people).map(async ([key, person]) => [
        key,
        await signInApi(app, { tenant: tenant.slug, email: person.email, password }),
      ]),
    ),
  ) as Record<keyof typeof people, SignedInCall>;
  const report = async (call: SignedInCall, unitId: string, description: string, danger = false) => {
    const response = await call('POST', '/api/v1/reports', {
      unitId,
      channel: 'phone',
      receivedOn: new Date().toISOString().slice(0, 10),
      anonymous: false,
      reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
      answers: { immediate_danger: danger ? 'yes' : 'no', description },
      issueReceipt: false,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().report.id as string;
  };
  const openCase = async (call: SignedInCall, reportId: string, title: string) => {
    const response = await call('POST', `/api/v1/reports/${reportId}/open-case`, { title });
    expect(response.statusCode, response.body).toBe(201);
    return { id: response.json().id as string, reference: response.json().reference as string };
  };
  const tom = calls.manager;
  const germanReports = [];
  for (const [index, text] of [
    'Drohung in der Kantine',
    'Nachrichten an die Teamleitung',
    'Aggressiver Anruf beim Empfang',
    'Unbekannter auf dem Parkplatz',
    'Gerücht über eine Waffe',
    'Wiederholte E-Mails',
  ].entries())
    germanReports.push(await report(tom, de.id, text, index === 4));
  const deCases = [];
  for (const [index, title] of ['Kantine', 'Teamleitung', 'Empfang'].entries())
    deCases.push(await openCase(tom, germanReports[index] as string, title));
  const frenchReports = [
    await report(calls.france, fr.id, 'Menaces au dépôt'),
    await report(calls.france, fr.id, 'Courriels répétés'),
  ];
  const frCase = await openCase(calls.france, frenchReports[0] as string, 'Dépôt');
  const first = deCases[0] as { id: string };
  const note = await tom('POST', `/api/v1/cases/${first.id}/journal`, {
    kind: 'note',
    text: 'Gespräch mit der Teamleitung vereinbart.',
  });
  expect(note.statusCode, note.body).toBe(201);
  const started = await tom('POST', `/api/v1/cases/${first.id}/assessments`, {
    modelId: 'tma.core.warning-behaviours',
  });
  expect(started.statusCode, started.body).toBe(201);
  const users = await withTenant(database, { tenantId, userId: null }, (trx) =>
    trx.selectFrom('users').select(['id', 'email']).execute(),
  );
  const tomId = users.find((user) => user.email === people.manager.email)?.id ?? null;
  const task = await tom('POST', `/api/v1/cases/${first.id}/tasks`, {
    title: 'Rückruf bei der Personalabteilung',
    assigneeId: tomId,
  });
  expect(task.statusCode, task.body).toBe(201);
  // What time does, not people: a due day passes, measures age.
  await withTenant(database, { tenantId, userId: null }, async (trx) => {
    await trx
      .updateTable('case_tasks')
      .set({ due_on: daysAgo(4) })
      .execute();
    const sealed = Buffer.from('sealed by the measures module') as never;
    const measure = (caseId: string, values: Record<string, unknown>) => ({
      id: randomUUID(),
      tenant_id: tenantId,
      case_id: caseId,
      type_key: 'talk_with_manager',
      description_sealed: sealed,
      owner_id: tomId,
      ...values,
    });
    await trx
      .insertInto('case_measures')
      .values([
        measure(first.id, { due_on: daysAgo(2) }),
        measure(first.id, {
          type_key: 'monitoring',
          status: 'done',
          effectiveness: 'effective',
          outcome_sealed: sealed,
          completed_at: new Date(),
          completed_by: tomId,
        }),
        measure(frCase.id, { owner_id: null, due_on: daysAgo(6) }),
      ])
      .execute();
  });
  return { tenantId, units: { de: de.id, fr: fr.id }, cases: { de: deCases, fr: frCase }, calls };
}

describe.skipIf(browserSkipReason !== undefined)(
  `dashboard and statistics${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let database: Database;
    let app: FastifyInstance;
    let baseUrl: string;
    let browser: Browser | undefined;
    let seeded: SeededOrganisation;
    const problems: string[] = [];
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      server = await startAppServer('dashboard');
      ({ database, app, baseUrl } = server);
      seeded = await seedOrganisation(app, database);
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await server?.close();
    });

    /** A browser context that records failed answers, page errors, console errors and CSP violations. */
    async function open(who: string, locale: string): Promise<Page> {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale,
        viewport: { width: 1440, height: 960 },
        reducedMotion: 'reduce',
        acceptDownloads: true,
      });
      contexts.push(context);
      context.setDefaultTimeout(30_000);
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
        });
      });
      const page = await context.newPage();
      page.on('response', (response) => {
        const status = response.status();
        const { pathname } = new URL(response.url());
        const signedOut = status === 401 && pathname === '/api/v1/auth/session';
        if (status >= 400 && !signedOut) problems.push(`${who}: ${status} ${pathname}`);
      });
      page.on('pageerror', (error) => problems.push(`${who}: page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
          problems.push(`${who}: console error: ${message.text()}`);
        if (/Content.Security.Policy|Refused to/i.test(message.text()))
          problems.push(`${who}: CSP: ${message.text()}`);
      });
      return page;
    }

    const url = (pathname: string) => new URL(pathname, baseUrl).href;
    const shot = async (page: Page, name: string) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(screenshotDir, `dashboard-${name}.png`), fullPage: true });
    };

    async function signIn(page: Page, who: { email: string }) {
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel('E-mail address').fill(who.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
    }

    async function inLanguage(page: Page, language: 'de' | 'en', pathname: string) {
      await page.evaluate((chosen) => window.localStorage.setItem('tma.language', chosen), language);
      await page.goto(url(pathname));
    }

    const shownValue = async (page: Page, testId: string) =>
      page.getByTestId(testId).getAttribute('data-value');

    let managerPage: Page | undefined;

    it('shows a threat manager her unit’s work, one click from anywhere, with its charts', async () => {
      const page = await open('manager', 'en-GB');
      managerPage = page;
      await signIn(page, people.manager);
      await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
      await page.waitForURL((address) => address.pathname === '/dashboard');
      await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
      await page.getByTestId('figure-open-cases').waitFor();
      // Germany only: three open cases, none assessed yet; three reports still to triage, one with danger.
      expect(await shownValue(page, 'figure-open-cases')).toBe('3');
      expect(await shownValue(page, 'open-cases-notAssessed')).toBe('3');
      expect(await shownValue(page, 'open-cases-L3')).toBe('0');
      expect(await shownValue(page, 'figure-triage')).toBe('3');
      await page.getByTestId('figure-triage').getByText('1 indicates immediate danger').waitFor();
      expect(await shownValue(page, 'figure-overdue-measures')).toBe('1');
      expect(await shownValue(page, 'figure-overdue-tasks')).toBe('1');
      await page.getByTestId('figure-assessments-pending').getByText('Drafts: 1').waitFor();
      const germanCase = seeded.cases.de[0] as { id: string; reference: string };
      const measures = page.getByTestId('list-overdue-measures');
      expect(await measures.getByTestId('overdue-measure').count()).toBe(1);
      const measureLink = measures.getByRole('link', { name: `Open case ${germanCase.reference}` });
      expect(await measureLink.getAttribute('href')).toBe(`/cases/${germanCase.id}?tab=measures`);
      await measures.getByText('Clarifying talk with a manager').waitFor();
      expect(await page.getByTestId('list-overdue-tasks').getByTestId('overdue-task').count()).toBe(1);
      expect(await page.locator('body').innerText()).not.toContain(seeded.cases.fr.reference);
      // Her cases' journals: kinds and references, never what was written.
      const activity = page.getByTestId('list-activity');
      await activity.locator('[data-testid="activity-entry"][data-kind="note"]').waitFor();
      expect(await activity.innerText()).not.toContain('Gespräch mit der Teamleitung');
      // The three charts are drawn, each with its figures as a table.
      for (const chart of ['chart-cases-by-level', 'chart-time-to-triage', 'chart-measure-outcomes'])
        await page.getByTestId(chart).locator('[data-chart] svg').first().waitFor();
      const outcomes = page.getByTestId('chart-measure-outcomes');
      const effective = outcomes.locator('tr', {
        has: page.getByRole('rowheader', { name: 'Effective', exact: true }),
      });
      expect((await effective.locator('td').innerText()).trim()).toBe('1');
      await page
        .getByTestId('chart-cases-by-level-summary')
        .getByText('Now 3 open cases', { exact: false })
        .waitFor();
      await page
        .getByTestId('chart-time-to-triage-summary')
        .getByText('median 0 days over 3 reports')
        .waitFor();
      await shot(page, '01-manager-en');
      expect(problems).toEqual([]);
    }, 120_000);

    it('reads well in German', async () => {
      const page = managerPage;
      if (!page) throw new Error('not signed in');
      await inLanguage(page, 'de', '/dashboard');
      await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
      await page.getByRole('heading', { name: 'Offene Fälle', level: 3, exact: true }).waitFor();
      await page.getByRole('heading', { name: 'Neues in meinen Fällen' }).waitFor();
      await page
        .getByTestId('list-overdue-measures')
        .getByText('Klärungsgespräch mit der Führungskraft')
        .waitFor();
      for (const chart of ['chart-cases-by-level', 'chart-time-to-triage', 'chart-measure-outcomes'])
        await page.getByTestId(chart).locator('[data-chart] svg').first().waitFor();
      await shot(page, '02-manager-de');
      await inLanguage(page, 'en', '/dashboard');
      await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
      expect(problems).toEqual([]);
    }, 120_000);

    it('gives the auditor the statistics, counts under 5 hidden, and the CSV', async () => {
      const page = await open('auditor', 'en-GB');
      await signIn(page, people.auditor);
      const navigation = page.getByRole('navigation');
      await navigation.getByRole('link', { name: 'Statistics' }).waitFor();
      expect(await navigation.getByRole('link', { name: 'Dashboard' }).count()).toBe(0);
      await navigation.getByRole('link', { name: 'Statistics' }).click();
      await page.waitForURL((address) => address.pathname === '/statistics');
      await page.getByRole('heading', { level: 1, name: 'Statistics' }).waitFor();
      await page.getByTestId('provisional').waitFor();
      // Eight reports by phone in both units: shown; four cases: "< 5" everywhere.
      const channels = page.getByTestId('reports-by-channel-table');
      const count = (table: ReturnType<Page['getByTestId']>, key: string) =>
        table.locator(`tr[data-key="${key}"] [data-testid="count"]`).innerText();
      expect(await count(channels, 'phone')).toBe('8');
      expect(await count(channels, 'portal')).toBe('0');
      expect(await count(channels, 'total')).toBe('8');
      const levels = page.getByTestId('cases-by-level-table');
      expect(await count(levels, 'not_assessed')).toBe('< 5');
      expect(await count(levels, 'total')).toBe('< 5');
      await page.getByTestId('reports-by-channel').locator('[data-chart] svg').first().waitFor();
      await page.getByTestId('first-assessment').getByText('Withheld', { exact: false }).waitFor();
      await shot(page, '03-statistics-en');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /Download the statistics of \d{4}-Q[1-4] as CSV/ }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^TMA-statistics-\d{4}-Q[1-4]\.csv$/);
      const saved = await download.path();
      const csv = readFileSync(saved, 'utf8').replace(/^\uFEFF/, '');
      const lines = csv.split('\r\n');
      expect(lines[0]).toBe('section,key,label,unit,value');
      expect(lines).toContain('reports_by_channel,phone,Phone,count,8');
      expect(lines).toContain(
        'cases_by_level,total,"Cases opened, by level of the first assessment: Total",count,< 5',
      );
      expect(csv).not.toMatch(/,count,[1-4]\r\n/);

      // The dashboard is not the auditor's: the page says so, and asks the server for nothing it would refuse.
      await page.goto(url('/dashboard'));
      await page.getByText('The dashboard is for threat managers').waitFor();

      await inLanguage(page, 'de', '/statistics');
      await page.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
      await page.getByTestId('reports-by-channel-table').getByText('Telefon').waitFor();
      await page.getByText('Das Quartal läuft noch', { exact: false }).waitFor();
      await shot(page, '04-statistics-de');
      expect(problems).toEqual([]);
    }, 120_000);
  },
);
