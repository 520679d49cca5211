// A data subject request in a real browser against a real TMA server: the data protection officer searches
// for a person who appears in two cases, confirms the matches, downloads the ZIP (unzipped here: both cases,
// nothing of a third, no witness's or reporter's name), restricts processing of the person's record, and the
// threat manager sees the restriction on the person card of the case.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, recordProblems, screenshotDir } from '../support/browser.ts';
import { type SignedInCall, signIn as signInApi } from '../support/session.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const manager = { email: 'tom.berger@acme.example', name: 'Tom Berger' };
const officer = { email: 'dora.schutz@acme.example', name: 'Dora Schutz' };
const SUBJECT = 'Xaver Quellmann';
const OTHERS = ['Wendelin', 'Zeugmann', 'Rosalinde', 'Rapporteur', 'Yvonne', 'Ypsilon'];

describe.skipIf(browserSkipReason !== undefined)(
  `data subject requests${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let app: FastifyInstance;
    let baseUrl: string;
    let browser: Browser | undefined;
    const problems: string[] = [];
    const cases: Array<{ id: string; reference: string }> = [];

    async function caseWith(tom: SignedInCall, unitId: string, reporter: string, persons: object[]) {
      const recorded = await tom('POST', '/api/v1/reports', {
        unitId,
        channel: 'phone',
        receivedOn: new Date().toISOString().slice(0, 10),
        anonymous: false,
        reporter: { name: reporter },
        answers: {
          immediate_danger: 'no',
          description: 'Drohungen in der Kantine.',
          warning_signs: ['threat'],
        },
        issueReceipt: false,
      });
      expect(recorded.statusCode, recorded.body).toBe(201);
      const opened = await tom('POST', `/api/v1/reports/${recorded.json().report.id}/open-case`, {
        title: 'Drohungen',
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const id = opened.json().id as string;
      for (const person of persons) {
        const added = await tom('POST', `/api/v1/cases/${id}/persons`, person);
        expect(added.statusCode, added.body).toBe(201);
      }
      cases.push({ id, reference: (await tom('GET', `/api/v1/cases/${id}`)).json().reference });
    }

    beforeAll(async () => {
      server = await startAppServer('data-subjects');
      ({ app, baseUrl } = server);
      const { database } = server;
      const tenantId = (await createTenant(database.db, tenant)).id;
      const unit = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
      await createUser(
        database,
        tenantId,
        {
          email: manager.email,
          displayName: manager.name,
          role: 'threat_manager',
          specialty: null,
          password,
        },
        { kind: 'operator' },
      );
      await setUserUnits(
        database,
        tenantId,
        { email: manager.email },
        { slugs: ['de'] },
        { kind: 'operator' },
      );
      await createUser(
        database,
        tenantId,
        {
          email: officer.email,
          displayName: officer.name,
          role: 'expert',
          specialty: 'data_protection',
          password,
        },
        { kind: 'operator' },
      );
      const tom = await signInApi(app, { tenant: tenant.slug, email: manager.email, password });
      await caseWith(tom, unit.id, 'Rosalinde Rapporteur', [
        { role: 'person_of_concern', name: SUBJECT, details: { organisation: 'Lager' } },
        { role: 'witness', name: 'Wendelin Zeugmann' },
      ]);
      await caseWith(tom, unit.id, 'Rosalinde Rapporteur', [
        { role: 'person_of_concern', name: 'Quellmann, Xaver' },
      ]);
      await caseWith(tom, unit.id, 'Rosalinde Rapporteur', [
        { role: 'person_of_concern', name: 'Yvonne Ypsilon' },
      ]);
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
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
    const shot = async (page: Page, name: string) => {
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshotDir, `data-subjects-${name}.png`), fullPage: true });
    };
    async function signIn(page: Page, who: { email: string }) {
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel('E-mail address').fill(who.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
    }

    it('searches, confirms the matches, downloads the ZIP and restricts processing', async () => {
      const { context, page } = await open('officer', 'en-GB');
      await signIn(page, officer);
      await page.getByRole('link', { name: 'Data subject requests' }).click();
      await page.waitForURL((address) => address.pathname === '/privacy/data-subjects');
      await page.getByRole('textbox', { name: /Name of the person/ }).fill('xaver quellmann');
      await page.getByRole('button', { name: 'Search' }).click();
      const matches = page.getByTestId('dsar-match');
      await expect.poll(() => matches.count()).toBe(2);
      await shot(page, 'matches');
      const [first, second, third] = cases as [(typeof cases)[0], (typeof cases)[0], (typeof cases)[0]];
      await expect.poll(() => page.getByTestId('dsar-matches').innerText()).not.toContain(third.reference);

      // Confirm the two case persons (the reports hold the same people).
      for (const reference of [first.reference, second.reference])
        await page
          .getByRole('checkbox', {
            name: new RegExp(`^This is the person: Person A \\(Case ${reference}\\)`),
          })
          .check();
      await page.getByTestId('dsar-confirm').click();
      await expect.poll(() => page.getByTestId('dsar-confirmed').innerText()).toContain('2 confirmed');

      const axe = await new AxeBuilder({ page })
        .setLegacyMode()
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(
        axe.violations.filter(
          (violation) => violation.impact === 'serious' || violation.impact === 'critical',
        ),
      ).toEqual([]);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('dsar-export').click(),
      ]);
      const saved = path.join(screenshotDir, 'data-subjects-export.zip');
      await download.saveAs(saved);
      const files = unzipSync(new Uint8Array(readFileSync(saved)));
      const names = Object.keys(files);
      expect(names).toEqual(
        expect.arrayContaining([
          'manifest.json',
          `cases/${first.reference}/case.json`,
          `cases/${second.reference}/case.json`,
        ]),
      );
      expect(names.some((name) => name.includes(third.reference))).toBe(false);
      const all = Object.values(files)
        .map((bytes) => Buffer.from(bytes).toString('utf8'))
        .join('\n');
      expect(all).toContain('Quellmann');
      for (const other of OTHERS) expect(all, other).not.toContain(other);
      await expect.poll(() => page.getByTestId('dsar-downloaded').innerText()).toContain('.zip');

      // Restrict processing of the person in the first case.
      await page
        .getByRole('button', { name: `Restrict processing of Person A (Case ${first.reference})` })
        .click();
      await page.getByRole('textbox', { name: /Reason/ }).fill('Bestreitet die Richtigkeit der Angaben');
      await page.getByRole('button', { name: 'Restrict processing', exact: true }).click();
      await expect.poll(() => page.getByTestId('dsar-matches').textContent()).toContain('Restricted');
      await shot(page, 'restricted');

      // The same page on a phone.
      await page.setViewportSize({ width: 390, height: 844 });
      await shot(page, 'phone');
      await context.close();

      // The case team sees the restriction on the person card, without the edit buttons.
      const manager2 = await open('manager', 'en-GB');
      await signIn(manager2.page, manager);
      await manager2.page.goto(url(`/cases/${first.id}?tab=persons`));
      await manager2.page.getByTestId('case-person').first().waitFor();
      await shot(manager2.page, 'person-card');
      const badge = manager2.page.getByTestId('person-restricted');
      await expect.poll(() => badge.count()).toBe(1);
      await manager2.context.close();

      expect(problems).toEqual([]);
    }, 180_000);
  },
);
