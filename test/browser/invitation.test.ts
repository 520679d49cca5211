// Invitations and password resets in a real browser against a real TMA server with a real SMTP server on
// loopback: an admin invites a user on the Users page; the test reads the delivered e-mail and opens its link;
// the invitee (on a phone) sets a password, enrols TOTP on the account page, signs out and signs in with
// password and code. Then the same user forgets the password and sets a new one through the e-mailed link.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../server/modules/identity/totp.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const publicUrl = 'http://tma.invalid';
const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const admin = {
  email: 'dana.fischer@acme.example',
  name: 'Dana Fischer',
  password: 'Vogelhaus-Kompass-1987-Linde',
};
const invitee = { email: 'lena.koch@acme.example', name: 'Lena Koch' };
/** A second admin, who also works in the threat management team. */
const colleague = { email: 'jonas.weber@acme.example', name: 'Jonas Weber' };
const inviteePassword = 'Regenschirm-Tulpe-4471-Ost';
const resetPassword = 'Leuchtturm-Mandel-9025-West';

async function tma(env: Record<string, string>, args: string[]): Promise<void> {
  await run(process.execPath, [path.join(root, 'server/cli/tma.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
}

describe.skipIf(browserSkipReason !== undefined)(
  `invitation journey${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
    let smtp: TestSmtpServer;
    let browser: Browser | undefined;
    let workDir: string;
    const problems: string[] = [];

    beforeAll(async () => {
      workDir = mkdtempSync(path.join(tmpdir(), 'tma-invitation-test-'));
      smtp = await startTestSmtpServer();
      server = await startTestServer({
        env: { TMA_SMTP_URL: smtp.url, TMA_PUBLIC_URL: publicUrl },
        before: async (env) => {
          const passwordFile = path.join(workDir, 'password');
          writeFileSync(passwordFile, `${admin.password}\n`, { mode: 0o600 });
          await tma(env, ['tenant', 'create', tenant.slug, '--name', tenant.name]);
          await tma(env, ['unit', 'create', 'de', '--tenant', tenant.slug, '--name', 'Deutschland']);
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
          await tma(env, [
            'user',
            'create',
            '--tenant',
            tenant.slug,
            '--email',
            colleague.email,
            '--name',
            colleague.name,
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
      await smtp?.close();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    async function open(locale: string, width: number, height = 800): Promise<Page> {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale,
        viewport: { width, height },
        reducedMotion: 'reduce',
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // 401 (nobody signed in), 410 (a used link) and 422 (a weak password, a wrong code) are answers here.
        if (message.type() === 'error' && !/status of (401|410|422)/.test(message.text()))
          problems.push(`console error: ${message.text()}`);
      });
      return page;
    }
    const url = (pathname: string) => new URL(pathname, server?.baseUrl).href;
    const shot = async (page: Page, name: string) => {
      await page.waitForTimeout(250);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(screenshotDir, `invitation-${name}.png`), fullPage: true });
    };
    /** The path (with its #token) of the newest link to `to` below `prefix`, once the e-mail has arrived. */
    async function linkFromEmail(to: string, prefix: string, after: number): Promise<string> {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const mail = smtp.received.slice(after).find((message) => message.to.includes(to));
        const match = mail && new RegExp(`${publicUrl}(${prefix}#[A-Za-z0-9_-]{43})`).exec(mail.text);
        if (match) return match[1] as string;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no e-mail with a ${prefix} link to ${to}`);
    }
    async function signIn(page: Page, email: string, password: string) {
      await page.goto(url('/login'));
      await page.getByRole('textbox', { name: /^Organisation/ }).fill(tenant.slug);
      await page.getByLabel('E-mail address').fill(email);
      await page.getByRole('textbox', { name: 'Password' }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    }
    async function signOut(page: Page) {
      await page
        .getByRole('banner')
        .getByRole('button', { name: /^Account menu/ })
        .click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    }
    let lastStep = 0;
    async function freshCode(secret: string): Promise<string> {
      let step = Math.floor(Date.now() / 30_000);
      if (step <= lastStep) {
        await new Promise((resolve) => setTimeout(resolve, (lastStep + 1) * 30_000 - Date.now() + 200));
        step = Math.floor(Date.now() / 30_000);
      }
      lastStep = step;
      return totpCode(secret, new Date());
    }

    it('invites a user by e-mail, who sets a password, enrols TOTP and signs in with it', async () => {
      // 1. The admin, at a desktop, invites Lena as a threat manager of the unit Deutschland.
      const page = await open('en-US', 1280);
      await signIn(page, admin.email, admin.password);
      await page.waitForURL((address) => address.pathname === '/');
      await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
      await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
      await page.getByRole('button', { name: 'Invite user' }).click();
      const dialog = page.getByRole('dialog', { name: 'Invite a user' });
      await dialog.getByLabel('E-mail address').fill(invitee.email);
      await dialog.getByLabel('Name', { exact: true }).fill(invitee.name);
      await dialog.getByLabel('Units', { exact: true }).click();
      await page.getByRole('option', { name: 'Deutschland' }).click();
      await dialog.getByRole('heading', { name: 'Invite a user' }).click();
      await shot(page, 'invite-modal-en');
      const sentBefore = smtp.received.length;
      await dialog.getByRole('button', { name: 'Send invitation' }).click();
      await page.getByRole('status').getByText(`Invitation sent to ${invitee.email}.`).waitFor();
      const row = page.getByTestId(`user-${invitee.email}`);
      await row.getByText('Invited').waitFor();
      await row.getByText('Deutschland').waitFor();
      await shot(page, 'users-en');

      // 2. Lena reads the e-mail and opens the link on her phone.
      const link = await linkFromEmail(invitee.email, '/invitation', sentBefore);
      const phone = await open('en-US', 375, 740);
      await phone.goto(url(link));
      await phone.getByRole('heading', { level: 1, name: 'Accept your invitation' }).waitFor();
      await phone.getByText(tenant.name).waitFor();
      await phone.getByText(invitee.email).waitFor();
      // The token left the address bar once read.
      expect(new URL(phone.url()).hash).toBe('');
      await phone.getByLabel('New password').fill('password1234');
      await phone.getByLabel('Repeat the password').fill('password1234');
      await phone.getByRole('button', { name: 'Set password and sign in' }).click();
      await phone.getByRole('alert').filter({ hasText: 'Choose a stronger password' }).waitFor();
      await shot(phone, 'weak-password-phone');
      await phone.getByLabel('New password').fill(inviteePassword);
      await phone.getByLabel('Repeat the password').fill(inviteePassword);
      await phone.getByRole('button', { name: 'Set password and sign in' }).click();
      await phone.waitForURL((address) => address.pathname === '/');

      // 3. She sets up two-step sign-in on the account page.
      await phone.goto(url('/account'));
      const card = phone.getByRole('region', { name: 'Two-step sign-in' });
      await card.getByRole('button', { name: 'Set up two-step sign-in' }).click();
      const secret = (await card.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
      await card.getByLabel('6-digit code').fill(await freshCode(secret));
      await card.getByRole('button', { name: 'Turn on' }).click();
      await card.getByTestId('recovery-codes').waitFor();
      await card.getByRole('button', { name: 'I have saved the codes' }).click();
      await card.getByText('Two-step sign-in is on.').waitFor();

      // 4. Signs out, and in again with password and code.
      await signOut(phone);
      await signIn(phone, invitee.email, inviteePassword);
      await phone.getByLabel('Code from the app').fill(await freshCode(secret));
      await phone.getByRole('button', { name: 'Continue' }).click();
      await phone.waitForURL((address) => address.pathname === '/');
      await phone
        .getByRole('banner')
        .getByRole('button', { name: /^Account menu: Lena Koch/ })
        .waitFor();

      // The link is spent.
      await phone.goto(url(link));
      await phone.getByRole('alert').filter({ hasText: 'This link has been used already.' }).waitFor();
      await shot(phone, 'used-link-phone');

      // The admin sees her active now; Users is not in her own navigation.
      await page.reload();
      await page.getByTestId(`user-${invitee.email}`).getByText('Active').waitFor();
      expect(await phone.getByRole('link', { name: 'Users' }).count()).toBe(0);
      await page.context().close();

      // 5. Lena forgets her password and sets a new one with the e-mailed link; TOTP stays.
      await signOut(phone);
      await phone.getByRole('link', { name: 'Forgot password?' }).click();
      await phone.getByRole('heading', { level: 1, name: 'Forgot your password?' }).waitFor();
      await phone.getByRole('textbox', { name: /^Organisation/ }).fill(tenant.slug);
      await phone.getByLabel('E-mail address').fill(invitee.email);
      const resetBefore = smtp.received.length;
      await phone.getByRole('button', { name: 'Send link' }).click();
      await phone.getByRole('status').getByText('Check your e-mail').waitFor();
      await shot(phone, 'forgot-sent-phone');
      const resetLink = await linkFromEmail(invitee.email, '/reset-password', resetBefore);
      await phone.goto(url(resetLink));
      await phone.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor();
      await phone.getByLabel('New password').fill(resetPassword);
      await phone.getByLabel('Repeat the password').fill(resetPassword);
      await phone.getByRole('button', { name: 'Set new password' }).click();
      await phone.getByText('Your password is set').waitFor();
      await shot(phone, 'reset-done-phone');
      await phone.getByRole('link', { name: 'Go to sign in' }).click();
      await signIn(phone, invitee.email, resetPassword);
      await phone.getByLabel('Code from the app').fill(await freshCode(secret));
      await phone.getByRole('button', { name: 'Continue' }).click();
      await phone.waitForURL((address) => address.pathname === '/');
      await phone.context().close();
      expect(problems).toEqual([]);
    }, 240_000);

    it('gives another admin the threat-manager role besides administration, saved at once', async () => {
      const page = await open('en-US', 1280);
      await signIn(page, admin.email, admin.password);
      await page.waitForURL((address) => address.pathname === '/');
      await page.goto(url('/admin/users'));
      await page.getByRole('button', { name: `Actions for ${colleague.name}` }).click();
      await page.getByRole('menuitem', { name: 'Change role' }).click();
      const dialog = page.getByRole('dialog', { name: `Change the role of ${colleague.name}` });
      const contentRole = dialog.getByRole('switch', { name: /^Also threat manager of their units/ });
      await expect.poll(() => contentRole.isChecked()).toBe(false);
      await contentRole.click({ force: true });
      await dialog.getByRole('status').getByText('Saved.').waitFor();
      await expect.poll(() => contentRole.isChecked()).toBe(true);
      await shot(page, 'content-roles-en-desktop');
      // The server holds it: the dialog, opened again, loads the saved role.
      await page.keyboard.press('Escape');
      await page.reload();
      await page.getByRole('button', { name: `Actions for ${colleague.name}` }).click();
      await page.getByRole('menuitem', { name: 'Change role' }).click();
      await expect
        .poll(() =>
          page
            .getByRole('dialog', { name: `Change the role of ${colleague.name}` })
            .getByRole('switch', { name: /^Also threat manager of their units/ })
            .isChecked(),
        )
        .toBe(true);
      await page.context().close();
      expect(problems).toEqual([]);
    }, 120_000);

    it('shows the Users page and the invitation page in German on a phone', async () => {
      const page = await open('de-DE', 390, 844);
      await page.goto(url('/login'));
      await shot(page, 'login-de-phone');
      await page.getByRole('textbox', { name: /^Organisation/ }).fill(tenant.slug);
      await page.getByLabel('E-Mail-Adresse').fill(admin.email);
      await page.getByRole('textbox', { name: 'Passwort' }).fill(admin.password);
      await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
      await page.goto(url('/admin/users'));
      await page.getByRole('heading', { level: 1, name: 'Benutzer' }).waitFor();
      await page.getByTestId(`user-${invitee.email}`).getByText('Aktiv').waitFor();
      await shot(page, 'users-de-phone');
      await page.getByRole('button', { name: `Aktionen für ${invitee.name}` }).click();
      await page.getByRole('menuitem', { name: 'Rolle ändern' }).click();
      const dialog = page.getByRole('dialog', { name: `Rolle von ${invitee.name} ändern` });
      await dialog.getByLabel('Sieht alle Einheiten').check({ force: true });
      await shot(page, 'edit-role-de-phone');
      await dialog.getByRole('button', { name: 'Rolle speichern' }).click();
      await page.getByRole('status').getByText(`${invitee.name} ist jetzt: Bedrohungsmanager.`).waitFor();
      await page.getByRole('button', { name: 'Benutzer einladen' }).click();
      await page.getByRole('dialog', { name: 'Benutzer einladen' }).waitFor();
      await shot(page, 'invite-modal-de-phone');
      await page.context().close();

      const visitor = await open('de-DE', 390, 844);
      await visitor.goto(url('/invitation#AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'));
      await visitor.getByRole('alert').filter({ hasText: 'Dieser Link ist nicht gültig.' }).waitFor();
      await shot(visitor, 'invalid-link-de-phone');
      await visitor.context().close();
      expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
    }, 120_000);
  },
);
