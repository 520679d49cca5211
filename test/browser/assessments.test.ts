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
import { signIn as signInApi } from '../support/session.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const manager = { email: 'tom.berger@acme.example', name: 'Tom Berger' };
const admin = { email: 'ada.klein@acme.example', name: 'Ada Klein' };
const MODEL = 'tma.core.warning-behaviours';

/** Every item of the checklist not present, but for a grievance and partly present pressures. */
const earlierAnswers: Record<string, { value: string }> = Object.fromEntries(
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

/** The JsonLogic of R2-context with its threshold for context factors raised. */
function raiseDistalThreshold(when: unknown, to: number): unknown {
  const logic = structuredClone(when) as { or: Array<Record<string, [unknown, unknown]>> };
  const clause = logic.or.find((part) => {
    const compared = part['>='];
    return Array.isArray(compared) && (compared[0] as { var?: string })?.var === 'distalPositive';
  });
  if (!clause) throw new Error('R2-context has no condition on distalPositive');
  (clause['>='] as [unknown, unknown])[1] = to;
  return logic;
}

describe.skipIf(browserSkipReason !== undefined)(
  `assessments${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let database: Database;
    let app: FastifyInstance;
    let baseUrl: string;
    let browser: Browser | undefined;
    const problems: string[] = [];
    let caseId = '';
    let earlierId = '';
    let side: { context: BrowserContext; page: Page } | undefined;

    beforeAll(async () => {
      server = await startAppServer('assessments');
      ({ database, app, baseUrl } = server);
      const { id: tenantId } = await createTenant(database.db, tenant);
      const unit = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
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
      await createUser(
        database,
        tenantId,
        { email: admin.email, displayName: admin.name, role: 'admin', specialty: null, password },
        { kind: 'operator' },
      );

      // The case and its earlier assessment under 1.0.0, through the API: two context factors, L2.
      const tom = await signInApi(app, { tenant: tenant.slug, email: manager.email, password });
      const report = await tom('POST', '/api/v1/reports', {
        unitId: unit.id,
        channel: 'phone',
        receivedOn: new Date().toISOString().slice(0, 10),
        anonymous: false,
        reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
        answers: {
          immediate_danger: 'no',
          description: 'Herr K. fühlt sich nach der Abmahnung ungerecht behandelt.',
        },
        issueReceipt: false,
      });
      expect(report.statusCode, report.body).toBe(201);
      const opened = await tom('POST', `/api/v1/reports/${report.json().report.id}/open-case`, {
        title: 'Kränkung nach Abmahnung, Lager Nord',
      });
      expect(opened.statusCode, opened.body).toBe(201);
      caseId = opened.json().id;
      const started = await tom('POST', `/api/v1/cases/${caseId}/assessments`, { modelId: MODEL });
      expect(started.statusCode, started.body).toBe(201);
      expect(started.json().model.version).toBe('1.0.0');
      earlierId = started.json().id;
      const answered = await tom('PUT', `/api/v1/cases/${caseId}/assessments/${earlierId}/answers`, {
        answers: earlierAnswers,
      });
      expect(answered.statusCode, answered.body).toBe(200);
      expect(answered.json().computed.suggestedLevel).toBe('L2');
      const decided = await tom('POST', `/api/v1/cases/${caseId}/assessments/${earlierId}/finalise`, {
        level: 'L2',
        rationale: 'Kränkung und Belastungen ohne Warnverhalten: beobachten, Informationen einholen.',
        scenarios: ['Konfrontation mit der Vorgesetzten bei der nächsten Teambesprechung'],
      });
      expect(decided.statusCode, decided.body).toBe(200);
      expect(decided.json().status).toBe('final');

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
      await page.screenshot({ path: path.join(screenshotDir, `assessments-${name}.png`), fullPage: true });
    };

    /** A long page in the window only, scrolled to where the step happens. */
    const shotAt = async (page: Page, name: string, at: ReturnType<Page['locator']>) => {
      await at.scrollIntoViewIfNeeded();
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshotDir, `assessments-${name}.png`) });
    };

    async function signIn(page: Page, who: { email: string } = manager) {
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel('E-mail address').fill(who.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
    }

    async function inGerman(page: Page, pathname: string) {
      await page.evaluate(() => window.localStorage.setItem('tma.language', 'de'));
      await page.goto(url(pathname));
    }

    async function inEnglish(page: Page, pathname: string) {
      await page.evaluate(() => window.localStorage.setItem('tma.language', 'en'));
      await page.goto(url(pathname));
    }

    it('starts version 1.1.0, changes R2-context, fixes changelog and fixture, and publishes it', async () => {
      side = await open('manager', 'en-GB');
      const { page } = side;
      await signIn(page);
      await page.getByRole('navigation').getByRole('link', { name: 'Assessment models' }).click();
      await page.waitForURL((address) => address.pathname === '/assessment-models');
      const model = page.locator(`[data-testid="model"][data-model="${MODEL}"]`);
      const v1 = model.locator('[data-testid="model-version"][data-version="1.0.0"]');
      await v1.getByTestId('model-status').filter({ hasText: 'Active' }).waitFor();
      await model.getByText('Active version: 1.0.0').waitFor();
      await shot(page, '01-models-en');

      // A new version from 1.0.0: the dialog offers the next minor version.
      await v1.getByRole('button', { name: 'New version…' }).click();
      const dialog = page.getByRole('dialog', { name: 'New version of “Warning behaviours checklist”' });
      expect(await dialog.getByLabel(/^New version/).inputValue()).toBe('1.1.0');
      await shot(page, '02-new-version-dialog-en');
      await dialog.getByRole('button', { name: 'Create draft' }).click();
      await page.waitForURL((address) => address.pathname === `/assessment-models/${MODEL}/1.1.0`);
      await page
        .getByRole('heading', { level: 1, name: 'Warning behaviours checklist · version 1.1.0' })
        .waitFor();
      await page.getByTestId('model-status').filter({ hasText: 'Draft' }).waitFor();

      // R2-context: two context factors are no longer enough, three are.
      await page.getByRole('tab', { name: 'Rules' }).click();
      const condition = page.getByRole('textbox', { name: 'Condition of R2-context (JsonLogic)' });
      const before = JSON.parse(await condition.inputValue());
      await condition.fill(JSON.stringify(raiseDistalThreshold(before, 3), null, 2));
      await page.getByTestId('draft-state').filter({ hasText: 'Unsaved changes' }).waitFor();
      // The live check names what stands in the way: the changelog and the fixture whose result changed.
      const check = page.getByTestId('model-check');
      await check.getByText('Checked as you edit, not saved yet.').waitFor();
      const failing = check.locator('[data-testid="failing-fixture"][data-fixture="two-distal"]');
      await failing.waitFor();
      await check.getByTestId('check-problems').getByText('changelog.0.affectsSuggestion').waitFor();
      await check
        .getByTestId('check-diff')
        .locator('[data-op="changeRule"]')
        .getByText('R2-context')
        .waitFor();
      expect(await page.getByRole('button', { name: 'Publish…' }).isDisabled()).toBe(true);
      await shot(page, '03-editor-rule-changed-en');

      // The changelog says that suggestions change, and why.
      await page.getByRole('tab', { name: 'Changelog' }).click();
      await page.getByRole('checkbox', { name: /^Changes suggestions/ }).check();
      await page
        .getByLabel('Summary (English)')
        .fill('R2-context needs three context factors instead of two for moderate concern.');
      await page
        .getByLabel('Summary (German)')
        .fill('R2-context verlangt für mäßige Besorgnis drei statt zwei Kontextfaktoren.');
      await check
        .getByTestId('check-problems')
        .getByText('changelog.0.affectsSuggestion')
        .waitFor({ state: 'detached' });

      // The fixture: two context factors now give L1, and R1-default fires; that is what is expected now.
      await failing
        .getByRole('button', { name: 'Take over the new result of fixture two-distal as its expectation' })
        .click();
      await check.getByTestId('check-summary').filter({ hasText: 'Ready to publish.' }).waitFor();
      await page.getByRole('tab', { name: 'Fixtures' }).click();
      const fixture = page.locator('[data-testid="editor-fixture"][data-fixture="two-distal"]');
      await fixture.getByRole('button', { name: /two-distal/ }).waitFor();
      expect(await fixture.getByText('L1', { exact: true }).count()).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByTestId('draft-state').filter({ hasText: 'All changes saved' }).waitFor();
      await check.getByText('Check of the saved draft.').waitFor();
      await check.getByTestId('check-summary').filter({ hasText: 'Ready to publish.' }).waitFor();
      await check.getByText('These changes need at least a minor version.').waitFor();
      await page.getByRole('tab', { name: 'Rules' }).click();
      await shot(page, '04-editor-ready-en');

      // Publishing freezes 1.1.0 and retires 1.0.0.
      await page.getByRole('button', { name: 'Publish…' }).click();
      const publish = page.getByRole('dialog', { name: 'Publish version 1.1.0?' });
      await publish.getByText('version 1.0.0 is retired').waitFor();
      await publish.getByRole('button', { name: 'Publish version' }).click();
      await page.getByTestId('model-status').filter({ hasText: 'Active' }).waitFor();
      await page.getByText('A published version never changes.').waitFor();
      const rule = page.locator('[data-testid="model-rule"][data-rule="R2-context"]');
      await rule.waitFor();
      expect(await rule.innerText()).toContain('"distalPositive"');
      await shot(page, '05-published-en');
      await page.getByRole('link', { name: 'Assessment models' }).first().click();
      await v1.getByTestId('model-status').filter({ hasText: 'Retired' }).waitFor();
      await model
        .locator('[data-version="1.1.0"]')
        .getByTestId('model-status')
        .filter({ hasText: 'Active' })
        .waitFor();
      await shot(page, '06-models-after-publish-en');
      expect(problems).toEqual([]);
    }, 300_000);

    it('re-assesses the case under 1.1.0, departs from the suggestion with a reason, and compares', async () => {
      if (!side) throw new Error('not signed in');
      const { page } = side;
      await page.goto(url(`/cases/${caseId}`));
      await page.getByRole('tab', { name: 'Assessments' }).click();
      const cards = page.getByTestId('assessment-item-card');
      await expect.poll(() => cards.count()).toBe(1);
      await cards.first().getByTestId('item-final-level').filter({ hasText: 'L2 · moderate' }).waitFor();
      await page.getByTestId('review-due').waitFor();
      await page.getByTestId('timeline-chart').waitFor();
      await shot(page, '07-case-assessments-en');

      // Re-assess: the answers of the final one under the rules of 1.1.0.
      await cards
        .first()
        .getByRole('button', { name: /^Re-assess/ })
        .click();
      await page.getByTestId('assessment-title').filter({ hasText: 'version 1.1.0' }).waitFor();
      const panel = page.getByTestId('suggestion-panel');
      await panel.getByRole('heading', { name: 'Suggested level' }).waitFor();
      // The model's own words: decision support, product defaults.
      await panel
        .getByTestId('suggestion-note')
        .filter({ hasText: 'decision support, not a decision' })
        .getByText('product defaults, not validated cut-offs', { exact: false })
        .waitFor();
      await panel.getByTestId('suggested-level').filter({ hasText: 'L1 · low' }).waitFor();
      await panel.locator('[data-testid="fired-rule"]').filter({ hasText: 'R1-default' }).waitFor();
      expect(
        await panel.locator('[data-testid="fired-rule"]').filter({ hasText: 'R2-context' }).count(),
      ).toBe(0);
      await shot(page, '08-reassess-l1-en');
      await page.screenshot({ path: path.join(screenshotDir, 'assessments-08-reassess-l1-top-en.png') });

      // A third context factor: R2-context fires again, the suggestion follows as soon as it is saved.
      const concerned = page.locator('[data-testid="assessment-item"][data-item="others-concerned"]');
      await concerned.getByRole('radio', { name: 'Possibly or partly present' }).check();
      await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
      await panel.getByTestId('suggested-level').filter({ hasText: 'L2 · moderate' }).waitFor();
      await panel
        .locator('[data-testid="fired-rule"]')
        .filter({ hasText: 'R2-context' })
        .getByText('several context factors apply', { exact: false })
        .waitFor();
      // A note and evidence for the answer: the report the case was opened from.
      await concerned.getByRole('button', { name: /^Note and evidence for:/ }).click();
      await concerned
        .getByRole('textbox', { name: 'Note' })
        .fill('Zwei Kollegen haben sich unabhängig gemeldet.');
      await concerned.getByLabel('Evidence', { exact: true }).click();
      await page
        .getByRole('option', { name: /^Report / })
        .first()
        .click();
      await page.keyboard.press('Escape');
      await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
      await shotAt(page, '09-reassess-l2-en', concerned);

      // The final judgement departs from the suggestion: the reason is asked for as soon as it does.
      const judgement = page.getByTestId('judgement-form');
      await judgement.getByRole('radio', { name: /^L2 · moderate/ }).check();
      expect(await judgement.getByTestId('deviation-reason').count()).toBe(0);
      await judgement.getByRole('radio', { name: /^L3 · high/ }).check();
      const deviation = judgement.getByRole('textbox', { name: 'Why the level departs from the suggestion' });
      await deviation.waitFor();
      await judgement.getByRole('button', { name: 'Record final judgement' }).click();
      await judgement.getByText('Give the rationale for this level.').waitFor();
      await judgement.getByText('Explain why the level departs from the suggestion.').waitFor();
      await judgement
        .getByRole('textbox', { name: 'Rationale' })
        .fill('Drei Kontextfaktoren, die Sorge der Kollegen wächst; Zugang zu Tatmitteln ist ungeklärt.');
      await deviation.fill(
        'Die Kollegen berichten von zunehmender Wut; das Modell bildet die Dynamik nicht ab.',
      );
      await judgement.getByRole('button', { name: 'Add a scenario' }).click();
      await judgement
        .getByRole('textbox', { name: 'Scenario 1' })
        .fill('Eskalation bei der Rückkehr an den Arbeitsplatz');
      expect(await judgement.getByRole('textbox', { name: 'Next review' }).inputValue()).toMatch(
        /^\d{4}-\d{2}-\d{2}$/,
      );
      await shotAt(page, '10-judgement-form-en', judgement);
      await judgement.getByRole('button', { name: 'Record final judgement' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'The final judgement was recorded: L3 · high.' })
        .waitFor();
      const view = page.getByTestId('judgement-view');
      await view.getByTestId('final-level').filter({ hasText: 'L3 · high' }).waitFor();
      await view.getByText('Departs from the suggestion (L2 · moderate).').waitFor();
      await view.getByText('das Modell bildet die Dynamik nicht ab', { exact: false }).waitFor();
      await page.getByText('This assessment is decided and never changes.', { exact: false }).waitFor();
      await page.getByTestId('assessment-item').first().waitFor();
      expect(await page.getByTestId('assessment-item').getByRole('radio').count()).toBe(0);
      await page.getByTestId('case-level').filter({ hasText: 'L3 · high' }).waitFor();
      await shot(page, '11-decided-en');

      // Both in the list, the earlier one superseded; the comparison shows them side by side.
      await page.getByRole('button', { name: 'All assessments' }).click();
      await expect.poll(() => cards.count()).toBe(2);
      await cards
        .first()
        .getByText(/^Re-assesses the assessment of/)
        .waitFor();
      await expect.poll(() => page.getByTestId('timeline-final').count()).toBe(2);
      await shot(page, '12-history-en');
      await page.getByTestId('compare-picker').getByRole('button', { name: 'Compare' }).click();
      const comparison = page.getByTestId('assessment-comparison');
      await comparison
        .getByTestId('compare-older')
        .getByText('Warning behaviours checklist, version 1.0.0')
        .waitFor();
      await comparison
        .getByTestId('compare-newer')
        .getByText('Warning behaviours checklist, version 1.1.0')
        .waitFor();
      await comparison
        .getByTestId('compare-older')
        .getByTestId('compare-final')
        .filter({ hasText: 'L2' })
        .waitFor();
      await comparison
        .getByTestId('compare-newer')
        .getByTestId('compare-final')
        .filter({ hasText: 'L3' })
        .waitFor();
      const changed = comparison.locator('[data-testid="compare-row"][data-changed="true"]');
      await expect.poll(() => changed.count()).toBe(1);
      expect(await changed.getAttribute('data-item')).toBe('others-concerned');
      await comparison.getByTestId('rescored-level').filter({ hasText: 'L1 · low' }).waitFor();
      await comparison.getByText('never stored', { exact: false }).waitFor();
      await shot(page, '13-comparison-en');
      expect(problems).toEqual([]);
    }, 300_000);

    it('reads well in German: comparison, assessment, journal, editor and models', async () => {
      if (!side) throw new Error('not signed in');
      const { page } = side;
      const compare = new URL(page.url());
      await inGerman(page, `${compare.pathname}${compare.search}`);
      const comparison = page.getByTestId('assessment-comparison');
      await comparison.getByRole('heading', { name: 'Vergleich zweier Einschätzungen' }).waitFor();
      await comparison.getByText('Frühere Antworten nach den späteren Regeln').waitFor();
      await shot(page, '14-comparison-de');
      await page.getByRole('button', { name: 'Alle Einschätzungen' }).click();
      await page.getByRole('heading', { name: 'Stufen im Zeitverlauf' }).waitFor();
      await shot(page, '15-history-de');
      await page
        .getByTestId('assessment-item-card')
        .first()
        .getByRole('button', { name: /^Einschätzung vom/ })
        .click();
      await page
        .getByTestId('judgement-view')
        .getByRole('heading', { name: 'Abschließende Bewertung' })
        .waitFor();
      await page.getByText('Begründung der Abweichung vom Vorschlag').waitFor();
      await shot(page, '16-decided-de');
      await page.goto(url(`/cases/${caseId}?tab=journal`));
      const entries = page.getByTestId('journal-entry');
      await entries.filter({ hasText: 'Abschließende Stufe: L3 · hoch' }).waitFor();
      await entries.filter({ hasText: 'Eine Einschätzung wurde begonnen.' }).first().waitFor();
      await shot(page, '17-journal-de');

      // A draft in German: a new version from 1.1.0, its editor and check, then discarded.
      await page.goto(url('/assessment-models'));
      const model = page.locator(`[data-testid="model"][data-model="${MODEL}"]`);
      await model.locator('[data-version="1.1.0"]').getByRole('button', { name: 'Neue Version …' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Entwurf anlegen' }).click();
      await page.waitForURL((address) => address.pathname === `/assessment-models/${MODEL}/1.2.0`);
      await page
        .getByTestId('model-check')
        .getByRole('heading', { name: 'Prüfung vor der Veröffentlichung' })
        .waitFor();
      await page.getByRole('tab', { name: 'Regeln' }).click();
      await shot(page, '18-editor-de');
      await page.getByRole('button', { name: 'Entwurf verwerfen …' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Entwurf verwerfen' }).click();
      await page.waitForURL((address) => address.pathname === '/assessment-models');
      await model
        .locator('[data-version="1.1.0"]')
        .getByTestId('model-status')
        .filter({ hasText: 'Gültig' })
        .waitFor();
      expect(await model.locator('[data-version="1.2.0"]').count()).toBe(0);
      await shot(page, '19-models-de');

      // A model of the organisation's own, started from the shipped one: a draft 1.0.0 under its own id.
      await model
        .locator('[data-version="1.1.0"]')
        .getByRole('button', { name: 'Als neues Modell kopieren …' })
        .click();
      const copy = page.getByRole('dialog');
      await copy.getByLabel('Modellkennung').fill('acme.arbeitsplatz');
      await copy.getByLabel('Titel auf Englisch').fill('Workplace checklist');
      await copy.getByLabel('Titel auf Deutsch').fill('Checkliste Arbeitsplatz');
      await shot(page, '19b-copy-dialog-de');
      await copy.getByRole('button', { name: 'Modell anlegen' }).click();
      await page.waitForURL((address) => address.pathname === '/assessment-models/acme.arbeitsplatz/1.0.0');
      await page
        .getByRole('heading', { level: 1, name: 'Checkliste Arbeitsplatz · Version 1.0.0' })
        .waitFor();
      await page.getByTestId('model-status').filter({ hasText: 'Entwurf' }).waitFor();
      await shot(page, '19c-copied-model-de');
      await inEnglish(page, '/');
      expect(problems).toEqual([]);
    }, 300_000);

    it('lets an admin set who takes part, the review intervals and four eyes', async () => {
      const { context, page } = await open('admin', 'en-GB');
      await signIn(page, admin);
      await page.getByRole('navigation').getByRole('link', { name: 'Assessment settings' }).click();
      await page.getByRole('heading', { level: 1, name: 'Assessment settings' }).waitFor();
      const days = page.getByRole('textbox', { name: 'Days after L3 · high' });
      expect(await days.inputValue()).toBe('7');
      await days.fill('5');
      await page.getByRole('checkbox', { name: 'L4 · critical' }).check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'The assessment settings are saved.' }).waitFor();
      await shot(page, '20-settings-en');
      await page.reload();
      expect(await page.getByRole('textbox', { name: 'Days after L3 · high' }).inputValue()).toBe('5');
      expect(await page.getByRole('checkbox', { name: 'L4 · critical' }).isChecked()).toBe(true);
      await inGerman(page, '/admin/assessments');
      await page.getByRole('heading', { level: 1, name: 'Einstellungen zur Einschätzung' }).waitFor();
      await shot(page, '21-settings-de');
      await context.close();
      expect(problems).toEqual([]);
    }, 120_000);
  },
);
