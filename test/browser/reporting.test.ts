// The reporting journey in a real browser against a real TMA server: an anonymous reporter submits a report
// with a photo in German and notes the receipt; a threat manager finds it in the inbox, acknowledges it and
// asks a question; the reporter logs in with the receipt, reads the reply and answers; the threat manager
// reads the answer and opens a case from the report. Tenant, unit and user come from the `tma` command.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const manager = {
  email: 'tara.berg@acme.example',
  name: 'Tara Berg',
  password: 'Kompass-Lindenbaum-2291-Nord',
};
const question = 'Danke. Wann genau ist das passiert, und wer war noch dabei?';
const answer = 'Am Montag gegen Mittag in der Kantine. Frau Weber hat es auch gehört.';

async function tma(env: Record<string, string>, args: string[]): Promise<void> {
  await run(process.execPath, [path.join(root, 'server/cli/tma.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
}

describe.skipIf(browserSkipReason !== undefined)(
  `reporting journey${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
    let browser: Browser | undefined;
    let photoDir: string;
    const problems: string[] = [];

    beforeAll(async () => {
      photoDir = mkdtempSync(path.join(tmpdir(), 'tma-reporting-test-'));
      // A phone photo with GPS position and author, as a reporter would take it.
      await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 120, b: 160 } } })
        .jpeg()
        .withExif({
          IFD0: { Artist: 'Jana Reporter' },
          IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 8/1 0/1' },
        })
        .toFile(path.join(photoDir, 'IMG_2041.jpg'));
      server = await startTestServer({
        before: async (env) => {
          const passwordFile = path.join(photoDir, 'password');
          writeFileSync(passwordFile, `${manager.password}\n`, { mode: 0o600 });
          await tma(env, ['tenant', 'create', tenant.slug, '--name', tenant.name]);
          await tma(env, ['unit', 'create', 'de', '--tenant', tenant.slug, '--name', 'Deutschland']);
          await tma(env, ['unit', 'create', 'fr', '--tenant', tenant.slug, '--name', 'Frankreich']);
          await tma(env, [
            'user',
            'create',
            '--tenant',
            tenant.slug,
            '--email',
            manager.email,
            '--name',
            manager.name,
            '--role',
            'threat_manager',
            '--tenant-wide',
            '--password-file',
            passwordFile,
          ]);
        },
      });
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      if (photoDir) rmSync(photoDir, { recursive: true, force: true });
    });

    async function openContext(locale: string, width: number, height: number) {
      if (!browser) throw new Error('browser not started');
      const context: BrowserContext = await browser.newContext({
        locale,
        viewport: { width, height },
        reducedMotion: 'reduce',
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // A wrong receipt and "nobody signed in" are ordinary 401 answers.
        const expected = /status of 401/.test(message.text());
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
      await page.screenshot({ path: path.join(screenshotDir, `reporting-${name}.png`), fullPage: true });
    };

    it('goes from an anonymous report to a case, with a dialogue through the receipt', async () => {
      // 1. The anonymous reporter, on a phone, in German.
      const reporter = await openContext('de-DE', 390, 844);
      const portal = reporter.page;
      // The unit's own portal link: the report goes to Germany's team without a choice on the form.
      await portal.goto(url(`/report/${tenant.slug}/de`));
      await portal.getByRole('heading', { level: 1 }).first().waitFor();
      await portal.getByRole('radio', { name: 'Nein', exact: true }).check();
      await portal
        .getByLabel('Was haben Sie beobachtet?')
        .fill('Ein Kollege aus dem Lager hat gesagt, er werde es allen zeigen, die ihn gekündigt haben.');
      await portal.locator('input[type=file]').setInputFiles(path.join(photoDir, 'IMG_2041.jpg'));
      await portal.getByText('IMG_2041.jpg').first().waitFor();
      await shot(portal, '1-portal-filled-de');
      await portal.getByRole('button', { name: 'Meldung absenden' }).click();
      const receiptBox = portal.getByTestId('receipt');
      await receiptBox.waitFor({ timeout: 30_000 });
      const receipt = (await receiptBox.innerText()).replace(/\s+/g, ' ').trim();
      expect(receipt).toMatch(/^\d{4}( \d{4}){7}$/);
      await shot(portal, '2-receipt-de');
      await portal.getByLabel('Ich habe mir meine Quittungsnummer notiert').check();

      // 2. The threat manager finds it in the inbox, acknowledges and asks a question.
      const team = await openContext('en-GB', 1280, 800);
      const inbox = team.page;
      await inbox.goto(url(`/login?tenant=${tenant.slug}`));
      await inbox.getByLabel('E-mail address').fill(manager.email);
      await inbox.getByRole('textbox', { name: 'Password' }).fill(manager.password);
      await inbox.getByRole('button', { name: 'Sign in', exact: true }).click();
      await inbox.waitForURL((address) => address.pathname === '/');
      await inbox.getByRole('link', { name: /Inbox/ }).first().click();
      await inbox.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
      const row = inbox.getByRole('link', { name: /R-\d{4}-0001/ }).first();
      await row.waitFor();
      await shot(inbox, '3-inbox-en');
      // She puts herself on duty for the unit.
      await inbox.getByRole('button', { name: 'On duty' }).click();
      const duty = inbox.getByRole('dialog', { name: 'Who is on duty' });
      await duty.getByLabel('Unit', { exact: true }).click();
      await inbox.getByRole('option', { name: 'Deutschland' }).click();
      await duty.getByLabel('On duty', { exact: true }).click();
      await inbox.getByRole('option', { name: manager.name }).click();
      await shot(inbox, '3b-on-duty-en');
      // Close the option list, which covers the buttons.
      await duty.getByText('Who is on duty for a unit').click();
      await duty.getByRole('button', { name: 'Save' }).click();
      await duty.waitFor({ state: 'detached' });
      await row.click();
      await inbox.getByText('IMG_2041.jpg').first().waitFor();
      await inbox.getByText('er werde es allen zeigen').first().waitFor();

      await inbox.getByRole('button', { name: 'Acknowledge' }).click();
      await inbox.getByRole('button', { name: 'Send acknowledgement' }).click();
      await inbox.getByText('The acknowledgement was sent to the reporter.').waitFor();
      await inbox.getByLabel('Reply to the reporter').fill(question);
      await inbox.getByRole('button', { name: 'Send reply' }).click();
      await inbox.getByText('The reply was sent.').waitFor();
      await shot(inbox, '4-report-replied-en');

      // 3. The reporter comes back with the receipt, reads the question and answers.
      await portal.goto(url(`/report/${tenant.slug}/dialogue`));
      await portal.getByLabel('Quittungsnummer').fill(receipt);
      await portal.getByRole('button', { name: 'Öffnen' }).click();
      const teamMessage = portal.getByTestId('dialogue-message').filter({ hasText: question });
      await teamMessage.waitFor({ timeout: 30_000 });
      expect(await teamMessage.getAttribute('data-author')).toBe('team');
      // The acknowledgement speaks the reporter's language, although the team's screen is in English.
      await portal
        .getByTestId('dialogue-message')
        .filter({ hasText: 'Vielen Dank für Ihre Meldung.' })
        .waitFor();
      await portal.getByLabel('Ihre Nachricht').fill(answer);
      await portal.getByRole('button', { name: 'Nachricht senden' }).click();
      await portal.getByText('Ihre Nachricht wurde gesendet.').waitFor();
      await shot(portal, '5-dialogue-de');

      // 4. The threat manager reads the answer and opens a case.
      await inbox.reload();
      await inbox.getByText(answer).waitFor();
      await inbox.getByRole('button', { name: 'Open case' }).click();
      await inbox.getByLabel('Case title').fill('Threat in the warehouse, late shift');
      await inbox.getByRole('dialog').getByRole('button', { name: 'Open case' }).click();
      await inbox.getByRole('link', { name: /Go to case C-\d{4}-0001/ }).click();
      await inbox.waitForURL((address) => address.pathname.startsWith('/cases/'));
      await inbox.getByText('Threat in the warehouse, late shift').first().waitFor();
      // The case shows the dialogue with the reporter too, with its reports.
      await inbox.getByRole('tab', { name: /^Reports/ }).click();
      await inbox.getByRole('heading', { name: /Dialogue with the reporter of R-\d{4}-0001/ }).waitFor();
      await inbox.getByText(answer).waitFor();
      await shot(inbox, '6-case-en');
      // The case can go to another unit's team, with a reason.
      await inbox.getByRole('button', { name: 'Hand over' }).click();
      const handOver = inbox.getByRole('dialog', { name: 'Hand over to another unit' });
      await handOver.getByText('takes over the case and its reports').waitFor();
      await shot(inbox, '7-case-hand-over-en');
      await handOver.getByText('Cancel', { exact: true }).click();
      await handOver.waitFor({ state: 'detached' });

      await reporter.context.close();
      await team.context.close();
      expect(problems).toEqual([]);
    });
  },
);
