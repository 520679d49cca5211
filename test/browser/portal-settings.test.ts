// The admins' portal settings in a real browser against a real TMA server: an administrator writes an
// emergency notice in German and English, and the portal shows it at the top in both languages; the form
// editor shows the current form; an API token is created, shown once, listed and revoked.
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
const admin = {
  email: 'ada.admin@acme.example',
  name: 'Ada Admin',
  password: 'Kompass-Lindenbaum-2291-Nord',
};
const noticeDe = 'Bei akuter Gefahr rufen Sie sofort die 112 an.';
const noticeEn = 'In an emergency, call 112 at once.';

async function tma(env: Record<string, string>, args: string[]): Promise<void> {
  await run(process.execPath, [path.join(root, 'server/cli/tma.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
}

describe.skipIf(browserSkipReason !== undefined)(
  `portal settings${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
    let browser: Browser | undefined;
    let workDir: string;
    const problems: string[] = [];

    beforeAll(async () => {
      workDir = mkdtempSync(path.join(tmpdir(), 'tma-portal-settings-test-'));
      server = await startTestServer({
        before: async (env) => {
          const passwordFile = path.join(workDir, 'password');
          writeFileSync(passwordFile, `${admin.password}\n`, { mode: 0o600 });
          await tma(env, ['tenant', 'create', tenant.slug, '--name', tenant.name]);
          await tma(env, ['unit', 'create', 'de', '--tenant', tenant.slug, '--name', 'Deutschland']);
          await tma(env, [
            'user',
            'create',
            '--tenant',
            tenant.slug,
            '--email',
            admin.email,
            '--name',
            admin.name,
            '--role',
            'admin',
            '--password-file',
            passwordFile,
          ]);
        },
      });
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    async function openContext(locale: string): Promise<{ context: BrowserContext; page: Page }> {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale,
        viewport: { width: 1280, height: 900 },
        reducedMotion: 'reduce',
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // Nobody signed in yet (401) and the broken form definition this test publishes on purpose (422).
        const expected = /status of (401|422)/.test(message.text());
        if (message.type() === 'error' && !expected) problems.push(`console error: ${message.text()}`);
      });
      return { context, page };
    }
    const url = (pathname: string) => {
      if (!server) throw new Error('server not started');
      return new URL(pathname, server.baseUrl).href;
    };
    const shot = async (page: Page, name: string) => {
      await page.waitForTimeout(200);
      await page.screenshot({
        path: path.join(screenshotDir, `portal-settings-${name}.png`),
        fullPage: true,
      });
    };

    it('sets an emergency notice that the portal shows at the top in German and English', async () => {
      const { context, page } = await openContext('en-GB');
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel('E-mail address').fill(admin.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(admin.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');

      await page.getByRole('link', { name: 'Reporting portal' }).click();
      await page.getByRole('heading', { level: 1, name: 'Reporting portal' }).waitFor();
      await page.getByTestId('current-form').waitFor();
      expect(await page.getByTestId('current-form').textContent()).toContain('tma.report.default');
      await expect
        .poll(() => page.getByTestId('portal-links').textContent())
        .toContain(`/report/${tenant.slug}/de`);
      await page.getByLabel('Emergency notice (German)').fill(noticeDe);
      await page.getByLabel('Emergency notice (English)').fill(noticeEn);
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('The settings are saved.').waitFor();
      await shot(page, '1-settings-en');

      // A broken form definition is refused with the server's field errors.
      await page.getByRole('button', { name: 'Edit as JSON (advanced)' }).click();
      const editor = page.getByLabel('Form definition (JSON)');
      const current = JSON.parse(await editor.inputValue());
      await editor.fill(JSON.stringify({ ...current, version: '2.0.0', sections: 'none' }, null, 2));
      await page.getByRole('button', { name: /^Publish version/ }).click();
      await page.getByTestId('form-problems').waitFor();
      expect(await page.getByTestId('form-problems').textContent()).toContain('sections');
      await shot(page, '2-form-errors-en');

      // The portal, in English and in German: the notice comes first.
      await page.goto(url(`/report/${tenant.slug}`));
      const notice = page.getByTestId('emergency-notice');
      await notice.waitFor();
      expect(await notice.textContent()).toContain(noticeEn);
      await shot(page, '3-portal-en');
      const { context: germanContext, page: german } = await openContext('de-DE');
      await german.goto(url(`/report/${tenant.slug}`));
      const germanNotice = german.getByTestId('emergency-notice');
      await germanNotice.waitFor();
      expect(await germanNotice.textContent()).toContain(noticeDe);
      // It stands above the form's heading.
      const noticeBox = await germanNotice.boundingBox();
      const headingBox = await german.getByRole('heading', { level: 1 }).first().boundingBox();
      expect(noticeBox && headingBox && noticeBox.y < headingBox.y).toBe(true);
      await shot(german, '4-portal-de');
      await germanContext.close();

      // An API token: shown once, listed by its prefix, revoked.
      await page.goto(url('/admin/api-tokens'));
      await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
      await page.getByLabel('Name').fill('Hotline provider');
      await page.getByLabel('Record reports received elsewhere (reports:write)').check();
      await page.getByRole('button', { name: 'Create token' }).click();
      const token = (await page.getByTestId('api-token').textContent())?.trim() ?? '';
      expect(token).toMatch(/^tma_[A-Za-z0-9_-]{43}$/);
      await page.getByRole('row', { name: /Hotline provider/ }).waitFor();
      await shot(page, '5-token-created');
      await page.getByRole('button', { name: 'I have stored it' }).click();
      expect(await page.getByTestId('api-token').count()).toBe(0);
      expect(await page.content()).not.toContain(token);
      await page.getByRole('button', { name: 'Revoke Hotline provider' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
      await page
        .getByRole('row', { name: /Hotline provider/ })
        .getByText('Revoked')
        .waitFor();
      await shot(page, '6-token-revoked');
      await context.close();

      expect(problems).toEqual([]);
    }, 120_000);
  },
);
