// The case file's acceptance story (issue 13) in a real browser against a real TMA app: a threat manager
// opens a case from a report, adds a person of concern and an affected person, invites an HR expert for
// 14 days and writes a managers-only note; the expert (in German) signs in, sees only that case and not the
// note, and comments with an @mention, which the manager's open case page shows without a reload; a second
// expert, not on the team, finds the case neither by search nor by its address; once the membership's end
// has passed (a fake clock) the first expert cannot open the case either, and the expiry job tells the owner.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/build-web-if-needed.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { Keyring } from '../../server/crypto/keyring.ts';
import { createKeyProvider } from '../../server/crypto/providers/index.ts';
import { type Database, openDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { runTeamExpiry } from '../../server/jobs/team-expiry.ts';
import { Lifecycle } from '../../server/lifecycle.ts';
import { createLogger } from '../../server/logger.ts';
import { createPostgresBlobStore } from '../../server/modules/documents/postgres-blob-store.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { type SignedInCall, signIn as signInApi } from '../support/session.ts';

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const password = 'Kompass-Lindenbaum-2291-Nord';
const manager = { email: 'tom.berger@acme.example', name: 'Tom Berger' };
const expert = { email: 'eva.roth@acme.example', name: 'Eva Roth' };
const outsider = { email: 'max.keller@acme.example', name: 'Max Keller' };
const caseTitle = 'Drohung im Lager Nordwerk';
const otherTitle = 'Beschwerde Lager Südwerk';
const noteMarker = 'NurFuerManager-7391';
const commentMarker = 'Personalakte-2264';
const DAY_MS = 24 * 60 * 60 * 1000;

// The fake clock. The app takes it as `now` (sessions, the case services). The embedded database runs in
// this process and takes its time from Date.now, and access to a case ends in SQL (`tma_team_cases`
// compares a membership's end with now()): so Date.now moves with the clock, and app and database agree
// on the time, as they do in production.
const realDateNow = Date.now;
let clockOffsetMs = 0;
const now = () => new Date(realDateNow() + clockOffsetMs);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

describe.skipIf(browserSkipReason !== undefined)(
  `case file${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let dataDir: string;
    let database: Database;
    let keyring: Keyring;
    let app: FastifyInstance;
    let baseUrl: string;
    let browser: Browser | undefined;
    const problems: string[] = [];
    /** The report the story starts from, and another case of the unit, which only the second expert is on. */
    let report: { id: string; reference: string };
    let otherCase: { id: string; reference: string };
    /** The case the manager opens in the browser. */
    let caseId = '';
    let caseReference = '';
    /** The manager's and the expert's pages, open from one step to the next. */
    let managerSide: { context: BrowserContext; page: Page } | undefined;
    let expertSide: { context: BrowserContext; page: Page } | undefined;

    beforeAll(async () => {
      ensureWebBuild(() => {});
      Date.now = () => realDateNow() + clockOffsetMs;
      dataDir = mkdtempSync(path.join(tmpdir(), 'tma-case-file-test-'));
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
      const { id: tenantId } = await createTenant(database.db, tenant);
      const unit = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      );
      const users = [
        { ...manager, role: 'threat_manager' as const, specialty: null },
        { ...expert, role: 'expert' as const, specialty: 'hr' as const },
        { ...outsider, role: 'expert' as const, specialty: 'security' as const },
      ];
      const ids: Record<string, string> = {};
      for (const user of users) {
        const created = await createUser(
          database,
          tenantId,
          { email: user.email, displayName: user.name, role: user.role, specialty: user.specialty, password },
          { kind: 'operator' },
        );
        ids[user.email] = created.id;
        // Everyone belongs to the unit: for an expert, that alone opens none of its cases.
        await setUserUnits(
          database,
          tenantId,
          { email: user.email },
          { slugs: ['de'] },
          { kind: 'operator' },
        );
      }
      const lifecycle = new Lifecycle();
      lifecycle.schemaCurrent = true;
      app = await buildApp({
        config,
        database,
        lifecycle,
        logger,
        identity: { keyring, now, publicUrl: config.publicUrl },
        sso: { keyring, publicUrl: config.publicUrl },
        reporting: {
          keyring,
          blobStore: createPostgresBlobStore(database),
          attachments: config.attachments,
          now,
        },
      });
      await app.listen({ host: '127.0.0.1', port });

      // What the story starts from, through the API as the manager: another case of the unit, whose team
      // has only the second expert on it, and the report taken by phone that the manager opens a case from.
      const tom = await signInApi(app, { tenant: tenant.slug, email: manager.email, password });
      const other = await recordReport(tom, unit.id, {
        immediate_danger: 'no',
        description: 'Lautstarker Streit im Lager Südwerk.',
      });
      const opened = await tom('POST', `/api/v1/reports/${other.id}/open-case`, { title: otherTitle });
      expect(opened.statusCode, opened.body).toBe(201);
      otherCase = { id: opened.json().id, reference: opened.json().reference };
      const joined = await tom('POST', `/api/v1/cases/${otherCase.id}/team`, {
        userId: ids[outsider.email],
      });
      expect(joined.statusCode, joined.body).toBe(200);
      report = await recordReport(tom, unit.id, {
        immediate_danger: 'no',
        description: 'Herr Brandt hat im Lager gesagt, er werde es allen zeigen.',
        warning_signs: ['threat', 'fixation'],
        persons: [
          { role: 'person_of_concern', name: 'Karl Brandt', description: 'Lager Nordwerk, Spätschicht' },
        ],
      });
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await keyring?.provider.close();
      await database?.close();
      Date.now = realDateNow;
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    /** A report taken by phone by the signed-in threat manager, with these answers. */
    async function recordReport(
      call: SignedInCall,
      unitId: string,
      answers: Record<string, unknown>,
    ): Promise<{ id: string; reference: string }> {
      const response = await call('POST', '/api/v1/reports', {
        unitId,
        channel: 'phone',
        receivedOn: now().toISOString().slice(0, 10),
        anonymous: false,
        reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
        answers,
        issueReceipt: false,
      });
      expect(response.statusCode, response.body).toBe(201);
      const { id, reference } = response.json().report;
      return { id, reference };
    }

    /**
     * A browser context of one user. Failed answers are checked by address: only signed-out session
     * checks (401), and – where `refused` says so – this case's addresses answering 404 (a case one may not
     * see does not exist for one) are what the story expects.
     */
    async function open(who: string, locale: string, refused = false) {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        locale,
        viewport: { width: 1280, height: 900 },
        reducedMotion: 'reduce',
      });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      page.on('response', (response) => {
        const status = response.status();
        if (status < 400) return;
        const { pathname } = new URL(response.url());
        const signedOut = status === 401 && pathname === '/api/v1/auth/session';
        const hidden = refused && status === 404 && pathname.startsWith(`/api/v1/cases/${caseId}`);
        if (!signedOut && !hidden) problems.push(`${who}: ${status} ${pathname}`);
      });
      page.on('pageerror', (error) => problems.push(`${who}: page error: ${error.message}`));
      page.on('console', (message) => {
        // Failed responses are checked above, by address.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
          problems.push(`${who}: console error: ${message.text()}`);
      });
      return { context, page };
    }

    const url = (pathname: string) => new URL(pathname, baseUrl).href;
    const shot = async (page: Page, name: string) => {
      await page.waitForTimeout(200);
      await page.screenshot({ path: path.join(screenshotDir, `case-file-${name}.png`), fullPage: true });
    };

    async function signIn(page: Page, who: { email: string }, language: 'en' | 'de' = 'en') {
      const labels =
        language === 'de'
          ? { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' }
          : { email: 'E-mail address', password: 'Password', submit: 'Sign in' };
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel(labels.email).fill(who.email);
      await page.getByRole('textbox', { name: labels.password }).fill(password);
      await page.getByRole('button', { name: labels.submit, exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
    }

    /** Sends the case list's search form with these words; resolves once the list's answer has arrived. */
    async function search(page: Page, words: string) {
      const answered = page.waitForResponse((response) => {
        const address = new URL(response.url());
        return address.pathname === '/api/v1/cases' && address.searchParams.get('q') === words;
      });
      const filters = page.getByTestId('case-filters');
      await filters.getByRole('searchbox', { name: 'Search' }).fill(words);
      await filters.getByRole('button', { name: 'Search', exact: true }).click();
      expect((await answered).status()).toBe(200);
    }

    it('lets the threat manager open a case from the report, add persons, invite the HR expert for 14 days and write a managers-only note', async () => {
      managerSide = await open('manager', 'en-GB');
      const { page } = managerSide;
      await signIn(page, manager);

      // The report, from the inbox: a case is opened from it.
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: /Inbox/ })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
      await page
        .getByRole('link', { name: new RegExp(report.reference) })
        .first()
        .click();
      await page.getByText('Karl Brandt').first().waitFor();
      await shot(page, '1-report-en');
      await page.getByRole('button', { name: 'Open case' }).click();
      await page.getByLabel('Case title').fill(caseTitle);
      await page.getByRole('dialog').getByRole('button', { name: 'Open case' }).click();
      await page.getByRole('link', { name: /Go to case C-\d{4}-\d{4}/ }).click();
      await page.waitForURL((address) => address.pathname.startsWith('/cases/'));
      caseId = new URL(page.url()).pathname.split('/').at(-1) as string;
      const heading = page.getByRole('heading', { level: 1, name: /^C-\d{4}-\d{4}$/ });
      await heading.waitFor();
      caseReference = (await heading.innerText()).trim();
      expect(caseReference).not.toBe(otherCase.reference);
      await page.getByText(caseTitle).first().waitFor();

      // The person of concern, taken over from the report; the affected person, added by hand.
      await page.getByRole('tab', { name: 'Persons' }).click();
      await page
        .getByRole('button', { name: `Take over Karl Brandt from report ${report.reference}` })
        .click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Karl Brandt was taken over from the report.' })
        .waitFor();
      await page.getByRole('button', { name: 'Add a person…' }).click();
      const personDialog = page.getByRole('dialog', { name: 'Add a person to the case' });
      await personDialog.getByLabel(/^Role in the case/).click();
      await page.getByRole('option', { name: 'Affected person' }).click();
      await personDialog.getByLabel(/^Name/).fill('Mara Vogt');
      await personDialog.getByLabel('Description', { exact: true }).fill('Kollegin im Lager, direkt bedroht');
      await personDialog.getByRole('button', { name: 'Add person' }).click();
      await page.getByRole('status').filter({ hasText: 'Mara Vogt was added to the case.' }).waitFor();
      const persons = page.getByTestId('case-person');
      await persons.filter({ hasText: 'Karl Brandt' }).filter({ hasText: 'Person of concern' }).waitFor();
      await persons.filter({ hasText: 'Mara Vogt' }).filter({ hasText: 'Affected person' }).waitFor();
      expect(await persons.count()).toBe(2);
      await shot(page, '2-persons-en');

      // The HR expert, invited for 14 days.
      await page.getByRole('tab', { name: 'Team' }).click();
      await page.getByRole('button', { name: 'Add a member…' }).click();
      const addDialog = page.getByRole('dialog', { name: 'Add a member to the team' });
      await addDialog.getByLabel(/^Person/).fill('Eva');
      await page.getByRole('option', { name: `${expert.name} – Human resources` }).click();
      await addDialog.getByRole('radio', { name: '14 days' }).check();
      await shot(page, '3-invite-en');
      await addDialog.getByRole('button', { name: 'Add to team' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `${expert.name} is now on the team.` })
        .waitFor();
      await page
        .getByTestId('team-member')
        .filter({ hasText: expert.name })
        .getByTestId('member-until')
        .waitFor();
      const team = await page.evaluate(
        async (id) => (await fetch(`/api/v1/cases/${id}/team`)).json(),
        caseId,
      );
      const membership = team.members.find(
        (member: { user: { name: string } }) => member.user.name === expert.name,
      );
      // The end of the 14th day from today, in the browser's time zone.
      const endsIn = new Date(membership.expiresAt).getTime() - now().getTime();
      expect(endsIn).toBeGreaterThan(13 * DAY_MS);
      expect(endsIn).toBeLessThanOrEqual(15 * DAY_MS);
      await shot(page, '4-team-en');

      // A note for the managers only.
      await page.getByRole('tab', { name: 'Journal' }).click();
      await page.getByRole('button', { name: 'Write an entry…' }).click();
      const entryDialog = page.getByRole('dialog', { name: 'Write into the journal' });
      await entryDialog
        .getByLabel(/^What happened/)
        .fill(`Herr Brandt ist aus einem früheren Verfahren bekannt. ${noteMarker}`);
      await entryDialog.getByRole('checkbox', { name: 'Managers only' }).check();
      await entryDialog.getByRole('button', { name: 'Save entry' }).click();
      await page.getByRole('status').filter({ hasText: 'The entry was saved.' }).waitFor();
      await page
        .getByTestId('journal-entry')
        .filter({ hasText: noteMarker })
        .getByTestId('managers-only')
        .waitFor();
      await shot(page, '5-journal-en');

      // The manager finds the case by the person's name: the search the second expert gets nothing from.
      await page.goto(url('/cases'));
      await search(page, 'Brandt');
      const rows = page.getByTestId('case-row');
      await rows.filter({ hasText: caseReference }).waitFor();
      await expect.poll(() => rows.count()).toBe(1);
      expect(problems).toEqual([]);
    }, 300_000);

    it('shows the expert only that case and not the note; the manager sees the expert’s @mention comment live', async () => {
      if (!managerSide) throw new Error('the manager is not signed in');
      const { page } = managerSide;
      // The manager's case page, open on the comments, its live stream connected.
      const streamOpen = page.waitForResponse((response) =>
        response.url().endsWith(`/cases/${caseId}/events`),
      );
      await page.goto(url(`/cases/${caseId}?tab=comments`));
      expect((await streamOpen).status()).toBe(200);
      await page.getByTestId('comments-empty').waitFor();
      let reloads = 0;
      page.on('load', () => reloads++);

      // The expert signs in (in German) and lands on the one case she was invited to.
      expertSide = await open('expert', 'de-DE');
      const eva = expertSide.page;
      await signIn(eva, expert, 'de');
      await eva.getByRole('heading', { level: 1, name: 'Meine Arbeit' }).waitFor();
      const invited = eva.getByRole('region', { name: 'Fälle, zu denen ich eingeladen wurde' });
      await invited.getByRole('link', { name: caseReference }).waitFor();
      expect(await invited.getByRole('listitem').count()).toBe(1);
      expect(await eva.content()).not.toContain(otherCase.reference);
      await shot(eva, '6-expert-home-de');
      // Her bell tells her of the invitation (experts have one too: they are told of teams, mentions, tasks).
      await eva.getByRole('button', { name: /^Benachrichtigungen, \d+ ungelesen$/ }).click();
      await eva
        .getByRole('menu')
        .getByText(`Sie wurden in das Team von ${caseReference} aufgenommen`)
        .waitFor();
      await shot(eva, '6-expert-bell-de');
      await eva.keyboard.press('Escape');

      // The case list holds only that case.
      await eva
        .getByRole('navigation', { name: 'Hauptnavigation' })
        .getByRole('link', { name: 'Fälle' })
        .click();
      await eva.getByRole('heading', { level: 1, name: 'Fälle' }).waitFor();
      const rows = eva.getByTestId('case-row');
      await rows.filter({ hasText: caseReference }).waitFor();
      await expect.poll(() => rows.count()).toBe(1);
      await rows.getByRole('link', { name: caseReference }).click();

      // The case, without the managers-only note: not on the page, not in the journal, not in its API.
      await eva.getByText(caseTitle).first().waitFor();
      // Its reports are for the threat managers; the tab says so rather than "none".
      await eva.getByRole('tab', { name: 'Meldungen', exact: true }).click();
      await eva.getByText('Die Meldungen eines Falls sieht das Bedrohungsmanagement').waitFor();
      await eva.getByRole('tab', { name: 'Journal' }).click();
      await eva.getByText(/Eva Roth ist bis .+ im Team\./).waitFor();
      expect(await eva.getByTestId('journal-entry').filter({ hasText: noteMarker }).count()).toBe(0);
      expect(await eva.content()).not.toContain(noteMarker);
      const journal = await eva.evaluate(
        async (id) => (await fetch(`/api/v1/cases/${id}/journal`)).text(),
        caseId,
      );
      expect(journal).toContain('team_member_added');
      expect(journal).not.toContain(noteMarker);
      await shot(eva, '7-expert-journal-de');

      // A comment that mentions the manager: "@", a name, the pick.
      await eva.getByRole('tab', { name: 'Kommentare' }).click();
      const composer = eva.getByTestId('comment-composer');
      // An expert may not write for the managers only: she is not offered it.
      expect(await composer.getByRole('checkbox').count()).toBe(0);
      const box = composer.getByLabel('Kommentar für das Team');
      await box.click();
      await box.pressSequentially(
        `Die Personalakte enthält eine Abmahnung (${commentMarker}). Bitte zurückrufen, @To`,
      );
      await eva
        .getByRole('listbox', { name: 'Teammitglieder zum Erwähnen' })
        .getByRole('option', { name: `@${manager.name}` })
        .click();
      await composer.getByTestId('comment-mentions').getByText(manager.name).waitFor();
      await box.press('End');
      await box.pressSequentially('danke.');
      await shot(eva, '8-expert-comment-de');
      await composer.getByRole('button', { name: 'Kommentar senden' }).click();
      await eva
        .getByRole('status')
        .filter({ hasText: 'Der Kommentar wurde gesendet; 1 Person wurde benachrichtigt.' })
        .waitFor();

      // The manager's page shows it, without a reload, with the mention.
      const comment = page.getByTestId('case-comment').filter({ hasText: commentMarker });
      await comment.waitFor({ timeout: 10_000 });
      await comment.getByText(`Told: ${manager.name}`).waitFor();
      await comment.getByText(`@${manager.name}`, { exact: true }).waitFor();
      expect(await comment.innerText()).toContain(expert.name);
      expect(reloads).toBe(0);
      await shot(page, '9-manager-live-en');
      expect(problems).toEqual([]);
    }, 300_000);

    it('lets a second expert, not on the team, find the case neither by search nor by its address', async () => {
      const max = await open('second expert', 'en-GB', true);
      const { page } = max;
      await signIn(page, outsider);
      const invited = page.getByRole('region', { name: 'Cases I was invited to' });
      await invited.getByRole('link', { name: otherCase.reference }).waitFor();
      expect(await invited.getByRole('listitem').count()).toBe(1);

      // Search: by the person's name nothing; by a word both titles share, only his own case.
      await page.goto(url('/cases'));
      const rows = page.getByTestId('case-row');
      await rows.filter({ hasText: otherCase.reference }).waitFor();
      await expect.poll(() => rows.count()).toBe(1);
      await search(page, 'Brandt');
      await page.getByTestId('cases-none-match').waitFor();
      await shot(page, '10-outsider-search-en');
      await search(page, 'Nordwerk');
      await page.getByTestId('cases-none-match').waitFor();
      await search(page, 'Lager');
      await rows.filter({ hasText: otherCase.reference }).waitFor();
      await expect.poll(() => rows.count()).toBe(1);
      expect(await page.content()).not.toContain(caseReference);

      // The address: not found, and nothing of the case.
      await page.goto(url(`/cases/${caseId}`));
      await page
        .getByRole('alert')
        .filter({ hasText: 'This case does not exist, or you cannot see it.' })
        .waitFor();
      const content = await page.content();
      for (const secret of [caseTitle, caseReference, 'Brandt', 'Mara Vogt', commentMarker, noteMarker])
        expect(content).not.toContain(secret);
      await shot(page, '11-outsider-url-en');
      await max.context.close();
      expect(problems).toEqual([]);
    }, 300_000);

    it('ends the expert’s access when her 14 days have passed; the expiry job tells the owner', async () => {
      await expertSide?.context.close();
      await managerSide?.context.close();
      clockOffsetMs = 15 * DAY_MS;

      // Her session ended with the time; signed in again, the case is gone from her work and its address.
      const eva = await open('expert after expiry', 'de-DE', true);
      await signIn(eva.page, expert, 'de');
      await eva.page.getByRole('heading', { level: 1, name: 'Meine Arbeit' }).waitFor();
      await eva.page.getByText('Sie sind noch in keinem Fallteam.', { exact: false }).waitFor();
      await eva.page.goto(url(`/cases/${caseId}`));
      await eva.page
        .getByRole('alert')
        .filter({ hasText: 'Diesen Fall gibt es nicht, oder Sie können ihn nicht sehen.' })
        .waitFor();
      const content = await eva.page.content();
      for (const secret of [caseTitle, 'Brandt', commentMarker]) expect(content).not.toContain(secret);
      await shot(eva.page, '12-expert-expired-de');
      await eva.context.close();

      // The job records the end and tells the case's owner: the manager's bell says so.
      expect(await runTeamExpiry(database, now())).toBe(1);
      expect(await runTeamExpiry(database, now())).toBe(0);
      const tom = await open('manager after expiry', 'en-GB');
      await signIn(tom.page, manager);
      await tom.page.getByRole('button', { name: /^Notifications, \d+ unread$/ }).click();
      const menu = tom.page.getByRole('menu');
      await menu.getByText(`A membership of the team of ${caseReference} ended`).waitFor();
      await menu.getByText(`You were mentioned in a comment on ${caseReference}`).waitFor();
      await shot(tom.page, '13-manager-bell-en');
      await tom.page.keyboard.press('Escape');
      await tom.page.goto(url(`/cases/${caseId}?tab=journal`));
      await tom.page.getByText(`The time of ${expert.name} on the team ended.`).waitFor();
      await tom.page.getByRole('tab', { name: 'Team' }).click();
      await tom.page.getByTestId('team-member').first().waitFor();
      expect(await tom.page.getByTestId('team-member').filter({ hasText: expert.name }).count()).toBe(0);
      await tom.context.close();
      expect(problems).toEqual([]);
    }, 300_000);
  },
);
