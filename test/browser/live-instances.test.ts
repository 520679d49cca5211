// Live updates across instances: two TMA servers on one PostgreSQL database, a case page open in Chromium
// on instance B, a journal note written through instance A's API. The note appears on B's page within a
// second, without a reload: A's transaction notifies (NOTIFY), B listens (LISTEN) and tells its stream,
// the page re-reads the journal through B's API with its own session.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/build-web-if-needed.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { createTestDatabase, hasPostgres, type TestDatabase } from '../support/databases.ts';
import { type ServerProcess, spawnServer, waitForOk } from '../support/process.ts';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const masterKey = Buffer.alloc(32, 7).toString('base64');
const manager = { email: 'tom.berger@acme.example', password: 'Kompass-Lindenbaum-2291-Nord' };

/** A signed-in API caller against one instance: the session cookie and the CSRF token. */
async function apiSession(base: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'acme', ...manager }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async (method: string, url: string, body?: object) => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

describe.skipIf(browserSkipReason !== undefined || !hasPostgres())(
  `live updates across two instances${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let testDatabase: TestDatabase;
    let instances: ServerProcess[] = [];
    let urls: string[] = [];
    let browser: Browser | undefined;
    let workDir: string;

    beforeAll(async () => {
      ensureWebBuild(() => {});
      workDir = mkdtempSync(path.join(tmpdir(), 'tma-live-'));
      testDatabase = await createTestDatabase('postgres');
      const env = { DATABASE_URL: testDatabase.url ?? '', TMA_MASTER_KEY: masterKey };
      instances = [spawnServer(env), spawnServer(env)];
      urls = await Promise.all(instances.map((instance) => instance.listening));
      await Promise.all(urls.map((url) => waitForOk(`${url}/readyz`, 60_000)));
      const tma = (args: string[]) =>
        run(process.execPath, [path.join(root, 'server/cli/tma.ts'), ...args], {
          cwd: root,
          env: { ...process.env, ...env },
        });
      const passwordFile = path.join(workDir, 'password');
      writeFileSync(passwordFile, `${manager.password}\n`, { mode: 0o600 });
      await tma(['tenant', 'create', 'acme', '--name', 'Acme']);
      await tma(['unit', 'create', 'de', '--tenant', 'acme', '--name', 'Deutschland']);
      await tma([
        'user',
        'create',
        '--tenant',
        'acme',
        '--email',
        manager.email,
        '--name',
        'Tom Berger',
        '--role',
        'threat_manager',
        '--password-file',
        passwordFile,
      ]);
      await tma(['user', 'set-units', '--tenant', 'acme', '--email', manager.email, '--units', 'de']);
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      for (const instance of instances) instance.child.kill('SIGTERM');
      await Promise.all(instances.map((instance) => instance.exited));
      await testDatabase?.drop();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    it('shows a note written through instance A on a case page served by instance B within a second', async () => {
      const [a, b] = urls as [string, string];
      const onA = await apiSession(a);
      const { units } = (await onA('GET', '/api/v1/units')) as { units: Array<{ id: string }> };
      const unitId = units[0]?.id;
      const recorded = await onA('POST', '/api/v1/reports', {
        unitId,
        channel: 'phone',
        receivedOn: new Date().toISOString().slice(0, 10),
        anonymous: true,
        answers: { immediate_danger: 'no', description: 'Drohung am Telefon' },
        issueReceipt: false,
      });
      const opened = await onA('POST', `/api/v1/reports/${recorded.report.id}/open-case`, {
        title: 'Live über zwei Instanzen',
      });

      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      await page.goto(`${b}/login?tenant=acme`);
      await page.getByLabel('E-mail address').fill(manager.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(manager.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
      // The stream is open once its response headers have arrived.
      const streamOpen = page.waitForResponse((response) =>
        response.url().endsWith(`/cases/${opened.id}/events`),
      );
      await page.goto(`${b}/cases/${opened.id}?tab=journal`);
      await page.getByText('Live über zwei Instanzen').first().waitFor();
      expect((await streamOpen).status()).toBe(200);

      const note = `Über Instanz A geschrieben ${Date.now()}`;
      const written = Date.now();
      await onA('POST', `/api/v1/cases/${opened.id}/journal`, { kind: 'note', text: note });
      await page.getByText(note).waitFor({ timeout: 1000 });
      const elapsed = Date.now() - written;
      await page.screenshot({ path: path.join(screenshotDir, 'live-instances-journal.png'), fullPage: true });
      expect(elapsed).toBeLessThan(1000);
      await context.close();
    }, 120_000);
  },
);
