import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';

declare global {
  interface Window {
    __pwned?: number;
  }
}

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const manager = { email: 'tom.berger@acme.example', name: 'Tom Berger', role: 'threat_manager' as const };
const expert = { email: 'eva.roth@acme.example', name: 'Eva Roth', role: 'expert' as const };
const auditor = { email: 'anna.weiss@acme.example', name: 'Anna Weiss', role: 'auditor' as const };

const englishBody = [
  'Issue a house ban only after the threat management team has assessed the case.',
  '',
  '## Steps',
  '',
  '<script>window.__pwned=1</script>',
  '',
  '<img src=x onerror="window.__pwned=3">',
  '',
  '| Step | Who | When |',
  '| --- | --- | --- |',
  '| Write the ban | HR with labour law | same day |',
  '| Tell site security | Threat manager | at once |',
  '',
  'Before anything else, [click](javascript:window.__pwned=2) and read the [evacuation page](/handbook/evacuation).',
  'Police advice: [www.polizei.de](https://www.polizei.de).',
  '',
].join('\n');

const germanBody = [
  'Ein Hausverbot wird erst ausgesprochen, wenn das Bedrohungsmanagement den Fall bewertet hat.',
  '',
  '## Schritte',
  '',
  '| Schritt | Wer | Wann |',
  '| --- | --- | --- |',
  '| Hausverbot schreiben | Personalabteilung mit Arbeitsrecht | am selben Tag |',
  '| Werkschutz informieren | Bedrohungsmanagement | sofort |',
  '',
].join('\n');

