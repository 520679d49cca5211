// An organisation's own case categories in a real browser against a real TMA server: the admin adds one,
// named in both languages, and switches a built-in one off on /admin/case-categories; a threat manager
// working in German finds the new category by its German name in the case list's filter, beside the
// owner and unit filters.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

const password = 'Kompass-Lindenbaum-2291-Nord';
const admin = { email: 'ada.klein@acme.example', name: 'Ada Klein' };
const manager = { email: 'tom.berger@acme.example', name: 'Tom Berger' };

describe.skipIf(browserSkipReason !== undefined)(
  `case categories${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
    let browser: Browser | undefined;
    const problems: string[] = [];

    beforeAll(async () => {
      server = await startTestServer();
      const { database } = server;
      const tenantId = (await createTenant(database.db, { slug: 'acme', name: 'Acme' })).id;
      await createUnit(database, tenantId, { slug: 'de', name: 'Deutschland' }, { kind: 'operator' });
      for (const [who, role] of [
        [admin, 'admin'],
        [manager, 'threat_manager'],
      ] as const)
        await createUser(
          database,
          tenantId,
          { email: who.email, displayName: who.name, role, password },
          { kind: 'operator' },
        );
      await setUserUnits(
        database,
        tenantId,
        { email: manager.email },
        { slugs: ['de'] },
        { kind: 'operator' },
      );
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    async function signedIn(who: { email: string }, locale: string, labels: Record<string, string>) {
      if (!browser || !server) throw new Error('not started');
      const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // Before sign-in the session check answers 401; the duplicate key below is refused with 409.
        if (message.type() === 'error' && !/status of (401|409)/.test(message.text()))
          problems.push(`console error: ${message.text()}`);
      });
      await page.goto(new URL('/login?tenant=acme', server.baseUrl).href);
      await page.getByLabel(labels.email as string).fill(who.email);
      await page.getByRole('textbox', { name: labels.password as string }).fill(password);
      await page.getByRole('button', { name: labels.submit as string, exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
      return page;
    }

    const shot = (page: Page, name: string) =>
      page.screenshot({ path: `${screenshotDir}/case-categories-${name}.png`, fullPage: true });

    it('lets the admin add a category in both languages and switch a built-in one off', async () => {
      const page = await signedIn(admin, 'en-GB', {
        email: 'E-mail address',
        password: 'Password',
        submit: 'Sign in',
      });
      await page.getByRole('link', { name: 'Case categories' }).click();
      await page.getByRole('heading', { name: 'Case categories', level: 1 }).waitFor();
      await page.getByLabel('Name in English').fill('Threat against a manager');
      await page.getByLabel('Name in German').fill('Drohung gegen Führungskraft');
      expect(await page.getByLabel('Key').inputValue()).toBe('threat_against_a_manager');
      await page.getByRole('button', { name: 'Add category' }).click();
      const row = page.getByRole('row', { name: /Threat against a manager/ });
      await row.getByText('Own').waitFor();
      await page.getByLabel('Offer “Bullying” for cases').click({ force: true });
      await page
        .getByRole('row', { name: /Bullying/ })
        .getByText('Switched off')
        .waitFor();
      // The same key again is refused with the server's message.
      await page.getByLabel('Name in English').fill('Threat against a manager');
      await page.getByLabel('Name in German').fill('Noch einmal');
      await page.getByRole('button', { name: 'Add category' }).click();
      await page
        .getByRole('alert')
        .getByText('The organisation has a category with this key already.')
        .waitFor();
      await shot(page, 'admin-en');
      await page.context().close();
    });

    it('offers the new category by its German name in the case list filter, and keeps the switched-off one there', async () => {
      const page = await signedIn(manager, 'de-DE', {
        email: 'E-Mail-Adresse',
        password: 'Passwort',
        submit: 'Anmelden',
      });
      await page.goto(new URL('/cases', server?.baseUrl).href);
      await page.getByLabel('Kategorie').first().click();
      await page.getByRole('option', { name: 'Drohung gegen Führungskraft' }).waitFor();
      await page.getByRole('option', { name: 'Mobbing' }).waitFor();
      await shot(page, 'filter-de');
      await page.keyboard.press('Escape');
      // Beside it, who owns the case and its unit (threat managers see cases by unit).
      await page.getByLabel('Fallverantwortung').first().click();
      await page.getByRole('option', { name: manager.name }).click();
      await page.waitForURL((address) => address.searchParams.has('owner'));
      await page.getByLabel('Einheit').first().click();
      await page.getByRole('option', { name: 'Deutschland' }).click();
      await page.waitForURL((address) => address.searchParams.has('unit'));
      await shot(page, 'owner-unit-de');
      await page.context().close();
      expect(problems).toEqual([]);
    });
  },
);
