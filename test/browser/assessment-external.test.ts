import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { type SignedInCall, signIn as signInApi } from '../support/session.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const tom = { email: 'tom.berger@acme.example', name: 'Tom Berger' };
const nina = { email: 'nina.roth@acme.example', name: 'Nina Roth' };
const admin = { email: 'ada.klein@acme.example', name: 'Ada Klein' };
const MODEL = 'tma.core.warning-behaviours';
const LEAKAGE = 'leakage';

/** Nothing of the checklist present but leakage (a proximal warning behaviour the model wants supported). */
const leakageAnswers: Record<string, { value: string }> = Object.fromEntries(
  [
    'pathway',
    'fixation',
    'identification',
    'novel-aggression',
    'energy-burst',
    'last-resort',
    'direct-threat',
    'grievance',
    'stressors',
    'means',
    'violence-ok',
    'inconsistency',
    'others-concerned',
    'time-place',
    'final-acts',
  ]
    .map((itemId) => [itemId, { value: 'absent' }])
    .concat([
      [LEAKAGE, { value: 'present' }],
      ['trusted-relationship', { value: 'none' }],
      ['engagement', { value: 'none' }],
    ]),
);

const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(browserSkipReason !== undefined)(
  `assessments: external results, due list, four eyes${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let database: Database;
    let app: FastifyInstance;
    let baseUrl: string;
    let browser: Browser | undefined;
    let tomApi: SignedInCall;
    const problems: string[] = [];
    /** Refusals a step provokes on purpose (`who: status path`), taken out of `problems` when they occur. */
    const expected: string[] = [];
    let caseId = '';
    let caseReference = '';
    let overdueCaseId = '';
    let overdueReference = '';
    let todayCaseId = '';
    let side: { context: BrowserContext; page: Page } | undefined;

    async function openCase(unitId: string, title: string) {
      const report = await tomApi('POST', '/api/v1/reports', {
        unitId,
        channel: 'phone',
        receivedOn: new Date().toISOString().slice(0, 10),
        anonymous: false,
        reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
        answers: { immediate_danger: 'no', description: 'Drohende Äußerungen im Lager.' },
        issueReceipt: false,
      });
      expect(report.statusCode, report.body).toBe(201);
      const opened = await tomApi('POST', `/api/v1/reports/${report.json().report.id}/open-case`, { title });
      expect(opened.statusCode, opened.body).toBe(201);
      return { id: opened.json().id as string, reference: opened.json().reference as string };
    }

    beforeAll(async () => {
      server = await startAppServer('assessment-external');
      ({ database, app, baseUrl } = server);
      const { id: tenantId } = await createTenant(database.db, tenant);
      const unit = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
      for (const manager of [tom, nina]) {
        await createUser(
          database,
          tenantId,
          {
            email: manager.email,
            displayName: manager.name,
            role: 'threat_manager',
            specialty: null,
            password,
          },
          { kind: 'operator' },
        );
        await setUserUnits(
          database,
          tenantId,
          { email: manager.email },
          { slugs: ['de'] },
          { kind: 'operator' },
        );
      }
      await createUser(
        database,
        tenantId,
        { email: admin.email, displayName: admin.name, role: 'admin', specialty: null, password },
        { kind: 'operator' },
      );

      tomApi = await signInApi(app, { tenant: tenant.slug, email: tom.email, password });
      ({ id: caseId, reference: caseReference } = await openCase(unit.id, 'Drohung gegen Schichtleiter'));
      // A second case, assessed earlier with its review set for yesterday: overdue.
      ({ id: overdueCaseId, reference: overdueReference } = await openCase(unit.id, 'Kränkung im Versand'));
      const started = await tomApi('POST', `/api/v1/cases/${overdueCaseId}/assessments`, { modelId: MODEL });
      expect(started.statusCode, started.body).toBe(201);
      const decided = await tomApi(
        'POST',
        `/api/v1/cases/${overdueCaseId}/assessments/${started.json().id}/finalise`,
        {
          level: started.json().computed.suggestedLevel,
          rationale: 'Noch wenig bekannt; Gespräch mit der Führungskraft steht aus.',
          scenarios: [],
          nextReviewOn: dayFromNow(-1),
        },
      );
      expect(decided.statusCode, decided.body).toBe(200);
      // A third, due today: listed, not overdue.
      const today = await openCase(unit.id, 'Beschwerde über Drohanrufe');
      todayCaseId = today.id;
      const third = await tomApi('POST', `/api/v1/cases/${today.id}/assessments`, { modelId: MODEL });
      expect(third.statusCode, third.body).toBe(201);
      const thirdDecided = await tomApi(
        'POST',
        `/api/v1/cases/${today.id}/assessments/${third.json().id}/finalise`,
        {
          level: third.json().computed.suggestedLevel,
          rationale: 'Anrufe ohne konkrete Drohung; heute erneut prüfen.',
          scenarios: [],
          nextReviewOn: dayFromNow(0),
        },
      );
      expect(thirdDecided.statusCode, thirdDecided.body).toBe(200);

      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      await side?.context.close();
      await browser?.close();
      await server?.close();
    });

    /** A browser context that records failed answers, page errors, console errors and CSP violations. */
    async function open(who: string, locale = 'en-GB') {
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
        if (status < 400 || signedOut) return;
        const problem = `${who}: ${status} ${pathname}`;
        const index = expected.indexOf(problem);
        if (index >= 0) expected.splice(index, 1);
        else problems.push(problem);
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
      await page.screenshot({ path: path.join(screenshotDir, `external-${name}.png`), fullPage: true });
    };
    /** The window only, at the top of the page. */
    const shotTop = async (page: Page, name: string) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshotDir, `external-${name}.png`) });
    };
    /** The window only, scrolled to where the step happens. */
    const shotAt = async (page: Page, name: string, at: ReturnType<Page['locator']>) => {
      await at.scrollIntoViewIfNeeded();
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshotDir, `external-${name}.png`) });
    };

    async function signIn(page: Page, who: { email: string }) {
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel('E-mail address').fill(who.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
    }

    async function inLanguage(page: Page, language: 'en' | 'de', pathname: string) {
      await page.evaluate((chosen) => window.localStorage.setItem('tma.language', chosen), language);
      await page.goto(url(pathname));
    }

    it('lets an admin set up an external instrument with its level map, and four eyes for L3', async () => {
      const { context, page } = await open('admin');
      await signIn(page, admin);
      await page.getByRole('navigation').getByRole('link', { name: 'Assessment settings' }).click();
      await page.getByRole('heading', { level: 1, name: 'Assessment settings' }).waitFor();
      const section = page.getByTestId('external-instruments');
      await section.getByText('No external instrument is set up.').waitFor();
      await section.getByRole('button', { name: 'Add an instrument' }).click();
      const instrument = section.getByTestId('external-instrument');
      await instrument.getByRole('textbox', { name: 'Key', exact: true }).fill('dyrias');
      await instrument.getByRole('textbox', { name: 'Name', exact: true }).fill('DyRiAS-Arbeitsplatz');
      const name = 'DyRiAS-Arbeitsplatz';
      const rows: Array<[string, string, string]> = [
        ['1', 'geringes Risiko', 'L1 · low'],
        ['3', 'mittleres Risiko', 'L2 · moderate'],
        ['5', 'hohes Risiko', 'L3 · high'],
      ];
      for (const [index, [result, label, level]] of rows.entries()) {
        const number = index + 1;
        if (index > 0) await instrument.getByRole('button', { name: `Add a result to ${name}` }).click();
        await instrument.getByRole('textbox', { name: `Result code ${number} of ${name}` }).fill(result);
        await instrument.getByRole('textbox', { name: `Label of result ${number} of ${name}` }).fill(label);
        await instrument.getByRole('combobox', { name: `Level of result ${number} of ${name}` }).click();
        await page.getByRole('option', { name: level, exact: true }).click();
      }
      // A result mapped twice is refused before it is sent.
      await instrument.getByRole('button', { name: `Add a result to ${name}` }).click();
      await instrument.getByRole('textbox', { name: `Result code 4 of ${name}` }).fill('5');
      await page.getByRole('checkbox', { name: 'L3 · high' }).check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await instrument.getByText('The result 5 is mapped twice.').waitFor();
      await page.getByText('Correct the external instruments marked in red before saving.').waitFor();
      await shotAt(page, '01-settings-invalid-en', instrument);
      await instrument.getByRole('button', { name: `Remove result 4 of ${name}` }).click();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'The assessment settings are saved.' }).waitFor();
      await shot(page, '02-settings-en');

      // Stored as entered: the level map and four eyes for L3.
      await page.reload();
      const stored = page.getByTestId('external-instrument');
      expect(await stored.getByRole('textbox', { name: 'Key', exact: true }).inputValue()).toBe('dyrias');
      expect(await stored.getByRole('combobox', { name: `Level of result 3 of ${name}` }).inputValue()).toBe(
        'L3 · high',
      );
      expect(await page.getByRole('checkbox', { name: 'L3 · high' }).isChecked()).toBe(true);
      await inLanguage(page, 'de', '/admin/assessments');
      await page.getByRole('heading', { name: 'Externe Instrumente' }).waitFor();
      await shot(page, '03-settings-de');
      await inLanguage(page, 'en', '/');
      await context.close();
      expect(problems).toEqual([]);
    }, 120_000);

    it('lets a threat manager record a DyRiAS result, shown in the history, the detail and the timeline', async () => {
      side = await open('tom');
      const { page } = side;
      await signIn(page, tom);
      await page.goto(url(`/cases/${caseId}?tab=assessments`));
      const section = page.getByTestId('external-result');
      await section.getByRole('button', { name: 'Record an external result…' }).click();
      const form = section.getByRole('form', { name: 'Record an external result' });
      // The only instrument is chosen already; its results show the level each maps to.
      expect(await form.getByRole('combobox', { name: 'Instrument', exact: true }).inputValue()).toBe(
        'DyRiAS-Arbeitsplatz',
      );
      await form.getByRole('textbox', { name: 'Version of the instrument' }).fill('2.0');
      await form.getByRole('combobox', { name: 'Result', exact: true }).click();
      await page.getByRole('option', { name: '5 – hohes Risiko → L3 · high' }).click();
      await form.getByTestId('external-mapped').getByText('L3 · high').waitFor();
      await form.getByRole('textbox', { name: 'Assessor' }).fill('Dr. Lena Vogt (extern, lizenziert)');
      await form
        .getByRole('textbox', { name: 'Note (optional)' })
        .fill('Auswertung nach Interview mit dem Schichtleiter und zwei Kollegen.');
      // A day in the future is refused before it is sent.
      await form.getByRole('textbox', { name: 'Assessed on' }).fill(dayFromNow(3));
      await form.getByText('The day of the assessment must not lie in the future.').waitFor();
      await form.getByRole('textbox', { name: 'Assessed on' }).fill(dayFromNow(-2));
      await shotAt(page, '04-record-form-en', section);
      await form.getByRole('button', { name: 'Record result' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'The external result was recorded: L3 · high.' })
        .waitFor();

      // In the history: instrument and version, result with its label, assessor, the mapped level.
      const card = page.locator('[data-testid="assessment-item-card"][data-kind="external"]');
      await card.getByRole('heading', { name: 'DyRiAS-Arbeitsplatz, version 2.0' }).waitFor();
      await card.getByTestId('external-badge').waitFor();
      await card.getByTestId('item-external-result').filter({ hasText: '5 – hohes Risiko' }).waitFor();
      await card.getByTestId('item-final-level').filter({ hasText: 'L3 · high' }).waitFor();
      await card.getByText('by Dr. Lena Vogt (extern, lizenziert)', { exact: false }).waitFor();
      expect(await card.getByTestId('item-suggested-level').count()).toBe(0);
      // In the timeline: a square of its own, no suggestion.
      await page.getByTestId('timeline-external').waitFor();
      expect(await page.getByTestId('timeline-suggested').count()).toBe(0);
      await page.getByTestId('case-level').filter({ hasText: 'L3 · high' }).waitFor();
      await shot(page, '05-history-en');
      await page.getByText('Show the levels as a table').click();
      await page.getByTestId('timeline-table').getByText('DyRiAS-Arbeitsplatz, version 2.0').waitFor();

      // The detail: what was recorded.
      await card.getByRole('button', { name: /^Open the external result of/ }).click();
      const record = page.getByTestId('external-view');
      await record.getByTestId('final-level').filter({ hasText: 'L3 · high' }).waitFor();
      await record.getByText('DyRiAS-Arbeitsplatz, version 2.0').waitFor();
      await record.getByTestId('external-result-value').filter({ hasText: '5 – hohes Risiko' }).waitFor();
      await record.getByText('Dr. Lena Vogt (extern, lizenziert)').waitFor();
      await record.getByText('Auswertung nach Interview', { exact: false }).waitFor();
      await shot(page, '06-detail-en');
      await inLanguage(page, 'de', new URL(page.url()).pathname + new URL(page.url()).search);
      await page.getByTestId('external-view').getByText('Festgehaltenes Ergebnis').waitFor();
      await shot(page, '07-detail-de');
      await page.getByRole('button', { name: 'Alle Einschätzungen' }).click();
      await page.getByRole('heading', { name: 'Stufen im Zeitverlauf' }).waitFor();
      await page.getByTestId('timeline-external').waitFor();
      await shot(page, '08-history-de');
      await inLanguage(page, 'en', '/');
      expect(problems).toEqual([]);
    }, 120_000);

    it('lists the re-assessments due: the overdue case, and a week ahead the case with the result', async () => {
      if (!side) throw new Error('not signed in');
      const { page } = side;
      await page.getByRole('navigation').getByRole('link', { name: 'Re-assessments due' }).click();
      await page.getByRole('heading', { level: 1, name: 'Re-assessments due' }).waitFor();
      const rows = page.getByTestId('due-row');
      const overdue = page.locator(`[data-testid="due-row"][data-case="${overdueCaseId}"]`);
      await overdue.waitFor();
      expect(await overdue.getAttribute('data-overdue')).toBe('true');
      await overdue.getByTestId('due-overdue').waitFor();
      const dueToday = page.locator(`[data-testid="due-row"][data-case="${todayCaseId}"]`);
      expect(await dueToday.getAttribute('data-overdue')).toBe('false');
      await dueToday.getByText('Today', { exact: true }).waitFor();
      // Earliest first.
      expect(await rows.first().getAttribute('data-case')).toBe(overdueCaseId);
      expect(await rows.count()).toBe(2);
      await page.getByTestId('due-count').filter({ hasText: '2 cases, 1 overdue.' }).waitFor();
      await shot(page, '09-due-en');

      // The result asks for a review in a week (the interval for L3): within 7 days it is listed too.
      await page.getByRole('switch', { name: 'Also show those due in the next 7 days' }).click();
      await page.waitForURL((address) => address.search === '?within=7');
      const soon = page.locator(`[data-testid="due-row"][data-case="${caseId}"]`);
      await soon.waitFor();
      expect(await soon.getAttribute('data-overdue')).toBe('false');
      await soon.getByTestId('case-level').filter({ hasText: 'L3 · high' }).waitFor();
      await soon.getByText(tom.name).waitFor();
      expect(await rows.count()).toBe(3);
      await shot(page, '10-due-week-en');
      await inLanguage(page, 'de', '/assessments/due?within=7');
      await page.getByRole('heading', { level: 1, name: 'Fällige Überprüfungen' }).waitFor();
      await page.getByTestId('due-overdue').filter({ hasText: 'Überfällig' }).waitFor();
      await shot(page, '11-due-week-de');
      await inLanguage(page, 'en', '/assessments/due?within=7');

      // Each row leads to the case's assessments tab.
      await soon.getByRole('link', { name: `Case ${caseReference}: open its assessments` }).click();
      await page.waitForURL(
        (address) => address.pathname === `/cases/${caseId}` && address.search === '?tab=assessments',
      );
      await page.getByRole('tab', { name: 'Assessments', selected: true }).waitFor();
      await page.getByTestId('review-due').waitFor();
      expect(overdueReference).not.toBe(caseReference);
      expect(problems).toEqual([]);
    }, 120_000);

    it('refuses a judgement without support for a positive answer, then returns a four-eyes judgement to draft', async () => {
      if (!side) throw new Error('not signed in');
      const { page } = side;
      // A draft with leakage present and nothing noted for it.
      const started = await tomApi('POST', `/api/v1/cases/${caseId}/assessments`, { modelId: MODEL });
      expect(started.statusCode, started.body).toBe(201);
      const draftId = started.json().id as string;
      const answered = await tomApi('PUT', `/api/v1/cases/${caseId}/assessments/${draftId}/answers`, {
        answers: leakageAnswers,
      });
      expect(answered.statusCode, answered.body).toBe(200);
      const suggested = answered.json().computed.suggestedLevel as string;
      expect(suggested).toBe('L3');

      await page.goto(url(`/cases/${caseId}?tab=assessments&assessment=${draftId}`));
      const leakage = page.locator(`[data-testid="assessment-item"][data-item="${LEAKAGE}"]`);
      // While answering: the item says what it needs.
      await leakage
        .getByTestId('support-hint')
        .filter({ hasText: 'The model asks for a note or evidence for this answer' })
        .waitFor();
      const judgement = page.getByTestId('judgement-form');
      await judgement.getByRole('radio', { name: /^L3 · high/ }).check();
      await judgement
        .getByRole('textbox', { name: 'Rationale' })
        .fill('Leaking gegenüber Kollegen, sonst keine Warnverhalten; Gespräch und Beobachtung.');
      expected.push(`tom: 422 /api/v1/cases/${caseId}/assessments/${draftId}/finalise`);
      await judgement.getByRole('button', { name: 'Record final judgement' }).click();
      const refusal = judgement.getByTestId('support-missing');
      await refusal.getByText('A note or evidence is missing').waitFor();
      const leakageText = (await leakage.locator('p').first().innerText()).trim();
      await refusal.getByRole('button', { name: leakageText }).waitFor();
      await page.locator(`[data-testid="assessment-item"][data-missing-support="true"]`).waitFor();
      expect(await leakage.getAttribute('data-missing-support')).toBe('true');
      await shotAt(page, '12-support-missing-en', refusal);
      await refusal.getByRole('button', { name: leakageText }).click();
      await shotAt(page, '13-support-missing-item-en', leakage);

      // A note supports the answer: the mark goes, the judgement waits for four eyes (L3).
      await leakage
        .getByRole('textbox', { name: 'Note' })
        .fill('Hat zwei Kollegen gegenüber angedeutet, „es werde bald knallen“.');
      await leakage.and(page.locator(':not([data-missing-support])')).waitFor();
      await judgement.getByRole('button', { name: 'Record final judgement' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'waits for a second threat manager’s sign-off' })
        .waitFor();
      const view = page.getByTestId('judgement-view');
      await view.getByTestId('awaiting-sign-off').waitFor();
      // Who decided may return it, not sign it off.
      await view.getByRole('button', { name: 'Return to draft…' }).waitFor();
      expect(await view.getByRole('button', { name: 'Sign off' }).count()).toBe(0);
      expect(problems).toEqual([]);
      expect(expected).toEqual([]);

      // A second threat manager does not agree and returns it to a draft.
      const second = await open('nina');
      try {
        await signIn(second.page, nina);
        await second.page.goto(url(`/cases/${caseId}?tab=assessments&assessment=${draftId}`));
        const other = second.page.getByTestId('judgement-view');
        await other.getByRole('button', { name: 'Sign off' }).waitFor();
        await other.getByRole('button', { name: 'Return to draft…' }).waitFor();
        await shotAt(second.page, '14-four-eyes-en', other);
        await other.getByRole('button', { name: 'Return to draft…' }).click();
        const dialog = second.page.getByRole('dialog', { name: 'Return this judgement to a draft?' });
        await dialog.getByRole('button', { name: 'Return to draft', exact: true }).click();
        await second.page
          .getByRole('status')
          .filter({ hasText: 'The judgement was returned: the assessment is a draft again.' })
          .waitFor();
        await second.page.getByTestId('judgement-form').waitFor();
        await second.page.getByTestId('assessment-status').filter({ hasText: 'Draft' }).waitFor();
        await shotTop(second.page, '15-returned-en');
        await inLanguage(second.page, 'de', `/cases/${caseId}?tab=assessments&assessment=${draftId}`);
        await second.page
          .getByTestId('judgement-form')
          .getByRole('heading', { name: 'Abschließende Bewertung' })
          .waitFor();
        await shotTop(second.page, '16-returned-de');
      } finally {
        await second.context.close();
      }
      // The case keeps the level of the external result.
      const detail = await tomApi('GET', `/api/v1/cases/${caseId}/assessments/${draftId}`);
      expect(detail.json().status).toBe('draft');
      expect(problems).toEqual([]);
    }, 180_000);

    it('edits the suggestion policy, licence and sources, and moves an item in a draft', async () => {
      if (!side) throw new Error('not signed in');
      const { page } = side;
      await page.goto(url('/assessment-models'));
      const model = page.locator(`[data-testid="model"][data-model="${MODEL}"]`);
      await model.locator('[data-version="1.0.0"]').getByRole('button', { name: 'New version…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Create draft' }).click();
      await page.waitForURL((address) => address.pathname === `/assessment-models/${MODEL}/1.1.0`);

      // The policy's thresholds, in plain words as they change.
      await page.getByRole('tab', { name: 'Suggestion policy' }).click();
      const protective = page.getByTestId('editor-policy-protective');
      await protective.getByRole('textbox', { name: 'From (at least)' }).fill('4');
      await protective
        .getByTestId('policy-protective-summary')
        .filter({ hasText: 'when protectiveWeight is at least 4' })
        .waitFor();
      const insufficient = page.getByTestId('editor-policy-insufficient');
      await insufficient.getByRole('textbox', { name: 'Above (share 0–1)' }).fill('1.5');
      await insufficient.getByText('A number from 0 to 1.').waitFor();
      await page.getByText('Correct the fields marked in red before saving.').waitFor();
      await insufficient.getByRole('textbox', { name: 'Above (share 0–1)' }).fill('0.4');
      const check = page.getByTestId('model-check');
      await check.getByTestId('check-diff').locator('[data-op="changePolicy"]').waitFor();
      await shot(page, '17-editor-policy-en');

      // Licence: proprietary is neither redistributable nor exportable.
      await page.getByRole('tab', { name: 'Licence and sources' }).click();
      const licence = page.getByTestId('editor-licence');
      await licence.getByRole('combobox', { name: 'Kind of licence' }).click();
      await page.getByRole('option', { name: 'Proprietary instrument' }).click();
      await licence.getByTestId('licence-proprietary').waitFor();
      expect(await licence.getByRole('checkbox', { name: 'Export allowed' }).isChecked()).toBe(false);
      expect(await licence.getByRole('checkbox', { name: 'Export allowed' }).isDisabled()).toBe(true);
      expect(await licence.getByRole('checkbox', { name: 'Redistributable' }).isChecked()).toBe(false);
      await licence
        .getByRole('textbox', { name: 'Holder of the rights' })
        .fill('Institut Psychologie & Bedrohungsmanagement');
      const source = page.locator('[data-testid="editor-source"][data-source="meloy2012"]');
      await source.getByText('Named by 8 items').waitFor();
      await page.getByRole('button', { name: 'Add a source' }).click();
      const added = page.locator('[data-testid="editor-source"][data-source="source-3"]');
      await added
        .getByRole('textbox', { name: 'Citation' })
        .fill('Hoffmann J, Glaz-Ocik J (2012) DyRiAS-Arbeitsplatz. Manual.');
      await added.getByRole('textbox', { name: 'DOI' }).fill('10.1000/example');
      await shot(page, '18-editor-licence-en');

      // Moving an item: the order changes and the check names the move.
      await page.getByRole('tab', { name: 'Sections and items' }).click();
      const items = page.getByTestId('editor-item');
      expect(await items.first().getAttribute('data-item')).toBe('pathway');
      await page.getByRole('button', { name: 'Move item pathway down' }).click();
      expect(await items.nth(0).getAttribute('data-item')).toBe('fixation');
      expect(await items.nth(1).getAttribute('data-item')).toBe('pathway');
      // The focus goes with the item.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).toBe(
        'Move item pathway down',
      );
      await items
        .nth(1)
        .getByRole('button', { name: /^pathway / })
        .click();
      await items.nth(1).getByRole('combobox', { name: 'Source' }).waitFor();
      expect(await items.nth(1).getByRole('combobox', { name: 'Source' }).inputValue()).toBe('meloy2012');
      await shotAt(page, '19-editor-move-en', items.nth(1));
      // Saved, the draft keeps the new order (the machine diff names only moves between sections).
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByTestId('draft-state').filter({ hasText: 'All changes saved' }).waitFor();
      // Loaded anew through the models page (a reload of /assessment-models/…/1.1.0 is not served: the
      // server takes the version's dots for a file extension).
      const editDraft = async (label: string) => {
        await page.goto(url('/assessment-models'));
        await model.locator('[data-version="1.1.0"]').getByRole('link', { name: label }).click();
        await page.waitForURL((address) => address.pathname === `/assessment-models/${MODEL}/1.1.0`);
      };
      await editDraft('Edit the draft 1.1.0 of Warning behaviours checklist');
      await page.getByRole('tab', { name: 'Sections and items' }).click();
      expect(await items.nth(0).getAttribute('data-item')).toBe('fixation');
      expect(await items.nth(1).getAttribute('data-item')).toBe('pathway');
      await page.evaluate(() => window.localStorage.setItem('tma.language', 'de'));
      await editDraft('Entwurf 1.1.0 von Checkliste Warnverhalten bearbeiten');
      await page.getByRole('tab', { name: 'Lizenz und Quellen' }).click();
      await shot(page, '20-editor-licence-de');
      await page.getByRole('tab', { name: 'Vorschlag', exact: true }).click();
      await shot(page, '21-editor-policy-de');
      await page.getByRole('button', { name: 'Entwurf verwerfen …' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Entwurf verwerfen' }).click();
      await page.waitForURL((address) => address.pathname === '/assessment-models');
      await inLanguage(page, 'en', '/');
      expect(problems).toEqual([]);
    }, 180_000);
  },
);
