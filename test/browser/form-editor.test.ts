// The report-form editor in a real browser against a real TMA server (issue 19): an admin adds a section
// with a single-choice question and its answers in German and English, previews the form as reporters see
// it in both languages, publishes it as a new version, and a reporter finds the new question in the portal,
// in German on a phone and in English on a desktop. Screenshots at 1440 × 900 and on a phone.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/modules/identity/service.ts';
import { showReportForm } from '../../server/modules/reports/form-publishing.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit } from '../../server/modules/units/service.ts';
import { type AppServer, startAppServer } from '../support/app-server.ts';
import { browserSkipReason, launchChromium, recordProblems, screenshotDir } from '../support/browser.ts';

const password = 'Kompass-Lindenbaum-2291-Nord';
const admin = { email: 'ada.klein@acme.example', name: 'Ada Klein' };

const section = { de: 'Arbeitsumfeld', en: 'Workplace' };
const question = {
  de: 'Hat die Person Zugang zu Waffen?',
  en: 'Does the person have access to weapons?',
};
const answers = [
  { de: 'Ja', en: 'Yes' },
  { de: 'Nein', en: 'No' },
  { de: 'Weiß ich nicht', en: 'I do not know' },
];

const desktop = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };

describe.skipIf(browserSkipReason !== undefined)(
  `report-form editor${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: AppServer | undefined;
    let browser: Browser | undefined;
    let tenantId: string;
    const problems: string[] = [];

    beforeAll(async () => {
      server = await startAppServer('form-editor');
      const { database } = server;
      tenantId = (await createTenant(database.db, { slug: 'acme', name: 'Acme' })).id;
      await createUnit(database, tenantId, { slug: 'de', name: 'Deutschland' }, { kind: 'operator' });
      await createUser(
        database,
        tenantId,
        { email: admin.email, displayName: admin.name, role: 'admin', password, specialty: null },
        { kind: 'operator' },
      );
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    async function newPage(locale: string, viewport: { width: number; height: number }): Promise<Page> {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({ locale, viewport, reducedMotion: 'reduce' });
      const page = await context.newPage();
      // The session check before signing in answers 401.
      recordProblems(page, problems, { expectedConsole: /status of 401/ });
      return page;
    }
    const url = (pathname: string) => {
      if (!server) throw new Error('server not started');
      return new URL(pathname, server.baseUrl).href;
    };
    const shot = async (page: Page, name: string, fullPage = true) => {
      await page.waitForTimeout(200);
      await page.screenshot({ path: `${screenshotDir}/form-editor-${name}.png`, fullPage });
    };
    const shotOf = async (locator: Locator, name: string) => {
      await locator.page().waitForTimeout(200);
      await locator.screenshot({ path: `${screenshotDir}/form-editor-${name}.png` });
    };

    it('adds a section and a choice question in both languages, previews, publishes, and the portal shows it', async () => {
      const page = await newPage('en-GB', desktop);
      await page.goto(url('/login?tenant=acme'));
      await page.getByLabel('E-mail address').fill(admin.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
      await page.getByRole('link', { name: 'Reporting portal' }).click();
      await page.getByRole('heading', { level: 1, name: 'Reporting portal' }).waitFor();
      const editor = page.getByTestId('form-editor');
      await editor.waitFor();
      expect(await page.getByTestId('current-form').textContent()).toContain('version 1.0.0');
      // The next version is proposed; the form TMA ships has four sections.
      expect(await editor.getByLabel('New version').inputValue()).toBe('1.1.0');
      const sections = editor.getByTestId('form-editor-section');
      expect(await sections.count()).toBe(4);
      await shot(page, '1-editor-en');

      // A new section: empty, so publishing is refused before anything is sent, naming what is missing.
      await editor.getByRole('button', { name: 'Add section' }).click();
      expect(await sections.count()).toBe(5);
      const added = sections.nth(4);
      await editor.getByRole('button', { name: 'Publish version 1.1.0' }).click();
      const summary = page.getByTestId('form-editor-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain('Add at least one question to this section.');
      expect(await added.getByLabel('Section title (German)').getAttribute('aria-invalid')).toBe('true');

      await added.getByLabel('Section title (German)').fill(section.de);
      await added.getByLabel('Section title (English)').fill(section.en);
      // A text pasted or filled in at once counts as typed.
      expect(await added.getByLabel('Section title (German)').inputValue()).toBe(section.de);
      expect(await added.getByLabel('Section title (English)').inputValue()).toBe(section.en);
      await added
        .getByLabel('Kind of the new question in section 5')
        .selectOption({ label: 'Single choice' });
      await added.getByRole('button', { name: 'Add question' }).click();
      const item = added.getByTestId('form-editor-item');
      await item.getByLabel('Question (German)').fill(question.de);
      await item.getByLabel('Question (English)').fill(question.en);
      const required = item.getByRole('switch', { name: 'An answer is required' });
      await required.focus();
      await page.keyboard.press('Space');
      expect(await required.isChecked()).toBe(true);
      await item.getByRole('button', { name: 'Add answer' }).click();
      const options = item.getByTestId('form-editor-options').locator('li');
      expect(await options.count()).toBe(3);
      for (const [index, answer] of answers.entries()) {
        await options.nth(index).getByLabel('Answer (German)').fill(answer.de);
        await options.nth(index).getByLabel('Answer (English)').fill(answer.en);
      }
      await item.getByLabel('Answer id').fill('weapons_access');
      // Nothing left to fix (a failure shows what the editor still finds).
      const bar = page.getByTestId('form-editor-publish');
      const status = async () => [await bar.textContent(), ...(await summary.allTextContents())].join(' | ');
      await expect.poll(status, { timeout: 10_000 }).toContain('Ready to publish as version 1.1.0.');
      await shotOf(added, '2-new-section-en');
      await page.setViewportSize(phone);
      await shotOf(added, '3-new-section-phone');
      await page.setViewportSize(desktop);

      // The JSON view holds the same definition.
      await editor.getByRole('button', { name: 'Edit as JSON (advanced)' }).click();
      const json = JSON.parse(await editor.getByLabel('Form definition (JSON)').inputValue());
      expect(json.sections[4]).toMatchObject({
        title: section,
        items: [{ id: 'weapons_access', type: 'choice', label: question, required: true }],
      });
      expect(
        json.scales[json.sections[4].items[0].scale].options.map((o: { label: unknown }) => o.label),
      ).toEqual(answers);
      await editor.getByRole('button', { name: 'Edit as JSON (advanced)' }).click();

      // The preview: the portal's own fields, in English and in German.
      await editor.getByRole('tab', { name: 'Preview' }).click();
      const preview = page.getByTestId('form-preview');
      await preview.getByRole('heading', { name: section.en }).waitFor();
      const group = preview.getByRole('radiogroup', { name: question.en });
      await group.waitFor();
      for (const answer of answers)
        await group.getByRole('radio', { name: answer.en, exact: true }).waitFor();
      await shotOf(preview, '4-preview-en');
      await preview.getByText('Deutsch', { exact: true }).click();
      await preview.getByRole('heading', { name: section.de }).waitFor();
      const germanGroup = preview.getByRole('radiogroup', { name: question.de });
      for (const answer of answers)
        await germanGroup.getByRole('radio', { name: answer.de, exact: true }).waitFor();
      // The admin's own interface stays in English.
      await editor.getByRole('tab', { name: 'Questions' }).waitFor();
      await shot(page, '5-preview-de');
      await editor.getByRole('tab', { name: 'Questions' }).click();

      await editor.getByRole('button', { name: 'Publish version 1.1.0' }).click();
      await page.getByText('Version 1.1.0 is published; the portal shows it now.').waitFor();
      await expect.poll(() => page.getByTestId('current-form').textContent()).toContain('version 1.1.0');
      // The editor starts the next version from the published one.
      expect(await editor.getByLabel('New version').inputValue()).toBe('1.2.0');

      // The new version is stored as the tenant's form.
      if (!server) throw new Error('server not started');
      const stored = await showReportForm(server.database, tenantId);
      expect(stored).toMatchObject({ formId: 'tma.report.default', version: '1.1.0' });
      expect(stored.sections).toHaveLength(5);
      const storedItem = stored.sections[4]?.items[0];
      expect(storedItem).toMatchObject({
        id: 'weapons_access',
        type: 'choice',
        label: question,
        required: true,
      });
      if (storedItem?.type !== 'choice') throw new Error('not a choice item');
      expect(stored.scales[storedItem.scale]?.options.map((option) => option.label)).toEqual(answers);
      // The default form's danger rule is still there.
      expect(stored.danger).toEqual({ itemId: 'immediate_danger', codes: ['yes'] });

      // A reporter on a phone, in German, and one at a desktop, in English.
      const reporter = await newPage('de-DE', phone);
      await reporter.goto(url('/report/acme'));
      await reporter.getByRole('heading', { name: section.de }).waitFor();
      const asked = reporter.getByRole('radiogroup', { name: question.de });
      for (const answer of answers)
        await asked.getByRole('radio', { name: answer.de, exact: true }).waitFor();
      await asked.scrollIntoViewIfNeeded();
      await shot(reporter, '6-portal-de-phone', false);
      const english = await newPage('en-GB', desktop);
      await english.goto(url('/report/acme'));
      await english.getByRole('heading', { name: section.en }).waitFor();
      await english
        .getByRole('radiogroup', { name: question.en })
        .getByRole('radio', { name: 'I do not know' })
        .waitFor();

      expect(problems).toEqual([]);
    }, 180_000);
  },
);
