// A newcomer's way in on a server without e-mail (TMA_SMTP_URL unset), in a real browser against a real TMA
// server: an admin creates a unit on the Units page and invites a user into it; the Users page says that
// e-mail is not set up and shows the invitation link, which the admin copies. Inviting again makes a new
// link and the first one stops working. The invited user opens the link, sets a password, signs in and
// changes the password on the Account page: the old password no longer works, the new one does.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const admin = {
  email: 'dana.fischer@acme.example',
  name: 'Dana Fischer',
  password: 'Vogelhaus-Kompass-1987-Linde',
};
const invitee = { email: 'mara.vogt@acme.example', name: 'Mara Vogt' };
const unit = 'Logistik Nord';
const firstPassword = 'Regenschirm-Tulpe-4471-Ost';
const changedPassword = 'Leuchtturm-Mandel-9025-West';

async function tma(env: Record<string, string>, args: string[]): Promise<void> {
  await run(process.execPath, [path.join(root, 'server/cli/tma.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
}

describe.skipIf(browserSkipReason !== undefined)(
  `invitation without e-mail and a password change${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
    let browser: Browser | undefined;
    let workDir: string;
    const problems: string[] = [];

    beforeAll(async () => {
      workDir = mkdtempSync(path.join(tmpdir(), 'tma-account-password-test-'));
      // No TMA_SMTP_URL: this server sends no e-mail.
      server = await startTestServer({
        before: async (env) => {
          const passwordFile = path.join(workDir, 'password');
          writeFileSync(passwordFile, `${admin.password}\n`, { mode: 0o600 });
          await tma(env, ['tenant', 'create', tenant.slug, '--name', tenant.name]);
          await tma(env, [
            'user',
            'create',
            '--tenant',
            tenant.slug,
            '--email',
            admin.email,
            '--name',
            admin.name,
            '--role',
            'admin',
            '--password-file',
            passwordFile,
          ]);
        },
      });
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    async function open(locale: string, width: number, height = 900): Promise<Page> {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale,
        viewport: { width, height },
        reducedMotion: 'reduce',
      });
      // The copy button writes to the clipboard; the test reads it back.
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server?.baseUrl });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // 401 (nobody signed in), 404 (a replaced link) and 422 (a wrong password) are answers here.
        if (message.type() === 'error' && !/status of (401|404|422)/.test(message.text()))
          problems.push(`console error: ${message.text()}`);
      });
      return page;
    }
    const url = (pathname: string) => new URL(pathname, server?.baseUrl).href;
    const shot = async (page: Page, name: string) => {
      await page.waitForTimeout(300);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({
        path: path.join(screenshotDir, `account-password-${name}.png`),
        fullPage: true,
      });
    };
    const labels = {
      en: { email: 'E-mail address', password: 'Password', submit: 'Sign in', signOut: 'Sign out' },
      de: { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden', signOut: 'Abmelden' },
    } as const;
    async function signIn(page: Page, language: 'en' | 'de', email: string, password: string) {
      const label = labels[language];
      await page.goto(url('/login'));
      await page.getByRole('textbox', { name: /^Organisation/ }).fill(tenant.slug);
      await page.getByLabel(label.email).fill(email);
      await page.getByRole('textbox', { name: label.password }).fill(password);
      await page.getByRole('button', { name: label.submit, exact: true }).click();
    }
    async function signOut(page: Page, language: 'en' | 'de') {
      await page
        .getByRole('banner')
        .getByRole('button', { name: language === 'en' ? /^Account menu/ : /^Kontomenü/ })
        .click();
      await page.getByRole('menuitem', { name: labels[language].signOut }).click();
      await page
        .getByRole('heading', { level: 1, name: language === 'en' ? 'Sign in' : 'Anmelden' })
        .waitFor();
    }

    it('an admin creates a unit and invites a user with e-mail off; the user signs in and changes the password', async () => {
      // 1. The admin, at a desktop in English, creates the unit on the Units page.
      const page = await open('en-US', 1440);
      await signIn(page, 'en', admin.email, admin.password);
      await page.waitForURL((address) => address.pathname === '/');
      await page.goto(url('/admin/units'));
      await page.getByRole('heading', { level: 1, name: 'Units' }).waitFor();
      await page.getByRole('button', { name: 'New unit…' }).click();
      const unitDialog = page.getByRole('dialog', { name: 'New unit' });
      await unitDialog.getByRole('textbox', { name: /^Name/ }).fill(unit);
      await unitDialog.getByRole('button', { name: 'Create unit' }).click();
      await page.getByRole('status').getByText(`${unit} was created.`).waitFor();

      // 2. … and invites Mara into it. E-mail is off: the dialog hands over the link instead.
      await page.goto(url('/admin/users'));
      await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
      await page.getByRole('button', { name: 'Invite user' }).click();
      const invite = page.getByRole('dialog', { name: 'Invite a user' });
      await invite.getByLabel('E-mail address').fill(invitee.email);
      await invite.getByLabel('Name', { exact: true }).fill(invitee.name);
      await invite.getByLabel('Units', { exact: true }).click();
      await page.getByRole('option', { name: unit }).click();
      await invite.getByRole('heading', { name: 'Invite a user' }).click();
      await invite.getByRole('button', { name: 'Send invitation' }).click();
      const linkDialog = page.getByRole('dialog', { name: 'Pass on the invitation link' });
      await linkDialog
        .getByText(`TMA sends no e-mail: copy this link and give it to ${invitee.name} yourself.`)
        .waitFor();
      await linkDialog.getByText('It works once, for 7 days').waitFor();
      const firstLink = await linkDialog.getByTestId('invitation-link').inputValue();
      expect(firstLink).toMatch(new RegExp(`^${server?.baseUrl}/invitation#[A-Za-z0-9_-]{43}$`));
      await linkDialog.getByRole('button', { name: 'Copy link' }).click();
      await linkDialog.getByRole('button', { name: 'Link copied' }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstLink);
      await shot(page, 'link-dialog-en');
      await linkDialog.getByRole('button', { name: 'Done' }).click();
      await page
        .getByRole('status')
        .getByText(
          `Invitation for ${invitee.email} created. E-mail is not set up: pass on the link yourself.`,
        )
        .waitFor();
      const row = page.getByTestId(`user-${invitee.email}`);
      await row.getByText('Invited').waitFor();
      await row.getByText(unit).waitFor();
      await shot(page, 'users-en');
      await page.context().close();

      // 3. Another day, in German, the admin invites her again: a new link; the first stops working.
      const admin2 = await open('de-DE', 1440);
      await signIn(admin2, 'de', admin.email, admin.password);
      await admin2.waitForURL((address) => address.pathname === '/');
      await admin2.goto(url('/admin/users'));
      await admin2.getByRole('button', { name: `Aktionen für ${invitee.name}` }).click();
      await admin2.getByRole('menuitem', { name: 'Einladung erneut senden' }).click();
      const linkDialogDe = admin2.getByRole('dialog', { name: 'Einladungslink weitergeben' });
      await linkDialogDe.getByText('E-Mail-Versand ist nicht eingerichtet').waitFor();
      const link = await linkDialogDe.getByTestId('invitation-link').inputValue();
      expect(link).not.toBe(firstLink);
      await linkDialogDe.getByRole('button', { name: 'Link kopieren' }).click();
      expect(await admin2.evaluate(() => navigator.clipboard.readText())).toBe(link);
      await shot(admin2, 'link-dialog-de');
      await linkDialogDe.getByRole('button', { name: 'Fertig' }).click();
      await admin2.context().close();

      // 4. Mara, on her phone in German: the first link is dead, the new one lets her set a password.
      const phone = await open('de-DE', 390, 844);
      await phone.goto(firstLink);
      await phone.getByRole('alert').filter({ hasText: 'Dieser Link ist nicht gültig.' }).waitFor();
      // Only the fragment differs: a real navigation, as when she opens the message with the new link.
      await phone.goto('about:blank');
      await phone.goto(link);
      await phone.getByRole('heading', { level: 1, name: 'Einladung annehmen' }).waitFor();
      await phone.getByText(invitee.email).waitFor();
      await phone.getByLabel('Neues Passwort').fill(firstPassword);
      await phone.getByLabel('Passwort wiederholen').fill(firstPassword);
      await phone.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
      await phone.waitForURL((address) => address.pathname === '/');

      // 5. She is signed in; she signs out and in again with the password she chose.
      await signOut(phone, 'de');
      await signIn(phone, 'de', invitee.email, firstPassword);
      await phone.waitForURL((address) => address.pathname === '/');

      // 6. On the Account page she changes it; a wrong current password is caught at its field.
      await phone.goto(url('/account'));
      const card = phone.getByRole('region', { name: 'Passwort', exact: true });
      await card.getByRole('button', { name: 'Passwort ändern' }).click();
      await card.getByLabel('Aktuelles Passwort').fill('Nicht-mein-Passwort-0000');
      await card.getByLabel('Neues Passwort').fill(changedPassword);
      await card.getByLabel('Passwort wiederholen').fill(changedPassword);
      await card.getByRole('button', { name: 'Passwort ändern' }).click();
      await card.getByText('Das aktuelle Passwort ist nicht richtig.').waitFor();
      // The refused field has the focus, ready for the right password.
      await expect
        .poll(() => phone.evaluate(() => document.activeElement?.getAttribute('name')))
        .toBe('current-password');
      await shot(phone, 'wrong-current-de-phone');
      await card.getByLabel('Aktuelles Passwort').fill(firstPassword);
      await card.getByRole('button', { name: 'Passwort ändern' }).click();
      await card.getByText('Ihr Passwort ist geändert').waitFor();
      await card.getByText('Es war keine andere Sitzung offen.').waitFor();
      await shot(phone, 'changed-de-phone');
      // The session the server answered in place of the old one works: the page still loads her data.
      await phone.reload();
      await phone.getByRole('region', { name: 'Profil' }).getByText(invitee.email).waitFor();
      await phone.getByRole('region', { name: 'Aktive Sitzungen' }).getByText('Diese Sitzung').waitFor();
      await signOut(phone, 'de');

      // 7. The old password no longer works; the new one does.
      await signIn(phone, 'de', invitee.email, firstPassword);
      await phone
        .getByRole('alert')
        .filter({ hasText: 'Organisation, E-Mail-Adresse oder Passwort sind nicht korrekt.' })
        .waitFor();
      await signIn(phone, 'de', invitee.email, changedPassword);
      await phone.waitForURL((address) => address.pathname === '/');
      await phone.context().close();

      // 8. The Account page in English at a desktop: the card, and a new password that is too weak.
      const desk = await open('en-US', 1440);
      await signIn(desk, 'en', invitee.email, changedPassword);
      await desk.waitForURL((address) => address.pathname === '/');
      await desk.goto(url('/account'));
      const cardEn = desk.getByRole('region', { name: 'Password', exact: true });
      await cardEn.getByRole('button', { name: 'Change password' }).click();
      await expect
        .poll(() => desk.evaluate(() => document.activeElement?.getAttribute('name')))
        .toBe('current-password');
      await cardEn.getByLabel('Current password').fill(changedPassword);
      await cardEn.getByLabel('New password').fill('password1234');
      await cardEn.getByLabel('Repeat the password').fill('password1234');
      await cardEn.getByRole('button', { name: 'Change password' }).click();
      await cardEn.getByRole('alert').filter({ hasText: 'Choose a stronger password' }).waitFor();
      await shot(desk, 'weak-en-desktop');
      await cardEn.getByRole('button', { name: 'Cancel' }).click();
      await cardEn.getByRole('button', { name: 'Change password' }).waitFor();
      await desk.context().close();
      expect(problems).toEqual([]);
    }, 240_000);
  },
);
