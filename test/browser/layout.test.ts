// The app's frame in a real browser (issue 19, "looks like a product"): the navigation in groups with an
// icon per entry, the inbox's unread count with its words for screen readers, the administration that folds
// away; the pages at desktop width with the case's details beside its tabs; a thumbnail for an image on the
// case; one date format per language ("4 Dec 2026" / "4. Dez. 2026"). Screenshots of the dashboard, the
// cases, a case, the handbook and the users at 1440 × 900 and on a phone (390 × 844) go to
// test-results/layout-*.png.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { documentUpload } from '../support/multipart.ts';
import { type SignedInCall, signIn as signInApi } from '../support/session.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const people = {
  manager: { email: 'tom.berger@acme.example', name: 'Tom Berger', role: 'threat_manager' },
  colleague: { email: 'tessa.lang@acme.example', name: 'Tessa Lang', role: 'threat_manager' },
  admin: { email: 'ada.admin@acme.example', name: 'Ada Adler', role: 'admin' },
} as const;

const desktop = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };

describe.skipIf(browserSkipReason !== undefined)(
  `layout${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let database: Database;
    let app: FastifyInstance;
    let baseUrl: string;
    let browser: Browser | undefined;
    let caseId = '';
    const problems: string[] = [];
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      server = await startAppServer('layout');
      ({ database, app, baseUrl } = server);
      const { id: tenantId } = await createTenant(database.db, tenant);
      const unit = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
      for (const person of Object.values(people)) {
        await createUser(
          database,
          tenantId,
          { email: person.email, displayName: person.name, role: person.role, specialty: null, password },
          { kind: 'operator' },
        );
        if (person.role !== 'admin')
          await setUserUnits(
            database,
            tenantId,
            { email: person.email },
            { slugs: ['de'] },
            { kind: 'operator' },
          );
      }
      const calls: Record<string, SignedInCall> = {};
      for (const [key, person] of Object.entries(people))
        calls[key] = await signInApi(app, { tenant: tenant.slug, email: person.email, password });
      const tessa = calls.colleague as SignedInCall;
      const tom = calls.manager as SignedInCall;
      // Tessa takes three reports by phone: Tom has unread notices of them.
      const reports: string[] = [];
      for (const description of [
        'Drohung in der Kantine',
        'Nachrichten an die Teamleitung',
        'Aggressiver Anruf beim Empfang',
      ]) {
        const response = await tessa('POST', '/api/v1/reports', {
          unitId: unit.id,
          channel: 'phone',
          receivedOn: new Date().toISOString().slice(0, 10),
          anonymous: false,
          reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
          answers: { immediate_danger: 'no', description },
          issueReceipt: false,
        });
        expect(response.statusCode, response.body).toBe(201);
        reports.push(response.json().report.id);
      }
      const opened = await tom('POST', `/api/v1/reports/${reports[0]}/open-case`, {
        title: 'Drohung in der Kantine',
      });
      expect(opened.statusCode, opened.body).toBe(201);
      caseId = opened.json().id;
      const note = await tom('POST', `/api/v1/cases/${caseId}/journal`, {
        kind: 'note',
        text: 'Gespräch mit der Teamleitung vereinbart.',
      });
      expect(note.statusCode, note.body).toBe(201);
      const photo = await sharp({
        create: { width: 800, height: 600, channels: 3, background: { r: 40, g: 110, b: 160 } },
      })
        .jpeg()
        .toBuffer();
      const upload = documentUpload('document', undefined, {
        name: 'Tor 3.jpeg',
        type: 'image/jpeg',
        bytes: photo,
      });
      const added = await tom('POST', `/api/v1/cases/${caseId}/documents`, upload.payload, upload.headers);
      expect(added.statusCode, added.body).toBe(201);
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await server?.close();
      expect(problems).toEqual([]);
    });

    /** A new browser window for `who`; failed requests and console errors fail the test unless expected. */
    async function open(
      who: string,
      viewport: { width: number; height: number },
      { failuresExpected = false } = {},
    ): Promise<Page> {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({ locale: 'en-GB', viewport, reducedMotion: 'reduce' });
      contexts.push(context);
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      page.on('response', (response) => {
        const status = response.status();
        const { pathname } = new URL(response.url());
        const signedOut = status === 401 && pathname === '/api/v1/auth/session';
        if (status >= 400 && !signedOut && !failuresExpected) problems.push(`${who}: ${status} ${pathname}`);
      });
      page.on('pageerror', (error) => problems.push(`${who}: page error: ${error.message}`));
      page.on('console', (message) => {
        if (
          message.type() === 'error' &&
          !message.text().startsWith('Failed to load resource') &&
          !failuresExpected
        )
          problems.push(`${who}: console error: ${message.text()}`);
      });
      return page;
    }

    const url = (pathname: string) => new URL(pathname, baseUrl).href;
    const shot = async (page: Page, name: string) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(screenshotDir, `layout-${name}.png`) });
    };

    async function signIn(page: Page, who: { email: string }) {
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel('E-mail address').fill(who.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
    }

    /** Goes to `pathname` and waits until no placeholder is left on the page. */
    async function visit(page: Page, pathname: string, ready: string | RegExp) {
      await page.goto(url(pathname));
      await page.getByRole('heading', { level: 1, name: ready }).waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[data-loading-skeleton]').length === 0);
    }

    it('groups the navigation, with an icon per entry and the inbox’s unread count in words', async () => {
      const page = await open('manager', desktop);
      await signIn(page, people.manager);
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      // The groups, each a list named by its heading, in order.
      const groups = navigation.locator('ul[aria-labelledby]');
      await navigation.getByRole('list', { name: 'Work' }).waitFor();
      const names = await groups.evaluateAll((lists) =>
        lists.map((list) => document.getElementById(list.getAttribute('aria-labelledby') ?? '')?.textContent),
      );
      expect(names).toEqual(['Work', 'Knowledge', 'Insight']);
      const work = navigation.getByRole('list', { name: 'Work' });
      expect(await work.getByRole('link').allInnerTexts()).toEqual(
        expect.arrayContaining(['Overview', 'Dashboard', 'Cases']),
      );
      // Every entry has its icon, hidden from screen readers.
      const links = navigation.getByRole('link');
      const linkCount = await links.count();
      expect(linkCount).toBeGreaterThan(5);
      expect(await navigation.locator('a svg[aria-hidden="true"]').count()).toBe(linkCount);
      // The page open is the current one.
      expect(await navigation.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe(
        'page',
      );
      // The inbox counts Tom's unread notices; a screen reader hears it in words.
      const inbox = navigation.getByRole('link', { name: /Inbox/ });
      await inbox.getByText('unread notices').waitFor();
      const count = Number(await inbox.locator('[aria-hidden="true"]').last().innerText());
      expect(count).toBeGreaterThanOrEqual(3);
      expect(await inbox.innerText()).toContain(`${count} unread notices`);
      // Threat managers administer nothing.
      expect(await navigation.getByRole('button', { name: 'Administration' }).count()).toBe(0);
      await page.getByRole('navigation').getByRole('link', { name: 'Cases' }).click();
      await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
      expect(await navigation.getByRole('link', { name: 'Cases' }).getAttribute('aria-current')).toBe('page');
    });

    /** Nothing is wider than the screen. */
    async function expectNoOverflow(page: Page, where: string) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, where).toBeLessThanOrEqual(0);
    }

    /** Switches the app's language the way the language menu remembers it; the next page load uses it. */
    async function switchLanguage(page: Page, language: 'en' | 'de') {
      await page.evaluate((chosen) => window.localStorage.setItem('tma.language', chosen), language);
    }

    const titles = {
      en: { home: 'My work', inbox: 'Inbox', dashboard: 'Dashboard', cases: 'Cases', handbook: 'Handbook' },
      de: {
        home: 'Meine Arbeit',
        inbox: 'Eingang',
        dashboard: 'Dashboard',
        cases: 'Fälle',
        handbook: 'Handbuch',
      },
    } as const;

    it('lays out the daily pages at desktop width and on a phone, in both languages', async () => {
      for (const language of ['en', 'de'] as const) {
        for (const [size, viewport] of [
          ['desktop', desktop],
          ['phone', phone],
        ] as const) {
          const page = await open(`manager-${language}-${size}`, viewport);
          await signIn(page, people.manager);
          await switchLanguage(page, language);
          const title = titles[language];
          const name = (what: string) => `${what}-${language}-${size}`;
          await visit(page, '/', title.home);
          await shot(page, name('home'));
          await expectNoOverflow(page, name('home'));
          await visit(page, '/inbox', title.inbox);
          await page
            .getByRole('link', { name: /R-\d{4}-/ })
            .first()
            .waitFor();
          await shot(page, name('inbox'));
          await expectNoOverflow(page, name('inbox'));
          await visit(page, '/dashboard', title.dashboard);
          await shot(page, name('dashboard'));
          await expectNoOverflow(page, name('dashboard'));
          await visit(page, '/cases', title.cases);
          await page.getByText('Drohung in der Kantine').first().waitFor();
          await shot(page, name('cases'));
          await expectNoOverflow(page, name('cases'));
          await visit(page, `/cases/${caseId}`, /-\d/);
          await shot(page, name('case'));
          await expectNoOverflow(page, name('case'));
          await visit(page, '/handbook', title.handbook);
          await shot(page, name('handbook'));
          await expectNoOverflow(page, name('handbook'));
          // The title is sized for a work tool, not a poster.
          const fontSize = await page
            .getByRole('heading', { level: 1 })
            .evaluate((heading) => Number.parseFloat(getComputedStyle(heading).fontSize));
          expect(fontSize).toBeLessThanOrEqual(26);
          // At desktop width the page uses the screen beside the navigation, not a narrow column.
          if (size === 'desktop') {
            await visit(page, '/cases', title.cases);
            await page.getByText('Drohung in der Kantine').first().waitFor();
            // The main area's content box: the window less the navbar and the padding.
            const room = await page.locator('#main-content').evaluate((main) => {
              const style = getComputedStyle(main);
              return (
                main.clientWidth -
                Number.parseFloat(style.paddingLeft) -
                Number.parseFloat(style.paddingRight)
              );
            });
            const table = await page.getByRole('table').first().boundingBox();
            expect(room).toBeGreaterThan(1100);
            expect(table?.width).toBeGreaterThan(room * 0.9);
          }
        }
      }
    });

    it('shows grey placeholders while a page loads, and an error that says what to do next', async () => {
      const page = await open('manager-states', desktop, { failuresExpected: true });
      await signIn(page, people.manager);
      // The cases answer late: the page keeps its shape with placeholders, and no "Loading…" line.
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route(/\/api\/v1\/cases(\?|$)/, async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(url('/cases'));
      await page.locator('[data-loading-skeleton]').first().waitFor();
      // The placeholder's words are for screen readers only; nothing else on the page says "Loading".
      const shownText = await page.evaluate(() => {
        const copy = document.body.cloneNode(true) as HTMLElement;
        for (const placeholder of copy.querySelectorAll('[data-loading-skeleton]')) placeholder.remove();
        return copy.textContent ?? '';
      });
      expect(shownText).not.toMatch(/Loading|Checking/);
      expect(await page.locator('[data-loading-skeleton]').first().textContent()).toMatch(/\w/);
      await shot(page, 'skeleton-cases-desktop');
      release();
      await page.getByText('Drohung in der Kantine').first().waitFor();
      await page.unroute(/\/api\/v1\/cases(\?|$)/);
      // The server is away for a moment: the page says so and offers to try again; its own words are detail.
      await page.route(/\/api\/v1\/cases(\?|$)/, (route) =>
        route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'unavailable', message: 'upstream connect error' } }),
        }),
      );
      await page.goto(url('/cases'));
      const alert = page.getByRole('alert').filter({ hasText: 'TMA is not available at the moment' });
      await alert.waitFor();
      expect(await alert.getByText('Server: upstream connect error').count()).toBe(1);
      await shot(page, 'error-cases-desktop');
      await page.unroute(/\/api\/v1\/cases(\?|$)/);
      await alert.getByRole('button', { name: 'Try again' }).click();
      await page.getByText('Drohung in der Kantine').first().waitFor();
      // A case that does not exist (or is not visible): the page's own words and a way back, no raw message.
      await page.goto(url('/cases/00000000-0000-4000-8000-000000000000'));
      const missing = page.getByRole('alert');
      await missing.waitFor();
      expect(await missing.innerText()).not.toMatch(/case_not_found|Server:/);
      await missing.getByRole('link').first().waitFor();
    });

    it('shows the case’s details beside its tabs on a desktop, and below the title on a phone', async () => {
      const page = await open('manager-case', desktop);
      await signIn(page, people.manager);
      await page.goto(url(`/cases/${caseId}`));
      const details = page.getByRole('complementary', { name: 'Details' });
      const tabs = page.getByRole('tablist');
      await details.waitFor();
      const [aside, tabList] = await Promise.all([details.boundingBox(), tabs.boundingBox()]);
      expect(aside && tabList && aside.x > tabList.x + tabList.width - 1).toBe(true);
      // One day format: "7 Dec 2026".
      const opened = await details.locator('time').first().innerText();
      expect(opened).toMatch(/^\d{1,2} [A-Z][a-z]{2,3} \d{4}$/);
      // In German: "7. Dez. 2026".
      await page.evaluate(() => window.localStorage.setItem('tma.language', 'de'));
      await page.reload();
      const germanDetails = page.getByRole('complementary', { name: 'Angaben' });
      await germanDetails.waitFor();
      expect(await germanDetails.locator('time').first().innerText()).toMatch(
        /^\d{1,2}\. [A-ZÄÖÜ][a-zä]{2,4}\.? \d{4}$/,
      );
      await page.evaluate(() => window.localStorage.setItem('tma.language', 'en'));
    });

    it('shows a thumbnail of an image on the case, the cleaned copy through the authorised download', async () => {
      const page = await open('manager-documents', desktop);
      await signIn(page, people.manager);
      await page.goto(url(`/cases/${caseId}?tab=documents`));
      const item = page.getByTestId('case-document').filter({ hasText: 'Tor 3' });
      const thumbnail = item.getByTestId('attachment-thumbnail');
      await thumbnail.waitFor();
      // Drawn from the file's bytes (the upload was 800 pixels wide), shown small.
      await page.waitForFunction(
        () =>
          (document.querySelector('img[data-testid="attachment-thumbnail"]') as HTMLImageElement | null)
            ?.naturalWidth === 800,
      );
      const box = await thumbnail.boundingBox();
      expect(box?.width).toBeLessThanOrEqual(64);
      // The cleaned copy shown in the page, never the kept original.
      const src = await thumbnail.getAttribute('src');
      expect(src).toMatch(
        new RegExp(`^/api/v1/cases/${caseId}/documents/[^/]+/versions/1/content\\?disposition=inline$`),
      );
      expect(src).not.toContain('original');
      expect(await thumbnail.getAttribute('loading')).toBe('lazy');
      // Decorative: the document's title beside it names it.
      expect(await thumbnail.getAttribute('alt')).toBe('');
      await shot(page, 'case-documents-desktop');
    });

    it('gives an administrator the users page and an administration group that folds away', async () => {
      for (const [size, viewport] of [
        ['desktop', desktop],
        ['phone', phone],
      ] as const) {
        const page = await open(`admin-${size}`, viewport);
        await signIn(page, people.admin);
        await visit(page, '/admin/users', 'Users');
        await page.getByText(people.manager.email).first().waitFor();
        await shot(page, `users-${size}`);
        await expectNoOverflow(page, `users-${size}`);
        for (const [pathname, title, name] of [
          ['/admin/units', 'Units', 'units'],
          ['/admin/portal', 'Reporting portal', 'portal'],
          ['/admin/status', 'Server status', 'status'],
        ] as const) {
          await visit(page, pathname, title);
          if (name === 'status') await page.getByRole('heading', { name: 'Master key' }).waitFor();
          await shot(page, `${name}-${size}`);
          await expectNoOverflow(page, `${name}-${size}`);
        }
        if (size === 'phone') continue;
        await visit(page, '/admin/users', 'Users');
        const navigation = page.getByRole('navigation', { name: 'Main navigation' });
        // On an administration page its group stays open: the open page never hides.
        expect(await navigation.getByRole('button', { name: 'Administration' }).count()).toBe(0);
        await navigation.getByRole('link', { name: 'Overview' }).click();
        const toggle = navigation.getByRole('button', { name: 'Administration' });
        expect(await toggle.getAttribute('aria-expanded')).toBe('true');
        await toggle.click();
        expect(await toggle.getAttribute('aria-expanded')).toBe('false');
        expect(await navigation.getByRole('link', { name: 'Users' }).isVisible()).toBe(false);
        // Remembered in this browser.
        await page.reload();
        await navigation.getByRole('button', { name: 'Administration' }).waitFor();
        expect(await toggle.getAttribute('aria-expanded')).toBe('false');
        await toggle.click();
        await navigation.getByRole('link', { name: 'Users' }).waitFor();
      }
    });
  },
);
