// The documents of a case in a real browser against a real TMA app: a threat manager uploads a 5 MB PDF with
// an author and a JavaScript open action (keeping the original) and a photo with its GPS position, sees
// what cleaning removed, previews both (pdf.js draws the PDF on a canvas under the app's strict
// Content-Security-Policy, with no violation), uploads a second version and downloads the first, cleaned;
// the journal shows the uploads; an expert on the team, in German, sees the documents but not a managers-only
// one, and is offered neither managers-only nor keeping the original.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName, PDFString, rgb, StandardFonts } from '@cantoo/pdf-lib';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import sharp from 'sharp';
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
const manager = { email: 'tom.berger@acme.example', name: 'Tom Berger' };
const expert = { email: 'eva.roth@acme.example', name: 'Eva Roth' };
const AUTHOR_MARKER = 'Verfasser-Geheim-8841';
const SCRIPT_MARKER = 'app.alert("exfiltrate-5521")';
const letter = 'Drohbrief Lager Nord';
const photo = 'Foto Tor 3';
const secretNote = 'Vermerk Personalakte';

/**
 * A letter: an author, a script that runs on opening, a text page, then scanned pages (noise, which does not
 * compress, as real scans hardly do) until the file has `minBytes`.
 */
async function threatLetter(version: number, minBytes: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setAuthor(AUTHOR_MARKER);
  pdf.setTitle(`Brief ${version}`);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const cover = pdf.addPage([595, 842]);
  cover.drawRectangle({ x: 40, y: 700, width: 515, height: 90, color: rgb(0.75, 0.1, 0.1) });
  cover.drawText(`Drohbrief, Fassung ${version}`, { x: 60, y: 735, size: 28, font, color: rgb(1, 1, 1) });
  const lines = [
    'An die Geschäftsleitung,',
    'ich weiß, wann die Spätschicht im Lager Nord endet.',
    'Wenn sich bis Freitag nichts ändert, werden es alle sehen.',
  ];
  for (const [index, line] of lines.entries())
    cover.drawText(line, { x: 60, y: 640 - index * 28, size: 16, font });
  for (let scanned = 0, number = 1; scanned < minBytes; number++) {
    const scan = await sharp({
      create: {
        width: 1400,
        height: 1400,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .jpeg({ quality: 90 })
      .toBuffer();
    const page = pdf.addPage([595, 842]);
    page.drawText(`Anlage ${number}`, { x: 60, y: 790, size: 18, font });
    page.drawImage(await pdf.embedJpg(scan), { x: 60, y: 180, width: 475, height: 475 });
    scanned += scan.length;
  }
  const action = pdf.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of(SCRIPT_MARKER) });
  pdf.catalog.set(PDFName.of('OpenAction'), pdf.context.register(action));
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/** A photo with the GPS position where it was taken. */
function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 40, g: 110, b: 160 } } })
    .composite([
      {
        input: Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><rect x="200" y="250" width="800" height="420" fill="#d9480f"/><rect x="520" y="420" width="160" height="250" fill="#343a40"/></svg>',
        ),
      },
    ])
    .jpeg()
    .withExif({
      IFD0: { Artist: 'Kamera Hidden-4410' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 8/1 0/1' },
    })
    .toBuffer();
}

