// Each role sees the areas of the staff app the server serves it, from the session's `areas`, in a real
// browser: an expert (who comes to cases through case teams) has Cases and no Inbox; an auditor has
// neither, and a page of an area they do not work in says so instead of failing. The users are created
// with the `tma` command before the server starts.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Vogelhaus-Kompass-1987-Linde';
const people = {
  admin: { email: 'ada.klein@acme.example', name: 'Ada Klein', role: 'admin' },
  expert: { email: 'jonas.weber@acme.example', name: 'Jonas Weber', role: 'expert' },
  auditor: { email: 'ines.roth@acme.example', name: 'Ines Roth', role: 'auditor' },
} as const;

describe.skipIf(browserSkipReason !== undefined)(
  `areas of the app by role${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
    let browser: Browser | undefined;
    const problems: string[] = [];

    beforeAll(async () => {
      server = await startTestServer({
        before: async (env) => {
          const tma = (args: string[]) =>
            run(process.execPath, [path.join(root, 'server/cli/tma.ts'), ...args], {
              cwd: root,
              env: { ...process.env, ...env },
            });
          const secrets = mkdtempSync(path.join(tmpdir(), 'tma-areas-test-'));
          try {
            const passwordFile = path.join(secrets, 'password');
            writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
            await tma(['tenant', 'create', tenant.slug, '--name', tenant.name]);
            for (const person of Object.values(people))
              await tma([
                'user',
                'create',
                '--tenant',
                tenant.slug,
                '--email',
                person.email,
                '--name',
                person.name,
                '--role',
                person.role,
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

    const url = (pathname: string) => {
      if (!server) throw new Error('server not started');
      return new URL(pathname, server.baseUrl).href;
    };

    async function signedIn(email: string): Promise<Page> {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale: 'en',
        viewport: { width: 1280, height: 800 },
        reducedMotion: 'reduce',
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // "Nobody signed in yet" (401) is an ordinary answer.
        if (message.type() === 'error' && !/status of 401/.test(message.text()))
          problems.push(`console error: ${message.text()}`);
      });
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel('E-mail address').fill(email);
      await page.getByRole('textbox', { name: 'Password' }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
      return page;
    }

    const navigationLinks = async (page: Page) => {
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      await navigation.getByRole('link', { name: 'Overview' }).waitFor();
      return (await navigation.getByRole('link').allInnerTexts()).map((text) => text.trim());
    };
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: path.join(screenshotDir, `areas-${name}.png`), fullPage: true });

    it('gives an expert the cases and no inbox', async () => {
      const page = await signedIn(people.expert.email);
      // Experts read the assessment models too: they are asked with them.
      await expect
        .poll(() => navigationLinks(page), { timeout: 15_000 })
        .toEqual(['Overview', 'Cases', 'Handbook', 'Assessment models', 'Verify an export']);
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Cases' })
        .click();
      await page.getByText('There are no cases you can see.').waitFor();
      await shot(page, 'expert-cases');
      await page.goto(url('/inbox'));
      await page.getByText('Not available for your role').waitFor();
      await shot(page, 'expert-inbox');
      await page.context().close();
      expect(problems).toEqual([]);
    });

    it('lands an expert on their work: the cases they were invited to, and their tasks', async () => {
      const page = await signedIn(people.expert.email);
      await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
      await page.getByRole('heading', { name: 'Cases I was invited to' }).waitFor();
      await page.getByText('You are on no case team yet.', { exact: false }).waitFor();
      await page.getByRole('heading', { name: 'My tasks' }).waitFor();
      await shot(page, 'expert-home');
      await page.context().close();
      expect(problems).toEqual([]);
    });

    it('shows the server status to an administrator only', async () => {
      const page = await signedIn(people.admin.email);
      expect(await navigationLinks(page)).toContain('Server status');
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Server status' })
        .click();
      await page
        .getByTestId('health-state')
        .filter({ hasText: /^Ready$/ })
        .waitFor();
      await page.getByText('Embedded (PGlite), reachable').waitFor();
      await shot(page, 'admin-status');
      await page.context().close();
      const expert = await signedIn(people.expert.email);
      await expert.goto(url('/admin/status'));
      await expert.getByText('Only administrators of your organisation can open this page.').waitFor();
      expect(await expert.getByTestId('health-state').count()).toBe(0);
      await expert.context().close();
      expect(problems).toEqual([]);
    });

    it('gives an auditor neither, and the cases page says why', async () => {
      const page = await signedIn(people.auditor.email);
      // Auditors read anonymised statistics, the audit log and the deletion certificates, nothing of cases;
      // the statistics entry shows once the server said so.
      await expect
        .poll(() => navigationLinks(page), { timeout: 15_000 })
        .toEqual(['Overview', 'Statistics', 'Verify an export', 'Audit log', 'Deletion certificates']);
      await page.goto(url('/cases'));
      await page.getByText('Auditors see no cases.', { exact: false }).waitFor();
      await shot(page, 'auditor-cases');
      await page.context().close();
      expect(problems).toEqual([]);
    });
  },
);
