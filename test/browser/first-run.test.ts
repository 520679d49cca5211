// A newcomer's first start, in a real browser against a real TMA server (main.ts) on a fresh embedded
// database with no organisation, on a port other than 3000 and without TMA_PUBLIC_URL, opened at
// http://localhost:<port>: the front page and the sign-in page say that TMA has no organisation yet and lead
// to the setup page, which refuses a weak password, creates the organisation and its administrator, and
// sends the newcomer to sign in with them. Afterwards the setup page says TMA is set up. A visitor the server
// does not count as this machine is told what to run instead (the server's answer is replaced for that one
// look; server/modules/setup/routes.test.ts covers the refusal itself).
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, recordProblems, screenshotDir } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

const organisation = { name: 'Müller & Söhne Logistik', slug: 'mueller-soehne-logistik' };
const admin = { name: 'Ada Admin', email: 'ada@mueller.example', password: 'Leuchtturm-Mandel-9025-West' };

describe.skipIf(browserSkipReason !== undefined)(
  `first start without an organisation${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
    let browser: Browser | undefined;
    let baseUrl = '';
    const problems: string[] = [];

    beforeAll(async () => {
      const port = await freePort();
      server = await startTestServer({ env: { PORT: String(port) } });
      // What a newcomer types: localhost, the port TMA printed.
      baseUrl = `http://localhost:${port}`;
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    async function open(locale: string, width: number, height = 900): Promise<Page> {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale,
        viewport: { width, height },
        reducedMotion: 'reduce',
      });
      const page = await context.newPage();
      // 401 (nobody signed in) and 422 (the weak password) are answers here.
      recordProblems(page, problems, { expectedConsole: /status of (401|422)/ });
      return page;
    }
    const url = (pathname: string) => new URL(pathname, baseUrl).href;
    /** Serious and critical axe findings (WCAG 2.x A and AA) of the page as it is now, one line each. */
    const axe = async (page: Page, where: string) => {
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      for (const violation of results.violations)
        if (violation.impact === 'serious' || violation.impact === 'critical')
          problems.push(
            `${where}: ${violation.id} ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`,
          );
    };
    const shot = async (page: Page, name: string) => {
      await page.waitForTimeout(300);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(screenshotDir, `first-run-${name}.png`), fullPage: true });
    };

    it('guides the newcomer to set up the organisation and its administrator, then to sign in', async () => {
      const page = await open('en-US', 1440);
      await page.goto(url('/'));
      await page.getByText('TMA has no organisation yet').waitFor();
      await shot(page, 'home');
      await axe(page, 'home');
      await page.getByRole('link', { name: 'Sign in' }).first().click();
      await page.waitForURL((address) => address.pathname === '/login');
      await page.getByRole('link', { name: 'Set up TMA' }).click();
      await page.waitForURL((address) => address.pathname === '/setup');
      await page.getByRole('heading', { level: 1, name: 'Set up TMA' }).waitFor();

      // Nothing filled in: every field says so, and the first one has the focus.
      await page.getByRole('button', { name: 'Create organisation and administrator' }).click();
      expect(await page.getByText('Fill in this field.').count()).toBe(6);
      await page.getByRole('textbox', { name: /^Name of the organisation/ }).fill(organisation.name);
      // The short name follows the name.
      expect(await page.getByRole('textbox', { name: /^Short name/ }).inputValue()).toBe(organisation.slug);
      await page.getByRole('textbox', { name: /^Your name/ }).fill(admin.name);
      await page.getByRole('textbox', { name: /^E-mail address/ }).fill(admin.email);

      // A password the policy refuses: said above the form, both password fields emptied.
      await page
        .getByLabel(/^Password/)
        .first()
        .fill('password1234');
      await page.getByLabel(/^Repeat the password/).fill('password1234');
      await page.getByRole('button', { name: 'Create organisation and administrator' }).click();
      await page.getByRole('alert').filter({ hasText: 'Choose another password' }).waitFor();
      await shot(page, 'weak-password');
      await axe(page, 'setup form');
      expect(
        await page
          .getByLabel(/^Password/)
          .first()
          .inputValue(),
      ).toBe('');

      await page
        .getByLabel(/^Password/)
        .first()
        .fill(admin.password);
      await page.getByLabel(/^Repeat the password/).fill(admin.password);
      await page.getByRole('button', { name: 'Create organisation and administrator' }).click();
      await page.getByText('TMA is set up', { exact: true }).waitFor();
      await shot(page, 'done');
      await axe(page, 'setup done');

      // Signing in: the organisation is filled in already.
      await page.getByRole('link', { name: 'Sign in' }).last().click();
      await page.waitForURL((address) => address.pathname === '/login');
      expect(await page.getByRole('textbox', { name: /^Organisation/ }).inputValue()).toBe(organisation.slug);
      // The notice is gone: TMA has an organisation now.
      expect(await page.getByText('TMA has no organisation yet').count()).toBe(0);
      await page.getByLabel('E-mail address').fill(admin.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(admin.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
      await page
        .getByRole('banner')
        .getByRole('button', { name: /^Account menu: Ada Admin/ })
        .waitFor();

      // Setup is closed now, for everyone.
      const later = await open('de-DE', 390, 844);
      await later.goto(url('/setup'));
      await later.getByText('TMA ist bereits eingerichtet').waitFor();
      await shot(later, 'set-up-already-phone-de');
      expect(problems).toEqual([]);
    });

    it('tells a visitor from another computer what to run, in German on a phone', async () => {
      const page = await open('de-DE', 390, 844);
      // The server's answer to a browser it does not count as this machine (see the comment at the top).
      await page.route('**/api/v1/setup', (route) =>
        route.fulfill({
          json: { open: false, reason: 'not_loopback' },
          headers: { 'cache-control': 'no-store' },
        }),
      );
      await page.goto(url('/login'));
      await page.getByText('TMA hat noch keine Organisation').waitFor();
      await page.getByRole('link', { name: 'Anzeigen, was auszuführen ist' }).click();
      await page.getByRole('heading', { name: 'TMA auf der Kommandozeile einrichten' }).waitFor();
      const commands = await page.getByLabel('Auszuführende Befehle').textContent();
      expect(commands).toContain('npm run tma -- tenant create acme --name "ACME Corporation"');
      expect(commands).toContain('npm run tma -- user create --tenant acme');
      await shot(page, 'command-line-phone-de');
      await axe(page, 'command line');
      expect(problems).toEqual([]);
    });
  },
);
