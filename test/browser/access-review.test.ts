// The access review in a real browser against a real TMA server: an admin opens the review from the
// navigation, starts a review, sees an account that has not been used for months flagged inactive, takes an
// expert off a case team (who then cannot open the case) and confirms a threat manager's access; the
// review's progress moves. Screenshots at 1440 × 900 and on a phone.
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { withTenant } from '../../server/db/tenant-transaction.ts';
import { openCase } from '../../server/modules/cases/service.ts';
import { addCaseMember } from '../../server/modules/cases/store.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, recordProblems, screenshotDir } from '../support/browser.ts';
import { signIn as signInApi } from '../support/session.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const admin = { email: 'ada.klein@acme.example', name: 'Ada Klein' };
const manager = { email: 'tom.berger@acme.example', name: 'Tom Berger' };
const expert = { email: 'eve.wolf@acme.example', name: 'Eve Wolf' };
const idle = { email: 'otto.brandt@acme.example', name: 'Otto Brandt' };

describe.skipIf(browserSkipReason !== undefined)(
  `the access review${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let database: Database;
    let app: FastifyInstance;
    let baseUrl: string;
    let tenantId = '';
    let caseId = '';
    let reference = '';
    let browser: Browser | undefined;
    const problems: string[] = [];

    beforeAll(async () => {
      server = await startAppServer('access-review');
      ({ database, app, baseUrl } = server);
      tenantId = (await createTenant(database.db, tenant)).id;
      const germany = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
      const ids: Record<string, string> = {};
      for (const [user, role] of [
        [admin, 'admin'],
        [manager, 'threat_manager'],
        [expert, 'expert'],
        [idle, 'expert'],
      ] as const)
        ids[user.email] = (
          await createUser(
            database,
            tenantId,
            {
              email: user.email,
              displayName: user.name,
              role,
              specialty: role === 'expert' ? 'psychology' : null,
              password,
            },
            { kind: 'operator' },
          )
        ).id;
      await setUserUnits(
        database,
        tenantId,
        { email: manager.email },
        { slugs: ['de'] },
        { kind: 'operator' },
      );
      const keys = await server.keyring.forTenant(tenantId);
      await withTenant(database, { tenantId, userId: null }, async (trx) => {
        caseId = await openCase(trx, keys, {
          tenantId,
          unitId: germany.id,
          title: 'Drohung in der Kantine',
          ownerId: ids[manager.email] as string,
          now: new Date(),
        });
        for (const email of [expert.email, idle.email])
          await addCaseMember(trx, {
            tenant_id: tenantId,
            case_id: caseId,
            user_id: ids[email] as string,
            role: 'member',
          });
        reference = (
          await trx.selectFrom('cases').select('reference').where('id', '=', caseId).executeTakeFirstOrThrow()
        ).reference;
      });
      // Otto's account was created four months ago and never used.
      await sql`UPDATE users SET created_at = now() - interval '120 days' WHERE id = ${ids[idle.email]}`.execute(
        database.db,
      );
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    async function open(who: string, viewport = { width: 1440, height: 900 }, locale = 'en-GB') {
      if (!browser) throw new Error('browser not started');
      const context: BrowserContext = await browser.newContext({
        locale,
        viewport,
        reducedMotion: 'reduce',
      });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      recordProblems(page, problems, { who, failedAnswers: true });
      return { context, page };
    }

    const url = (pathname: string) => new URL(pathname, baseUrl).href;
    const shot = async (page: Page, name: string) => {
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshotDir, `access-review-${name}.png`), fullPage: true });
    };

    async function signIn(page: Page, who: { email: string }, german = false) {
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel(german ? 'E-Mail-Adresse' : 'E-mail address').fill(who.email);
      await page.getByRole('textbox', { name: german ? 'Passwort' : 'Password' }).fill(password);
      await page.getByRole('button', { name: german ? 'Anmelden' : 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
    }

    const row = (page: Page, email: string) => page.getByTestId(`access-user-${email}`);

    /** Serious and critical axe findings (WCAG 2.1 AA) on what the page shows now, as the accessibility test counts them. */
    async function axe(page: Page, where: string): Promise<string[]> {
      const results = await new AxeBuilder({ page })
        .setLegacyMode()
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      return results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map(
          (violation) =>
            `${where}: ${violation.id} ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`,
        );
    }

    it('an admin flags an inactive account, takes an expert off a team and confirms a threat manager', async () => {
      const eve = await signInApi(app, { tenant: tenant.slug, email: expert.email, password });
      expect((await eve('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(200);

      const { context, page } = await open('admin');
      await signIn(page, admin);
      await page.getByRole('link', { name: 'Access review' }).click();
      await page.waitForURL((address) => address.pathname === '/admin/access-review');
      await row(page, idle.email).waitFor();

      // Start a review for the default period.
      await page.getByRole('button', { name: 'Start review' }).click();
      const startDialog = page.getByRole('dialog', { name: 'Start an access review' });
      await startDialog.getByRole('button', { name: 'Start review' }).click();
      await expect
        .poll(() => page.getByTestId('review-progress').textContent(), { timeout: 15_000 })
        .toMatch(/^0 of 4 people reviewed$/);

      // Otto has never signed in in four months: flagged. Tom signed in today: not.
      await row(page, idle.email).getByTestId('inactive-badge').waitFor();
      expect(await row(page, idle.email).textContent()).toContain('Never signed in');
      expect(await row(page, manager.email).getByTestId('inactive-badge').count()).toBe(0);
      expect(await row(page, expert.email).textContent()).toContain(reference);
      await shot(page, 'desktop');

      // Take Eve off the case team, after a confirmation dialog.
      await row(page, expert.email)
        .getByRole('button', { name: `Revoke access of ${expert.name}` })
        .click();
      await page.getByRole('menuitem', { name: `Remove from the team of ${reference}` }).click();
      const revokeDialog = page.getByRole('dialog', {
        name: `Remove ${expert.name} from the team of ${reference}?`,
      });
      await shot(page, 'revoke-dialog');
      await revokeDialog.getByRole('button', { name: 'Revoke' }).click();
      await expect
        .poll(() => page.getByRole('status').textContent(), { timeout: 15_000 })
        .toContain(`Access of ${expert.name} changed.`);
      await expect
        .poll(() => row(page, expert.email).textContent(), { timeout: 15_000 })
        .toContain('No case teams');
      expect((await eve('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(404);

      // Confirm Tom's access.
      await row(page, manager.email)
        .getByRole('button', { name: `Confirm the access of ${manager.name}` })
        .click();
      const confirmDialog = page.getByRole('dialog', { name: `Confirm the access of ${manager.name}?` });
      await confirmDialog.getByRole('button', { name: 'Confirm access' }).click();
      await row(page, manager.email).getByTestId('confirmed-badge').waitFor();
      await expect
        .poll(() => page.getByTestId('review-progress').textContent(), { timeout: 15_000 })
        .toBe('1 of 4 people reviewed');
      // The admin's own access is another admin's to confirm.
      expect(await row(page, admin.email).getByRole('button').count()).toBe(0);
      await shot(page, 'after');
      const findings = await axe(page, 'en desktop');
      await context.close();

      // The same on a phone, in German.
      const phone = await open('admin-phone', { width: 390, height: 844 }, 'de-DE');
      await signIn(phone.page, admin, true);
      await phone.page.goto(url('/admin/access-review'));
      await row(phone.page, idle.email).getByTestId('inactive-badge').waitFor();
      await shot(phone.page, 'phone');
      findings.push(...(await axe(phone.page, 'de phone')));
      expect(findings).toEqual([]);
      await phone.context.close();

      // Every step is in the audit log, with ids only.
      const { rows } = await sql<{ action: string; object_id: string }>`
        SELECT action, object_id FROM audit_events WHERE tenant_id = ${tenantId} AND action LIKE 'access_review.%'
        UNION ALL
        SELECT action, object_id FROM audit_pending_events WHERE tenant_id = ${tenantId} AND action LIKE 'access_review.%'
      `.execute(database.db);
      expect(rows.map((entry) => entry.action).sort()).toEqual([
        'access_review.confirmed',
        'access_review.revoked',
        'access_review.started',
      ]);
      expect(problems).toEqual([]);
    }, 180_000);
  },
);
