// Passkeys in a real browser against a real TMA server, with Chromium's virtual authenticator (DevTools
// protocol): sign in with the password, add a passkey on the account page, sign out, sign in with the passkey
// alone; then, in German, the passkey as the second step after the password. WebAuthn needs the page's host
// to be the RP id, so the server's TMA_PUBLIC_URL is the address the browser opens (http://localhost:port).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

interface Authenticator {
  cdp: CDPSession;
  authenticatorId: string;
}

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const user = {
  email: 'dana.fischer@acme.example',
  name: 'Dana Fischer',
  password: 'Vogelhaus-Kompass-1987-Linde',
};

const skipReason = browserSkipReason;

async function tma(env: Record<string, string>, args: string[]): Promise<void> {
  await run(process.execPath, [path.join(root, 'server/cli/tma.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
}

/** A free loopback port, so the public URL can name it before the server starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

describe.skipIf(skipReason !== undefined)(`passkeys${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let browser: Browser | undefined;
  let baseUrl = '';
  const problems: string[] = [];
  /** The passkey the first test's authenticator made, copied into the second test's (the same device). */
  let credential: Record<string, unknown> | undefined;

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://localhost:${port}`;
    server = await startTestServer({
      env: { PORT: String(port), TMA_PUBLIC_URL: baseUrl },
      before: async (env) => {
        const secrets = mkdtempSync(path.join(tmpdir(), 'tma-passkey-test-'));
        try {
          const passwordFile = path.join(secrets, 'password');
          writeFileSync(passwordFile, `${user.password}\n`, { mode: 0o600 });
          await tma(env, ['tenant', 'create', tenant.slug, '--name', tenant.name]);
          await tma(env, [
            ...['user', 'create', '--tenant', tenant.slug, '--email', user.email, '--role', 'admin'],
            ...['--name', user.name, '--password-file', passwordFile],
          ]);
        } finally {
          rmSync(secrets, { recursive: true, force: true });
        }
      },
    });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A browser profile with a platform authenticator that holds discoverable credentials and verifies the user. */
  async function openContext(
    locale: string,
    width: number,
  ): Promise<{ context: BrowserContext; page: Page; authenticator: Authenticator }> {
    if (!browser) throw new Error('browser not started');
    const context = await browser.newContext({
      locale,
      viewport: { width, height: 900 },
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // Nobody signed in yet, and the wrong password this test types on purpose.
      const url = message.location().url;
      const expected =
        (/status of 401/.test(message.text()) && /\/api\/v1\/auth\/session$/.test(url)) ||
        (/status of 422/.test(message.text()) && /\/api\/v1\/account\/passkeys\/options$/.test(url));
      if (message.type() === 'error' && !expected) problems.push(`console error: ${message.text()}`);
    });
    return { context, page, authenticator: { cdp, authenticatorId } };
  }

  const shot = async (page: Page, name: string) => {
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(screenshotDir, `passkey-${name}.png`), fullPage: true });
  };
  const waitForPath = (page: Page, pathname: string) =>
    page.waitForURL((address) => address.pathname === pathname);

  it('adds a passkey on the account page, signs out and signs in with the passkey alone', async () => {
    const { context, page, authenticator } = await openContext('en-US', 1280);
    try {
      await page.goto(`${baseUrl}/login?tenant=${tenant.slug}`);
      await page.getByLabel('E-mail address').fill(user.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(user.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await waitForPath(page, '/');

      await page.goto(`${baseUrl}/account`);
      const card = page.getByRole('region', { name: 'Passkeys' });
      await card.getByText('You have no passkeys yet.').waitFor();
      await card.getByRole('button', { name: 'Add a passkey' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add a passkey' });
      await dialog.getByLabel('Name').fill('Work laptop');
      await dialog.getByRole('textbox', { name: 'Password' }).fill('not the password');
      await dialog.getByRole('button', { name: 'Continue' }).click();
      await dialog.getByRole('alert').getByText('The password is not correct.').waitFor();
      await shot(page, 'wrong-password-en');
      await dialog.getByRole('textbox', { name: 'Password' }).fill(user.password);
      await dialog.getByRole('button', { name: 'Continue' }).click();
      await card.getByRole('status').getByText('Passkey “Work laptop” added.').waitFor();
      const item = card.getByRole('listitem').filter({ hasText: 'Work laptop' });
      await item.getByText('Not used yet').waitFor();
      await shot(page, 'account-en');

      await page
        .getByRole('banner')
        .getByRole('button', { name: /^Account menu/ })
        .click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await waitForPath(page, '/login');

      await page.getByLabel('Organisation').fill('');
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await page.getByText('Please fill in this field.').waitFor();
      await page.getByLabel('Organisation').fill(tenant.slug);
      await shot(page, 'login-en');
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      // Back to the page the user signed out from, signed in without typing a password.
      await waitForPath(page, '/account');
      await page.getByRole('banner').getByTestId('user-name').filter({ hasText: user.name }).waitFor();
      await page
        .getByRole('region', { name: 'Passkeys' })
        .getByRole('listitem')
        .filter({ hasText: 'Work laptop' })
        .getByText('Last used:')
        .waitFor();
      expect(await page.getByText('Not used yet').count()).toBe(0);
      const { credentials } = await authenticator.cdp.send('WebAuthn.getCredentials', {
        authenticatorId: authenticator.authenticatorId,
      });
      expect(credentials).toHaveLength(1);
      expect(credentials[0]?.isResidentCredential).toBe(true);
      credential = credentials[0] as unknown as Record<string, unknown>;
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  });

  it('answers the second step after the password with the passkey, in German on a phone', async () => {
    if (!credential) throw new Error('the first test made no passkey');
    const { context, page, authenticator } = await openContext('de-DE', 390);
    try {
      await authenticator.cdp.send('WebAuthn.addCredential', {
        authenticatorId: authenticator.authenticatorId,
        credential: credential as never,
      });
      await page.goto(`${baseUrl}/login?tenant=${tenant.slug}`);
      await page.getByLabel('E-Mail-Adresse').fill(user.email);
      await page.getByRole('textbox', { name: 'Passwort' }).fill(user.password);
      await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
      // The account has a passkey: the password alone is not enough.
      const usePasskey = page.getByRole('button', { name: 'Passkey verwenden' });
      await usePasskey.waitFor();
      await shot(page, 'second-factor-de');
      await usePasskey.click();
      await waitForPath(page, '/');
      await page
        .getByRole('banner')
        .getByRole('button', { name: /^Kontomenü/ })
        .waitFor();
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  });
});