describe.skipIf(browserSkipReason !== undefined)(
  `handbook${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let database: Database;
    let baseUrl: string;
    let browser: Browser | undefined;
    const problems: string[] = [];
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      server = await startAppServer('handbook');
      ({ database, baseUrl } = server);
      const { id: tenantId } = await createTenant(database.db, tenant);
      for (const user of [manager, expert, auditor])
        await createUser(
          database,
          tenantId,
          {
            email: user.email,
            displayName: user.name,
            role: user.role,
            specialty: user.role === 'expert' ? 'labour_law' : null,
            password,
          },
          { kind: 'operator' },
        );
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await server?.close();
    });

    /** A browser context that records failed answers, page errors, console errors and CSP violations. */
    async function open(who: string, viewport = { width: 1440, height: 960 }) {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({ locale: 'en-GB', viewport, reducedMotion: 'reduce' });
      contexts.push(context);
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
        if (status >= 400 && !signedOut) problems.push(`${who}: ${status} ${pathname}`);
      });
      page.on('pageerror', (error) => problems.push(`${who}: page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
          problems.push(`${who}: console error: ${message.text()}`);
        if (/Content.Security.Policy|Refused to/i.test(message.text()))
          problems.push(`${who}: CSP: ${message.text()}`);
      });
      return page;
    }

    const url = (pathname: string) => new URL(pathname, baseUrl).href;
    const shot = async (page: Page, name: string, fullPage = true) => {
      if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshotDir, `handbook-${name}.png`), fullPage });
    };

    async function signIn(page: Page, who: { email: string }) {
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel('E-mail address').fill(who.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
    }

    const pwned = (page: Page) => page.evaluate(() => window.__pwned);

    let tom: Page;

    it('renders a page with a script, an onerror image and a javascript: link inert, and its table', async () => {
      tom = await open('manager');
      await signIn(tom, manager);
      await tom.getByRole('navigation').getByRole('link', { name: 'Handbook' }).click();
      await tom.waitForURL((address) => address.pathname === '/handbook');
      await tom.getByText('The handbook has no pages yet.').waitFor();
      await tom.getByRole('link', { name: 'New page' }).click();
      await tom.waitForURL((address) => address.pathname === '/handbook/new');

      await tom.getByLabel('Address').fill('house-ban');
      await tom.getByLabel('Title (English)').fill('Issuing a house ban');
      await tom.getByLabel('Text (English, Markdown)').fill(englishBody);
      await tom.getByLabel('Title (German)').fill('Hausverbot aussprechen');
      await tom.getByLabel('Text (German, Markdown)').fill(germanBody);
      await tom.getByLabel('Change note').fill('First version');
      // The live preview renders as the page will: the table, and nothing that runs.
      const preview = tom.getByRole('region', { name: 'English' });
      await preview.getByRole('cell', { name: 'Tell site security' }).waitFor();
      expect(await pwned(tom)).toBeUndefined();
      await shot(tom, '01-editor-en');

      await tom.getByRole('button', { name: 'Create page' }).click();
      await tom.waitForURL((address) => address.pathname === '/handbook/house-ban');
      await tom.getByText('Saved as version 1.').waitFor();
      await tom.getByRole('heading', { level: 1, name: 'Issuing a house ban' }).waitFor();

      const english = tom
        .getByRole('article')
        .filter({ has: tom.getByRole('heading', { name: 'Issuing a house ban' }) });
      const german = tom
        .getByRole('article')
        .filter({ has: tom.getByRole('heading', { name: 'Hausverbot aussprechen' }) });
      // Both languages side by side, English (the interface's language) first.
      const englishBox = await english.boundingBox();
      const germanBox = await german.boundingBox();
      expect(
        englishBox && germanBox && englishBox.x < germanBox.x && Math.abs(englishBox.y - germanBox.y) < 2,
      ).toBe(true);
      await english.getByRole('table').getByRole('cell', { name: 'Write the ban' }).waitFor();
      await german.getByRole('table').getByRole('cell', { name: 'Werkschutz informieren' }).waitFor();
      // The raw HTML is shown as text, never as elements.
      await english.getByText('<script>window.__pwned=1</script>').waitFor();
      expect(await english.locator('script, img, iframe').count()).toBe(0);
      expect(await tom.locator('a[href^="javascript"], [onerror]').count()).toBe(0);
      await english.getByText('click', { exact: true }).click();
      await tom.waitForTimeout(300);
      expect(await pwned(tom)).toBeUndefined();
      expect(new URL(tom.url()).pathname).toBe('/handbook/house-ban');
      // Links elsewhere open a new tab without handing this page over; links inside TMA stay in the app.
      const external = english.getByRole('link', { name: /www\.polizei\.de/ });
      expect(await external.getAttribute('rel')).toBe('noopener noreferrer');
      expect(await external.getAttribute('target')).toBe('_blank');
      expect(await english.getByRole('link', { name: 'evacuation page' }).getAttribute('href')).toBe(
        '/handbook/evacuation',
      );
      await shot(tom, '02-page-en');
    });

    it('keeps every edit as a version, compares two, and restores version 1 as the newest', async () => {
      for (const [line, note, version] of [
        ['Keep a copy of the ban in the case file.', 'Copy in the case file', 2],
        ['Review the ban after six months.', 'Review after six months', 3],
      ] as const) {
        await tom.getByRole('link', { name: 'Edit' }).click();
        await tom.waitForURL((address) => address.pathname === '/handbook/house-ban/edit');
        await tom.getByText(`You are editing version ${version - 1}.`).waitFor();
        const body = tom.getByLabel('Text (English, Markdown)');
        await body.fill(`${await body.inputValue()}${line}\n`);
        await tom.getByLabel('Change note').fill(note);
        await tom.getByRole('button', { name: 'Save' }).click();
        await tom.getByText(`Saved as version ${version}.`).waitFor();
        await tom.getByText(line).waitFor();
      }

      await tom.getByRole('link', { name: 'History' }).click();
      await tom.waitForURL((address) => address.pathname === '/handbook/house-ban/history');
      const rows = tom.getByRole('table', { name: 'Versions' }).locator('tbody tr');
      await rows.nth(2).waitFor();
      expect(await rows.count()).toBe(3);
      // Version 2 to 3 is offered first; pick 1 and 3.
      await tom.getByRole('heading', { name: 'Changes from version 2 to version 3' }).waitFor();
      await tom.getByLabel('Older version').selectOption('1');
      await tom.getByRole('heading', { name: 'Changes from version 1 to version 3' }).waitFor();
      const englishDiff = tom.getByRole('region', { name: 'English' });
      await englishDiff
        .locator('ins')
        .filter({ hasText: 'Keep a copy of the ban in the case file.' })
        .waitFor();
      await englishDiff.locator('ins').filter({ hasText: 'Review the ban after six months.' }).waitFor();
      expect(await englishDiff.locator('del').count()).toBe(0);
      await tom.getByRole('region', { name: 'German' }).getByText('No changes in this language.').waitFor();
      await englishDiff.scrollIntoViewIfNeeded();
      await shot(tom, '03-diff-en');

      // Version 1 as it was.
      await tom.getByRole('button', { name: 'View version 1' }).click();
      const shown = tom.getByRole('region', { name: 'Version 1' });
      await shown.getByRole('heading', { name: 'Issuing a house ban' }).waitFor();
      expect(await shown.getByText('Review the ban after six months.').count()).toBe(0);

      await tom.getByRole('button', { name: 'Restore version 1' }).click();
      const dialog = tom.getByRole('dialog', { name: 'Restore version 1?' });
      await dialog.getByText('saved as version 4').waitFor();
      await shot(tom, '04-restore-dialog-en', false);
      await dialog.getByRole('button', { name: 'Restore version 1' }).click();
      await tom.waitForURL((address) => address.pathname === '/handbook/house-ban');
      await tom.getByText('Version 1 is the current version again (saved as version 4).').waitFor();
      await tom.getByText(/^Version 4 · changed/).waitFor();
      await tom.getByText('Restores version 1', { exact: false }).waitFor();
      expect(await tom.getByText('Review the ban after six months.').count()).toBe(0);
      expect(await tom.getByText('Keep a copy of the ban in the case file.').count()).toBe(0);
      expect(await pwned(tom)).toBeUndefined();

      await tom.getByRole('link', { name: 'History' }).click();
      await rows.nth(3).waitFor();
      expect(await rows.count()).toBe(4);
      const first = rows.first();
      await first.getByText('current').waitFor();
      await first.getByText('restores version 1').waitFor();
      expect(await first.locator('td').first().innerText()).toMatch(/^4/);
      expect(await rows.nth(3).locator('td').first().innerText()).toMatch(/^1/);
      await shot(tom, '05-history-en');
    });

    it('shows the page in German first to a German user, and stacks the languages on a phone', async () => {
      await tom.evaluate(() => window.localStorage.setItem('tma.language', 'de'));
      await tom.goto(url('/handbook/house-ban'));
      await tom.getByRole('heading', { level: 1, name: 'Hausverbot aussprechen' }).waitFor();
      const [firstColumn] = await tom.getByRole('article').all();
      await firstColumn?.getByRole('heading', { name: 'Hausverbot aussprechen' }).waitFor();
      await shot(tom, '06-page-de');
      await tom.getByRole('link', { name: 'Bearbeiten' }).click();
      await tom.getByLabel('Titel (Deutsch)').waitFor();
      await shot(tom, '07-editor-de');
      await tom.evaluate(() => window.localStorage.setItem('tma.language', 'en'));

      const phone = await open('manager on a phone', { width: 390, height: 844 });
      await signIn(phone, manager);
      await phone.goto(url('/handbook/house-ban'));
      const columns = phone.getByRole('article');
      await columns.first().getByRole('heading', { name: 'Issuing a house ban' }).waitFor();
      const [top, bottom] = [await columns.nth(0).boundingBox(), await columns.nth(1).boundingBox()];
      expect(top && bottom && bottom.y > top.y + top.height - 1).toBe(true);
      await shot(phone, '08-page-phone');
    });

    it('lets an expert read the page but not change it, and keeps auditors out', async () => {
      const eva = await open('expert');
      await signIn(eva, expert);
      await eva.getByRole('navigation').getByRole('link', { name: 'Handbook' }).click();
      await eva.getByRole('link', { name: 'Issuing a house ban' }).click();
      await eva.getByRole('heading', { level: 1, name: 'Issuing a house ban' }).waitFor();
      await eva.getByRole('cell', { name: 'Write the ban' }).first().waitFor();
      expect(await eva.getByRole('link', { name: 'Edit' }).count()).toBe(0);
      expect(await eva.getByRole('button', { name: /Archive/ }).count()).toBe(0);
      expect(await eva.getByRole('link', { name: 'New page' }).count()).toBe(0);
      await eva.getByRole('link', { name: 'History' }).click();
      await eva.getByRole('table', { name: 'Versions' }).locator('tbody tr').nth(3).waitFor();
      expect(await eva.getByRole('button', { name: /^Restore/ }).count()).toBe(0);
      // The search finds the page by a word prefix and shows where.
      await eva.goto(url('/handbook'));
      await eva
        .getByRole('list', { name: 'Pages of the handbook' })
        .getByText('Hausverbot aussprechen')
        .waitFor();
      await shot(eva, '09-list-expert');
      await eva.getByRole('searchbox', { name: 'Search the handbook' }).fill('labour');
      const hit = eva.getByRole('region', { name: 'Search results' });
      await hit.getByText('1 page found').waitFor();
      await hit.locator('mark').filter({ hasText: 'labour' }).first().waitFor();
      await shot(eva, '10-search-expert');

      const anna = await open('auditor');
      await signIn(anna, auditor);
      expect(await anna.getByRole('navigation').getByRole('link', { name: 'Handbook' }).count()).toBe(0);
      await anna.goto(url('/handbook/house-ban'));
      await anna.getByText('The handbook is for the team').waitFor();
      expect(await anna.getByText('Issuing a house ban').count()).toBe(0);
    });

    it('met no failed request, page error or CSP violation on the way', () => {
      expect(problems).toEqual([]);
    });
  },
);
