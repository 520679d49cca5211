import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { runMeasureEscalation } from '../../server/jobs/measure-escalation.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { signIn as signInApi } from '../support/session.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const manager = { email: 'tom.berger@acme.example', name: 'Tom Berger' };
const lawyer = { email: 'max.krueger@acme.example', name: 'Max Krüger' };
const psychologist = { email: 'eva.roth@acme.example', name: 'Eva Roth' };
const admin = { email: 'ada.klein@acme.example', name: 'Ada Klein' };
const MODEL = 'tma.core.warning-behaviours';
const DAY = 86_400_000;

const scenarios: [string, string] = [
  'Konfrontation mit der Vorgesetzten bei der nächsten Teambesprechung',
  'Drohende Nachrichten an die betroffene Kollegin nach Feierabend',
];
const OUTCOME = 'Abmahnung am Dienstag übergeben, Gespräch mit Betriebsrat ruhig verlaufen.';

/** Every item of the checklist not present, but for a grievance and partly present pressures: L2. */
const answers: Record<string, { value: string }> = Object.fromEntries(
  [
    ['pathway', 'absent'],
    ['fixation', 'absent'],
    ['identification', 'absent'],
    ['novel-aggression', 'absent'],
    ['energy-burst', 'absent'],
    ['leakage', 'absent'],
    ['last-resort', 'absent'],
    ['direct-threat', 'absent'],
    ['grievance', 'present'],
    ['stressors', 'partial'],
    ['means', 'absent'],
    ['violence-ok', 'absent'],
    ['inconsistency', 'absent'],
    ['others-concerned', 'absent'],
    ['trusted-relationship', 'none'],
    ['engagement', 'none'],
    ['time-place', 'absent'],
    ['final-acts', 'absent'],
  ].map(([itemId, value]) => [itemId as string, { value: value as string }]),
);

