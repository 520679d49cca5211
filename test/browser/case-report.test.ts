// Case templates and the case report in a real browser against a real TMA app: an admin looks through the
// templates, adds one of the organisation's own and switches it off; a threat manager (in German) opens a
// case from a report with the "Stalking" template, finds its four tasks and, on the team tab, the experts
// it suggests, and invites the security expert from there; he exports the case report as a PDF, verifies
// the downloaded file on the verify page, and sees a copy with one byte changed refused.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { signIn as signInApi } from '../support/session.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const admin = { email: 'anna.admin@acme.example', name: 'Anna Schmidt' };
const manager = { email: 'tom.berger@acme.example', name: 'Tom Berger' };
const securityExpert = { email: 'jan.vogel@acme.example', name: 'Jan Vogel' };
const hrExpert = { email: 'eva.roth@acme.example', name: 'Eva Roth' };
const caseTitle = 'Nachstellung Empfang Werk Süd';
const stalkingTasks = [
  'Gespräch mit der betroffenen Person: Vorfälle, Sorgen, Schutzbedarf',
  'Vorfallsprotokoll anlegen und der betroffenen Person erklären',
  'Schutzmaßnahmen am Arbeitsplatz prüfen (Zugang, Wege, Erreichbarkeit)',
  'Externe Beratungsstellen und Polizei ansprechen',
];

