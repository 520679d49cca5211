// Paged lists in a real browser (issue 18): the Users and API tokens pages show the first 50 rows and a
// "Load more" button, which fetches the next page with the cursor and then goes away; on the Users page the
// caption says that more follow until they have.
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const admin = { email: 'dana.fischer@acme.example', password: 'Vogelhaus-Kompass-1987-Linde' };
const EXTRA_USERS = 60;
const TOKENS = 55;

async function tma(env: Record<string, string>, args: string[]): Promise<void> {
  await run(process.execPath, [path.join(root, 'server/cli/tma.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
}

describe.skipIf(browserSkipReason !== undefined)(
  `paged lists${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
    let browser: Browser | undefined;
    let workDir: string;
    const problems: string[] = [];

    beforeAll(async () => {
      workDir = mkdtempSync(path.join(tmpdir(), 'tma-paged-lists-test-'));
      server = await startTestServer({
        before: async (env) => {
          const passwordFile = path.join(workDir, 'password');
          writeFileSync(passwordFile, `${admin.password}\n`, { mode: 0o600 });
          await tma(env, ['tenant', 'create', 'acme', '--name', 'Acme']);
          await tma(env, [
            'user',
            'create',
            '--tenant',
            'acme',
            '--email',
            admin.email,
            '--name',
            'Dana Fischer',
            '--role',
            'admin',
            '--password-file',
            passwordFile,
          ]);
        },
      });
      // Rows beneath the API, so the test needs no hundred invitations: invited users and tokens of Dana.
      const db = server.database.db;
      const { id: tenantId } = await db
        .selectFrom('tenants')
        .select('id')
        .where('slug', '=', 'acme')
        .executeTakeFirstOrThrow();
      const { id: adminId } = await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', admin.email)
        .executeTakeFirstOrThrow();
      await sql`INSERT INTO users (tenant_id, email, display_name, role, status, created_at)
        SELECT ${tenantId}, 'invitee' || g || '@acme.example', 'Invitee ' || g, 'expert', 'invited',
          now() - interval '1 day' + g * interval '1 second'
        FROM generate_series(1, ${EXTRA_USERS}) g`.execute(db);
      for (let index = 0; index < TOKENS; index++)
        await sql`INSERT INTO api_tokens
            (tenant_id, name, token_prefix, token_hash, scopes, created_by, created_at, expires_at)
          VALUES (${tenantId}, ${`Export ${index}`}, 'tma_abcdefgh',
            ${createHash('sha256').update(randomUUID()).digest()}, '["reports:read"]'::jsonb, ${adminId},
            now() - ${index} * interval '1 second', now() + interval '30 days')`.execute(db);
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    async function signedIn(): Promise<Page> {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !/status of 401/.test(message.text()))
          problems.push(`console error: ${message.text()}`);
      });
      await page.goto(new URL('/login', server?.baseUrl).href);
      await page.getByRole('textbox', { name: /^Organisation/ }).fill('acme');
      await page.getByLabel('E-mail address').fill(admin.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(admin.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('button', { name: /^Account menu/ }).waitFor();
      return page;
    }

    it('loads the users a page at a time', async () => {
      const page = await signedIn();
      await page.goto(new URL('/admin/users', server?.baseUrl).href);
      const rows = page.locator('tr[data-testid^="user-"]');
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(50);
      await page.getByText('50 users shown, more to load').waitFor();
      // Newest first: the invitees, created a day ago, come after Dana, created just now.
      expect(await rows.first().getAttribute('data-testid')).toBe(`user-${admin.email}`);
      await page.getByRole('button', { name: 'Load more' }).click();
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(EXTRA_USERS + 1);
      await page.getByText(`${EXTRA_USERS + 1} users`, { exact: false }).waitFor();
      expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
      expect(problems).toEqual([]);
    });

    it('loads the API tokens a page at a time', async () => {
      const page = await signedIn();
      await page.goto(new URL('/admin/api-tokens', server?.baseUrl).href);
      const table = page.getByRole('table', { name: 'Tokens' });
      const rows = table.getByRole('row');
      // One header row besides the tokens.
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(51);
      await page.getByRole('button', { name: 'Load more' }).click();
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(TOKENS + 1);
      expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
      expect(problems).toEqual([]);
    });
  },
);