/** `YYYY-MM-DD` of the browser's (and this machine's) local calendar, `days` from today. */
function localDay(days: number): string {
  const date = new Date(Date.now() + days * DAY);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

describe.skipIf(browserSkipReason !== undefined)(
  `measures${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let database: Database;
    let app: FastifyInstance;
    let baseUrl: string;
    let browser: Browser | undefined;
    const problems: string[] = [];
    let caseId = '';
    let caseReference = '';
    let side: { context: BrowserContext; page: Page } | undefined;
    // The server's clock for the case's work (not for sign-in): moved on to let a due day pass.
    let clockOffsetMs = 0;
    const now = () => new Date(Date.now() + clockOffsetMs);

    beforeAll(async () => {
      server = await startAppServer('measures', { reporting: { now } });
      ({ database, app, baseUrl } = server);
      const { id: tenantId } = await createTenant(database.db, tenant);
      const unit = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
      for (const user of [
        { ...manager, role: 'threat_manager' as const, specialty: null },
        { ...lawyer, role: 'expert' as const, specialty: 'labour_law' as const },
        { ...psychologist, role: 'expert' as const, specialty: 'psychology' as const },
        { ...admin, role: 'admin' as const, specialty: null },
      ]) {
        await createUser(
          database,
          tenantId,
          { email: user.email, displayName: user.name, role: user.role, specialty: user.specialty, password },
          { kind: 'operator' },
        );
        await setUserUnits(
          database,
          tenantId,
          { email: user.email },
          { slugs: ['de'] },
          { kind: 'operator' },
        );
      }

      // The case, assessed L3 through the API (above the model's suggestion, with a reason), with two
      // scenarios for measures to answer.
      const tom = await signInApi(app, { tenant: tenant.slug, email: manager.email, password });
      const report = await tom('POST', '/api/v1/reports', {
        unitId: unit.id,
        channel: 'phone',
        receivedOn: localDay(0),
        anonymous: false,
        reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
        answers: {
          immediate_danger: 'no',
          description: 'Herr K. hat der Kollegin nach der Abmahnung gedroht.',
        },
        issueReceipt: false,
      });
      expect(report.statusCode, report.body).toBe(201);
      const opened = await tom('POST', `/api/v1/reports/${report.json().report.id}/open-case`, {
        title: 'Drohung nach Abmahnung, Lager Nord',
      });
      expect(opened.statusCode, opened.body).toBe(201);
      caseId = opened.json().id;
      caseReference = opened.json().reference;
      const started = await tom('POST', `/api/v1/cases/${caseId}/assessments`, { modelId: MODEL });
      expect(started.statusCode, started.body).toBe(201);
      const assessmentId = started.json().id;
      const answered = await tom('PUT', `/api/v1/cases/${caseId}/assessments/${assessmentId}/answers`, {
        answers,
      });
      expect(answered.statusCode, answered.body).toBe(200);
      const decided = await tom('POST', `/api/v1/cases/${caseId}/assessments/${assessmentId}/finalise`, {
        level: 'L3',
        rationale: 'Drohung gegen eine Kollegin nach der Abmahnung; Zugang zum Lager besteht weiter.',
        deviationReason: 'Die Drohung ist konkret; das Modell bildet die Kränkung nicht ab.',
        scenarios,
      });
      expect(decided.statusCode, decided.body).toBe(200);
      expect(decided.json()).toMatchObject({ status: 'final', finalLevel: 'L3' });

      // The labour-law measure's playbook: a handbook page, linked by an admin.
      const ada = await signInApi(app, { tenant: tenant.slug, email: admin.email, password });
      const page = await ada('POST', '/api/v1/handbook/pages', {
        slug: 'abmahnung',
        en: { title: 'Warning letter', body: '# Warning letter\n\n1. Check the facts with labour law.' },
        de: { title: 'Abmahnung', body: '# Abmahnung\n\n1. Sachverhalt mit dem Arbeitsrecht prüfen.' },
      });
      expect(page.statusCode, page.body).toBe(201);
      const types = (await ada('GET', '/api/v1/measure-types')).json().types;
      const { names, descriptions, specialty } = types.find(
        (type: { key: string }) => type.key === 'labour_law_measure',
      );
      const linked = await ada('PATCH', '/api/v1/measure-types/labour_law_measure', {
        definition: { names, descriptions, specialty, playbookPageId: page.json().id },
      });
      expect(linked.statusCode, linked.body).toBe(200);

      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      await side?.context.close();
      await browser?.close();
      await server?.close();
    });

    /** A browser context that records failed answers, page errors, console errors and CSP violations. */
    async function open(who: string, locale: string) {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale,
        viewport: { width: 1440, height: 960 },
        reducedMotion: 'reduce',
      });
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
      return { context, page };
    }

    const url = (pathname: string) => new URL(pathname, baseUrl).href;
    const shot = async (page: Page, name: string) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshotDir, `measures-${name}.png`), fullPage: true });
    };
    /** What is in the window only: a dialog over the page. */
    const shotWindow = async (page: Page, name: string) => {
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshotDir, `measures-${name}.png`) });
    };

    async function signIn(page: Page, who: { email: string }, german = false) {
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel(german ? 'E-Mail-Adresse' : 'E-mail address').fill(who.email);
      await page.getByRole('textbox', { name: german ? 'Passwort' : 'Password' }).fill(password);
      await page.getByRole('button', { name: german ? 'Anmelden' : 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
    }

    async function inLanguage(page: Page, language: 'de' | 'en', pathname: string) {
      await page.evaluate((chosen) => window.localStorage.setItem('tma.language', chosen), language);
      await page.goto(url(pathname));
    }

    const measure = (page: Page, type: string) =>
      page.locator(`[data-testid="measure"][data-type="${type}"]`);

    /** Picks an option of a Mantine select in the open dialog by typing part of its label. */
    async function choose(page: Page, field: ReturnType<Page['getByRole']>, typed: string, option: string) {
      await field.click();
      await field.fill(typed);
      await page.getByRole('option', { name: option, exact: true }).click();
    }

    it('plans three measures from the catalogue on the L3 case, one for an expert off the team', async () => {
      side = await open('manager', 'en-GB');
      const { page } = side;
      await signIn(page, manager);
      await page.goto(url(`/cases/${caseId}`));
      await page.getByTestId('case-level').filter({ hasText: 'L3 · high' }).first().waitFor();
      await page.getByRole('tab', { name: 'Measures' }).click();
      await page.waitForURL((address) => address.search === '?tab=measures');
      await page.getByTestId('measures-empty').waitFor();

      // 1. The labour-law measure: the catalogue's description and playbook, the labour-law expert offered
      // first (he is not on the team: invited), a due day in a week, the first scenario of the assessment.
      await page.getByRole('button', { name: 'Plan a measure…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Plan a measure' });
      await choose(
        page,
        dialog.getByRole('combobox', { name: 'Measure' }),
        'Labour',
        'Labour-law measure (e.g. warning letter)',
      );
      const description = dialog.getByTestId('measure-type-description');
      await description.getByText('Consider and carry out a warning letter', { exact: false }).waitFor();
      await description.getByText('Usually carried out or advised on by: Labour law').waitFor();
      // By its address once the handbook's page index has loaded (by its id until then: both work).
      await expect
        .poll(() => description.getByRole('link', { name: 'Read the playbook' }).getAttribute('href'))
        .toBe('/handbook/abmahnung');
      await dialog
        .getByRole('textbox', { name: 'What exactly is done' })
        .fill('Abmahnung wegen der Drohung vorbereiten und mit dem Betriebsrat übergeben.');
      const owner = dialog.getByRole('combobox', { name: 'Carried out by' });
      await owner.click();
      // The suggested specialty comes first, in its own group.
      const suggested = page.getByRole('group', { name: 'Suggested: Labour law' });
      await suggested.getByRole('option', { name: `${lawyer.name} – Labour law · is invited` }).click();
      await dialog
        .getByTestId('invited-people')
        .filter({ hasText: `Will be invited: ${lawyer.name}` })
        .waitFor();
      await dialog.getByLabel('Due day').fill(localDay(7));
      await dialog.getByRole('combobox', { name: 'Answers the final assessment' }).click();
      await page.getByRole('option', { name: /^Decided .* · L3 · high \(current\)$/ }).click();
      await dialog.getByRole('checkbox', { name: scenarios[0] }).check();
      await shotWindow(page, '01b-plan-dialog-bottom-en');
      await page.locator('.mantine-Modal-content').evaluate((content) => content.scrollTo(0, 0));
      await shotWindow(page, '01a-plan-dialog-top-en');
      await dialog.getByRole('button', { name: 'Plan measure' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'The measure “Labour-law measure (e.g. warning letter)” is planned.' })
        .waitFor();

      // 2. Protection of the affected person, by the threat manager himself, due tomorrow.
      await page.getByRole('button', { name: 'Plan a measure…' }).click();
      await choose(
        page,
        dialog.getByRole('combobox', { name: 'Measure' }),
        'Protection',
        'Protection and support for affected persons',
      );
      await dialog
        .getByRole('textbox', { name: 'What exactly is done' })
        .fill('Parkplatz nahe am Eingang und Begleitung zum Auto für Frau S.');
      await dialog.getByRole('combobox', { name: 'Carried out by' }).click();
      await page.getByRole('option', { name: `${manager.name} – Threat manager` }).click();
      expect(await dialog.getByTestId('invited-people').count()).toBe(0);
      await dialog.getByLabel('Due day').fill(localDay(1));
      await dialog.getByRole('button', { name: 'Plan measure' }).click();
      await page.getByRole('status').filter({ hasText: 'is planned.' }).waitFor();
      await measure(page, 'protect_affected').waitFor();

      // 3. Monitoring, with the psychologist taking part (invited too), answering the second scenario.
      await page.getByRole('button', { name: 'Plan a measure…' }).click();
      await choose(
        page,
        dialog.getByRole('combobox', { name: 'Measure' }),
        'Monitor',
        'Monitoring of the situation',
      );
      await dialog
        .getByRole('textbox', { name: 'What exactly is done' })
        .fill('Vier Wochen lang wöchentlich bei der Teamleitung nachfragen.');
      await dialog.getByRole('combobox', { name: 'Further experts taking part' }).click();
      await page.getByRole('option', { name: `${psychologist.name} – Psychology · is invited` }).click();
      await dialog.getByRole('heading', { name: 'Plan a measure' }).click();
      await dialog.getByRole('combobox', { name: 'Answers the final assessment' }).click();
      await page.getByRole('option', { name: /\(current\)$/ }).click();
      await dialog.getByRole('checkbox', { name: scenarios[1] }).check();
      await dialog.getByRole('button', { name: 'Plan measure' }).click();
      await page.getByRole('status').filter({ hasText: 'Monitoring of the situation' }).waitFor();

      const cards = page.getByTestId('measure');
      await expect.poll(() => cards.count()).toBe(3);
      const labour = measure(page, 'labour_law_measure');
      await labour.getByTestId('measure-owner').filter({ hasText: lawyer.name }).waitFor();
      await labour.locator('[data-testid="expert-consent"][data-consent="invited"]').waitFor();
      await labour.getByTestId('measure-scenarios').getByText(scenarios[0]).waitFor();
      await expect
        .poll(() => labour.getByTestId('measure-playbook').getAttribute('href'))
        .toBe('/handbook/abmahnung');
      const monitoring = measure(page, 'monitoring');
      await monitoring
        .getByTestId('measure-expert')
        .filter({ hasText: psychologist.name })
        .getByText('Invited')
        .waitFor();
      await monitoring.getByTestId('measure-scenarios').getByText(scenarios[1]).waitFor();
      await monitoring.getByText('No due day').waitFor();
      expect(await page.getByTestId('measure-overdue').count()).toBe(0);
      await shot(page, '02-tab-planned-en');
      expect(problems).toEqual([]);
    }, 300_000);

    it('lets the labour-law expert accept from My work and complete the measure with an outcome', async () => {
      const { context, page } = await open('expert', 'de-DE');
      await signIn(page, lawyer, true);
      const card = page.getByTestId('measure-invitations');
      await card.getByRole('heading', { name: 'Einladungen zu Maßnahmen' }).waitFor();
      const invitation = card.getByTestId('measure-invitation');
      await invitation.getByText(caseReference).waitFor();
      await invitation.getByText('Arbeitsrechtliche Maßnahme (z. B. Abmahnung) · zur Umsetzung').waitFor();
      await invitation.getByText(`Eingeladen von ${manager.name}`, { exact: false }).waitFor();
      // Before accepting, the case does not exist for him.
      expect(await page.evaluate(async (id) => (await fetch(`/api/v1/cases/${id}`)).status, caseId)).toBe(
        404,
      );
      problems.splice(
        0,
        problems.length,
        ...problems.filter((problem) => !problem.startsWith('expert: 404')),
      );
      await shot(page, '03-invitation-de');
      // The bell says so too, and leads to the invitations, not to the case he cannot open yet.
      await page.getByRole('button', { name: /^Benachrichtigungen/ }).click();
      const notice = page.getByRole('menuitem', { name: /Maßnahme .*eingeladen/ });
      expect(await notice.getAttribute('href')).toBe('/');
      await page.keyboard.press('Escape');

      await invitation
        .getByRole('button', {
          name: `Einladung zu „Arbeitsrechtliche Maßnahme (z. B. Abmahnung)“ in ${caseReference} zusagen`,
        })
        .click();
      await page.waitForURL(
        (address) => address.pathname === `/cases/${caseId}` && address.search === '?tab=measures',
      );
      const labour = measure(page, 'labour_law_measure');
      await labour.getByTestId('measure-owner').filter({ hasText: lawyer.name }).waitFor();
      // He carries it out; planning stays with the threat managers.
      expect(await labour.getByRole('button', { name: /ändern$/ }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Maßnahme planen …' }).count()).toBe(0);
      await labour
        .getByRole('button', { name: '„Arbeitsrechtliche Maßnahme (z. B. Abmahnung)“ beginnen' })
        .click();
      await labour.getByTestId('measure-status').filter({ hasText: 'In Arbeit' }).waitFor();
      await labour
        .getByRole('button', { name: '„Arbeitsrechtliche Maßnahme (z. B. Abmahnung)“ abschließen' })
        .click();
      const complete = page.getByRole('dialog', {
        name: '„Arbeitsrechtliche Maßnahme (z. B. Abmahnung)“ abschließen',
      });
      await complete.getByRole('button', { name: 'Maßnahme abschließen' }).click();
      await complete.getByText('Wählen Sie, wie wirksam die Maßnahme war.').waitFor();
      await complete.getByRole('textbox', { name: 'Ergebnis' }).fill(OUTCOME);
      await complete.getByRole('radio', { name: 'Wirksam', exact: true }).check();
      await shotWindow(page, '04-complete-dialog-de');
      await complete.getByRole('button', { name: 'Maßnahme abschließen' }).click();
      await page.getByRole('status').filter({ hasText: 'ist erledigt.' }).waitFor();
      await labour.getByTestId('measure-status').filter({ hasText: 'Erledigt' }).waitFor();
      await labour.getByTestId('measure-outcome').filter({ hasText: OUTCOME }).waitFor();
      await labour.getByTestId('measure-effectiveness').filter({ hasText: 'Wirksam' }).waitFor();
      await labour.getByText(`Erledigt von ${lawyer.name}`, { exact: false }).waitFor();
      await shot(page, '05-completed-de');
      await context.close();
      expect(problems).toEqual([]);
    }, 300_000);

    it('escalates the measure whose due day passed to the case owner, who sees it in red', async () => {
      if (!side) throw new Error('not signed in');
      const { page } = side;
      // Three days later: the protection measure, due tomorrow, is past its due day.
      clockOffsetMs = 3 * DAY;
      expect(await runMeasureEscalation(database, now())).toBe(1);
      expect(await runMeasureEscalation(database, now())).toBe(0);

      await page.goto(url('/'));
      const bell = page.getByRole('button', { name: /^Notifications/ });
      await bell.click();
      await page.getByRole('menuitem', { name: /expert answered your invitation to a measure/ }).waitFor();
      const overdueNotice = page.getByRole('menuitem', {
        name: new RegExp(`A measure on ${caseReference} is overdue`),
      });
      await overdueNotice.click();
      await page.waitForURL(
        (address) => address.pathname === `/cases/${caseId}` && address.search === '?tab=measures',
      );

      const protection = measure(page, 'protect_affected');
      await protection.getByTestId('measure-overdue').filter({ hasText: 'Overdue' }).waitFor();
      expect(await protection.getAttribute('data-overdue')).toBe('true');
      const red = await protection
        .getByTestId('measure-overdue')
        .evaluate((badge) => getComputedStyle(badge).backgroundColor);
      expect(red).toMatch(/^rgb\((\d+), (\d+), (\d+)\)$/);
      const [r, g, b] = (red.match(/\d+/g) ?? []).map(Number) as [number, number, number];
      expect(r).toBeGreaterThan(150);
      expect(g).toBeLessThan(80);
      expect(b).toBeLessThan(80);
      await page
        .getByTestId('measures-overdue')
        .filter({ hasText: '1 measure is past its due day.' })
        .waitFor();
      expect(await page.getByTestId('measure-overdue').count()).toBe(1);

      // The expert's work, in the case owner's language.
      const labour = measure(page, 'labour_law_measure');
      await labour.getByTestId('measure-status').filter({ hasText: 'Done' }).waitFor();
      await labour.getByTestId('measure-effectiveness').filter({ hasText: 'Effective' }).waitFor();
      await labour.locator('[data-testid="expert-consent"][data-consent="accepted"]').waitFor();
      await labour.getByText(`Done by ${lawyer.name}`, { exact: false }).waitFor();
      await shot(page, '06-tab-overdue-and-done-en');

      // The journal tells it, with the types' names and the expert's answer.
      await page.getByRole('tab', { name: 'Journal' }).click();
      const entries = page.getByTestId('journal-entry');
      await entries
        .filter({
          hasText: `${lawyer.name} accepted the invitation to “Labour-law measure (e.g. warning letter)”`,
        })
        .waitFor();
      await entries
        .filter({ hasText: 'Past its due day: “Protection and support for affected persons”.' })
        .waitFor();
      await entries.filter({ hasText: 'Done: “Labour-law measure (e.g. warning letter)”.' }).waitFor();
      await entries
        .filter({
          hasText: `Planned: “Labour-law measure (e.g. warning letter)”, carried out by ${lawyer.name}.`,
        })
        .waitFor();
      await expect
        .poll(() => page.locator('[data-testid="journal-entry"][data-kind="measure_planned"]').count())
        .toBe(3);
      await shot(page, '07-journal-en');
      expect(problems).toEqual([]);
    }, 300_000);

    it('lets the threat manager change, cancel and reopen a measure, and an invited expert decline', async () => {
      if (!side) throw new Error('not signed in');
      const { page } = side;
      // The psychologist declines taking part in the monitoring, after confirming.
      const { context, page: other } = await open('psychologist', 'en-GB');
      await signIn(other, psychologist);
      const invitation = other.getByTestId('measure-invitation');
      await invitation.getByText('Monitoring of the situation · to take part').waitFor();
      await invitation
        .getByRole('button', {
          name: `Decline the invitation to “Monitoring of the situation” on ${caseReference}`,
        })
        .click();
      const confirm = other.getByRole('dialog', { name: 'Decline the invitation?' });
      await confirm.getByText(`You will not join the team of ${caseReference}`, { exact: false }).waitFor();
      await confirm.getByRole('button', { name: 'Decline invitation' }).click();
      await other
        .getByRole('status')
        .filter({
          hasText: `You declined the invitation to “Monitoring of the situation” on ${caseReference}.`,
        })
        .waitFor();
      expect(await other.getByTestId('measure-invitation').count()).toBe(0);
      await context.close();

      // The threat manager gives the monitoring to himself with a due day, cancels it and reopens it.
      await page.goto(url(`/cases/${caseId}?tab=measures`));
      const monitoring = measure(page, 'monitoring');
      await monitoring
        .locator('[data-testid="expert-consent"][data-consent="declined"]')
        .filter({ hasText: 'Declined' })
        .waitFor();
      await monitoring.getByRole('button', { name: 'Change “Monitoring of the situation”' }).click();
      const dialog = page.getByRole('dialog', { name: 'Change “Monitoring of the situation”' });
      await dialog.getByText(`Taking part already: ${psychologist.name}`).waitFor();
      await dialog.getByRole('combobox', { name: 'Carried out by' }).click();
      await page.getByRole('option', { name: `${manager.name} – Threat manager` }).click();
      await dialog.getByLabel('Due day').fill(localDay(14));
      await dialog.getByRole('button', { name: 'Save changes' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'The measure “Monitoring of the situation” is changed.' })
        .waitFor();
      await monitoring.getByTestId('measure-owner').filter({ hasText: manager.name }).waitFor();
      await monitoring.getByTestId('measure-due').waitFor();

      await monitoring.getByRole('button', { name: 'Cancel measure “Monitoring of the situation”' }).click();
      const cancel = page.getByRole('dialog', { name: 'Cancel “Monitoring of the situation”?' });
      await cancel
        .getByRole('textbox', { name: 'Why is it cancelled?' })
        .fill('Die Teamleitung beobachtet ohnehin.');
      await cancel.getByRole('button', { name: 'Cancel measure' }).click();
      await monitoring.getByTestId('measure-status').filter({ hasText: 'Cancelled' }).waitFor();
      await monitoring.getByText('Why it was cancelled').waitFor();
      await monitoring.getByRole('button', { name: 'Reopen “Monitoring of the situation”' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'The measure “Monitoring of the situation” is open again.' })
        .waitFor();
      await monitoring.getByTestId('measure-status').filter({ hasText: 'Planned' }).waitFor();
      expect(problems).toEqual([]);
    }, 300_000);

    // The dashboard (web/dashboard, GET /api/v1/dashboard) was built at the same time as this test, by
    // another hand: its test ids are `figure-overdue-measures` (data-value), `list-overdue-measures` and
    // `chart-measure-outcomes`.
    it('counts the overdue measure on the dashboard and charts the measures by outcome', async () => {
      if (!side) throw new Error('not signed in');
      const { page } = side;
      await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
      await page.waitForURL((address) => address.pathname === '/dashboard');
      const figure = page.getByTestId('figure-overdue-measures');
      await figure.waitFor();
      expect(await figure.getAttribute('data-value')).toBe('1');
      const overdueList = page.getByTestId('list-overdue-measures');
      await expect.poll(() => overdueList.getByTestId('overdue-measure').count()).toBe(1);
      await overdueList.getByTestId('overdue-measure').getByText(caseReference).waitFor();
      const chart = page.getByTestId('chart-measure-outcomes');
      await chart.getByRole('heading', { name: 'Measures by outcome' }).waitFor();
      await chart.locator('[data-chart] svg').first().waitFor();
      const effective = chart.locator('tr', {
        has: page.getByRole('rowheader', { name: 'Effective', exact: true }),
      });
      expect((await effective.locator('td').innerText()).trim()).toBe('1');
      await shot(page, '07b-dashboard-en');
      expect(problems).toEqual([]);
    }, 120_000);

    it('reads well in German: the plan, its dialog and the journal', async () => {
      if (!side) throw new Error('not signed in');
      const { page } = side;
      await inLanguage(page, 'de', `/cases/${caseId}?tab=measures`);
      await page.getByRole('heading', { name: 'Maßnahmen', level: 2 }).waitFor();
      const protection = measure(page, 'protect_affected');
      await protection.getByTestId('measure-overdue').filter({ hasText: 'Überfällig' }).waitFor();
      await page.getByText('1 Maßnahme hat ihre Frist überschritten.').waitFor();
      await shot(page, '08-tab-de');
      await page.getByRole('button', { name: 'Maßnahme planen …' }).click();
      const dialog = page.getByRole('dialog', { name: 'Maßnahme planen' });
      await choose(
        page,
        dialog.getByRole('combobox', { name: 'Maßnahme' }),
        'Zutritt',
        'Zutrittsbeschränkung oder Hausverbot',
      );
      await dialog.getByRole('combobox', { name: 'Zuständig' }).click();
      await page.getByRole('group', { name: 'Vorgeschlagen: Sicherheit' }).waitFor({ state: 'detached' });
      await page.getByRole('group', { name: 'Im Fallteam', exact: true }).waitFor();
      await dialog.getByRole('heading', { name: 'Maßnahme planen' }).click();
      await dialog
        .getByTestId('invitation-note')
        .getByText('Wer nicht im Fallteam ist, wird eingeladen', { exact: false })
        .waitFor();
      await shotWindow(page, '09-plan-dialog-de');
      await dialog.getByRole('button', { name: 'Abbrechen' }).last().click();
      await page.getByRole('tab', { name: 'Journal' }).click();
      await page
        .getByTestId('journal-entry')
        .filter({ hasText: 'Frist überschritten: „Schutz und Unterstützung betroffener Personen“.' })
        .waitFor();
      await shot(page, '10-journal-de');
      await inLanguage(page, 'en', '/');
      expect(problems).toEqual([]);
    }, 300_000);

    it('lets an admin keep the catalogue: playbook, switching off, own measures', async () => {
      const { context, page } = await open('admin', 'en-GB');
      await signIn(page, admin);
      await page.getByRole('navigation').getByRole('link', { name: 'Measure catalogue' }).click();
      await page.getByRole('heading', { level: 1, name: 'Measure catalogue' }).waitFor();
      const types = page.getByTestId('measure-type');
      await expect.poll(() => types.count()).toBe(8);
      const labour = page.locator('[data-testid="measure-type"][data-key="labour_law_measure"]');
      await labour.getByRole('link', { name: 'Warning letter' }).waitFor();
      // The playbook is the organisation's own link, not a change to TMA's text.
      expect(await labour.getByText('Customised').count()).toBe(0);
      const monitoring = page.locator('[data-testid="measure-type"][data-key="monitoring"]');
      await monitoring
        .getByRole('switch', { name: 'Offer “Monitoring of the situation” when measures are planned' })
        .click();
      await page
        .getByRole('status')
        .filter({ hasText: '“Monitoring of the situation” is no longer offered.' })
        .waitFor();
      await shot(page, '11-catalogue-en');

      await page.getByRole('button', { name: 'New measure…' }).click();
      const editor = page.getByRole('dialog', { name: 'New measure' });
      await editor.getByLabel('Name in English').fill('Mediation');
      await editor.getByLabel('Name in German').fill('Mediation');
      await editor.getByLabel('Description in English').fill('A moderated conversation between the parties.');
      await editor
        .getByLabel('Description in German')
        .fill('Ein moderiertes Gespräch zwischen den Beteiligten.');
      expect(await editor.getByLabel('Key').inputValue()).toBe('mediation');
      await editor.getByRole('combobox', { name: 'Suggested expert' }).click();
      await page.getByRole('option', { name: 'Psychology' }).click();
      await editor.getByRole('combobox', { name: 'Playbook page in the handbook' }).click();
      await page.getByRole('option', { name: 'Warning letter' }).click();
      await shotWindow(page, '12-catalogue-editor-en');
      await editor.getByRole('button', { name: 'Add measure' }).click();
      await page.getByRole('status').filter({ hasText: 'The measure “Mediation” was added.' }).waitFor();
      await page
        .locator('[data-testid="measure-type"][data-key="mediation"]')
        .getByText('Own measure')
        .waitFor();
      await inLanguage(page, 'de', '/admin/measure-types');
      await page.getByRole('heading', { level: 1, name: 'Maßnahmenkatalog' }).waitFor();
      await shot(page, '13-catalogue-de');
      await context.close();
      expect(problems).toEqual([]);
    }, 180_000);
  },
);
