// Accessibility of every page: axe-core (WCAG 2.0/2.1 A and AA rules) run in Debian's Chromium over every
// route of web/App.tsx and the portal, signed in as each staff role and signed out, in German and English, and
// with the main menus and dialogs open. A serious or critical violation fails the test, and so do the
// moderate ones we fixed once and keep fixed (see MODERATE_RULES). docs/accessibility.md says more.
//
// To cover a new page, add its path to `staffRoutes` (or `publicRoutes`, `portalRoutes`); placeholders in
// braces are filled from the seeded data (`seeded` below).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/modules/identity/service.ts';
import { defaultReportForm } from '../../server/modules/reports/answers.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { de } from '../../web/i18n/de.ts';
import { en } from '../../web/i18n/en.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { multipart } from '../support/multipart.ts';
import { solvePortalChallengeInNode } from '../support/proof-of-work.ts';
import { signIn as signInApi } from '../support/session.ts';

type Role = 'admin' | 'threat_manager' | 'expert' | 'auditor';
type Language = 'de' | 'en';
const roles: Role[] = ['admin', 'threat_manager', 'expert', 'auditor'];
const languages: Language[] = ['de', 'en'];

interface RouteToScan {
  /** The address; `{name}` is replaced by the seeded value of that name. */
  path: string;
  /** Who opens it (default: every role; a role that may not open a page is shown what it gets there). */
  roles?: Role[];
}

/** Every page of the staff app (web/App.tsx), scanned as each role in `roles`. */
const staffRoutes: RouteToScan[] = [
  { path: '/' },
  { path: '/dashboard' },
  { path: '/inbox' },
  { path: '/reports/new' },
  { path: '/reports/{reportId}' },
  { path: '/cases' },
  { path: '/cases/{caseId}' },
  ...[
    'reports',
    'persons',
    'assessments',
    'measures',
    'documents',
    'journal',
    'comments',
    'tasks',
    'team',
  ].map((tab): RouteToScan => ({ path: `/cases/{caseId}?tab=${tab}`, roles: ['threat_manager', 'expert'] })),
  { path: '/cases/00000000-0000-4000-8000-000000000000' },
  { path: '/assessments/due' },
  { path: '/statistics' },
  { path: '/audit' },
  { path: '/cases/{caseId}?tab=team', roles: ['admin'] },
  { path: '/assessment-models' },
  { path: '/assessment-models/{modelId}/{modelVersion}' },
  { path: '/handbook' },
  { path: '/handbook/new' },
  { path: '/handbook/{slug}' },
  { path: '/handbook/{slug}/edit' },
  { path: '/handbook/{slug}/history' },
  { path: '/handbook/no-such-page' },
  { path: '/admin/users' },
  { path: '/admin/units' },
  { path: '/admin/access-review' },
  { path: '/admin/portal' },
  { path: '/admin/case-categories' },
  { path: '/admin/case-templates' },
  { path: '/admin/measure-types' },
  { path: '/admin/documents' },
  { path: '/admin/retention' },
  { path: '/admin/assessments' },
  { path: '/admin/api-tokens' },
  { path: '/admin/security' },
  { path: '/admin/status' },
  { path: '/account' },
  { path: '/exports/verify' },
  { path: '/privacy/data-subjects' },
  { path: '/admin/deletion-certificates' },
  { path: '/reports/00000000-0000-4000-8000-000000000000', roles: ['threat_manager'] },
  { path: '/no-such-page' },
];

/** Pages for the signed-out: sign-in and the account links (their invalid-link states without a token). */
const publicRoutes: RouteToScan[] = [
  { path: '/login' },
  { path: '/login?tenant={tenant}' },
  { path: '/setup' },
  { path: '/forgot-password' },
  { path: '/reset-password' },
  { path: '/invitation' },
  { path: '/' },
  { path: '/dashboard' },
];

