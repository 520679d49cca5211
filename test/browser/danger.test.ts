// Danger is urgent, in a real browser against a real TMA server with a clock the test moves on: an admin sets
// the deadline for danger reports to one hour beside the portal's default emergency notice; an anonymous
// reporter answers "someone is in danger now" and at once sees the emergency callout; the threat manager on
// duty is alerted (in the app and by e-mail) and reminded, does not acknowledge, and when the hour has passed
// the escalation reaches every threat manager of the unit, who sees it in the bell and the inbox.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../../server/crypto/keyring.ts';
import type { Database } from '../../server/db/database.ts';
import { withTenant } from '../../server/db/tenant-transaction.ts';
import { runDangerEscalation } from '../../server/jobs/danger-escalation.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { openQueuedEmail } from '../../server/modules/mail/outbox.ts';
import { DANGER_REMINDER_MINUTES } from '../../server/modules/reports/danger.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, recordProblems, screenshotDir } from '../support/browser.ts';
import { signIn as signInApi } from '../support/session.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const onDuty = { email: 'tom.berger@acme.example', name: 'Tom Berger' };
const colleague = { email: 'tessa.lang@acme.example', name: 'Tessa Lang' };
const elsewhere = { email: 'fay.morel@acme.example', name: 'Fay Morel' };
const admin = { email: 'ada.klein@acme.example', name: 'Ada Klein' };
const MINUTE = 60_000;

