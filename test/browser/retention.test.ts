// Retention and legal hold in a real browser against a real TMA server: an admin reads TMA's default policy
// and changes it (a rule for referred cases, a shorter period for dismissed reports); a threat manager closes
// a case saying why (its outcome), places it under legal hold with a reason, and lifts the hold again.
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, recordProblems, screenshotDir } from '../support/browser.ts';
import { type SignedInCall, signIn as signInApi } from '../support/session.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const manager = { email: 'tom.berger@acme.example', name: 'Tom Berger' };
const admin = { email: 'ada.klein@acme.example', name: 'Ada Klein' };

describe.skipIf(browserSkipReason !== undefined)(
  `retention and legal hold${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let app: FastifyInstance;
    let baseUrl: string;
    let browser: Browser | undefined;
    let tomApi: SignedInCall;
    let adaApi: SignedInCall;
    let caseId = '';
    let reference = '';
    const problems: string[] = [];

    beforeAll(async () => {
      server = await startAppServer('retention');
      const { database } = server;
      ({ app, baseUrl } = server);
      const tenantId = (await createTenant(database.db, tenant)).id;
      const unit = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
      for (const [user, role] of [
        [manager, 'threat_manager'],
        [admin, 'admin'],
      ] as const)
        await createUser(
          database,
          tenantId,
          { email: user.email, displayName: user.name, role, specialty: null, password },
          { kind: 'operator' },
        );
      await setUserUnits(
        database,
        tenantId,
        { email: manager.email },
        { slugs: ['de'] },
        { kind: 'operator' },
      );
      tomApi = await signInApi(app, { tenant: tenant.slug, email: manager.email, password });
      adaApi = await signInApi(app, { tenant: tenant.slug, email: admin.email, password });
      const phoned = await tomApi('POST', '/api/v1/reports', {
        unitId: unit.id,
        channel: 'phone',
        receivedOn: new Date().toISOString().slice(0, 10),
        anonymous: true,
        answers: { immediate_danger: 'no', description: 'Ein Drohbrief lag im Lager Nord.' },
        issueReceipt: false,
      });
      expect(phoned.statusCode, phoned.body).toBe(201);
      const opened = await tomApi('POST', `/api/v1/reports/${phoned.json().report.id}/open-case`, {
        title: 'Drohbrief im Lager Nord',
      });
      expect(opened.statusCode, opened.body).toBe(201);
      caseId = opened.json().id;
      reference = opened.json().reference;
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      expect(problems).toEqual([]);
    });

    async function open(who: string, locale: string, viewport = { width: 1440, height: 900 }) {
      if (!browser) throw new Error('browser not started');
      const context: BrowserContext = await browser.newContext({ locale, viewport, reducedMotion: 'reduce' });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      recordProblems(page, problems, { who, failedAnswers: true });
      return { context, page };
    }
    const url = (pathname: string) => new URL(pathname, baseUrl).href;
    const shot = async (page: Page, name: string, fullPage = true) => {
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshotDir, `retention-${name}.png`), fullPage });
    };
    /** axe (WCAG 2.x A and AA) on what the page shows now: no serious or critical violation. */
    const accessible = async (page: Page, where: string) => {
      const results = await new AxeBuilder({ page })
        .setLegacyMode()
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      const failing = results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map(
          (violation) =>
            `${where}: ${violation.id} ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`,
        );
      expect(failing).toEqual([]);
    };
    async function signIn(
      page: Page,
      who: { email: string },
      labels = { email: 'E-mail address', password: 'Password', submit: 'Sign in' },
    ) {
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel(labels.email).fill(who.email);
      await page.getByRole('textbox', { name: labels.password }).fill(password);
      await page.getByRole('button', { name: labels.submit, exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
    }

    it('lets an admin read the default policy and change it', async () => {
      const { context, page } = await open('admin', 'en-GB');
      await signIn(page, admin);
      // Through the navigation's administration group.
      await page.goto(url('/admin/retention'));
      await page.getByRole('heading', { level: 1, name: 'Retention policy' }).waitFor();
      await page.getByText('TMA’s defaults apply').waitFor();
      await page.getByText('The retention job has not run yet.').waitFor();
      expect(await page.getByTestId(/^retention-rule-\d+$/).count()).toBe(3);

      // A fourth rule: referred cases, kept 24 months, then deleted.
      await page.getByRole('button', { name: 'Add rule' }).click();
      const rule = page.getByTestId('retention-rule-4');
      await rule.locator('.mantine-MultiSelect-input').click();
      await page.getByRole('option', { name: 'Unfounded' }).click(); // unselect the suggestion
      await page.getByRole('option', { name: 'Referred elsewhere' }).click();
      await page.keyboard.press('Escape');
      await rule.getByRole('checkbox', { name: 'L1' }).check();
      await rule.getByRole('textbox', { name: 'Keep for (months)' }).fill('24');
      await rule.getByRole('combobox', { name: 'Then' }).click();
      await page.getByRole('option', { name: 'Delete', exact: true }).click();
      // Dismissed reports: three months.
      await page
        .getByTestId('dismissed-reports')
        .getByRole('textbox', { name: 'Keep for (months)' })
        .fill('3');
      // What it would do, before saving: counts only (nothing is closed yet here).
      await page.getByRole('button', { name: 'What would it do?' }).click();
      const preview = page.getByTestId('retention-preview');
      await preview.waitFor();
      expect(await preview.textContent()).toMatch(/^delete 0 closed case\(s\) and 0 dismissed report\(s\)/);
      await shot(page, '1-policy-preview');
      await page.getByRole('button', { name: 'Save policy' }).click();
      await page.getByRole('status').filter({ hasText: 'The retention policy is saved.' }).waitFor();
      await shot(page, '1-policy-en');
      await accessible(page, 'policy (en)');

      const saved = (await adaApi('GET', '/api/v1/retention-policy')).json();
      expect(saved.isDefault).toBe(false);
      expect(saved.policy.caseRules[3]).toEqual({
        outcomes: ['referred'],
        levels: [1],
        months: 24,
        action: 'delete',
      });
      expect(saved.policy.dismissedReports).toEqual({ months: 3, action: 'delete' });

      // A rule that names nothing is refused before it is sent.
      await page.getByRole('button', { name: 'Add rule' }).click();
      const empty = page.getByTestId('retention-rule-5');
      await empty.locator('.mantine-MultiSelect-input').click();
      await page.getByRole('option', { name: 'Unfounded' }).click();
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Save policy' }).click();
      await empty.getByText('Choose outcomes or levels').waitFor();
      await empty.getByRole('button', { name: 'Remove rule 5' }).click();
      await context.close();

      // In German on a phone.
      const phone = await open('admin (de, phone)', 'de-DE', { width: 390, height: 844 });
      await signIn(phone.page, admin, { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' });
      await phone.page.goto(url('/admin/retention'));
      await phone.page.getByRole('heading', { level: 1, name: 'Aufbewahrungsrichtlinie' }).waitFor();
      await shot(phone.page, '2-policy-de-phone');
      await accessible(phone.page, 'policy (de, phone)');
      await phone.context.close();
    }, 180_000);

    it('lets a threat manager close a case with its outcome, and set and lift a legal hold', async () => {
      const { context, page } = await open('threat manager', 'en-GB');
      await signIn(page, manager);
      await page.goto(url(`/cases/${caseId}`));
      await page.getByRole('heading', { level: 1, name: reference }).waitFor();

      // Closing asks why.
      await page.getByRole('button', { name: 'Change status…' }).click();
      const dialog = page.getByRole('dialog', { name: `Change the status of ${reference}` });
      await dialog.getByRole('combobox', { name: 'New status' }).click();
      await page.getByRole('option', { name: 'Closed' }).click();
      await dialog.getByRole('textbox', { name: 'Reason', exact: true }).fill('Keine Gefahr mehr.');
      await dialog.getByRole('button', { name: 'Change status' }).click();
      await dialog.getByText('Please fill in this field.').first().waitFor();
      await dialog.getByRole('combobox', { name: 'Outcome' }).click();
      await page.getByRole('option', { name: 'Unfounded' }).click();
      await shot(page, '3-close-outcome', false);
      await accessible(page, 'close dialog');
      await dialog.getByRole('button', { name: 'Change status' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect((await tomApi('GET', `/api/v1/cases/${caseId}`)).json().closingOutcome).toBe('unfounded');

      // The hold, with its reason.
      await page.getByRole('button', { name: 'Legal hold…' }).click();
      const hold = page.getByRole('dialog', { name: `Place ${reference} under legal hold` });
      await hold.getByRole('textbox', { name: 'Reason' }).fill('Arbeitsgerichtsverfahren 4 Ca 123/26');
      await accessible(page, 'hold dialog');
      await hold.getByRole('button', { name: 'Place under hold' }).click();
      await hold.waitFor({ state: 'detached' });
      const notice = page.getByTestId('legal-hold');
      await notice.getByText('Arbeitsgerichtsverfahren 4 Ca 123/26').waitFor();
      expect(await notice.innerText()).toContain(manager.name);
      await shot(page, '4-hold-set', false);
      await accessible(page, 'case under hold');
      expect((await tomApi('GET', `/api/v1/cases/${caseId}`)).json().legalHold).toMatchObject({
        held: true,
        reason: 'Arbeitsgerichtsverfahren 4 Ca 123/26',
      });

      // Lifted again.
      await page.getByRole('button', { name: 'Lift legal hold' }).click();
      const lift = page.getByRole('dialog', { name: `Lift the legal hold on ${reference}?` });
      await lift.getByRole('button', { name: 'Lift hold' }).click();
      await lift.waitFor({ state: 'detached' });
      await notice.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Legal hold…' }).waitFor();
      expect((await tomApi('GET', `/api/v1/cases/${caseId}`)).json().legalHold.held).toBe(false);
      // The journal shows both, without the reason.
      await page.getByRole('tab', { name: 'Journal' }).click();
      const held = page.locator('[data-testid="journal-entry"][data-kind="legal_hold_set"]');
      await held.getByText('The case is under legal hold').waitFor();
      await page
        .locator('[data-testid="journal-entry"][data-kind="legal_hold_lifted"]')
        .getByText('The legal hold was lifted')
        .waitFor();
      expect(await held.textContent()).not.toContain('Arbeitsgerichtsverfahren');
      await shot(page, '4b-hold-journal', false);
      await context.close();

      // On a phone: the hold's notice fits.
      expect(
        (await tomApi('POST', `/api/v1/cases/${caseId}/legal-hold`, { reason: 'Behördliche Anordnung' }))
          .statusCode,
      ).toBe(200);
      const phone = await open('threat manager (phone)', 'en-GB', { width: 390, height: 844 });
      await signIn(phone.page, manager);
      await phone.page.goto(url(`/cases/${caseId}`));
      await phone.page.getByTestId('legal-hold').waitFor();
      await shot(phone.page, '5-hold-phone', false);
      await phone.context.close();
    }, 180_000);
  },
);