describe.skipIf(browserSkipReason !== undefined)(
  `case templates and report${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let database: Database;
    let app: FastifyInstance;
    let baseUrl: string;
    let browser: Browser | undefined;
    const problems: string[] = [];
    let reportId = '';
    /** The case the manager opens, and the PDF he downloads of it. */
    let caseReference = '';
    let exportId = '';
    let exported: { name: string; bytes: Buffer } | undefined;
    let managerSide: { context: BrowserContext; page: Page } | undefined;

    beforeAll(async () => {
      server = await startAppServer('case-report');
      ({ database, app, baseUrl } = server);
      const { id: tenantId } = await createTenant(database.db, tenant);
      const unit = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
      for (const user of [
        { ...admin, role: 'admin' as const, specialty: null },
        { ...manager, role: 'threat_manager' as const, specialty: null },
        { ...securityExpert, role: 'expert' as const, specialty: 'security' as const },
        { ...hrExpert, role: 'expert' as const, specialty: 'hr' as const },
      ]) {
        await createUser(
          database,
          tenantId,
          { email: user.email, displayName: user.name, role: user.role, specialty: user.specialty, password },
          { kind: 'operator' },
        );
        await setUserUnits(
          database,
          tenantId,
          { email: user.email },
          { slugs: ['de'] },
          { kind: 'operator' },
        );
      }

      // The report the manager opens the case from, taken by phone.
      const tom = await signInApi(app, { tenant: tenant.slug, email: manager.email, password });
      const report = await tom('POST', '/api/v1/reports', {
        unitId: unit.id,
        channel: 'phone',
        receivedOn: new Date().toISOString().slice(0, 10),
        anonymous: false,
        reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
        answers: {
          immediate_danger: 'no',
          description: 'Ein früherer Partner wartet seit Wochen morgens vor dem Empfang auf Frau Lang.',
        },
        issueReceipt: false,
      });
      expect(report.statusCode, report.body).toBe(201);
      reportId = report.json().report.id;
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      await managerSide?.context.close();
      await browser?.close();
      await server?.close();
    });

    /** A browser context that records failed answers, page errors and console errors. */
    async function open(who: string, locale: string) {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale,
        viewport: { width: 1280, height: 900 },
        reducedMotion: 'reduce',
        acceptDownloads: true,
      });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      page.on('response', (response) => {
        const status = response.status();
        const { pathname } = new URL(response.url());
        const signedOut = status === 401 && pathname === '/api/v1/auth/session';
        if (status >= 400 && !signedOut) problems.push(`${who}: ${status} ${pathname}`);
      });
      page.on('pageerror', (error) => problems.push(`${who}: page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
          problems.push(`${who}: console error: ${message.text()}`);
      });
      return { context, page };
    }

    const url = (pathname: string) => new URL(pathname, baseUrl).href;
    const shot = async (page: Page, name: string) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshotDir, `case-report-${name}.png`), fullPage: true });
    };

    async function signIn(page: Page, who: { email: string }, language: 'en' | 'de') {
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

    it('lets an admin look through the templates, add an own one and switch it off', async () => {
      const { context, page } = await open('admin', 'en-GB');
      await signIn(page, admin, 'en');
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Case templates' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Case templates' }).waitFor();
      const stalking = page.getByTestId('case-template').filter({ hasText: 'Stalking' });
      await stalking
        .getByText('Check protective measures at work (access, routes, contact details)')
        .waitFor();
      await stalking.getByText('due after 7 days').waitFor();
      await stalking.getByText('Psychology').waitFor();
      expect(await page.getByTestId('case-template').count()).toBe(4);
      await shot(page, '1-templates-en');

      // TMA's Stalking template in the editor, both languages side by side.
      await page.getByRole('button', { name: 'Edit “Stalking”' }).click();
      const editor = page.getByRole('dialog', { name: 'Edit the template “Stalking”' });
      await expect.poll(() => editor.getByLabel('Task 4 (German)').inputValue()).toBe(stalkingTasks[3]);
      await shot(page, '2-template-editor-en');
      await editor.getByRole('button', { name: 'Cancel' }).click();
      await editor.waitFor({ state: 'hidden' });

      // An own template: names, descriptions, one task due after 2 days, an expert.
      await page.getByRole('button', { name: 'New template…' }).click();
      const created = page.getByRole('dialog', { name: 'New case template' });
      await created.getByLabel('Name (English)').fill('Threat after dismissal');
      await created.getByLabel('Name (German)').fill('Drohung nach Kündigung');
      await created.getByLabel('Description (English)').fill('A dismissed employee made threats.');
      await created.getByLabel('Description (German)').fill('Eine gekündigte Person hat gedroht.');
      expect(await created.getByLabel('Key').inputValue()).toBe('threat_after_dismissal');
      await created.getByRole('button', { name: 'Add a task' }).click();
      await created.getByLabel('Task 1 (English)').fill('Talk with the line manager');
      await created.getByLabel('Task 1 (German)').fill('Gespräch mit der Führungskraft');
      await created.getByLabel('Due after (days)').fill('2');
      await created.getByRole('checkbox', { name: 'Labour law' }).check();
      await shot(page, '3-template-new-en');
      await created.getByRole('button', { name: 'Add template' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'The template “Threat after dismissal” was added.' })
        .waitFor();
      const own = page.getByTestId('case-template').filter({ hasText: 'Threat after dismissal' });
      await own.getByText('Own template').waitFor();
      await own.getByText('due after 2 days').waitFor();
      await own.getByRole('switch', { name: 'Offer “Threat after dismissal” when a case is opened' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: '“Threat after dismissal” is no longer offered.' })
        .waitFor();
      await own.getByText('Switched off').waitFor();

      // One of TMA's, changed (its last task moved up, due sooner), then reset to the default.
      const selfHarm = page.getByTestId('case-template').filter({ hasText: 'Self-harm announced' });
      await page.getByRole('button', { name: 'Edit “Self-harm announced”' }).click();
      const changing = page.getByRole('dialog', { name: 'Edit the template “Self-harm announced”' });
      await changing.getByRole('button', { name: 'Move task 3 up' }).click();
      expect(await changing.getByLabel('Task 2 (English)').inputValue()).toBe(
        'Plan aftercare and return to work',
      );
      await changing.getByLabel('Due after (days)').nth(1).fill('10');
      await changing.getByRole('button', { name: 'Save template' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'The template “Self-harm announced” is saved.' })
        .waitFor();
      await selfHarm.getByText('Customised').waitFor();
      await selfHarm.getByText('due after 10 days').waitFor();
      await selfHarm.getByRole('button', { name: 'Reset “Self-harm announced” to default' }).click();
      await page
        .getByRole('dialog', { name: 'Reset “Self-harm announced” to default?' })
        .getByRole('button', { name: 'Reset to default' })
        .click();
      await page
        .getByRole('status')
        .filter({ hasText: '“Self-harm announced” is back to TMA’s default.' })
        .waitFor();
      await selfHarm.getByText('due after 14 days').waitFor();
      expect(await selfHarm.getByText('Customised').count()).toBe(0);
      await context.close();

      // The same page in German.
      const german = await open('admin (de)', 'de-DE');
      await signIn(german.page, admin, 'de');
      await german.page.goto(url('/admin/case-templates'));
      await german.page.getByRole('heading', { level: 1, name: 'Fallvorlagen' }).waitFor();
      await german.page
        .getByTestId('case-template')
        .filter({ hasText: 'Stalking' })
        .getByText('fällig nach 7 Tagen')
        .waitFor();
      await shot(german.page, '4-templates-de');
      await german.context.close();
      expect(problems).toEqual([]);
    }, 300_000);

    it('lets a threat manager open a case with the Stalking template, with its tasks and suggested experts', async () => {
      managerSide = await open('manager', 'de-DE');
      const { page } = managerSide;
      await signIn(page, manager, 'de');
      await page.goto(url(`/reports/${reportId}`));
      await page.getByRole('button', { name: 'Fall eröffnen' }).click();
      const dialog = page.getByRole('dialog', { name: 'Einen Fall aus dieser Meldung eröffnen' });
      await dialog.getByLabel('Titel des Falls').fill(caseTitle);
      await dialog.getByLabel(/^Fallvorlage/).click();
      // Switched off, the organisation's own template is not offered.
      await page.getByRole('option', { name: 'Drohung gegen eine Führungskraft' }).waitFor();
      expect(await page.getByRole('option', { name: 'Drohung nach Kündigung' }).count()).toBe(0);
      await page.getByRole('option', { name: 'Stalking' }).click();
      const description = dialog.getByTestId('template-description');
      await description.getByText('Schutz der betroffenen Person zuerst').waitFor();
      await description.getByText('Legt 4 Aufgaben für Sie an.').waitFor();
      await shot(page, '5-open-case-de');
      await dialog.getByRole('button', { name: 'Fall eröffnen' }).click();
      await page.getByRole('link', { name: /Zum Fall C-\d{4}-\d{4}/ }).click();
      const heading = page.getByRole('heading', { level: 1, name: /^C-\d{4}-\d{4}$/ });
      await heading.waitFor();
      caseReference = (await heading.innerText()).trim();

      // The four tasks, in German, for the manager.
      await page.getByRole('tab', { name: 'Aufgaben' }).click();
      const tasks = page.getByTestId('case-task');
      for (const title of stalkingTasks) await tasks.filter({ hasText: title }).waitFor();
      expect(await tasks.count()).toBe(4);
      await shot(page, '6-tasks-de');

      // The team tab suggests the template's experts; inviting from there offers the security experts only.
      await page.getByRole('tab', { name: 'Team' }).click();
      const suggestion = page.getByTestId('team-suggestion');
      await suggestion
        .getByText(
          'Die Vorlage schlägt vor, diese Fachleute einzuladen: Sicherheit, Psychologie, Personalwesen',
        )
        .waitFor();
      await shot(page, '7-team-suggestion-de');
      await suggestion.getByRole('button', { name: 'Sicherheit einladen …' }).click();
      const invite = page.getByRole('dialog', { name: 'Mitglied zum Team hinzufügen' });
      await invite.getByText('Personen mit dem Fachgebiet Sicherheit.').waitFor();
      await invite.getByLabel(/^Person/).click();
      await page.getByRole('option', { name: `${securityExpert.name} – Sicherheit` }).waitFor();
      expect(await page.getByRole('option', { name: new RegExp(hrExpert.name) }).count()).toBe(0);
      await shot(page, '7-invite-security-de');
      await page.getByRole('option', { name: `${securityExpert.name} – Sicherheit` }).click();
      await invite.getByRole('button', { name: 'Zum Team hinzufügen' }).click();
      await page.getByTestId('team-member').filter({ hasText: securityExpert.name }).waitFor();
      await suggestion
        .getByText('Die Vorlage schlägt vor, diese Fachleute einzuladen: Psychologie, Personalwesen')
        .waitFor();
      expect(problems).toEqual([]);
    }, 300_000);

    it('exports the case report as a PDF and verifies the download; a changed copy is refused', async () => {
      if (!managerSide) throw new Error('the manager is not signed in');
      const { page } = managerSide;
      await page.getByRole('button', { name: 'Bericht exportieren …' }).click();
      const dialog = page.getByRole('dialog', { name: `${caseReference} als PDF-Bericht exportieren` });
      expect(await dialog.getByRole('radio', { name: 'Deutsch' }).isChecked()).toBe(true);
      await dialog.getByRole('checkbox', { name: 'Namen von Personen aufnehmen' }).waitFor();
      await dialog.getByText('Jede Seite trägt ein Wasserzeichen mit Ihrem Namen').waitFor();
      await shot(page, '8-export-dialog-de');
      const download = page.waitForEvent('download');
      await dialog.getByRole('button', { name: 'Bericht exportieren' }).click();
      const file = await download;
      const bytes = readFileSync((await file.path()) as string);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      exported = { name: file.suggestedFilename(), bytes };
      expect(exported.name).toMatch(/\.pdf$/);
      await dialog.getByText('Der Bericht wurde heruntergeladen').waitFor();
      exportId = (await dialog.getByTestId('export-id').innerText()).trim();
      expect(exportId).toMatch(/^[0-9a-f-]{36}$/);
      await shot(page, '9-export-done-de');

      // The verify page, from the dialog: the downloaded file is an unaltered export of this case.
      await dialog.getByRole('link', { name: 'Export prüfen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Export prüfen' }).waitFor();
      await page.getByText('Die Datei verlässt Ihren Computer nicht').waitFor();
      const verified = page.waitForResponse((response) => response.url().endsWith('/api/v1/exports/verify'));
      await page.getByTestId('verify-file-input').setInputFiles({
        name: exported.name,
        mimeType: 'application/pdf',
        buffer: exported.bytes,
      });
      // Only the hash went to the server, never the file.
      const request = (await verified).request();
      expect(Object.keys(JSON.parse(request.postData() ?? '{}'))).toEqual(['sha256']);
      const result = page.getByTestId('verify-verified');
      await result.getByText('Unveränderter TMA-Export').waitFor();
      await result.getByText(caseReference, { exact: true }).waitFor();
      await result.getByText(manager.name, { exact: true }).waitFor();
      await result.getByText(exportId, { exact: true }).waitFor();
      await result.getByText('Nein (Pseudonyme)').waitFor();
      await shot(page, '10-verified-de');

      // One byte changed: refused.
      const changed = Buffer.from(exported.bytes);
      const middle = Math.floor(changed.length / 2);
      changed[middle] = (changed[middle] as number) ^ 0x01;
      await page.getByTestId('verify-file-input').setInputFiles({
        name: 'bericht-geaendert.pdf',
        mimeType: 'application/pdf',
        buffer: changed,
      });
      const refused = page.getByTestId('verify-refused');
      await refused.getByText('Kein unveränderter Export dieser Organisation').waitFor();
      expect(await page.getByTestId('verify-verified').count()).toBe(0);
      await shot(page, '11-refused-de');
      expect(problems).toEqual([]);
    }, 300_000);

    it('verifies the file for anyone signed in to the organisation, in English', async () => {
      if (!exported) throw new Error('nothing was exported');
      const { context, page } = await open('admin verifies', 'en-GB');
      await signIn(page, admin, 'en');
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Verify an export' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Verify an export' }).waitFor();
      await shot(page, '12-verify-empty-en');
      await page.getByTestId('verify-file-input').setInputFiles({
        name: exported.name,
        mimeType: 'application/pdf',
        buffer: exported.bytes,
      });
      const result = page.getByTestId('verify-verified');
      await result.getByText('Unaltered TMA export').waitFor();
      await result.getByText(caseReference, { exact: true }).waitFor();
      await result.getByText('German', { exact: true }).waitFor();
      await shot(page, '13-verified-en');
      await context.close();
      expect(problems).toEqual([]);
    }, 300_000);
  },
);
