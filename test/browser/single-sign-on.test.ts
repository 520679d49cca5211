// Single sign-on in a real browser against a real TMA app and a real OpenID Connect provider (oidc-provider on
// loopback): the admin sets up the provider and the two-step policy on /admin/security, then a colleague
// signs in with the organisation's button and lands in TMA with the mapped role. English and German.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/build-web-if-needed.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { Keyring } from '../../server/crypto/keyring.ts';
import { createKeyProvider } from '../../server/crypto/providers/index.ts';
import { type Database, openDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { Lifecycle } from '../../server/lifecycle.ts';
import { createLogger } from '../../server/logger.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { startTestOidcProvider, type TestOidcProvider } from '../support/oidc-provider.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Vogelhaus-Kompass-1987-Linde';
const dana = { email: 'dana.fischer@acme.example', name: 'Dana Fischer' };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

const skipReason = browserSkipReason;

describe.skipIf(skipReason !== undefined)(
  `single sign-on${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let dataDir: string;
    let database: Database;
    let keyring: Keyring;
    let app: FastifyInstance;
    let idp: TestOidcProvider;
    let baseUrl: string;
    let browser: Browser | undefined;
    const problems: string[] = [];

    beforeAll(async () => {
      ensureWebBuild(() => {});
      dataDir = mkdtempSync(path.join(tmpdir(), 'tma-sso-test-'));
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      const config = loadConfig({
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        TMA_PUBLIC_URL: baseUrl,
      });
      const logger = createLogger('warn');
      database = await openDatabase(config.database, { logger });
      await migrateToLatest(database);
      keyring = new Keyring(database, await createKeyProvider(config.keyProvider, logger));
      const { id } = await createTenant(database.db, tenant);
      await createUser(
        database,
        id,
        { email: dana.email, displayName: dana.name, role: 'admin', password },
        { kind: 'operator' },
      );
      idp = await startTestOidcProvider({
        clients: [
          { clientId: 'tma', clientSecret: 'idp-secret', redirectUri: `${baseUrl}/api/v1/auth/sso/callback` },
        ],
        account: { sub: 'jonas', email: 'jonas.keller@acme.example', name: 'Jonas Keller', groups: ['tm'] },
      });
      const lifecycle = new Lifecycle();
      lifecycle.schemaCurrent = true;
      app = await buildApp({
        config,
        database,
        lifecycle,
        logger,
        identity: { keyring },
        sso: { keyring, publicUrl: config.publicUrl },
      });
      await app.listen({ host: '127.0.0.1', port });
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await idp?.stop();
      await keyring?.provider.close();
      await database?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    async function open(locale: string, width: number, height = 900): Promise<Page> {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale,
        viewport: { width, height },
        reducedMotion: 'reduce',
      });
      const page = await context.newPage();
      page.on('response', (response) => {
        // This app is built without the reporting side and the case file, so the endpoints of the notification
        // bell, of the security page's deletion setting, of the My work home page and of the navigation's dashboard
        // entry (which come with them) do not exist.
        const { pathname } = new URL(response.url());
        const reportingSide = [
          '/api/v1/notifications',
          '/api/v1/deletion-settings',
          '/api/v1/reports',
          '/api/v1/cases',
          '/api/v1/tasks/mine',
          '/api/v1/measures/mine',
          '/api/v1/measure-invitations',
          '/api/v1/measure-types',
          '/api/v1/dashboard/access',
        ];
        if (response.status() === 404 && !reportingSide.includes(pathname)) problems.push(`404: ${pathname}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // Failed responses are checked above by address; 401, 403 and 422 are ordinary answers here.
        if (message.type() === 'error' && !/status of (401|403|404|422)/.test(message.text()))
          problems.push(`console error: ${message.text()}`);
      });
      return page;
    }

    async function screenshot(page: Page, name: string): Promise<void> {
      await page.waitForTimeout(300);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(screenshotDir, `sso-${name}.png`), fullPage: true });
    }

    it('lets the admin set up the provider and the two-step policy on the security page', async () => {
      const page = await open('en-US', 1280);
      await page.goto(new URL('/login', baseUrl).href);
      await page
        .getByLabel(/^Organisation/)
        .first()
        .fill(tenant.slug);
      await page.getByLabel('E-mail address').fill(dana.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
      await page.getByRole('link', { name: 'Security' }).click();
      await page.waitForURL((address) => address.pathname === '/admin/security');
      await page.getByRole('heading', { name: 'Sign-in security' }).waitFor();
      await expect(page.getByTestId('sso-callback-url').innerText()).resolves.toBe(
        `${baseUrl}/api/v1/auth/sso/callback`,
      );

      const twoStep = page.getByRole('region', { name: 'Two-step sign-in' });
      await twoStep.getByLabel('Auditor').check();
      await twoStep.getByRole('button', { name: 'Save two-step sign-in' }).click();
      await twoStep.getByRole('status').filter({ hasText: 'Two-step sign-in saved.' }).waitFor();

      const sso = page.getByRole('region', { name: 'Single sign-on (OpenID Connect)' });
      await sso.getByLabel('Offer single sign-on on the login page').check();
      await sso.getByLabel('Issuer URL').fill(idp.issuer);
      await sso.getByLabel('Client ID').fill('tma');
      await sso.getByLabel('Client secret').fill('idp-secret');
      await sso.getByLabel('Button text on the login page').fill('Sign in with Contoso ID');
      await sso.getByRole('button', { name: 'Add a line' }).click();
      await sso.getByTestId('sso-mapping-value-0').fill('tm');
      await sso.getByLabel('TMA role').first().click();
      await page.getByRole('option', { name: 'Threat manager' }).click();
      await sso.getByLabel('Create accounts at the first sign-in').check();
      await sso.getByLabel('Allowed e-mail domains').fill('acme.example');
      await sso.getByLabel('Allowed e-mail domains').press('Enter');
      await sso.getByRole('button', { name: 'Save single sign-on' }).click();
      await sso.getByRole('status').filter({ hasText: 'Single sign-on saved.' }).waitFor();
      await expect(sso.getByText('A secret is stored. Leave empty to keep it.').isVisible()).resolves.toBe(
        true,
      );
      await screenshot(page, 'security-page-en');
      expect(problems).toEqual([]);
    });

    it('shows the security page in German on a phone', async () => {
      const page = await open('de-DE', 390, 844);
      await page.goto(new URL('/login', baseUrl).href);
      await page
        .getByLabel(/^Organisation/)
        .first()
        .fill(tenant.slug);
      await page.getByLabel('E-Mail-Adresse').fill(dana.email);
      await page.getByRole('textbox', { name: 'Passwort' }).fill(password);
      await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
      await page.goto(new URL('/admin/security', baseUrl).href);
      await page.getByRole('heading', { name: 'Anmeldesicherheit' }).waitFor();
      await page
        .getByRole('region', { name: 'Single Sign-on (OpenID Connect)' })
        .getByText('Rollenzuordnung')
        .waitFor();
      await screenshot(page, 'security-page-de-phone');
      expect(problems).toEqual([]);
    });

    it('signs a colleague in with the organisation button, creating the account with the mapped role', async () => {
      const page = await open('en-US', 1280);
      await page.goto(new URL('/login', baseUrl).href);
      await page
        .getByLabel(/^Organisation/)
        .first()
        .fill(tenant.slug);
      const button = page.getByRole('link', { name: 'Sign in with Contoso ID' });
      await button.waitFor();
      await screenshot(page, 'login-button-en');
      await button.click();
      // Through the provider (whose login the test provider completes at once) and back into TMA.
      await page.waitForURL((address) => address.origin === baseUrl && address.pathname === '/');
      const session = await page.evaluate(async () => (await fetch('/api/v1/auth/session')).json());
      expect(session.user).toMatchObject({ email: 'jonas.keller@acme.example', role: 'threat_manager' });
      await screenshot(page, 'signed-in-en');
      expect(problems).toEqual([]);
    });

    it('explains a refused single sign-on on the login page, in German too', async () => {
      const page = await open('de-DE', 390, 844);
      idp.account = { sub: 'eve', email: 'eve@elsewhere.example', groups: ['tm'] };
      await page.goto(new URL('/login', baseUrl).href);
      await page
        .getByLabel(/^Organisation/)
        .first()
        .fill(tenant.slug);
      await page.getByRole('link', { name: 'Sign in with Contoso ID' }).click();
      await page.waitForURL(
        (address) => address.pathname === '/login' && address.search.includes('sso_error'),
      );
      await page
        .getByRole('alert')
        .filter({ hasText: 'Ihre Organisation erlaubt diesem Konto die Anmeldung bei TMA nicht.' })
        .waitFor();
      await screenshot(page, 'refused-de-phone');
      expect(problems).toEqual([]);
    });
  },
);