describe.skipIf(browserSkipReason !== undefined)(
  `case documents${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let database: Database;
    let app: FastifyInstance;
    let baseUrl: string;
    let browser: Browser | undefined;
    const problems: string[] = [];
    let caseId = '';
    let letterV1: Buffer;
    let letterV2: Buffer;
    let managerSide: { context: BrowserContext; page: Page } | undefined;

    beforeAll(async () => {
      server = await startAppServer('case-documents');
      ({ database, app, baseUrl } = server);
      const { id: tenantId } = await createTenant(database.db, tenant);
      const unit = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
      const ids: Record<string, string> = {};
      for (const user of [
        { ...manager, role: 'threat_manager' as const, specialty: null },
        { ...expert, role: 'expert' as const, specialty: 'security' as const },
      ]) {
        const created = await createUser(
          database,
          tenantId,
          { email: user.email, displayName: user.name, role: user.role, specialty: user.specialty, password },
          { kind: 'operator' },
        );
        ids[user.email] = created.id;
        await setUserUnits(
          database,
          tenantId,
          { email: user.email },
          { slugs: ['de'] },
          { kind: 'operator' },
        );
      }

      // The case, through the API: a report taken by phone, a case opened from it, the expert on its team.
      const tom = await signInApi(app, { tenant: tenant.slug, email: manager.email, password });
      const report = await tom('POST', '/api/v1/reports', {
        unitId: unit.id,
        channel: 'phone',
        receivedOn: new Date().toISOString().slice(0, 10),
        anonymous: false,
        reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
        answers: { immediate_danger: 'no', description: 'Ein Drohbrief lag im Lager Nord.' },
        issueReceipt: false,
      });
      expect(report.statusCode, report.body).toBe(201);
      const opened = await tom('POST', `/api/v1/reports/${report.json().report.id}/open-case`, {
        title: 'Drohbrief im Lager Nord',
      });
      expect(opened.statusCode, opened.body).toBe(201);
      caseId = opened.json().id;
      const joined = await tom('POST', `/api/v1/cases/${caseId}/team`, { userId: ids[expert.email] });
      expect(joined.statusCode, joined.body).toBe(200);

      [letterV1, letterV2] = await Promise.all([threatLetter(1, 5_000_000), threatLetter(2, 1)]);
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    /** A browser context that records failed answers, page errors, console errors and CSP violations. */
    async function open(
      who: string,
      locale: string,
      refused?: (status: number, pathname: string) => boolean,
    ) {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale,
        viewport: { width: 1280, height: 900 },
        reducedMotion: 'reduce',
        acceptDownloads: true,
      });
      context.setDefaultTimeout(30_000);
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
        });
      });
      const page = await context.newPage();
      page.on('response', (response) => {
        const status = response.status();
        const { pathname } = new URL(response.url());
        const signedOut = status === 401 && pathname === '/api/v1/auth/session';
        if (status >= 400 && !signedOut && !refused?.(status, pathname))
          problems.push(`${who}: ${status} ${pathname}`);
      });
      page.on('pageerror', (error) => problems.push(`${who}: page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
          problems.push(`${who}: console error: ${message.text()}`);
        if (/Content.Security.Policy|Refused to/i.test(message.text()))
          problems.push(`${who}: CSP: ${message.text()}`);
      });
      page.on('worker', (worker) =>
        worker.on('console', (message) => {
          if (message.type() === 'error' || /Refused to|Content.Security.Policy/i.test(message.text()))
            problems.push(`${who}: worker: ${message.text()}`);
        }),
      );
      return { context, page };
    }

    const url = (pathname: string) => new URL(pathname, baseUrl).href;
    const shot = async (page: Page, name: string, fullPage = true) => {
      // A full-page shot of a scrolled page draws the sticky header and the skip link out of place.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshotDir, `case-documents-${name}.png`), fullPage });
    };
    // An open PDF preview is shot as the viewport shows it: a full-page shot resizes the viewport for a
    // moment, and the preview may lay out and draw again (twice CI's run lost the toolbar for 30 s then).
    const previewShot = (page: Page, name: string) => shot(page, name, false);

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

    /** Counts the pixels of the preview's canvas that are not white: a drawn page has many. */
    function inkedPixels(page: Page): Promise<number> {
      return page.getByTestId('pdf-page').evaluate((canvas: HTMLCanvasElement) => {
        const context = canvas.getContext('2d');
        if (!context || canvas.width === 0) return 0;
        const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
        let inked = 0;
        for (let index = 0; index < data.length; index += 4)
          if ((data[index] ?? 255) < 200 || (data[index + 1] ?? 255) < 200 || (data[index + 2] ?? 255) < 200)
            inked++;
        return inked;
      });
    }

    const bytesOf = async (download: Download) => readFileSync((await download.path()) as string);

    it('uploads a 5 MB PDF (keeping the original) and a photo, says what was cleaned, and previews both', async () => {
      expect(letterV1.length).toBeGreaterThan(4_500_000);
      expect(letterV1.includes(SCRIPT_MARKER)).toBe(true);
      managerSide = await open('manager', 'en-GB');
      const { page } = managerSide;
      await signIn(page, manager);
      await page.goto(url(`/cases/${caseId}`));
      await page.getByRole('tab', { name: 'Documents' }).click();
      await page.getByTestId('documents-empty').getByText('No documents yet').waitFor();
      await shot(page, '1-empty-en');

      // The letter, with its original kept for evidence.
      await page.getByRole('button', { name: 'Upload a document…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Upload a document' });
      await dialog
        .getByTestId('document-file-input')
        .setInputFiles({ name: `${letter}.pdf`, mimeType: 'application/pdf', buffer: letterV1 });
      await dialog
        .getByTestId('chosen-file')
        .filter({ hasText: `${letter}.pdf` })
        .waitFor();
      expect(await dialog.getByLabel(/^Title/).inputValue()).toBe(letter);
      await dialog.getByLabel(/^Description/).fill('Lag am Montag im Postfach der Lagerleitung.');
      await dialog.getByRole('checkbox', { name: 'Keep the original too' }).check();
      await dialog.getByRole('switch', { name: 'Managers only' }).waitFor();
      await shot(page, '2-upload-dialog-en');

      // On a slow line the progress shows, and Cancel stops the upload: nothing is stored.
      const cdp = await managerSide.context.newCDPSession(page);
      await cdp.send('Network.enable');
      const throttle = (uploadThroughput: number) =>
        cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 0,
          downloadThroughput: -1,
          uploadThroughput,
        });
      await throttle(1_000_000);
      await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
      await dialog
        .getByTestId('upload-progress')
        .filter({ hasText: /^Uploading: .+ of .+ MB \(\d+%\)$/ })
        .waitFor();
      await dialog.getByRole('progressbar', { name: 'Upload progress' }).waitFor();
      await shot(page, '2-uploading-en');
      await dialog.getByRole('button', { name: 'Cancel upload' }).click();
      await dialog.getByText('The upload was cancelled. Nothing was stored.').waitFor();
      await throttle(-1);
      await cdp.detach();

      await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `“${letter}” was uploaded.` })
        .waitFor({ timeout: 60_000 });
      const letterItem = page.getByTestId('case-document').filter({ hasText: letter });
      const cleaning = await letterItem.getByTestId('cleaning-note').innerText();
      expect(cleaning).toMatch(/^Cleaned: .*scripts.* and metadata removed$/);
      await letterItem.getByText(/^Original kept \(\d/).waitFor();
      await letterItem
        .getByRole('link', { name: `Download the original upload of version 1 of ${letter}` })
        .waitFor();

      // The photo, without its position.
      await page.getByRole('button', { name: 'Upload a document…' }).click();
      await page
        .getByRole('dialog', { name: 'Upload a document' })
        .getByTestId('document-file-input')
        .setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: await photoWithGps() });
      await page
        .getByRole('dialog')
        .getByLabel(/^Title/)
        .fill(photo);
      await page.getByRole('dialog').getByRole('button', { name: 'Upload', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `“${photo}” was uploaded.` })
        .waitFor();
      const photoItem = page.getByTestId('case-document').filter({ hasText: photo });
      expect(await photoItem.getByTestId('cleaning-note').innerText()).toBe(
        'Photo re-encoded without location and camera data',
      );
      // Newest first.
      await expect.poll(() => page.getByTestId('document-title').allInnerTexts()).toEqual([photo, letter]);
      await shot(page, '3-list-en');

      // The letter, drawn by pdf.js: the cover page, then the next.
      await letterItem.getByRole('button', { name: `Preview version 1 of ${letter}` }).click();
      const preview = page.getByRole('dialog', { name: `${letter} · version 1` });
      await preview.getByTestId('pdf-page-number').filter({ hasText: 'Page 1 of' }).waitFor();
      await expect.poll(() => inkedPixels(page), { timeout: 20_000 }).toBeGreaterThan(10_000);
      await previewShot(page, '4-pdf-preview-en');
      // pdf.js may still be drawing on a loaded machine (CI's three lanes): as long as the upload above.
      await preview.getByRole('button', { name: 'Next page' }).click({ timeout: 60_000 });
      await preview
        .getByTestId('pdf-page-number')
        .filter({ hasText: 'Page 2 of' })
        .waitFor({ timeout: 60_000 });
      await expect.poll(() => inkedPixels(page), { timeout: 20_000 }).toBeGreaterThan(100_000);
      await preview.getByRole('button', { name: 'Zoom in' }).click();
      await previewShot(page, '5-pdf-preview-page-2-en');
      await preview.getByRole('button', { name: 'Close' }).first().click();
      await preview.waitFor({ state: 'detached' });

      // The photo, shown by the browser.
      await photoItem.getByRole('button', { name: `Preview version 1 of ${photo}` }).click();
      const image = page.getByRole('dialog', { name: `${photo} · version 1` }).getByTestId('image-preview');
      await expect
        .poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth))
        .toBe(1200);
      await previewShot(page, '6-image-preview-en');
      await page.keyboard.press('Escape');
      expect(problems).toEqual([]);
    }, 300_000);

    it('uploads a second version, keeps the first in the history and downloads it cleaned', async () => {
      if (!managerSide) throw new Error('the manager is not signed in');
      const { page } = managerSide;
      const letterItem = page.getByTestId('case-document').filter({ hasText: letter });
      await letterItem.getByRole('button', { name: `Upload a new version of ${letter}` }).click();
      const dialog = page.getByRole('dialog', { name: `New version of “${letter}”` });
      await dialog
        .getByTestId('document-file-input')
        .setInputFiles({ name: `${letter} v2.pdf`, mimeType: 'application/pdf', buffer: letterV2 });
      // A version has no title, description or managers-only of its own.
      expect(await dialog.getByLabel(/^Title/).count()).toBe(0);
      expect(await dialog.getByRole('switch').count()).toBe(0);
      await shot(page, '7-version-dialog-en');
      await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Version 2 of “${letter}” was uploaded.` })
        .waitFor();
      await letterItem.getByTestId('current-version').filter({ hasText: 'Version 2' }).waitFor();
      expect(await letterItem.getByTestId('file-name').first().innerText()).toBe(`${letter} v2.pdf`);
      await letterItem.getByRole('button', { name: 'Show the earlier version' }).click();
      const first = letterItem.locator('[data-testid="document-version"][data-version="1"]');
      await first.getByText(`${letter}.pdf`).waitFor();
      await shot(page, '8-versions-en');

      // Version 1, as downloaded: cleaned of the script and the author; its original still has them.
      const cleaned = page.waitForEvent('download');
      await first.getByRole('link', { name: `Download version 1 of ${letter}` }).click();
      const cleanedBytes = await bytesOf(await cleaned);
      expect(cleanedBytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(cleanedBytes.includes('/JavaScript')).toBe(false);
      expect(cleanedBytes.includes(SCRIPT_MARKER)).toBe(false);
      expect(cleanedBytes.includes(AUTHOR_MARKER)).toBe(false);
      expect(cleanedBytes.includes('/Author')).toBe(false);
      const original = page.waitForEvent('download');
      await first
        .getByRole('link', { name: `Download the original upload of version 1 of ${letter}` })
        .click();
      expect(Buffer.compare(await bytesOf(await original), letterV1)).toBe(0);

      // A note for the managers only.
      await page.getByRole('button', { name: 'Upload a document…' }).click();
      const noteDialog = page.getByRole('dialog', { name: 'Upload a document' });
      await noteDialog.getByTestId('document-file-input').setInputFiles({
        name: 'vermerk.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Aus der Personalakte: Abmahnung 2025.\n'),
      });
      await noteDialog.getByLabel(/^Title/).fill(secretNote);
      await noteDialog.getByRole('switch', { name: 'Managers only' }).check();
      await noteDialog.getByRole('button', { name: 'Upload', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `“${secretNote}” was uploaded.` })
        .waitFor();
      const noteItem = page.getByTestId('case-document').filter({ hasText: secretNote });
      await noteItem.getByTestId('managers-only').waitFor();
      // The focus moves to the document just uploaded.
      await expect.poll(() => noteItem.evaluate((item) => item === document.activeElement)).toBe(true);
      expect(await noteItem.getByTestId('cleaning-note').innerText()).toBe(
        'Stored as uploaded: only PDFs and images are cleaned',
      );
      await shot(page, '9-list-final-en');

      // The journal tells the story.
      await page.getByRole('tab', { name: 'Journal' }).click();
      const entries = page.getByTestId('journal-entry');
      await entries.filter({ hasText: `New version 2 of “${letter}”` }).waitFor();
      await entries.filter({ hasText: `Document added: “${letter}”` }).waitFor();
      await entries.filter({ hasText: `Document added: “${photo}”` }).waitFor();
      await entries
        .filter({ hasText: `Document added: “${secretNote}”` })
        .getByTestId('managers-only')
        .waitFor();
      await shot(page, '10-journal-en');
      expect(problems).toEqual([]);
    }, 300_000);

    it('shows an expert on the team, in German, the documents but not the managers-only one', async () => {
      // The one refusal the story expects: a web page offered as a document.
      const { context, page } = await open(
        'expert',
        'de-DE',
        (status, pathname) => status === 422 && pathname === `/api/v1/cases/${caseId}/documents`,
      );
      await signIn(page, expert, 'de');
      await page.goto(url(`/cases/${caseId}`));
      await page.getByRole('tab', { name: 'Dokumente' }).click();
      await expect.poll(() => page.getByTestId('document-title').allInnerTexts()).toEqual([photo, letter]);
      expect(await page.content()).not.toContain(secretNote);
      const letterItem = page.getByTestId('case-document').filter({ hasText: letter });
      expect(await letterItem.getByTestId('cleaning-note').first().innerText()).toMatch(
        /^Bereinigt: .*Skripte.*Metadaten entfernt$/,
      );
      // The original stays with the threat managers.
      expect(await page.getByRole('link', { name: /Original/ }).count()).toBe(0);
      await shot(page, '11-expert-list-de');

      // She may add documents, but neither for the managers only nor with an original.
      await page.getByRole('button', { name: 'Dokument hochladen …' }).click();
      const dialog = page.getByRole('dialog', { name: 'Dokument hochladen' });
      await dialog.getByText('Datei hierher ziehen oder').waitFor();
      expect(await dialog.getByRole('switch').count()).toBe(0);
      expect(await dialog.getByRole('checkbox').count()).toBe(0);
      await dialog.getByTestId('document-file-input').setInputFiles({
        name: 'Notiz.html',
        mimeType: 'text/html',
        buffer: Buffer.from('<html><body><script>alert(1)</script></body></html>'),
      });
      await dialog.getByRole('button', { name: 'Hochladen', exact: true }).click();
      // The server's reason, as it gave it.
      await dialog
        .getByRole('alert')
        .filter({ hasText: 'Diese Art von Datei wird nicht angenommen' })
        .getByText(/HTML/)
        .waitFor();
      await shot(page, '12-expert-upload-dialog-de');
      await dialog.getByRole('button', { name: 'Abbrechen' }).last().click();

      // The letter's current version, previewed in German.
      await letterItem.getByRole('button', { name: `Vorschau von Version 2 von ${letter}` }).click();
      const preview = page.getByRole('dialog', { name: `${letter} · Version 2` });
      await preview.getByTestId('pdf-page-number').filter({ hasText: 'Seite 1 von 2' }).waitFor();
      await expect.poll(() => inkedPixels(page), { timeout: 20_000 }).toBeGreaterThan(10_000);
      await previewShot(page, '13-expert-pdf-preview-de');
      await preview.getByRole('button', { name: 'Schließen' }).first().click({ timeout: 60_000 });

      // Her journal: the uploads she may see, in German.
      await page.getByRole('tab', { name: 'Journal' }).click();
      const entries = page.getByTestId('journal-entry');
      await entries.filter({ hasText: `Neue Version 2 von „${letter}“` }).waitFor();
      await entries.filter({ hasText: `Dokument hinzugefügt: „${photo}“` }).waitFor();
      expect(await page.content()).not.toContain(secretNote);
      await shot(page, '14-expert-journal-de');
      await context.close();
      await managerSide?.context.close();
      expect(problems).toEqual([]);
    }, 300_000);
  },
);
