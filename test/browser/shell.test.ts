// The web app shell in a real browser against a real TMA server: product name and server health, the
// language switch (and that it survives a reload), the phone layout, and the not-found page.
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

const skipReason = browserSkipReason;

describe.skipIf(skipReason !== undefined)(
  `web app shell${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
    let browser: Browser | undefined;
    const problems: string[] = [];

    beforeAll(async () => {
      server = await startTestServer();
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    /** A fresh browser profile (no stored language) whose page errors fail the test. */
    async function openContext(options: { locale: string; width: number; height: number }): Promise<{
      context: BrowserContext;
      page: Page;
    }> {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale: options.locale,
        viewport: { width: options.width, height: options.height },
        // The theme respects reduced motion, so screenshots never catch an animation halfway.
        reducedMotion: 'reduce',
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // Chromium logs the 401 of the sign-in check as a failed resource: nobody is signed in here.
        const signInCheck =
          /status of 401/.test(message.text()) && message.location().url.endsWith('/api/v1/auth/session');
        if (message.type() === 'error' && !signInCheck) problems.push(`console error: ${message.text()}`);
      });
      return { context, page };
    }

    function url(pathname: string): string {
      if (!server) throw new Error('server not started');
      return new URL(pathname, server.baseUrl).href;
    }

    const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

    async function screenshot(page: Page, name: string): Promise<void> {
      await page.screenshot({ path: path.join(screenshotDir, `shell-${name}.png`), fullPage: true });
    }

    it('shows the product name and the way to sign in in English, then German after switching and reloading', async () => {
      const { context, page } = await openContext({ locale: 'en-US', width: 1280, height: 800 });
      try {
        await page.goto(url('/'));
        const header = page.getByRole('banner');
        await header.getByText('TMA', { exact: true }).waitFor();
        await header.getByText('Threat Management Assistant').waitFor();
        await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
        // Signed out, the front door leads to the sign-in; the server's health is an administrator's page.
        await page.getByRole('main').getByRole('link', { name: 'Sign in' }).waitFor();
        expect(await page.getByTestId('health-state').count()).toBe(0);
        expect(await htmlLang(page)).toBe('en');
        expect(await page.title()).toBe('Overview · TMA');
        await screenshot(page, 'overview-en');

        await page.getByRole('radiogroup', { name: 'Language' }).getByText('DE', { exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
        await page.getByRole('main').getByRole('link', { name: 'Anmelden' }).waitFor();
        await page.getByRole('banner').getByText('Assistent für Bedrohungsmanagement').waitFor();
        expect(await htmlLang(page)).toBe('de');
        expect(await page.title()).toBe('Übersicht · TMA');
        expect(await page.evaluate(() => localStorage.getItem('tma.language'))).toBe('de');
        await screenshot(page, 'overview-de');

        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
        await page.getByRole('main').getByRole('link', { name: 'Anmelden' }).waitFor();
        expect(await htmlLang(page)).toBe('de');
        expect(await page.getByRole('radio', { name: 'Deutsch' }).isChecked()).toBe(true);
      } finally {
        await context.close();
      }
      expect(problems).toEqual([]);
    });

    it('fits a phone screen and opens the navigation behind the burger', async () => {
      const { context, page } = await openContext({ locale: 'de-DE', width: 375, height: 740 });
      try {
        await page.goto(url('/'));
        // A German browser starts in German without any stored choice.
        await page.getByRole('main').getByRole('link', { name: 'Anmelden' }).waitFor();
        expect(await htmlLang(page)).toBe('de');
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        const navigation = page.getByRole('navigation', { name: 'Hauptnavigation' });
        // The closed navbar is slid off screen and inert, so neither the eye nor the keyboard reaches it.
        const navbar = page.locator('#main-navigation');
        const closedBox = await navbar.boundingBox();
        expect(closedBox === null || closedBox.x + closedBox.width <= 0).toBe(true);
        expect(await navbar.evaluate((element) => (element as HTMLElement).inert)).toBe(true);
        await screenshot(page, 'overview-phone-de');

        const burger = page.getByRole('button', { name: 'Navigation öffnen' });
        expect(await burger.getAttribute('aria-expanded')).toBe('false');
        await burger.click();
        await navigation.getByRole('link', { name: 'Übersicht' }).waitFor({ state: 'visible' });
        await page.waitForFunction(
          () => document.getElementById('main-navigation')?.getBoundingClientRect().x === 0,
        );
        expect(await navbar.evaluate((element) => (element as HTMLElement).inert)).toBe(false);
        expect(
          await page.getByRole('button', { name: 'Navigation schließen' }).getAttribute('aria-expanded'),
        ).toBe('true');
        await screenshot(page, 'navigation-phone-de');
      } finally {
        await context.close();
      }
      expect(problems).toEqual([]);
    });

    it('shows the not-found page for an unknown path, with a way back', async () => {
      const { context, page } = await openContext({ locale: 'en-US', width: 1280, height: 800 });
      try {
        await page.goto(url('/no-such-page'));
        await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
        expect(await page.title()).toBe('Page not found · TMA');
        await screenshot(page, 'not-found-en');

        await page.getByRole('link', { name: 'Back to the overview' }).click();
        await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
        expect(new URL(page.url()).pathname).toBe('/');
      } finally {
        await context.close();
      }
      expect(problems).toEqual([]);
    });
  },
);
