// The admins' Units page in a real browser against a real TMA server: an admin creates a unit and a
// sub-unit, renames one, moves one under another unit, sees a unit's members, copies a portal link and
// opens it; the same page in German; a threat manager has no navigation entry and is told the page is for
// administrators.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';

const password = 'Kompass-Lindenbaum-2291-Nord';
const admin = { email: 'ada.klein@acme.example', name: 'Ada Klein' };
const manager = { email: 'tom.berger@acme.example', name: 'Tom Berger' };
const expert = { email: 'eva.roth@acme.example', name: 'Eva Roth' };

const english = { email: 'E-mail address', password: 'Password', submit: 'Sign in' };
const german = { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' };

describe.skipIf(browserSkipReason !== undefined)(
  `units page${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let browser: Browser | undefined;
    const problems: string[] = [];

    beforeAll(async () => {
      server = await startAppServer('units');
      const { database } = server;
      const tenantId = (await createTenant(database.db, { slug: 'acme', name: 'Acme' })).id;
      await createUnit(database, tenantId, { slug: 'fr', name: 'France' }, { kind: 'operator' });
      for (const [who, role] of [
        [admin, 'admin'],
        [manager, 'threat_manager'],
        [expert, 'expert'],
      ] as const)
        await createUser(
          database,
          tenantId,
          {
            email: who.email,
            displayName: who.name,
            role,
            password,
            specialty: role === 'expert' ? 'psychology' : null,
          },
          { kind: 'operator' },
        );
      for (const who of [manager, expert])
        await setUserUnits(database, tenantId, { email: who.email }, { slugs: ['fr'] }, { kind: 'operator' });
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    /** `expected`: the failed requests the test provokes, besides the 401 of the session check before sign-in. */
    async function signedIn(
      who: { email: string },
      locale: string,
      labels: typeof english,
      expected = /status of 401/,
    ) {
      if (!browser || !server) throw new Error('not started');
      const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (
          message.type() === 'error' &&
          !/status of 401/.test(message.text()) &&
          !expected.test(message.text())
        )
          problems.push(`console error: ${message.text()}`);
      });
      await page.goto(new URL('/login?tenant=acme', server.baseUrl).href);
      await page.getByLabel(labels.email).fill(who.email);
      await page.getByRole('textbox', { name: labels.password }).fill(password);
      await page.getByRole('button', { name: labels.submit, exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
      return page;
    }

    const shot = (page: Page, name: string) =>
      page.screenshot({ path: `${screenshotDir}/units-${name}.png`, fullPage: true });
    /** The drawer is fixed to the window: a shot of the window, once it has slid in. */
    const drawerShot = async (page: Page, name: string) => {
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${screenshotDir}/units-${name}.png` });
    };
    const notice = (page: Page, text: string) => page.getByRole('status').getByText(text).waitFor();
    const unit = (page: Page, slug: string) => page.getByTestId(`unit-${slug}`);

    it('lets an admin create, rename and move units, see members and copy a portal link', async () => {
      const page = await signedIn(admin, 'en-GB', english);
      await page.getByRole('link', { name: 'Units', exact: true }).click();
      await page.getByRole('heading', { name: 'Units', level: 1 }).waitFor();
      await page.getByText('A unit cannot be deleted').waitFor();

      // A top-level unit: the slug follows the name.
      await page.getByRole('button', { name: 'New unit…' }).click();
      let dialog = page.getByRole('dialog', { name: 'New unit' });
      await dialog.getByLabel('Name').fill('Germany');
      expect(await dialog.getByLabel('Slug').inputValue()).toBe('germany');
      await dialog.getByRole('button', { name: 'Create unit' }).click();
      await notice(page, 'Germany was created.');

      // A sub-unit of it.
      await page.getByRole('button', { name: 'New unit…' }).click();
      dialog = page.getByRole('dialog', { name: 'New unit' });
      await dialog.getByLabel('Name').fill('Berlin office');
      expect(await dialog.getByLabel('Slug').inputValue()).toBe('berlin-office');
      await dialog.getByLabel('Parent unit').selectOption({ label: 'Germany' });
      await dialog.getByRole('button', { name: 'Create unit' }).click();
      await notice(page, 'Berlin office was created.');
      await unit(page, 'germany').getByTestId('unit-berlin-office').waitFor();
      await shot(page, 'tree-en');

      // Renamed: the slug stays.
      await page.getByRole('button', { name: 'Rename Berlin office' }).click();
      dialog = page.getByRole('dialog', { name: 'Rename Berlin office' });
      await dialog.getByLabel('Name').fill('Berlin');
      await dialog.getByRole('button', { name: 'Rename' }).click();
      await notice(page, 'Berlin office is now called Berlin.');
      await unit(page, 'berlin-office').getByRole('heading', { name: 'Berlin', exact: true }).waitFor();

      // Moved under France; the picker offers top-level units only, never the unit itself.
      await page.getByRole('button', { name: 'Move Berlin' }).click();
      dialog = page.getByRole('dialog', { name: 'Move Berlin' });
      const options = await dialog.getByLabel('New parent unit').locator('option').allTextContents();
      expect(options).toEqual(['None (a top-level unit)', 'France', 'Germany (where it is now)']);
      await dialog.getByLabel('New parent unit').selectOption({ label: 'France' });
      await shot(page, 'move-en');
      await dialog.getByRole('button', { name: 'Move unit' }).click();
      await notice(page, 'Berlin is now a sub-unit of France.');
      await unit(page, 'fr').getByTestId('unit-berlin-office').waitFor();
      expect(await unit(page, 'germany').getByTestId('unit-berlin-office').count()).toBe(0);

      // France has a sub-unit now, so it stays top-level: nothing to choose, nothing to send.
      await page.getByRole('button', { name: 'Move France' }).click();
      dialog = page.getByRole('dialog', { name: 'Move France' });
      await dialog.getByText('France has sub-units, so it stays a top-level unit.').waitFor();
      expect(await dialog.getByRole('button', { name: 'Move unit' }).count()).toBe(0);
      // The form's Cancel (the close button in the corner says Cancel too).
      await dialog.getByRole('button', { name: 'Cancel' }).last().click();

      // Members of France, with a way to the users page.
      await unit(page, 'fr').getByText('2 members').first().waitFor();
      await page.getByRole('button', { name: 'Members of France' }).click();
      const drawer = page.getByRole('dialog', { name: 'Members of France' });
      const members = drawer.getByTestId('unit-members');
      await members.getByText(manager.name).waitFor();
      await members.getByText(expert.email).waitFor();
      await members.getByText('Expert · Psychology').waitFor();
      await drawerShot(page, 'members-en');
      await drawer.getByRole('link', { name: /users page/ }).waitFor();
      await drawer.getByRole('button', { name: 'Close' }).click();

      // The portal link of Germany: copied, and it opens the portal for that unit in a new tab.
      const baseUrl = server?.baseUrl as string;
      await page.getByRole('button', { name: 'Copy link: Germany' }).click();
      await unit(page, 'germany').getByText('Copied').waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
        `${baseUrl}/report/acme/germany`,
      );
      const link = unit(page, 'germany').getByRole('link', { name: `${baseUrl}/report/acme/germany` });
      expect(await link.getAttribute('target')).toBe('_blank');
      const [portal] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
      await portal.waitForLoadState();
      expect(new URL(portal.url()).pathname).toBe('/report/acme/germany');
      await portal.getByRole('heading', { level: 1 }).first().waitFor();
      await portal.close();
      await page.context().close();
    });

    it('speaks German', async () => {
      // The reserved slug below is refused with 422.
      const page = await signedIn(admin, 'de-DE', german, /status of 422/);
      await page.getByRole('link', { name: 'Einheiten', exact: true }).click();
      await page.getByRole('heading', { name: 'Einheiten', level: 1 }).waitFor();
      await unit(page, 'fr').getByText('2 Mitglieder').first().waitFor();
      await unit(page, 'germany').getByRole('button', { name: 'Link kopieren: Germany' }).waitFor();
      await shot(page, 'tree-de');
      await page.getByRole('button', { name: 'Neue Einheit …' }).click();
      const dialog = page.getByRole('dialog', { name: 'Neue Einheit' });
      await dialog.getByLabel('Name').fill('Österreich');
      expect(await dialog.getByLabel('Kürzel').inputValue()).toBe('oesterreich');
      await dialog.getByLabel('Kürzel').fill('dialogue');
      await dialog.getByRole('button', { name: 'Einheit anlegen' }).click();
      await dialog
        .getByText('Dieses Kürzel verwendet das Meldeportal selbst. Wählen Sie ein anderes.')
        .waitFor();
      await shot(page, 'create-de');
      await dialog.getByLabel('Kürzel').fill('at');
      await dialog.getByRole('button', { name: 'Einheit anlegen' }).click();
      await notice(page, 'Österreich wurde angelegt.');
      await page.getByRole('button', { name: 'Mitglieder von Berlin' }).click();
      await page
        .getByRole('dialog', { name: 'Mitglieder von Berlin' })
        .getByText('Zu dieser Einheit gehört noch niemand.')
        .waitFor();
      await drawerShot(page, 'members-de');
      await page.context().close();
    });

    it('shows a threat manager no entry and a clear page for administrators only', async () => {
      const page = await signedIn(manager, 'en-GB', english);
      await page.getByRole('link', { name: 'Inbox' }).first().waitFor();
      expect(await page.getByRole('link', { name: 'Units', exact: true }).count()).toBe(0);
      await page.goto(new URL('/admin/units', server?.baseUrl).href);
      await page.getByText('Only administrators of your organisation can open this page.').waitFor();
      await page.getByText('For administrators').waitFor();
      expect(await page.getByTestId('units-tree').count()).toBe(0);
      await shot(page, 'manager-en');
      await page.context().close();
      expect(problems).toEqual([]);
    });
  },
);
