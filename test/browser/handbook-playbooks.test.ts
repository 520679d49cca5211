// TMA's sample pages and playbooks in the browser: a threat manager starts an empty handbook with them, the
// playbooks render (checklists, tables), and the measure catalogue and the plan dialog point at them.
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { signIn as signInApi } from '../support/session.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const manager = { email: 'tom.berger@acme.example', name: 'Tom Berger', role: 'threat_manager' as const };
const admin = { email: 'ada.klein@acme.example', name: 'Ada Klein', role: 'admin' as const };

describe.skipIf(browserSkipReason !== undefined)(
  `handbook playbooks${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let baseUrl: string;
    let browser: Browser | undefined;
    let caseId = '';
    const problems: string[] = [];
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      server = await startAppServer('handbook-playbooks');
      const { database, app } = server;
      baseUrl = server.baseUrl;
      const { id: tenantId } = await createTenant(database.db, tenant);
      const unit = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
      for (const user of [manager, admin]) {
        await createUser(
          database,
          tenantId,
          { email: user.email, displayName: user.name, role: user.role, specialty: null, password },
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
      const tom = await signInApi(app, { tenant: tenant.slug, email: manager.email, password });
      const report = await tom('POST', '/api/v1/reports', {
        unitId: unit.id,
        channel: 'phone',
        receivedOn: new Date().toISOString().slice(0, 10),
        anonymous: false,
        reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
        answers: { immediate_danger: 'no', description: 'Herr K. hat einer Kollegin gedroht.' },
        issueReceipt: false,
      });
      expect(report.statusCode, report.body).toBe(201);
      const opened = await tom('POST', `/api/v1/reports/${report.json().report.id}/open-case`, {
        title: 'Drohung im Lager Nord',
      });
      expect(opened.statusCode, opened.body).toBe(201);
      caseId = opened.json().id;
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await server?.close();
    });

    async function open(who: string) {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale: 'en-GB',
        viewport: { width: 1440, height: 960 },
        reducedMotion: 'reduce',
      });
      contexts.push(context);
      context.setDefaultTimeout(30_000);
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
      });
      return page;
    }

    const url = (pathname: string) => new URL(pathname, baseUrl).href;
    const shot = async (page: Page, name: string, fullPage = true) => {
      if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshotDir, `handbook-playbooks-${name}.png`), fullPage });
    };

    async function signIn(page: Page, who: { email: string }) {
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel('E-mail address').fill(who.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
    }

    it('starts an empty handbook with the sample pages and the playbooks, linked to their measures', async () => {
      const tom = await open('manager');
      await signIn(tom, manager);
      await tom.goto(url('/handbook'));
      await tom.getByText('a playbook for each of TMA’s eight measures', { exact: false }).waitFor();
      await shot(tom, '01-empty');
      await tom.getByRole('button', { name: 'Add the sample pages and playbooks' }).click();
      await tom
        .getByRole('status')
        .filter({
          hasText: '11 sample pages were added. 8 measures of the catalogue now link to their playbooks.',
        })
        .waitFor();
      const list = tom.getByRole('list', { name: 'Pages of the handbook' });
      await expect.poll(() => list.getByRole('listitem').count()).toBe(11);
      await shot(tom, '02-list');

      await list.getByRole('link', { name: 'Playbook: Labour-law measure (e.g. warning letter)' }).click();
      await tom.waitForURL((address) => address.pathname === '/handbook/playbook-labour-law-measure');
      const english = tom.getByRole('article').filter({
        has: tom.getByRole('heading', { name: 'Playbook: Labour-law measure (e.g. warning letter)' }),
      });
      await english.getByRole('heading', { name: 'The day of the measure' }).waitFor();
      expect(await english.getByRole('checkbox').count()).toBeGreaterThan(3);
      const german = tom.getByRole('article').filter({
        has: tom.getByRole('heading', { name: 'Leitfaden: Arbeitsrechtliche Maßnahme (z. B. Abmahnung)' }),
      });
      await german.getByRole('heading', { name: 'Der Tag der Maßnahme' }).waitFor();
      await shot(tom, '03-playbook');

      // The plan dialog offers the playbook of the measure chosen.
      await tom.goto(url(`/cases/${caseId}?tab=measures`));
      await tom.getByRole('button', { name: 'Plan a measure…' }).click();
      const dialog = tom.getByRole('dialog', { name: 'Plan a measure' });
      const measure = dialog.getByRole('combobox', { name: 'Measure' });
      await measure.click();
      await measure.fill('Monitoring');
      await tom.getByRole('option', { name: 'Monitoring of the situation', exact: true }).click();
      const playbook = dialog
        .getByTestId('measure-type-description')
        .getByRole('link', { name: 'Read the playbook' });
      // By its address once the handbook's page index has loaded (by its id until then: both work).
      await expect.poll(() => playbook.getAttribute('href')).toBe('/handbook/playbook-monitoring');
      await shot(tom, '04-plan-dialog', false);
      expect(problems).toEqual([]);
    }, 180_000);

    it('shows each measure of the catalogue with its playbook', async () => {
      const ada = await open('admin');
      await signIn(ada, admin);
      await ada.goto(url('/admin/measure-types'));
      await ada.getByRole('heading', { level: 1, name: 'Measure catalogue' }).waitFor();
      const police = ada.locator('[data-testid="measure-type"][data-key="involve_police"]');
      const link = police.getByRole('link', { name: 'Playbook: Involvement of police or external bodies' });
      await expect.poll(() => link.getAttribute('href')).toBe('/handbook/playbook-involve-police');
      await shot(ada, '05-catalogue');
      expect(problems).toEqual([]);
    }, 120_000);
  },
);