/** The public reporting portal (web/portal/routes.tsx). */
const portalRoutes: RouteToScan[] = [
  { path: '/report/{tenant}' },
  { path: '/report/{tenant}/{unit}' },
  { path: '/report/{tenant}/dialogue' },
  { path: '/report/{tenant}/no/such/page' },
  { path: '/report/no-such-organisation' },
];

/** Serious and critical violations always fail; these moderate ones too, since we fixed them once. */
const MODERATE_RULES = [
  'label-content-name-mismatch',
  'page-has-heading-one',
  'landmark-no-duplicate-banner',
  'landmark-banner-is-top-level',
  'landmark-unique',
];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const people: Record<Role, { email: string; name: string; specialty: 'psychology' | null }> = {
  admin: { email: 'ada.klein@acme.example', name: 'Ada Klein', specialty: null },
  threat_manager: { email: 'tom.berger@acme.example', name: 'Tom Berger', specialty: null },
  expert: { email: 'eva.roth@acme.example', name: 'Eva Roth', specialty: 'psychology' },
  auditor: { email: 'ines.vogel@acme.example', name: 'Ines Vogel', specialty: null },
};
const messages = { de, en } as const;

describe.skipIf(browserSkipReason !== undefined)(
  `accessibility${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let app: FastifyInstance;
    let baseUrl: string;
    let browser: Browser | undefined;
    const contexts: BrowserContext[] = [];
    const seeded: Record<string, string> = { tenant: tenant.slug, unit: 'de' };
    /** Every failing finding, one line each; the test prints them all at the end. */
    const findings: string[] = [];
    let scans = 0;
    /** A small JPEG: attached to the seeded report, and chosen in the portal's form. */
    let photo: Buffer = Buffer.alloc(0);

    beforeAll(async () => {
      server = await startAppServer('accessibility');
      ({ app, baseUrl } = server);
      const { database } = server;
      const { id: tenantId } = await createTenant(database.db, tenant);
      const unit = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
      const ids: Partial<Record<Role, string>> = {};
      for (const role of roles) {
        const person = people[role];
        const created = await createUser(
          database,
          tenantId,
          {
            email: person.email,
            displayName: person.name,
            role,
            specialty: person.specialty,
            password,
          },
          { kind: 'operator' },
        );
        ids[role] = created.id;
        if (role === 'threat_manager' || role === 'expert')
          await setUserUnits(
            database,
            tenantId,
            { email: person.email },
            { slugs: ['de'] },
            { kind: 'operator' },
          );
      }

      // A portal report that indicates danger, with a photo: it stays in the inbox for the report page.
      photo = await sharp({
        create: { width: 64, height: 48, channels: 3, background: { r: 40, g: 120, b: 200 } },
      })
        .jpeg()
        .toBuffer();
      const challenge = await app.inject({ method: 'GET', url: `/api/v1/portal/${tenant.slug}/challenge` });
      const body = multipart(
        'submission',
        {
          proof: await solvePortalChallengeInNode(challenge.json()),
          language: 'de',
          formVersion: defaultReportForm.version,
          anonymous: true,
          unit: 'de',
          answers: {
            immediate_danger: 'yes',
            description: 'Herr K. hat angekündigt, morgen mit einer Waffe in die Kantine zu kommen.',
            warning_signs: ['threat', 'fixation'],
            persons: [{ role: 'person_of_concern', name: 'K.', description: 'Lager, Spätschicht' }],
          },
        },
        [{ name: 'kantine.jpg', type: 'image/jpeg', bytes: photo }],
      );
      const submitted = await app.inject({
        method: 'POST',
        url: `/api/v1/portal/${tenant.slug}/reports`,
        payload: body.payload,
        headers: body.headers,
      });
      expect(submitted.statusCode, submitted.body).toBe(201);

      const tom = await signInApi(app, { tenant: tenant.slug, email: people.threat_manager.email, password });
      const inbox = (await tom('GET', '/api/v1/reports')).json();
      seeded.reportId = inbox.reports[0].id;

      // A case from a phone report, with the expert on its team, a final assessment and a measure.
      const phoned = await tom('POST', '/api/v1/reports', {
        unitId: unit.id,
        channel: 'phone',
        receivedOn: new Date().toISOString().slice(0, 10),
        anonymous: false,
        reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
        answers: { immediate_danger: 'no', description: 'Ein Drohbrief lag im Lager Nord.' },
        issueReceipt: false,
      });
      expect(phoned.statusCode, phoned.body).toBe(201);
      const opened = await tom('POST', `/api/v1/reports/${phoned.json().report.id}/open-case`, {
        title: 'Drohbrief im Lager Nord',
      });
      expect(opened.statusCode, opened.body).toBe(201);
      seeded.caseId = opened.json().id;
      const caseUrl = `/api/v1/cases/${seeded.caseId}`;
      const joined = await tom('POST', `${caseUrl}/team`, { userId: ids.expert });
      expect(joined.statusCode, joined.body).toBe(200);
      const models = (await tom('GET', '/api/v1/assessment-models')).json().models as Array<{
        modelId: string;
        activeVersion: string;
      }>;
      const model = models.find((entry) => entry.modelId === 'tma.core.warning-behaviours');
      if (!model) throw new Error('the shipped warning-behaviours model is missing');
      seeded.modelId = model.modelId;
      seeded.modelVersion = model.activeVersion;
      const started = await tom('POST', `${caseUrl}/assessments`, { modelId: model.modelId });
      expect(started.statusCode, started.body).toBe(201);
      const measure = await tom('POST', `${caseUrl}/measures`, {
        typeKey: 'monitoring',
        description: 'Die Lage im Lager Nord beobachten',
        expertIds: [ids.expert],
      });
      expect(measure.statusCode, measure.body).toBe(201);

      const ada = await signInApi(app, { tenant: tenant.slug, email: people.admin.email, password });
      const page = await ada('POST', '/api/v1/handbook/pages', {
        slug: 'drohbrief',
        en: { title: 'Threat letter', body: '# Threat letter\n\n1. Keep the letter.\n2. Call the police.' },
        de: { title: 'Drohbrief', body: '# Drohbrief\n\n1. Brief aufbewahren.\n2. Polizei rufen.' },
      });
      expect(page.statusCode, page.body).toBe(201);
      seeded.slug = 'drohbrief';

      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await server?.close();
    });

    const fill = (address: string) =>
      address.replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = seeded[name];
        if (value === undefined) throw new Error(`nothing seeded for {${name}} in ${address}`);
        return value;
      });

    /** A page in `language`, signed in as `role` (or signed out). */
    async function openPage(language: Language, role?: Role): Promise<Page> {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale: language === 'de' ? 'de-DE' : 'en-GB',
        viewport: { width: 1440, height: 900 },
        reducedMotion: 'reduce',
      });
      contexts.push(context);
      context.setDefaultTimeout(15_000);
      await context.addInitScript((chosen) => window.localStorage.setItem('tma.language', chosen), language);
      if (role) {
        const login = await context.request.post(`${baseUrl}/api/v1/auth/login`, {
          data: { tenant: tenant.slug, email: people[role].email, password },
        });
        expect(login.status(), await login.text()).toBe(200);
      }
      return context.newPage();
    }

    /** Waits until the page has settled: a level-one heading, no loader, no pending skeleton. */
    async function settle(page: Page) {
      await page
        .waitForFunction(
          () =>
            document.querySelector('h1') !== null &&
            document.querySelector('.mantine-Loader, .mantine-Skeleton, [aria-busy="true"]') === null,
          undefined,
          { timeout: 6_000, polling: 50 },
        )
        .catch(() => {
          // Scanned as it is: a page that never shows a heading fails on page-has-heading-one.
        });
      // Transitions are off (reduced motion); two more frames for late layout.
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
    }

    /** Runs axe on what the page shows now and records what must not be there. */
    async function scan(page: Page, where: string) {
      scans += 1;
      // Legacy mode runs axe in the page itself: the default opens a blank page per scan to merge the
      // results of frames, which costs more than the scan (the app has no frames worth a separate run).
      const results = await new AxeBuilder({ page })
        .setLegacyMode()
        .withTags(TAGS)
        .options({ rules: Object.fromEntries(MODERATE_RULES.map((rule) => [rule, { enabled: true }])) })
        .analyze();
      for (const violation of results.violations) {
        const failing =
          violation.impact === 'serious' ||
          violation.impact === 'critical' ||
          MODERATE_RULES.includes(violation.id);
        if (!failing) continue;
        const targets = violation.nodes.map((node) => node.target.join(' ')).slice(0, 6);
        findings.push(
          `${where}: ${violation.id} (${violation.impact}, ${violation.nodes.length}×) ${targets.join(' | ')}` +
            ` – ${violation.nodes[0]?.failureSummary?.replace(/\s+/g, ' ').slice(0, 240) ?? ''}`,
        );
      }
    }

    /**
     * Opens `path` and scans it. The first visit loads the app; later ones navigate inside it, as a user
     * does (React Router follows the history), which spares a page load and start-up per route.
     */
    async function visit(page: Page, path: string, where: string) {
      const address = fill(path);
      if (page.url() === 'about:blank') await page.goto(new URL(address, baseUrl).href);
      else {
        await page.evaluate((to) => {
          // Nothing of the previous page may count as settled: its heading goes with it.
          window.history.pushState(null, '', to);
          window.dispatchEvent(new PopStateEvent('popstate'));
        }, address);
        // React Router renders the new route in a transition: let it commit before looking for a heading.
        await page.evaluate(
          () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
        );
      }
      await settle(page);
      await scan(page, `${where} ${path}`);
    }

    /** Runs `tasks` with at most `limit` at a time (two cores: more does not go faster). */
    async function pooled(tasks: Array<() => Promise<void>>, limit: number) {
      const queue = [...tasks];
      await Promise.all(
        Array.from({ length: limit }, async () => {
          for (let task = queue.shift(); task; task = queue.shift()) await task();
        }),
      );
    }

    /** Fails with every finding since `from` (an index into `findings`). */
    const report = (from: number) => {
      const unique = [...new Set(findings.slice(from))];
      expect(unique, `${unique.length} accessibility violations:\n${unique.join('\n')}`).toEqual([]);
    };

    it('scans every route of the web app and the portal', () => {
      // Each route of web/App.tsx and web/portal/routes.tsx matches an address scanned here (`:id` stands
      // for any one segment), so that a new page cannot be left out by accident.
      const scanned = [...staffRoutes, ...publicRoutes, ...portalRoutes].map(
        (route) => route.path.split('?')[0] ?? route.path,
      );
      const declared = (file: string, prefix: string) =>
        [
          ...readFileSync(path.join(import.meta.dirname, '../../web', file), 'utf8').matchAll(
            /path: '([^']+)'/g,
          ),
        ]
          .map((match) => match[1] ?? '')
          .filter((route) => route !== '*')
          .map((route) => `${prefix}/${route}`.replace(/\/+/g, '/'));
      const routes = [
        ...declared('App.tsx', ''),
        ...declared('portal/routes.tsx', '').map((route) =>
          route === '/report/:tenant' ? route : `/report/:tenant${route}`,
        ),
      ];
      const missing = routes.filter((route) => {
        const pattern = new RegExp(`^${route.replace(/:\w+/g, '[^/]+')}$`);
        return !scanned.some((address) => pattern.test(address));
      });
      expect(missing, 'routes that no scan visits').toEqual([]);
    });

    // One test per role (each with its own time limit), the two languages side by side.
    it.each(roles)(
      'finds no violations on any staff page as %s, in either language',
      async (role) => {
        const from = findings.length;
        const before = scans;
        const started = Date.now();
        const tasks = languages.map((language) => async () => {
          const page = await openPage(language, role);
          for (const route of staffRoutes) {
            if (route.roles && !route.roles.includes(role)) continue;
            await visit(page, route.path, `[${role}/${language}]`);
          }
          await page.close();
        });
        await pooled(tasks, 2);
        console.info(
          `accessibility: ${scans - before} scans of staff pages as ${role} in ${Math.round((Date.now() - started) / 1000)} s`,
        );
        report(from);
      },
      600_000,
    );

    it('finds no violations on the public pages and the reporting portal', async () => {
      const from = findings.length;
      for (const language of languages) {
        const page = await openPage(language);
        for (const route of [...publicRoutes, ...portalRoutes])
          await visit(page, route.path, `[public/${language}]`);
      }
      report(from);
    }, 300_000);

    it('finds no violations with the menus and dialogs open', async () => {
      const from = findings.length;
      for (const language of languages) {
        const t = messages[language];
        const where = (what: string) => `[${language}] ${what}`;
        const admin = await openPage(language, 'admin');
        await admin.goto(new URL('/admin/users', baseUrl).href);
        await settle(admin);

        // The account menu, in the header of every page.
        await admin
          .getByRole('banner')
          .getByRole('button', {
            name: t.header.userMenu
              .replace('{{name}}', people.admin.name)
              .replace('{{organisation}}', tenant.name),
          })
          .click();
        await admin.getByRole('menu').waitFor();
        await scan(admin, where('account menu'));
        await admin.screenshot({
          path: path.join(screenshotDir, `accessibility-account-menu-${language}.png`),
        });
        await admin.keyboard.press('Escape');

        // A user's action menu, and the invitation dialog.
        await admin
          .getByRole('button', { name: t.users.actions.menu.replace('{{name}}', people.expert.name) })
          .click();
        await admin.getByRole('menu').waitFor();
        await scan(admin, where('user action menu'));
        await admin.keyboard.press('Escape');
        await admin.getByRole('button', { name: t.users.page.invite }).click();
        await admin.getByRole('dialog').waitFor();
        await scan(admin, where('invite user dialog'));
        await admin.keyboard.press('Escape');
        await admin.getByRole('dialog').waitFor({ state: 'detached' });

        // The notification bell (one notice: the report that indicates danger) and the on-duty dialog.
        const manager = await openPage(language, 'threat_manager');
        await manager.goto(new URL('/inbox', baseUrl).href);
        await settle(manager);
        await manager.getByRole('button', { name: new RegExp(`^${t.reports.bell.label}`) }).click();
        await manager.getByRole('menu').waitFor();
        await scan(manager, where('notification menu'));
        await manager.keyboard.press('Escape');
        await manager.getByRole('button', { name: t.reports.onDuty.button }).click();
        await manager.getByRole('dialog').waitFor();
        await scan(manager, where('on-duty dialog'));
        await manager.keyboard.press('Escape');

        // The portal's form with a file chosen: the list of attachments and their "Remove" buttons.
        const reporter = await openPage(language);
        await reporter.goto(new URL(`/report/${tenant.slug}`, baseUrl).href);
        await settle(reporter);
        await reporter
          .locator('input[type=file]')
          .setInputFiles({ name: 'kantine.jpg', mimeType: 'image/jpeg', buffer: photo });
        await reporter.getByTestId('attachment').waitFor();
        await scan(reporter, where('portal form with an attachment'));

        // Keyboard focus on a field shows as an outline, not only as a border of another colour.
        const field = reporter.locator('.mantine-Input-input').first();
        await field.focus();
        const outline = await field.evaluate((element) => {
          const style = getComputedStyle(element);
          return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
        });
        expect(outline.style).toBe('solid');
        expect(outline.width).toBeGreaterThanOrEqual(2);
        await reporter.screenshot({ path: path.join(screenshotDir, `accessibility-focus-${language}.png`) });
      }
      report(from);
    }, 300_000);
  },
);
