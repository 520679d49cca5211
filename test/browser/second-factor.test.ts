// Two-step sign-in in a real browser against a real TMA app: enrol TOTP on the account page (the test reads
// the setup key from the page and computes the code like an authenticator app), sign out, sign in with
// password and code, and the organisation's policy sending a user to enrolment first. English, German, phone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/build-web-if-needed.ts';
import { loadConfig } from '../../server/config.ts';
import { type RunningServer, startServer } from '../../server/main.ts';
import { setRequiredSecondFactorRoles } from '../../server/modules/identity/second-factor.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { totpCode } from '../../server/modules/identity/totp.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Vogelhaus-Kompass-1987-Linde';
const dana = { email: 'dana.fischer@acme.example', name: 'Dana Fischer' };
const max = { email: 'max.weber@acme.example', name: 'Max Weber' };

const skipReason = browserSkipReason;

describe.skipIf(skipReason !== undefined)(
  `two-step sign-in${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let dataDir: string;
    let server: RunningServer | undefined;
    let baseUrl: string;
    let browser: Browser | undefined;
    const problems: string[] = [];

    beforeAll(async () => {
      ensureWebBuild(() => {});
      dataDir = mkdtempSync(path.join(tmpdir(), 'tma-2fa-test-'));
      // The real server; the tenant and users are made through its database (the embedded one allows one
      // process, so not with the `tma` command while it runs).
      server = await startServer(
        loadConfig({ HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
      );
      const { database } = server;
      const { id } = await createTenant(database.db, tenant);
      for (const [person, role] of [
        [dana, 'admin'],
        [max, 'threat_manager'],
      ] as const)
        await createUser(
          database,
          id,
          { email: person.email, displayName: person.name, role, password },
          { kind: 'operator' },
        );
      await setRequiredSecondFactorRoles(database, id, ['threat_manager'], { kind: 'operator' });
      baseUrl = server.url;
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    async function open(locale: string, width: number, height = 800): Promise<Page> {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale,
        viewport: { width, height },
        reducedMotion: 'reduce',
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // 401, 403 and 422 are ordinary answers here (nobody signed in, a wrong code, a restricted session).
        if (message.type() === 'error' && !/status of (401|403|422)/.test(message.text()))
          problems.push(`console error: ${message.text()} (${message.location().url})`);
      });
      return page;
    }

    async function screenshot(page: Page, name: string): Promise<void> {
      await page.waitForTimeout(300);
      // A full-page capture of a scrolled page misplaces the fixed header (and shows the hidden skip link).
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(screenshotDir, `second-factor-${name}.png`), fullPage: true });
    }

    async function signIn(
      page: Page,
      email: string,
      labels: { email: string; password: string; submit: string },
    ) {
      await page.goto(new URL('/login', baseUrl).href);
      await page
        .getByLabel(/^(Organisation)/)
        .first()
        .fill(tenant.slug);
      await page.getByLabel(labels.email).fill(email);
      await page.getByRole('textbox', { name: labels.password }).fill(password);
      await page.getByRole('button', { name: labels.submit, exact: true }).click();
    }

    /** The code an authenticator app would show now, for a step not used yet. */
    let lastStep = 0;
    async function freshCode(secret: string): Promise<string> {
      let step = Math.floor(Date.now() / 30_000);
      if (step <= lastStep) {
        await new Promise((resolve) => setTimeout(resolve, (lastStep + 1) * 30_000 - Date.now() + 200));
        step = Math.floor(Date.now() / 30_000);
      }
      lastStep = step;
      return totpCode(secret, new Date());
    }

    it('enrols TOTP on the account page, then signs in with password and code', async () => {
      const page = await open('en-US', 1280);
      const en = { email: 'E-mail address', password: 'Password', submit: 'Sign in' };
      await signIn(page, dana.email, en);
      await page.waitForURL((address) => address.pathname === '/');
      await page.goto(new URL('/account', baseUrl).href);
      const card = page.getByRole('region', { name: 'Two-step sign-in' });
      await card.getByRole('button', { name: 'Set up two-step sign-in' }).click();
      const qr = card.getByRole('img', { name: 'QR code for your authenticator app' });
      await qr.waitFor();
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(await qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      const secret = (await card.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await screenshot(page, 'setup-en');

      await card.getByLabel('6-digit code').fill('000000');
      await card.getByRole('button', { name: 'Turn on' }).click();
      await card.getByRole('alert').filter({ hasText: 'The code is not correct' }).waitFor();
      await card.getByLabel('6-digit code').fill(await freshCode(secret));
      await card.getByRole('button', { name: 'Turn on' }).click();
      const codes = card.getByTestId('recovery-codes').getByRole('listitem');
      await codes.first().waitFor();
      expect(await codes.count()).toBe(10);
      const recoveryCode = (await codes.first().innerText()).trim();
      await screenshot(page, 'recovery-codes-en');
      await card.getByRole('button', { name: 'I have saved the codes' }).click();
      await card.getByText('Two-step sign-in is on.').waitFor();
      await card.getByText('10 recovery codes left.').waitFor();
      await screenshot(page, 'enabled-en');

      // Sign out, then in again: the password alone is not enough any more.
      await page
        .getByRole('banner')
        .getByRole('button', { name: /^Account menu/ })
        .click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await signIn(page, dana.email, en);
      const code = page.getByLabel('Code from the app');
      await code.waitFor();
      expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
      expect(await code.evaluate((el) => el === document.activeElement)).toBe(true);
      await code.fill('000000');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('alert').filter({ hasText: 'The code is not correct' }).waitFor();
      await screenshot(page, 'code-step-en');
      await code.fill(await freshCode(secret));
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((address) => address.pathname === '/');
      await page
        .getByRole('banner')
        .getByRole('button', { name: /^Account menu: Dana Fischer/ })
        .waitFor();

      // A recovery code works instead of the app's code.
      await page
        .getByRole('banner')
        .getByRole('button', { name: /^Account menu/ })
        .click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await signIn(page, dana.email, en);
      await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
      await page.getByLabel('Recovery code').fill(recoveryCode);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((address) => address.pathname === '/');
      await page.goto(new URL('/account', baseUrl).href);
      await page.getByText('9 recovery codes left.').waitFor();
      await page.context().close();
    }, 120_000);

    it('in German and on a phone: the code step, and a required setup sends the user to enrolment', async () => {
      const page = await open('de-DE', 375, 740);
      const de = { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' };
      await signIn(page, dana.email, de);
      await page.getByLabel('Code aus der App').waitFor();
      await page
        .getByRole('button', { name: 'Stattdessen einen Wiederherstellungscode verwenden' })
        .waitFor();
      await screenshot(page, 'code-step-de-phone');
      await page.getByRole('button', { name: 'Als andere Person anmelden' }).click();

      // Max is a threat manager, and the organisation requires two-step sign-in for that role.
      await signIn(page, max.email, de);
      await page.waitForURL((address) => address.pathname === '/account');
      const card = page.getByRole('region', { name: 'Anmeldung in zwei Schritten' });
      await card.getByText('Ihre Organisation verlangt die Anmeldung in zwei Schritten').waitFor();
      expect(await page.getByRole('region', { name: 'Aktive Sitzungen' }).count()).toBe(0);
      await screenshot(page, 'required-de-phone');
      // Nothing else opens until it is set up.
      await page.goto(new URL('/', baseUrl).href);
      await page.waitForURL((address) => address.pathname === '/account');

      await card.getByRole('button', { name: 'Anmeldung in zwei Schritten einrichten' }).click();
      const secret = (await card.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
      await screenshot(page, 'setup-de-phone');
      await card.getByLabel('6-stelliger Code').fill(await freshCode(secret));
      await card.getByRole('button', { name: 'Einschalten' }).click();
      await card.getByTestId('recovery-codes').waitFor();
      await screenshot(page, 'recovery-codes-de-phone');
      await card.getByRole('button', { name: 'Ich habe die Codes gespeichert' }).click();
      await page.getByRole('region', { name: 'Aktive Sitzungen' }).waitFor();
      await page.goto(new URL('/', baseUrl).href);
      await page.waitForURL((address) => address.pathname === '/');
      await page.context().close();
      expect(problems).toEqual([]);
    }, 180_000);
  },
);
