// The inbox as a daily tool, in a real browser against a real TMA server (issue 19): a threat manager
// searches by reference (and is told the content is not searched), narrows by unit, channel, status, danger,
// awaiting reply and case owner, sorts, reloads the page and finds the same filtered inbox from its address,
// clears the filters; on a phone the filters fold away under a button that counts them; the report page
// shows its details in a side column beside the thread on a desktop, and in the flow on a phone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, recordProblems, screenshotDir } from '../support/browser.ts';
import { reportAnswers } from '../support/reporting-app.ts';
import { type SignedInCall, signIn as signInApi } from '../support/session.ts';

const password = 'Kompass-Lindenbaum-2291-Nord';
const manager = { email: 'tom.berger@acme.example', name: 'Tom Berger' };
const colleague = { email: 'fay.roth@acme.example', name: 'Fay Roth' };
const desktop = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };

const dayBefore = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(browserSkipReason !== undefined)(
  `inbox${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let browser: Browser | undefined;
    const problems: string[] = [];
    /** References by letter, A the first recorded. */
    const ref: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const units: Record<string, string> = {};

    beforeAll(async () => {
      server = await startAppServer('inbox');
      const { database, app } = server;
      const tenantId = (await createTenant(database.db, { slug: 'acme', name: 'Acme' })).id;
      units.de = (
        await createUnit(database, tenantId, { slug: 'de', name: 'Deutschland' }, { kind: 'operator' })
      ).id;
      units.fr = (
        await createUnit(database, tenantId, { slug: 'fr', name: 'Frankreich' }, { kind: 'operator' })
      ).id;
      for (const who of [manager, colleague]) {
        await createUser(
          database,
          tenantId,
          { email: who.email, displayName: who.name, role: 'threat_manager', password, specialty: null },
          { kind: 'operator' },
        );
        await setUserUnits(
          database,
          tenantId,
          { email: who.email },
          { slugs: ['de', 'fr'] },
          { kind: 'operator' },
        );
      }
      const tom: SignedInCall = await signInApi(app, { tenant: 'acme', email: manager.email, password });
      const fay: SignedInCall = await signInApi(app, { tenant: 'acme', email: colleague.email, password });
      const record = async (letter: string, input: Record<string, unknown>) => {
        const response = await tom('POST', '/api/v1/reports', {
          anonymous: false,
          reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
          answers: { ...reportAnswers, description: `Bericht ${letter}` },
          issueReceipt: false,
          ...input,
        });
        expect(response.statusCode, response.body).toBe(201);
        ids[letter] = response.json().report.id;
      };
      // A: Germany by phone, 10 days ago, acknowledged. B: Germany by e-mail, danger. C: France by letter.
      // D: Germany by phone, a case Fay owns. E: France in person, closed. F: Germany by phone, the reporter
      // wrote after the team's last message; a case Tom owns.
      await record('A', { unitId: units.de, channel: 'phone', receivedOn: dayBefore(10) });
      await record('B', {
        unitId: units.de,
        channel: 'email',
        receivedOn: dayBefore(3),
        answers: { ...reportAnswers, immediate_danger: 'yes', description: 'Bericht B' },
      });
      await record('C', { unitId: units.fr, channel: 'letter', receivedOn: dayBefore(5) });
      await record('D', { unitId: units.de, channel: 'phone', receivedOn: dayBefore(2) });
      await record('E', { unitId: units.fr, channel: 'in_person', receivedOn: dayBefore(20) });
      await record('F', { unitId: units.de, channel: 'phone', receivedOn: dayBefore(1) });
      const all = (await tom('GET', '/api/v1/reports?view=all&limit=100')).json().reports as {
        id: string;
        reference: string;
      }[];
      for (const [letter, id] of Object.entries(ids))
        ref[letter] = all.find((report) => report.id === id)?.reference as string;
      const step = async (call: SignedInCall, path: string, body: Record<string, unknown>) => {
        const response = await call('POST', path, body);
        expect(response.statusCode, response.body).toBeLessThan(300);
      };
      await step(tom, `/api/v1/reports/${ids.A}/acknowledge`, { body: 'Danke, wir sind dran.' });
      await step(fay, `/api/v1/reports/${ids.D}/open-case`, { title: 'Lager' });
      await step(tom, `/api/v1/reports/${ids.F}/open-case`, { title: 'Kantine' });
      await step(tom, `/api/v1/reports/${ids.E}/close`, { reason: 'not_relevant', note: 'Kein Bezug' });
      await database.db
        .updateTable('reports')
        .set({ awaiting_reply: true })
        .where('id', '=', ids.F as string)
        .execute();
      browser = await launchChromium();
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      expect(problems).toEqual([]);
    });

    async function signedIn(locale: string, viewport: { width: number; height: number }) {
      if (!browser || !server) throw new Error('not started');
      const context = await browser.newContext({ locale, viewport });
      const page = await context.newPage();
      recordProblems(page, problems, { expectedConsole: /status of 401/ });
      await page.goto(new URL('/login?tenant=acme', server.baseUrl).href);
      await page
        .getByLabel(locale.startsWith('de') ? 'E-Mail-Adresse' : 'E-mail address')
        .fill(manager.email);
      await page
        .getByRole('textbox', { name: locale.startsWith('de') ? 'Passwort' : 'Password' })
        .fill(password);
      await page
        .getByRole('button', { name: locale.startsWith('de') ? 'Anmelden' : 'Sign in', exact: true })
        .click();
      await page.waitForURL((address) => address.pathname === '/');
      return page;
    }

    const shot = (page: Page, name: string) =>
      page.screenshot({ path: `${screenshotDir}/inbox-${name}.png`, fullPage: true });
    const url = (path: string) => new URL(path, server?.baseUrl).href;
    /** The letters of the reports the inbox shows, in order. */
    const shownLetters = async (page: Page) => {
      const texts = await page.getByRole('link', { name: /^R-\d{4}-\d{4}$/ }).allInnerTexts();
      return texts.map((text) => Object.keys(ref).find((letter) => ref[letter] === text.trim()) ?? text);
    };
    const expectShown = (page: Page, letters: string[]) =>
      expect.poll(() => shownLetters(page), { timeout: 15_000 }).toEqual(letters);
    const query = (page: Page) => new URL(page.url()).searchParams;
    const choose = async (page: Page, label: string, option: string) => {
      await page.getByTestId('inbox-filters').getByLabel(label, { exact: true }).click();
      await page.getByRole('option', { name: option, exact: true }).click();
    };

    it('searches, filters and sorts, keeps it all in the address and survives a reload', async () => {
      const page = await signedIn('en-GB', desktop);
      await page.getByRole('link', { name: /Inbox/ }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
      // Open reports, danger first, then newest; "awaiting reply" where the reporter wrote last.
      await expectShown(page, ['B', 'C', 'A']);
      await page.getByRole('tab', { name: 'All' }).click();
      await expectShown(page, ['B', 'F', 'E', 'D', 'C', 'A']);
      expect(query(page).get('view')).toBe('all');
      await page.getByRole('table', { name: 'Reports' }).getByText('Awaiting reply').waitFor();
      await shot(page, '1-all-en');

      // The search says what it covers: the reference and the unit's name, never the encrypted content.
      const filters = page.getByTestId('inbox-filters');
      await filters.getByText('is stored encrypted and is not searched').waitFor();
      const search = filters.getByRole('searchbox', { name: 'Search' });
      await search.fill((ref.C as string).slice(-4));
      await search.press('Enter');
      await expectShown(page, ['C']);
      expect(query(page).get('q')).toBe((ref.C as string).slice(-4));
      await search.fill('Bericht');
      await filters.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByText('No report fits these filters.').waitFor();
      await search.fill('frank');
      await search.press('Enter');
      await expectShown(page, ['E', 'C']);
      await search.fill('');
      await search.press('Enter');
      await expectShown(page, ['B', 'F', 'E', 'D', 'C', 'A']);
      expect(query(page).has('q')).toBe(false);

      // Unit and channel, then an order: Germany's phone reports, oldest first.
      await choose(page, 'Unit', 'Deutschland');
      await expectShown(page, ['B', 'F', 'D', 'A']);
      await choose(page, 'Channel', 'Phone');
      await expectShown(page, ['F', 'D', 'A']);
      await choose(page, 'Order', 'Oldest first');
      await expectShown(page, ['A', 'D', 'F']);
      expect(Object.fromEntries(query(page))).toEqual({
        view: 'all',
        unit: units.de,
        channel: 'phone',
        sort: 'oldest',
      });
      await shot(page, '2-filtered-en');

      // The address holds it all: a reload shows the same inbox with the same filters chosen.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
      await expectShown(page, ['A', 'D', 'F']);
      // The unit's name shows once the units have loaded.
      await expect.poll(() => filters.getByLabel('Unit', { exact: true }).inputValue()).toBe('Deutschland');
      expect(await filters.getByLabel('Channel', { exact: true }).inputValue()).toBe('Phone');
      expect(await filters.getByLabel('Order', { exact: true }).inputValue()).toBe('Oldest first');
      expect(await page.getByRole('tab', { name: 'All' }).getAttribute('aria-selected')).toBe('true');

      // Case owner: mine is F, Fay's D; nobody owns A's (no case).
      await choose(page, 'Case owner', 'Me');
      await expectShown(page, ['F']);
      await choose(page, 'Case owner', colleague.name);
      await expectShown(page, ['D']);
      await choose(page, 'Case owner', 'No one yet (no case, or no owner)');
      await expectShown(page, ['A']);
      await filters.getByRole('button', { name: 'Clear filters' }).click();
      // The order stays: it is not a filter.
      await expectShown(page, ['A', 'B', 'C', 'D', 'E', 'F']);
      expect(Object.fromEntries(query(page))).toEqual({ view: 'all', sort: 'oldest' });

      // Status, danger, awaiting reply; the deadline order puts the danger report (hours) first.
      await choose(page, 'Status', 'Closed');
      await expectShown(page, ['E']);
      // Another view keeps the filters it can: "Open" has no closed reports, so the status goes.
      await page.getByRole('tab', { name: 'Open' }).click();
      await expectShown(page, ['A', 'B', 'C']);
      expect(query(page).has('status')).toBe(false);
      await choose(page, 'Order', 'Nearest deadline first');
      await expectShown(page, ['B', 'C', 'A']);
      // A switch is clicked, not `check()`ed: its state follows the address, a moment after the click.
      const danger = filters.getByRole('switch', { name: 'Immediate danger only' });
      await danger.click();
      await expectShown(page, ['B']);
      expect(await danger.isChecked()).toBe(true);
      await danger.click();
      await expectShown(page, ['B', 'C', 'A']);
      expect(await danger.isChecked()).toBe(false);
      await page.getByRole('tab', { name: 'All' }).click();
      await expectShown(page, ['B', 'C', 'D', 'F', 'A', 'E']);
      await filters.getByRole('switch', { name: /Awaiting reply only/ }).click();
      await expectShown(page, ['F']);
      expect(query(page).get('awaiting')).toBe('true');

      // Back steps through the filters.
      await page.goBack();
      await expectShown(page, ['B', 'C', 'D', 'F', 'A', 'E']);
      await page.close();
    });

    it('folds the filters away on a phone and counts the ones set (German)', async () => {
      const page = await signedIn('de-DE', phone);
      await page.goto(url(`/inbox?view=all&unit=${units.de}&channel=phone`));
      await page.getByRole('heading', { level: 1, name: 'Eingang' }).waitFor();
      await expectShown(page, ['F', 'D', 'A']);
      const filters = page.getByTestId('inbox-filters');
      const toggle = filters.getByRole('button', { name: 'Filter (2)' });
      // Folded away, so the list comes first; the button counts the filters set and opens them.
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      await filters.getByText('nicht durchsucht').waitFor();
      await page.getByRole('list', { name: 'Meldungen' }).getByText('Wartet auf Antwort').waitFor();
      await shot(page, '3-phone-de');
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      // The unit's name shows once the units have loaded.
      await expect
        .poll(() => filters.getByLabel('Einheit', { exact: true }).inputValue())
        .toBe('Deutschland');
      await page.waitForTimeout(400);
      await shot(page, '4-phone-de-filters');
      // Nothing scrolls sideways.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await filters.getByRole('button', { name: 'Filter zurücksetzen' }).click();
      await expectShown(page, ['B', 'F', 'E', 'D', 'C', 'A']);
      await filters.getByRole('button', { name: 'Filter', exact: true }).waitFor();
      await page.close();
    });

    it('shows a report’s details beside the thread on a desktop and in the flow on a phone', async () => {
      const page = await signedIn('en-GB', desktop);
      await page.goto(url(`/reports/${ids.F}`));
      await page.getByRole('heading', { level: 1, name: ref.F }).waitFor();
      const aside = page.getByRole('complementary', { name: 'Details' });
      await aside.getByRole('heading', { name: 'Details' }).waitFor();
      const dialogue = page.getByRole('heading', { name: 'Dialogue with the reporter' });
      const [asideBox, dialogueBox] = [await aside.boundingBox(), await dialogue.boundingBox()];
      // Beside, not below: the side column starts right of the thread, level with the page's content.
      expect(asideBox && dialogueBox && asideBox.x > dialogueBox.x + dialogueBox.width).toBe(true);
      expect(await page.getByRole('heading', { name: 'Details' }).count()).toBe(1);
      await page.getByText('Awaiting reply').first().waitFor();
      await shot(page, '5-report-desktop');

      await page.setViewportSize(phone);
      await page.getByRole('heading', { name: 'Details' }).waitFor();
      expect(await page.getByRole('complementary', { name: 'Details' }).count()).toBe(0);
      await page.waitForTimeout(300);
      await shot(page, '6-report-phone');
      await page.close();
    });
  },
);