describe.skipIf(browserSkipReason !== undefined)(
  `danger is urgent${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let database: Database;
    let keyring: Keyring;
    let app: FastifyInstance;
    let baseUrl: string;
    let tenantId = '';
    let browser: Browser | undefined;
    const problems: string[] = [];
    // The server's clock (not the browser's): moved on to let the reminder and the deadline come.
    let clockOffsetMs = 0;
    const now = () => new Date(Date.now() + clockOffsetMs);

    beforeAll(async () => {
      server = await startAppServer('danger', { reporting: { now } });
      ({ database, app, baseUrl, keyring } = server);
      tenantId = (await createTenant(database.db, tenant)).id;
      const germany = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
      await createUnit(database, tenantId, { slug: 'fr', name: 'Frankreich' }, { kind: 'operator' });
      for (const [user, role, unit] of [
        [onDuty, 'threat_manager', 'de'],
        [colleague, 'threat_manager', 'de'],
        [elsewhere, 'threat_manager', 'fr'],
        [admin, 'admin', null],
      ] as const) {
        await createUser(
          database,
          tenantId,
          { email: user.email, displayName: user.name, role, specialty: null, password },
          { kind: 'operator' },
        );
        if (unit)
          await setUserUnits(
            database,
            tenantId,
            { email: user.email },
            { slugs: [unit] },
            { kind: 'operator' },
          );
      }
      // Tom is on duty for Germany.
      const tom = await signInApi(app, { tenant: tenant.slug, email: onDuty.email, password });
      const candidates = (await tom('GET', `/api/v1/units/${germany.id}/on-duty`)).json()
        .candidates as Array<{
        id: string;
        name: string;
      }>;
      const tomId = candidates.find((candidate) => candidate.name === onDuty.name)?.id;
      const set = await tom('PUT', `/api/v1/units/${germany.id}/on-duty`, { userIds: [tomId] });
      expect(set.statusCode, set.body).toBe(200);
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    /** A browser context that records failed answers, page errors and console errors. */
    async function open(who: string, locale: string, viewport = { width: 1440, height: 900 }) {
      if (!browser) throw new Error('browser not started');
      const context: BrowserContext = await browser.newContext({ locale, viewport, reducedMotion: 'reduce' });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      recordProblems(page, problems, { who, failedAnswers: true });
      return { context, page };
    }

    const url = (pathname: string) => new URL(pathname, baseUrl).href;
    const shot = async (page: Page, name: string, fullPage = true) => {
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshotDir, `danger-${name}.png`), fullPage });
    };

    async function signIn(page: Page, who: { email: string }) {
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel('E-mail address').fill(who.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
    }

    /** The bell's notices of the signed-in user, as the menu lists them (all its text, on one line). */
    async function notices(page: Page): Promise<string> {
      await page.goto(url('/'));
      const bell = page.getByRole('button', { name: /^Notifications/ });
      await bell.click();
      const menu = page.getByRole('menu');
      await menu.getByRole('menuitem').first().waitFor();
      const items = await menu.getByRole('menuitem').allInnerTexts();
      await page.keyboard.press('Escape');
      return items.join(' | ').replace(/\s+/g, ' ');
    }

    /** The e-mails waiting in the outbox with `template`, by recipient, opened as the dispatcher does. */
    async function mailsOf(template: string): Promise<string[]> {
      const keys = await keyring.forTenant(tenantId);
      return withTenant(database, { tenantId, userId: null }, async (trx) => {
        const rows = await trx
          .selectFrom('email_outbox')
          .selectAll()
          .where('template', '=', template)
          .execute();
        const to: string[] = [];
        for (const row of rows) to.push((await openQueuedEmail(trx, keys, row)).to);
        return to.sort();
      });
    }

    let reference = '';

    it('lets the admin set the deadline in hours beside the default emergency notice', async () => {
      const { context, page } = await open('admin', 'en-GB');
      await signIn(page, admin);
      await page.goto(url('/admin/portal'));
      const notice = page.getByLabel('Emergency notice (English)');
      await notice.waitFor();
      // Every portal starts with an emergency notice, in both languages.
      expect(await notice.inputValue()).toContain('Call the emergency number 112');
      expect(await page.getByLabel('Emergency notice (German)').inputValue()).toContain('Notruf 112');
      const hours = page.getByRole('textbox', { name: /Acknowledge danger reports within \(hours\)/ });
      expect(await hours.inputValue()).toBe('2');
      await hours.fill('1');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'The settings are saved.' }).waitFor();
      await hours.scrollIntoViewIfNeeded();
      await shot(page, '1-settings-en', false);
      await context.close();
    }, 120_000);

    it('shows the anonymous reporter the emergency callout as soon as someone is in danger now', async () => {
      // In English on a desktop: the callout appears under the answer, and goes when the answer changes.
      const desktop = await open('reporter (en)', 'en-GB');
      await desktop.page.goto(url(`/report/${tenant.slug}/de`));
      await desktop.page.getByRole('heading', { level: 1 }).first().waitFor();
      expect(await desktop.page.getByTestId('danger-callout').count()).toBe(0);
      await desktop.page.getByRole('radio', { name: 'Yes', exact: true }).check();
      const english = desktop.page.getByRole('alert').filter({ hasText: 'Someone is in danger now' });
      await english.waitFor();
      expect(await english.innerText()).toContain('Call the emergency number 112');
      await english.scrollIntoViewIfNeeded();
      await shot(desktop.page, '2-callout-en', false);
      await desktop.page.getByRole('radio', { name: 'No', exact: true }).check();
      await english.waitFor({ state: 'detached' });
      await desktop.context.close();

      // In German on a phone: the reporter says yes, reads the callout and sends the report anonymously.
      const { context, page } = await open('reporter (de)', 'de-DE', { width: 390, height: 844 });
      await page.goto(url(`/report/${tenant.slug}/de`));
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.getByRole('radio', { name: 'Ja', exact: true }).check();
      const callout = page.getByTestId('danger-callout');
      await callout.waitFor();
      expect(await callout.getAttribute('role')).toBe('alert');
      expect(await callout.innerText()).toContain('Jemand ist jetzt in Gefahr');
      expect(await page.getByTestId('danger-callout-notice').innerText()).toContain('Notruf 112');
      await callout.scrollIntoViewIfNeeded();
      await shot(page, '3-callout-de-phone', false);
      await page
        .getByLabel('Was haben Sie beobachtet?')
        .fill('Ein Kollege steht mit einem Messer vor dem Büro der Schichtleiterin und droht ihr.');
      await page.getByRole('button', { name: 'Meldung absenden' }).click();
      await page.getByTestId('receipt').waitFor({ timeout: 60_000 });
      await context.close();

      const row = await database.db
        .selectFrom('reports')
        .select(['reference', 'danger_indicated', 'danger_due_at'])
        .executeTakeFirstOrThrow();
      expect(row.danger_indicated).toBe(true);
      // One hour, as the admin set it.
      expect((row.danger_due_at?.getTime() ?? 0) - Date.now()).toBeGreaterThan(55 * MINUTE);
      expect((row.danger_due_at?.getTime() ?? 0) - Date.now()).toBeLessThanOrEqual(60 * MINUTE);
      reference = row.reference;
    }, 180_000);

    it('alerts the threat manager on duty until someone acknowledges, then escalates to all of them', async () => {
      const tom = await open('on duty', 'en-GB');
      await signIn(tom.page, onDuty);
      await tom.page.goto(url('/inbox'));
      const deadline = tom.page.getByTestId('danger-deadline');
      await deadline.waitFor();
      expect(await deadline.innerText()).toMatch(/due in (59|60) min|due in 1 h 0 min/);
      await shot(tom.page, '4-inbox-deadline-en', false);

      // The arrival alerted everyone of Germany; a quarter of an hour on, whoever is on duty is reminded.
      clockOffsetMs = (DANGER_REMINDER_MINUTES - 1) * MINUTE;
      expect(await runDangerEscalation(database, now(), keyring)).toBe(0);
      clockOffsetMs = (DANGER_REMINDER_MINUTES + 1) * MINUTE;
      expect(await runDangerEscalation(database, now(), keyring)).toBe(1);
      expect(await notices(tom.page)).toContain(`Still not acknowledged, immediate danger: ${reference}`);
      expect(await mailsOf('report.danger_alert')).toEqual([onDuty.email]);

      // Tom does not acknowledge. Just before the hour: reminders, no escalation.
      clockOffsetMs = 59 * MINUTE;
      expect(await runDangerEscalation(database, now(), keyring)).toBe(1);
      expect(await mailsOf('report.danger_escalated')).toEqual([]);
      // The hour has passed: every threat manager of Germany is alerted, once; France's is not.
      clockOffsetMs = 61 * MINUTE;
      expect(await runDangerEscalation(database, now(), keyring)).toBe(1);
      expect(await runDangerEscalation(database, now(), keyring)).toBe(0);
      expect(await mailsOf('report.danger_escalated')).toEqual([onDuty.email, colleague.email].sort());

      const escalated = `Escalated, nobody acknowledged in time: ${reference}`;
      expect(await notices(tom.page)).toContain(escalated);
      const tessa = await open('colleague', 'en-GB');
      await signIn(tessa.page, colleague);
      expect(await notices(tessa.page)).toContain(escalated);
      await tessa.page.getByRole('button', { name: /^Notifications/ }).click();
      await shot(tessa.page, '5-bell-escalated-en', false);
      await tessa.page.keyboard.press('Escape');
      await tessa.page.goto(url('/inbox'));
      await tessa.page
        .getByTestId('danger-escalated')
        .filter({ hasText: 'escalated to all threat managers' })
        .waitFor();
      await shot(tessa.page, '6-inbox-escalated-en', false);
      // France's threat manager hears nothing of Germany's report.
      const fayRows = await database.db
        .selectFrom('notifications')
        .innerJoin('users', 'users.id', 'notifications.user_id')
        .select('users.email')
        .where('users.email', '=', elsewhere.email)
        .execute();
      expect(fayRows).toEqual([]);

      // Tessa acknowledges: the alerts stop.
      await tessa.page.getByRole('link', { name: reference }).click();
      await tessa.page.getByRole('button', { name: 'Acknowledge' }).click();
      await tessa.page.getByRole('button', { name: 'Send acknowledgement' }).click();
      await tessa.page.getByText('The acknowledgement was sent to the reporter.').waitFor();
      clockOffsetMs = 120 * MINUTE;
      expect(await runDangerEscalation(database, now(), keyring)).toBe(0);
      await tessa.page.goto(url('/inbox'));
      await tessa.page.getByRole('link', { name: reference }).waitFor();
      expect(await tessa.page.getByTestId('danger-deadline').count()).toBe(0);

      for (const side of [tom, tessa]) await side.context.close();
      expect(problems).toEqual([]);
    }, 240_000);
  },
);
