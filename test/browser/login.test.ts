// Signing in and out in a real browser against a real TMA server: a wrong password, the header once signed
// in, the account page with its sessions (ending another one), the sign-in guard, and the phone layout in
// German. The tenant and the user are created with the `tma` command before the server starts.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const user = {
  email: 'dana.fischer@acme.example',
  name: 'Dana Fischer',
  password: 'Vogelhaus-Kompass-1987-Linde',
};
const firefoxOnWindows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0';

const skipReason = browserSkipReason;

/** `tma …` on the data folder the server will use. */
async function tma(env: Record<string, string>, args: string[]): Promise<void> {
  await run(process.execPath, [path.join(root, 'server/cli/tma.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
}

describe.skipIf(skipReason !== undefined)(
  `sign-in and account${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
    let browser: Browser | undefined;
    const problems: string[] = [];

    beforeAll(async () => {
      server = await startTestServer({
        before: async (env) => {
          const secrets = mkdtempSync(path.join(tmpdir(), 'tma-login-test-'));
          try {
            const passwordFile = path.join(secrets, 'password');
            writeFileSync(passwordFile, `${user.password}\n`, { mode: 0o600 });
            await tma(env, ['tenant', 'create', tenant.slug, '--name', tenant.name]);
            await tma(env, [
              'user',
              'create',
              '--tenant',
              tenant.slug,
              '--email',
              user.email,
              '--role',
              'admin',
              '--name',
              user.name,
              '--password-file',
              passwordFile,
            ]);
          } finally {
            rmSync(secrets, { recursive: true, force: true });
          }
        },
      });
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    async function openContext(options: {
      locale: string;
      width: number;
      height: number;
      userAgent?: string;
    }): Promise<{ context: BrowserContext; page: Page }> {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale: options.locale,
        viewport: { width: options.width, height: options.height },
        reducedMotion: 'reduce',
        userAgent: options.userAgent,
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // Chromium logs every 401 as a failed resource; "nobody is signed in" and "wrong password" are
        // ordinary answers here.
        const expected =
          /status of 401/.test(message.text()) &&
          /\/api\/v1\/auth\/(session|login)$/.test(message.location().url);
        if (message.type() === 'error' && !expected) problems.push(`console error: ${message.text()}`);
      });
      return { context, page };
    }

    function url(pathname: string): string {
      if (!server) throw new Error('server not started');
      return new URL(pathname, server.baseUrl).href;
    }

    /** The whole page, or only the viewport (with a dialog open, a full-page capture shifts fixed parts). */
    async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
      // The submit button's label slides back in after loading, whatever the motion preference.
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(screenshotDir, `login-${name}.png`), fullPage });
    }

    async function waitForPath(page: Page, pathname: string): Promise<void> {
      await page.waitForURL((address) => address.pathname === pathname);
    }

    it('rejects a wrong password, signs in, lists the session and signs out again', async () => {
      const { context, page } = await openContext({ locale: 'en-US', width: 1280, height: 800 });
      try {
        await page.goto(url(`/login?tenant=${tenant.slug}`));
        await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
        expect(await page.title()).toBe('Sign in · TMA');
        expect(await page.getByLabel('Organisation').inputValue()).toBe(tenant.slug);
        // The organisation is filled in, so the cursor waits in the e-mail field.
        expect(await page.getByLabel('E-mail address').evaluate((el) => el === document.activeElement)).toBe(
          true,
        );
        await screenshot(page, 'form-en');

        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        expect(await page.getByText('Please fill in this field.').count()).toBe(2);

        await page.getByLabel('E-mail address').fill(user.email);
        await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page
          .getByRole('alert')
          .getByText('The organisation, e-mail address or password is not correct.')
          .waitFor();
        expect(await page.getByRole('textbox', { name: 'Password' }).inputValue()).toBe('');
        await screenshot(page, 'wrong-password-en');

        await page.getByRole('textbox', { name: 'Password' }).fill(user.password);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await waitForPath(page, '/');
        const header = page.getByRole('banner');
        await header.getByTestId('user-name').filter({ hasText: user.name }).waitFor();
        await header.getByText(tenant.name).waitFor();
        expect(await page.evaluate(() => localStorage.getItem('tma.tenant'))).toBe(tenant.slug);
        await screenshot(page, 'signed-in-en');

        await header.getByRole('button', { name: `Account menu: ${user.name}, ${tenant.name}` }).click();
        await page.getByRole('menuitem', { name: 'Account' }).click();
        await waitForPath(page, '/account');
        await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
        const profile = page.getByRole('region', { name: 'Profile' });
        await profile.getByText(user.email).waitFor();
        await profile.getByText('Administrator').waitFor();
        const sessions = page.getByRole('region', { name: 'Active sessions' }).getByRole('listitem');
        await sessions.filter({ hasText: 'This session' }).waitFor();
        expect(await sessions.count()).toBe(1);
        await screenshot(page, 'account-en');

        await header.getByRole('button', { name: /^Account menu/ }).click();
        await page.getByRole('menuitem', { name: 'Sign out' }).click();
        await waitForPath(page, '/login');
        await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
        expect(await header.getByTestId('user-name').count()).toBe(0);

        await page.goto(url('/account'));
        await waitForPath(page, '/login');
        expect(new URL(page.url()).searchParams.get('next')).toBe('/account');
        // The organisation is remembered from the last sign-in.
        expect(await page.getByLabel('Organisation').inputValue()).toBe(tenant.slug);
      } finally {
        await context.close();
      }
      expect(problems).toEqual([]);
    });

    it('fits a phone in German, comes back to the account page and signs out another session', async () => {
      // Another browser signed in elsewhere: the session to end from the account page.
      const { context: other } = await openContext({
        locale: 'en-US',
        width: 1280,
        height: 800,
        userAgent: firefoxOnWindows,
      });
      const { context, page } = await openContext({ locale: 'de-DE', width: 375, height: 740 });
      try {
        const answer = await other.request.post(url('/api/v1/auth/login'), {
          data: { tenant: tenant.slug, email: user.email, password: user.password },
        });
        expect(answer.status()).toBe(200);

        await page.goto(url('/account'));
        await waitForPath(page, '/login');
        await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await page.getByLabel('Organisation').fill(tenant.slug);
        await page.getByLabel('E-Mail-Adresse').fill(user.email);
        await page.getByRole('textbox', { name: 'Passwort' }).fill('falsch');
        await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
        await page
          .getByRole('alert')
          .getByText('Organisation, E-Mail-Adresse oder Passwort sind nicht korrekt.')
          .waitFor();
        await screenshot(page, 'wrong-password-phone-de');

        await page.getByRole('textbox', { name: 'Passwort' }).fill(user.password);
        await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
        await waitForPath(page, '/account');
        await page.getByRole('heading', { level: 1, name: 'Konto' }).waitFor();
        const sessions = page.getByRole('region', { name: 'Aktive Sitzungen' }).getByRole('listitem');
        await sessions.filter({ hasText: 'Diese Sitzung' }).waitFor();
        await sessions.filter({ hasText: 'Firefox, Windows' }).waitFor();
        expect(await sessions.count()).toBe(2);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await screenshot(page, 'account-phone-de');

        await page.getByRole('button', { name: 'Abmelden: Firefox, Windows' }).click();
        const dialog = page.getByRole('dialog', { name: 'Diese Sitzung abmelden?' });
        await dialog.waitFor();
        await screenshot(page, 'confirm-phone-de', false);
        await dialog.getByRole('button', { name: 'Sitzung abmelden' }).click();
        await page
          .getByRole('status')
          .getByText('Die Sitzung „Firefox, Windows“ wurde abgemeldet.')
          .waitFor();
        await sessions.filter({ hasText: 'Firefox, Windows' }).waitFor({ state: 'detached' });
        expect(await sessions.count()).toBe(1);

        // The other browser is signed out for real.
        const afterwards = await other.request.get(url('/api/v1/auth/session'));
        expect(afterwards.status()).toBe(401);

        await page.getByRole('button', { name: /^Kontomenü/ }).click();
        await page.getByRole('menuitem', { name: 'Abmelden' }).click();
        await waitForPath(page, '/login');
        await page.goto(url('/'));
        await page.getByRole('banner').getByRole('link', { name: 'Anmelden' }).waitFor();
        await screenshot(page, 'signed-out-phone-de');
      } finally {
        await context.close();
        await other.close();
      }
      expect(problems).toEqual([]);
    });
  },
);
