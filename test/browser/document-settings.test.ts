// The organisation's document size limit in a real browser against a real TMA server: the admin sets an own
// limit of 1 MB on /admin/documents, under the server's, and finds it saved (also in German); a threat
// manager's upload dialog on a case then offers documents of up to 1 MB and turns a larger file away.
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
const labels = {
  en: { email: 'E-mail address', password: 'Password', submit: 'Sign in' },
  de: { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' },
};

describe.skipIf(browserSkipReason !== undefined)(
  `document settings${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
    let browser: Browser | undefined;
    let caseId = '';
    const problems: string[] = [];

    /** Signs in over HTTP and calls the API as that user (session cookie and CSRF token). */
    async function apiAs(email: string) {
      const base = server?.baseUrl as string;
      const login = await fetch(new URL('/api/v1/auth/login', base), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'acme', email, password }),
      });
      expect(login.status).toBe(200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      return async (method: string, pathname: string, body: object) => {
        const response = await fetch(new URL(pathname, base), {
          method,
          headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
    }

    beforeAll(async () => {
      server = await startTestServer();
      const { database } = server;
      const tenantId = (await createTenant(database.db, { slug: 'acme', name: 'Acme' })).id;
      const unit = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
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
      // The case, through the API: a report taken by phone, a case opened from it.
      const tom = await apiAs(manager.email);
      const report = await tom('POST', '/api/v1/reports', {
        unitId: unit.id,
        channel: 'phone',
        receivedOn: new Date().toISOString().slice(0, 10),
        anonymous: false,
        reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
        answers: { immediate_danger: 'no', description: 'Ein Drohbrief lag im Lager Nord.' },
        issueReceipt: false,
      });
      expect(report.status, JSON.stringify(report.body)).toBe(201);
      const reportId = (report.body.report as { id: string }).id;
      const opened = await tom('POST', `/api/v1/reports/${reportId}/open-case`, { title: 'Drohbrief Lager' });
      expect(opened.status, JSON.stringify(opened.body)).toBe(201);
      caseId = opened.body.id as string;
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    async function signedIn(who: { email: string }, locale: 'en-GB' | 'de-DE') {
      if (!browser || !server) throw new Error('not started');
      const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // Before sign-in the session check answers 401.
        if (message.type() === 'error' && !/status of 401/.test(message.text()))
          problems.push(`console error: ${message.text()}`);
      });
      const words = locale === 'de-DE' ? labels.de : labels.en;
      await page.goto(new URL('/login?tenant=acme', server.baseUrl).href);
      await page.getByLabel(words.email).fill(who.email);
      await page.getByRole('textbox', { name: words.password }).fill(password);
      await page.getByRole('button', { name: words.submit, exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
      return page;
    }

    const shot = (page: Page, name: string) =>
      page.screenshot({ path: `${screenshotDir}/document-settings-${name}.png`, fullPage: true });

    it('lets the admin set an own limit of 1 MB under the server’s, and keeps it', async () => {
      const page = await signedIn(admin, 'en-GB');
      await page.getByRole('link', { name: 'Documents', exact: true }).click();
      await page.getByRole('heading', { name: 'Documents', level: 1 }).waitFor();
      // The server's default limit is 2 GiB, shown as the documents tab shows sizes.
      const useServer = page.getByRole('radio', { name: 'Use the server’s limit (2.1 GB)' });
      expect(await useServer.isChecked()).toBe(true);
      await page.getByRole('radio', { name: 'Own limit' }).check();
      const field = page.getByRole('textbox', { name: 'Own limit in MB' });
      // More than the server accepts is refused before it is sent.
      await field.fill('5000');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('This server accepts at most 2.1 GB.').waitFor();
      await field.fill('1');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').getByText('Saved. Documents of up to 1 MB can be uploaded.').waitFor();
      await shot(page, 'admin-en');

      await page.reload();
      await page.getByRole('heading', { name: 'Documents', level: 1 }).waitFor();
      expect(await page.getByRole('radio', { name: 'Own limit' }).isChecked()).toBe(true);
      expect(await page.getByRole('textbox', { name: 'Own limit in MB' }).inputValue()).toBe('1');
      await page
        .getByTestId('document-limit')
        .getByText('Documents of up to 1 MB can be uploaded now.')
        .waitFor();
      await page.context().close();

      const german = await signedIn(admin, 'de-DE');
      await german.getByRole('link', { name: 'Dokumente', exact: true }).click();
      await german.getByRole('heading', { name: 'Dokumente', level: 1 }).waitFor();
      expect(await german.getByRole('radio', { name: 'Eigene Grenze' }).isChecked()).toBe(true);
      await german.getByRole('radio', { name: 'Die Grenze des Servers verwenden (2,1 GB)' }).waitFor();
      await shot(german, 'admin-de');
      await german.context().close();
    });

    it('shows the threat manager’s upload dialog the 1 MB limit, and turns a larger file away', async () => {
      const page = await signedIn(manager, 'en-GB');
      await page.goto(new URL(`/cases/${caseId}`, server?.baseUrl).href);
      await page.getByRole('tab', { name: 'Documents' }).click();
      await page.getByRole('button', { name: 'Upload a document…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Upload a document' });
      await dialog.getByText(/^Up to 1 MB\./).waitFor();
      await dialog.getByTestId('document-file-input').setInputFiles({
        name: 'Protokoll.txt',
        mimeType: 'text/plain',
        buffer: Buffer.alloc(1_500_000, 'a'),
      });
      await dialog.getByText('The file is 1.5 MB; at most 1 MB are accepted.').waitFor();
      await shot(page, 'upload-dialog-en');
      await page.context().close();
      expect(problems).toEqual([]);
    });
  },
);
