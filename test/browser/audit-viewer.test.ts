// The audit viewer in a real browser against a real TMA server (issue 17's Done-when): an auditor opens the
// audit log from the navigation, sees the chain's verification status, filters the log for one case by its
// reference, downloads the CSV, and `tma audit verify --extract` (the real command, on the server's data
// folder once the server has stopped) confirms the extract's head. On the way: the case's owner sees "who
// has seen this case" (the auditor is not in it: she read the log, not the case), both languages, a phone.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/tma.ts';
import type { Database } from '../../server/db/database.ts';
import { runAuditVerification } from '../../server/jobs/audit-verification.ts';
import { linkAuditEvents } from '../../server/modules/audit/link.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, recordProblems, screenshotDir } from '../support/browser.ts';
import { recordPhoneReports } from '../support/reporting-app.ts';
import { type SignedInCall, signIn as signInApi } from '../support/session.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const owner = { email: 'tom.berger@acme.example', name: 'Tom Berger' };
const auditor = { email: 'audrey.kern@acme.example', name: 'Audrey Kern' };
const admin = { email: 'ada.klein@acme.example', name: 'Ada Klein' };
const TITLE = 'TitleMarker-7781 Drohung im Lager';

describe.skipIf(browserSkipReason !== undefined)(
  `the audit viewer${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let database: Database;
    let app: FastifyInstance;
    let baseUrl: string;
    let tenantId = '';
    let browser: Browser | undefined;
    let stopped = false;
    const problems: string[] = [];
    const cases: Array<{ id: string; reference: string }> = [];
    let tom: SignedInCall;

    beforeAll(async () => {
      server = await startAppServer('audit-viewer');
      ({ database, app, baseUrl } = server);
      tenantId = (await createTenant(database.db, tenant)).id;
      const germany = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
      for (const [user, role] of [
        [owner, 'threat_manager'],
        [auditor, 'auditor'],
        [admin, 'admin'],
      ] as const)
        await createUser(
          database,
          tenantId,
          { email: user.email, displayName: user.name, role, specialty: null, password },
          { kind: 'operator' },
        );
      await setUserUnits(database, tenantId, { email: owner.email }, { slugs: ['de'] }, { kind: 'operator' });
      tom = await signInApi(app, { tenant: tenant.slug, email: owner.email, password });
      for (const report of await recordPhoneReports(tom, germany.id, ['Bericht A', 'Bericht B'])) {
        const opened = await tom('POST', `/api/v1/reports/${report}/open-case`, { title: TITLE });
        expect(opened.statusCode, opened.body).toBe(201);
        cases.push({ id: opened.json().id, reference: opened.json().reference });
      }
      // Tom reads both cases, the first one twice.
      for (const { id } of [...cases, cases[0] as { id: string }])
        expect((await tom('GET', `/api/v1/cases/${id}`)).statusCode).toBe(200);
      await linkAuditEvents(database, { tenantId, wait: true });
      // The server's periodic check (housekeeping) has verified the chain.
      await runAuditVerification(database, new Date());
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      if (!stopped) await server?.close();
      else if (server) rmSync(server.config.dataDir, { recursive: true, force: true });
    });

    async function open(who: string, locale: string, viewport = { width: 1440, height: 900 }) {
      if (!browser) throw new Error('browser not started');
      const context: BrowserContext = await browser.newContext({
        locale,
        viewport,
        reducedMotion: 'reduce',
        acceptDownloads: true,
      });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      recordProblems(page, problems, { who, failedAnswers: true });
      return { context, page };
    }

    const url = (pathname: string) => new URL(pathname, baseUrl).href;
    const shot = async (page: Page, name: string, fullPage = true) => {
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshotDir, `audit-viewer-${name}.png`), fullPage });
    };

    async function signIn(page: Page, who: { email: string }, labels = { email: 'E-mail address' }) {
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel(labels.email).fill(who.email);
      await page.getByRole('textbox', { name: /^(Password|Passwort)$/ }).fill(password);
      await page.getByRole('button', { name: /^(Sign in|Anmelden)$/ }).click();
      await page.waitForURL((address) => address.pathname === '/');
    }

    /** axe as test/browser/accessibility.test.ts runs it: serious and critical, and the moderate rules it keeps. */
    const findings: string[] = [];
    async function axe(page: Page, where: string) {
      const moderate = ['label-content-name-mismatch', 'page-has-heading-one', 'landmark-unique'];
      const results = await new AxeBuilder({ page })
        .setLegacyMode()
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .options({ rules: Object.fromEntries(moderate.map((rule) => [rule, { enabled: true }])) })
        .analyze();
      for (const violation of results.violations)
        if (
          violation.impact === 'serious' ||
          violation.impact === 'critical' ||
          moderate.includes(violation.id)
        )
          findings.push(
            `${where}: ${violation.id} ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`,
          );
    }

    let extractFile = '';
    let exportedHead = '';

    it('lets the case owner see who has seen the case', async () => {
      const { context, page } = await open('owner', 'en-GB');
      await signIn(page, owner);
      await page.goto(url(`/cases/${cases[0]?.id}?tab=team`));
      const panel = page.getByTestId('case-viewers');
      await panel.getByRole('heading', { name: 'Who has seen this case' }).waitFor();
      await panel.getByTestId('case-viewers-show').click();
      const row = panel.getByTestId('case-viewer').filter({ hasText: owner.name });
      await row.waitFor();
      expect(await panel.getByTestId('case-viewer').count()).toBe(1);
      await axe(page, 'case viewers en');
      await shot(page, '1-case-viewers-en');
      await context.close();
    });

    it('lets an auditor filter the log for one case, export it, and the CLI confirm the head', async () => {
      const first = cases[0] as { id: string; reference: string };
      const { context, page } = await open('auditor', 'en-GB');
      await signIn(page, auditor);
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Audit log' })
        .click();
      await page.waitForURL((address) => address.pathname === '/audit');
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      const status = page.getByTestId('audit-status');
      await status.getByTestId('audit-status-badge').waitFor();
      expect(await status.getByTestId('audit-status-badge').textContent()).toBe('Intact');
      expect(await status.innerText()).toMatch(/Verified head: #\d+ [0-9a-f]{64}/);
      const events = page.getByTestId('audit-events');
      await events.waitFor();
      await shot(page, '2-log-en');

      // Filter for the first case by its reference.
      await page.getByLabel('Case reference').fill(first.reference);
      await page.getByTestId('audit-apply').click();
      await page.waitForFunction((reference) => {
        const rows = [...document.querySelectorAll('[data-testid="audit-event"]')];
        return rows.length > 0 && rows.every((row) => row.getAttribute('data-case') === reference);
      }, first.reference);
      const rows = page.getByTestId('audit-event');
      const count = await rows.count();
      expect(count).toBeGreaterThanOrEqual(3);
      const tableText = await events.innerText();
      expect(tableText).toContain(owner.name);
      expect(tableText).toContain('case.read');
      expect(tableText).not.toContain('TitleMarker');
      expect(tableText).not.toContain(cases[1]?.reference);
      await axe(page, 'audit en');
      await shot(page, '3-filtered-en');

      // Download the CSV of the filter.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download CSV of the filtered audit log' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^audit-log-acme-.*\.csv$/);
      extractFile = path.join(screenshotDir, 'audit-viewer-extract.csv');
      await download.saveAs(extractFile);
      const csv = readFileSync(extractFile, 'utf8');
      const head =
        /^# tma-audit-extract\/1 tenant=\S+ head=(\d+):([0-9a-f]{64}) .* filters=case=(\S+)\r\n/.exec(csv);
      expect(head?.[3]).toBe(first.id);
      exportedHead = `#${head?.[1]} ${head?.[2]}`;
      const dataRows = csv
        .split('\r\n')
        .filter((line) => line && !line.startsWith('#'))
        .slice(1);
      // The table shows the same events (the CSV's head is the head at export time; the page's events
      // are linked ones only, and none about this case were recorded in between).
      expect(dataRows).toHaveLength(count);
      expect(csv).not.toContain('TitleMarker');
      await context.close();
    });

    it('shows the same in German and on a phone', async () => {
      const first = cases[0] as { id: string; reference: string };
      const { context, page } = await open('auditor-de', 'de-DE', { width: 390, height: 844 });
      await signIn(page, auditor, { email: 'E-Mail-Adresse' });
      await page.goto(url('/audit'));
      await page.getByRole('heading', { level: 1, name: 'Audit-Protokoll' }).waitFor();
      await page.getByTestId('audit-status-badge').waitFor();
      expect(await page.getByTestId('audit-status-badge').textContent()).toBe('Unversehrt');
      await page.getByLabel('Aktenzeichen').fill(first.reference);
      await page.getByRole('button', { name: 'Filter anwenden' }).click();
      await page.waitForFunction((reference) => {
        const rows = [...document.querySelectorAll('[data-testid="audit-event"]')];
        return rows.length > 0 && rows.every((row) => row.getAttribute('data-case') === reference);
      }, first.reference);
      // Nothing sticks out sideways on the phone but the table's own scroll area.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await axe(page, 'audit de phone');
      await shot(page, '4-filtered-de-phone');
      await context.close();
    });

    it('`tma audit verify --extract` confirms the downloaded extract’s head', async () => {
      if (!server) throw new Error('no server');
      expect(problems).toEqual([]);
      expect(findings).toEqual([]);
      // The embedded database takes one process at a time: stop the server, keep its data folder.
      await server.app.close();
      await server.database.close();
      stopped = true;
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['audit', 'verify', '--tenant', tenant.slug, '--extract', extractFile], {
        out: (line) => out.push(line),
        err: (line) => err.push(line),
        env: { DATA_DIR: server.config.dataDir, LOG_LEVEL: 'warn' },
      });
      expect({ code, err }).toEqual({ code: 0, err: [] });
      expect(out).toEqual([expect.stringMatching(/^acme: extract of \d+ events matches the chain; head #/)]);
      expect(out[0]).toContain(`head ${exportedHead} confirmed`);

      // One changed row, and the command refuses the extract.
      const changed = path.join(screenshotDir, 'audit-viewer-extract-changed.csv');
      const text = readFileSync(extractFile, 'utf8');
      writeFileSync(changed, text.replace(',case.read,', ',case.list,'));
      const refused = await runCli(['audit', 'verify', '--tenant', tenant.slug, '--extract', changed], {
        out: (line) => out.push(line),
        err: (line) => err.push(line),
        env: { DATA_DIR: server.config.dataDir, LOG_LEVEL: 'warn' },
      });
      expect(refused).toBe(1);
      expect(out.at(-1)).toMatch(/extract does NOT match the chain: line \d+: event #\d+ was changed/);
    });
  },
);
