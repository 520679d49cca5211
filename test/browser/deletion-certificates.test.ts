// Deletion certificates in a real browser against a real TMA server: an admin deletes a case (opened by a
// threat manager from a phone report, with a person); the deleted case's page links its certificate; the
// certificates page (in the navigation) lists it; the admin downloads the PDF, which names the reference and
// holds no content, and the "Verify an export" page recognises it as a deletion certificate of that case.
// The page is also looked at in German and at a phone's width.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, recordProblems, screenshotDir } from '../support/browser.ts';
import { pdfText } from '../support/pdf-text.ts';
import { signIn as signInApi } from '../support/session.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const manager = { email: 'tom.berger@acme.example', name: 'Tom Berger' };
const admin = { email: 'ada.klein@acme.example', name: 'Ada Klein' };
const auditor = { email: 'aud.meyer@acme.example', name: 'Audra Meyer' };
const marker = 'ZertifikatMarker-6612';

describe.skipIf(browserSkipReason !== undefined)(
  `deletion certificates${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let app: FastifyInstance;
    let baseUrl: string;
    let browser: Browser | undefined;
    let caseId = '';
    let caseReference = '';
    const problems: string[] = [];

    beforeAll(async () => {
      server = await startAppServer('deletion-certificates');
      ({ app, baseUrl } = server);
      const { database } = server;
      const tenantId = (await createTenant(database.db, tenant)).id;
      const unit = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
      for (const [user, role] of [
        [manager, 'threat_manager'],
        [admin, 'admin'],
        [auditor, 'auditor'],
      ] as const)
        await createUser(
          database,
          tenantId,
          { email: user.email, displayName: user.name, role, specialty: null, password },
          { kind: 'operator' },
        );
      await setUserUnits(
        database,
        tenantId,
        { email: manager.email },
        { slugs: ['de'] },
        { kind: 'operator' },
      );
      // A phone report, a case opened from it, a person in it: through the API, as the threat manager.
      const tom = await signInApi(app, { tenant: tenant.slug, email: manager.email, password });
      const recorded = await tom('POST', '/api/v1/reports', {
        unitId: unit.id,
        channel: 'phone',
        receivedOn: new Date().toISOString().slice(0, 10),
        anonymous: false,
        reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
        answers: {
          immediate_danger: 'no',
          description: `Drohung in der Kantine ${marker}`,
          warning_signs: ['threat'],
          persons: [{ role: 'person_of_concern', name: 'K.', description: 'Lager' }],
        },
        issueReceipt: false,
      });
      expect(recorded.statusCode, recorded.body).toBe(201);
      const opened = await tom('POST', `/api/v1/reports/${recorded.json().report.id}/open-case`, {
        title: `Threat in the canteen ${marker}`,
      });
      expect(opened.statusCode, opened.body).toBeLessThan(300);
      caseId = opened.json().id;
      caseReference = opened.json().reference;
      const person = await tom('POST', `/api/v1/cases/${caseId}/persons`, {
        role: 'affected_person',
        name: `Zoë ${marker}`,
      });
      expect(person.statusCode, person.body).toBe(201);
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    async function open(who: string, locale: string, viewport = { width: 1440, height: 900 }) {
      if (!browser) throw new Error('browser not started');
      const context: BrowserContext = await browser.newContext({
        locale,
        viewport,
        reducedMotion: 'reduce',
        acceptDownloads: true,
      });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      recordProblems(page, problems, { who, failedAnswers: true });
      return { context, page };
    }

    const url = (pathname: string) => new URL(pathname, baseUrl).href;
    const shot = async (page: Page, name: string) => {
      await page.waitForTimeout(250);
      await page.screenshot({
        path: path.join(screenshotDir, `deletion-certificates-${name}.png`),
        fullPage: true,
      });
    };

    async function signIn(page: Page, who: { email: string }, language: 'en' | 'de' = 'en') {
      const labels =
        language === 'de'
          ? { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' }
          : { email: 'E-mail address', password: 'Password', submit: 'Sign in' };
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel(labels.email).fill(who.email);
      await page.getByRole('textbox', { name: labels.password }).fill(password);
      await page.getByRole('button', { name: labels.submit, exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
    }

    it('an admin deletes a case, downloads its certificate from the list and verifies it', async () => {
      const { context, page } = await open('admin', 'en-GB');
      await signIn(page, admin);
      await page.goto(url(`/cases/${caseId}`));
      await page.getByRole('heading', { level: 1, name: caseReference }).waitFor();
      await page.getByRole('button', { name: 'Delete…' }).click();
      const dialog = page.getByRole('dialog', { name: `Delete case ${caseReference}` });
      await dialog.getByLabel(/^Reason/).click();
      await page.getByRole('option', { name: 'Unfounded' }).click();
      await dialog.getByTestId('deletion-confirm').fill(caseReference);
      await dialog.getByRole('button', { name: 'Delete for good' }).click();
      const notice = page.getByTestId('deleted-notice');
      await notice.waitFor({ timeout: 30_000 });
      // The tombstone links the certificate.
      const link = notice.getByTestId('tombstone-certificate');
      await link.waitFor();
      expect(await link.innerText()).toBe('Deletion certificate (PDF)');
      await shot(page, '0-tombstone-en');

      // The certificates page, from the navigation.
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Deletion certificates' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Deletion certificates' }).waitFor();
      const row = page.getByTestId('certificate-row').filter({ hasText: caseReference });
      await row.waitFor();
      const rowText = await row.innerText();
      expect(rowText).toContain('Unfounded');
      expect(rowText).toContain(admin.name);
      expect(rowText).toContain('1 report · 1 person');
      expect(await page.content()).not.toContain(marker);
      await shot(page, '1-list-en');

      // Download the PDF from the list.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        row.getByRole('link', { name: `Download PDF: deletion certificate of ${caseReference}` }).click(),
      ]);
      // In the admin's language: the web app recorded English at sign-in.
      expect(download.suggestedFilename()).toBe(`Deletion-certificate-${caseReference}.pdf`);
      const file = path.join(screenshotDir, `deletion-certificates-${caseReference}.pdf`);
      await download.saveAs(file);
      const text = await pdfText(readFileSync(file));
      expect(text).toContain(caseReference);
      expect(text).toContain(admin.name);
      expect(text).not.toContain(marker);
      expect(text).not.toContain('Petra Meier');

      // Verify it on the verify page: recognised as the deletion certificate of the case, no content.
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Verify an export' })
        .click();
      await page.getByTestId('verify-file-input').setInputFiles(file);
      const verified = page.getByTestId('verify-verified');
      await verified.waitFor({ timeout: 30_000 });
      const result = await verified.innerText();
      expect(result).toContain('Deletion certificate');
      expect(result).toContain(`Case ${caseReference}`);
      expect(result).toContain(admin.name);
      expect(result).not.toContain(marker);
      await shot(page, '2-verified-en');
      await context.close();
    });

    it('shows the list to an auditor in German and at a phone’s width, and not to a threat manager', async () => {
      const german = await open('auditor', 'de-DE');
      await signIn(german.page, auditor, 'de');
      await german.page
        .getByRole('navigation', { name: 'Hauptnavigation' })
        .getByRole('link', { name: 'Löschbescheinigungen' })
        .click();
      await german.page.getByTestId('certificate-row').filter({ hasText: caseReference }).waitFor();
      expect(await german.page.getByTestId('certificate-row').first().innerText()).toContain('Unbegründet');
      await shot(german.page, '3-list-de');
      await german.context.close();

      const phone = await open('auditor-phone', 'en-GB', { width: 390, height: 844 });
      await signIn(phone.page, auditor);
      await phone.page.goto(url('/admin/deletion-certificates'));
      const card = phone.page.getByTestId('certificate-card').filter({ hasText: caseReference });
      await card.waitFor();
      await card
        .getByRole('link', { name: `Download PDF: deletion certificate of ${caseReference}` })
        .waitFor();
      await shot(phone.page, '4-list-phone');
      await phone.context.close();

      const refused = await open('manager', 'en-GB');
      await signIn(refused.page, manager);
      expect(
        await refused.page
          .getByRole('navigation', { name: 'Main navigation' })
          .getByRole('link', { name: 'Deletion certificates' })
          .count(),
      ).toBe(0);
      await refused.page.goto(url('/admin/deletion-certificates'));
      await refused.page.getByText('Deletion certificates are for admins and auditors.').waitFor();
      await refused.context.close();

      // The deleted case answers 410 on its page: expected. Nothing else failed.
      expect(problems.filter((problem) => !problem.endsWith(`410 /api/v1/cases/${caseId}`))).toEqual([]);
    });
  },
);
