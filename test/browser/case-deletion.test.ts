// Deleting a case in a real browser against a real TMA server: an anonymous reporter submits a report with a
// file; a threat manager opens a case from it; an admin, who sees the case's metadata but not its content,
// deletes the case (reason, the reference typed to confirm). The case
// page then says when it was deleted, the case list still loads and shows the tombstone, the reporter's
// receipt shows the report closed without content, and the tenant's own keys prove that nothing the case and
// report left in the database can be opened any more.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScopeShreddedError } from '../../server/crypto/keyring.ts';
import type { Sealed } from '../../server/crypto/sealed.ts';
import { withTenant } from '../../server/db/tenant-transaction.ts';
import { browserSkipReason, launchChromium, screenshotDir } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const tenant = { slug: 'acme', name: 'Acme Manufacturing' };
const admin = {
  email: 'ada.klein@acme.example',
  name: 'Ada Klein',
  password: 'Kompass-Lindenbaum-2291-Nord',
};
const second = {
  email: 'abe.sommer@acme.example',
  name: 'Abe Sommer',
  password: 'Kompass-Lindenbaum-2291-Nord',
};
const manager = {
  email: 'tom.berger@acme.example',
  name: 'Tom Berger',
  password: 'Kompass-Lindenbaum-2291-Nord',
};
const marker = 'LoeschMarker-5517';

async function tma(env: Record<string, string>, args: string[]): Promise<void> {
  await run(process.execPath, [path.join(root, 'server/cli/tma.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
}

describe.skipIf(browserSkipReason !== undefined)(
  `case deletion${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
    let browser: Browser | undefined;
    let workDir: string;
    const problems: string[] = [];

    beforeAll(async () => {
      workDir = mkdtempSync(path.join(tmpdir(), 'tma-deletion-test-'));
      writeFileSync(path.join(workDir, 'notiz.txt'), `Notiz zur Meldung ${marker}\n`);
      server = await startTestServer({
        before: async (env) => {
          const passwordFile = path.join(workDir, 'password');
          writeFileSync(passwordFile, `${admin.password}\n`, { mode: 0o600 });
          await tma(env, ['tenant', 'create', tenant.slug, '--name', tenant.name]);
          await tma(env, ['unit', 'create', 'de', '--tenant', tenant.slug, '--name', 'Deutschland']);
          await tma(env, [
            'user',
            'create',
            '--tenant',
            tenant.slug,
            '--email',
            admin.email,
            '--name',
            admin.name,
            '--role',
            'admin',
            '--password-file',
            passwordFile,
          ]);
          await tma(env, [
            'user',
            'create',
            '--tenant',
            tenant.slug,
            '--email',
            second.email,
            '--name',
            second.name,
            '--role',
            'admin',
            '--password-file',
            passwordFile,
          ]);
          await tma(env, [
            'user',
            'create',
            '--tenant',
            tenant.slug,
            '--email',
            manager.email,
            '--name',
            manager.name,
            '--role',
            'threat_manager',
            '--password-file',
            passwordFile,
          ]);
          await tma(env, [
            'user',
            'set-units',
            '--tenant',
            tenant.slug,
            '--email',
            manager.email,
            '--units',
            'de',
          ]);
        },
      });
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    async function openContext(locale: string, width: number, height: number) {
      if (!browser) throw new Error('browser not started');
      const context: BrowserContext = await browser.newContext({
        locale,
        viewport: { width, height },
        reducedMotion: 'reduce',
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // "Nobody signed in" (401) and "this case was deleted" (410) are ordinary answers.
        const expected = /status of (401|410)/.test(message.text());
        if (message.type() === 'error' && !expected) problems.push(`console error: ${message.text()}`);
      });
      return { context, page };
    }

    const url = (pathname: string) => {
      if (!server) throw new Error('server not started');
      return new URL(pathname, server.baseUrl).href;
    };
    const shot = async (page: Page, name: string) => {
      await page.waitForTimeout(200);
      await page.screenshot({ path: path.join(screenshotDir, `case-deletion-${name}.png`), fullPage: true });
    };

    async function signIn(
      page: Page,
      who: { email: string; password: string },
      language: 'en' | 'de' = 'en',
    ) {
      const labels =
        language === 'de'
          ? { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' }
          : { email: 'E-mail address', password: 'Password', submit: 'Sign in' };
      await page.goto(url(`/login?tenant=${tenant.slug}`));
      await page.getByLabel(labels.email).fill(who.email);
      await page.getByRole('textbox', { name: labels.password }).fill(who.password);
      await page.getByRole('button', { name: labels.submit, exact: true }).click();
      await page.waitForURL((address) => address.pathname === '/');
    }

    it('deletes a case opened from an anonymous report; the list, the receipt and the keys say it is gone', async () => {
      if (!server) throw new Error('server not started');
      // 1. An anonymous report with a file, in German.
      const reporter = await openContext('de-DE', 390, 844);
      const portal = reporter.page;
      await portal.goto(url(`/report/${tenant.slug}/de`));
      await portal.getByRole('heading', { level: 1 }).first().waitFor();
      await portal.getByRole('radio', { name: 'Nein', exact: true }).check();
      await portal.getByLabel('Was haben Sie beobachtet?').fill(`Drohung in der Kantine. ${marker}`);
      await portal.locator('input[type=file]').setInputFiles(path.join(workDir, 'notiz.txt'));
      await portal.getByText('notiz.txt').first().waitFor();
      await portal.getByRole('button', { name: 'Meldung absenden' }).click();
      const receiptBox = portal.getByTestId('receipt');
      await receiptBox.waitFor({ timeout: 30_000 });
      const receipt = (await receiptBox.innerText()).replace(/\s+/g, ' ').trim();
      expect(receipt).toMatch(/^\d{4}( \d{4}){7}$/);
      await portal.getByLabel('Ich habe mir meine Quittungsnummer notiert').check();

      // 2. The threat manager of the unit opens a case from it and replies to the reporter.
      const team = await openContext('en-GB', 1280, 860);
      const page = team.page;
      await signIn(page, manager);
      await page.getByRole('link', { name: /Inbox/ }).first().click();
      await page
        .getByRole('link', { name: /R-\d{4}-0001/ })
        .first()
        .click();
      await page.getByText(marker).first().waitFor();
      await page.getByLabel('Reply to the reporter').fill(`Danke, wir kümmern uns. ${marker}`);
      await page.getByRole('button', { name: 'Send reply' }).click();
      await page.getByText('The reply was sent.').waitFor();
      await page.getByRole('button', { name: 'Open case' }).click();
      await page.getByLabel('Case title').fill(`Threat in the canteen ${marker}`);
      await page.getByRole('dialog').getByRole('button', { name: 'Open case' }).click();
      await page.getByRole('link', { name: /Go to case C-\d{4}-0001/ }).click();
      await page.waitForURL((address) => address.pathname.startsWith('/cases/'));
      const caseId = new URL(page.url()).pathname.split('/').at(-1) as string;
      const caseHeading = page.getByRole('heading', { level: 1, name: /^C-\d{4}-0001$/ });
      await caseHeading.waitFor();
      const caseReference = (await caseHeading.innerText()).trim();
      expect(caseReference).toMatch(/^C-\d{4}-0001$/);
      const reportId = (await server.database.db.selectFrom('reports').select('id').executeTakeFirstOrThrow())
        .id;
      // What there is to shred: the title, the answers, the dialogue, the file.
      const before = await sealedLeftovers(caseId, reportId);
      expect(before.length).toBeGreaterThanOrEqual(4);
      // Deleting is an admin's: the threat manager is not offered it.
      expect(await page.getByRole('button', { name: 'Delete…' }).count()).toBe(0);

      // 3. The admin sees the case's metadata, not its content, and deletes the case: reason, the reference
      // typed to confirm, irreversible.
      await page.context().clearCookies();
      await signIn(page, admin);
      await page.goto(url(`/cases/${caseId}`));
      await caseHeading.waitFor();
      await page.getByTestId('content-withheld').waitFor();
      expect(await page.content()).not.toContain(marker);
      await shot(page, '0-case-metadata-en');
      await page.getByRole('button', { name: 'Delete…' }).click();
      const dialog = page.getByRole('dialog', { name: `Delete case ${caseReference}` });
      await dialog.getByText('This cannot be undone.').waitFor();
      const submit = dialog.getByRole('button', { name: 'Delete for good' });
      expect(await submit.isDisabled()).toBe(true);
      await dialog.getByLabel(/^Reason/).click();
      await page.getByRole('option', { name: 'Unfounded' }).click();
      await dialog.getByTestId('deletion-confirm').fill(caseReference);
      await shot(page, '1-dialog-en');
      await submit.click();
      const notice = page.getByTestId('deleted-notice');
      await notice.waitFor({ timeout: 30_000 });
      await notice.getByText(/This case was deleted on/).waitFor();
      await notice.getByText('Reason: Unfounded').waitFor();
      await shot(page, '2-case-deleted-en');

      // 4. The case list still loads, with the tombstone.
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Cases' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
      const row = page.getByTestId('case-row').filter({ hasText: caseReference });
      await row.getByText(/Deleted on/).waitFor();
      expect(await row.getAttribute('data-deleted')).toBe('true');
      expect(await page.content()).not.toContain(marker);
      await shot(page, '3-cases-en');
      // The report page says it was deleted, too.
      await page.goto(url(`/reports/${reportId}`));
      await page.getByText(/This report was deleted on/).waitFor();

      // 5. The reporter's receipt shows the report closed, without content.
      await portal.goto(url(`/report/${tenant.slug}/dialogue`));
      await portal.getByLabel('Quittungsnummer').fill(receipt);
      await portal.getByRole('button', { name: 'Öffnen' }).click();
      await portal.getByTestId('report-closed-notice').waitFor({ timeout: 30_000 });
      expect(await portal.getByTestId('report-status').innerText()).toBe('Abgeschlossen');
      expect(await portal.content()).not.toContain(marker);
      expect(await portal.getByLabel('Ihre Nachricht').count()).toBe(0);
      await shot(portal, '4-receipt-closed-de');

      // 6. With the tenant's keys: every ciphertext left for the case and the report no longer opens.
      const after = await sealedLeftovers(caseId, reportId);
      const tenantId = (await server.database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow())
        .id;
      const keys = await server.keyring.forTenant(tenantId);
      for (const [scope, id] of [
        ['case', caseId],
        ['report', reportId],
      ] as const)
        await expect(
          withTenant(server.database, { tenantId, userId: null }, (trx) => keys.scope(trx, scope, id)),
        ).rejects.toBeInstanceOf(ScopeShreddedError);
      for (const left of after)
        await expect(
          withTenant(server.database, { tenantId, userId: null }, async (trx) =>
            (await keys.scope(trx, left.scope, left.scopeId)).open(left.value, left.field),
          ),
          `${left.field.table}.${left.field.column}`,
        ).rejects.toBeInstanceOf(ScopeShreddedError);
      // The tombstone rows themselves hold no ciphertext, and the dialogue and the file are gone.
      expect(after.filter((left) => ['cases', 'reports'].includes(left.field.table))).toEqual([]);
      expect(after.filter((left) => left.field.table.startsWith('report_'))).toEqual([]);
      const keyRows = await server.database.db
        .selectFrom('data_keys')
        .select(['scope', 'wrapped_key'])
        .where('scope_id', 'in', [caseId, reportId])
        .execute();
      expect(keyRows.map((key) => key.wrapped_key)).toEqual([null, null]);
      const blobs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM document_blob_chunks`.execute(
        server.database.db,
      );
      expect(blobs.rows[0]?.n).toBe(0);

      await reporter.context.close();
      await team.context.close();
      expect(problems).toEqual([]);
    });

    it('with approval required, one admin requests the deletion of a report and another approves it', async () => {
      // An admin turns the four-eyes rule on, on the security page (in German).
      const first = await openContext('de-DE', 1280, 860);
      await signIn(first.page, admin, 'de');
      await first.page.goto(url('/admin/security'));
      const rule = first.page.getByLabel('Jede Löschung muss von einer zweiten Person genehmigt werden');
      // The switch shows the server's setting: it turns on once the change is saved, not at the click.
      await rule.click();
      await expect.poll(() => rule.isChecked(), { timeout: 15_000 }).toBe(true);
      await shot(first.page, '5-security-setting-de');

      // A new report from the portal.
      const reporter = await openContext('de-DE', 390, 844);
      await reporter.page.goto(url(`/report/${tenant.slug}/de`));
      await reporter.page.getByRole('radio', { name: 'Nein', exact: true }).check();
      await reporter.page
        .getByLabel('Was haben Sie beobachtet?')
        .fill('Doppelte Meldung zum selben Vorfall.');
      await reporter.page.getByRole('button', { name: 'Meldung absenden' }).click();
      await reporter.page.getByTestId('receipt').waitFor({ timeout: 30_000 });
      await reporter.context.close();
      const report = await server?.database.db
        .selectFrom('reports')
        .select(['id', 'reference'])
        .orderBy('number', 'desc')
        .executeTakeFirstOrThrow();
      if (!report) throw new Error('no report');

      // The first admin asks for its deletion: the dialog says a second admin must approve.
      await first.page.goto(url(`/reports/${report.id}`));
      await first.page.getByRole('button', { name: 'Löschung beantragen …' }).click();
      const dialog = first.page.getByRole('dialog', { name: `Meldung ${report.reference} löschen` });
      await dialog.getByText('Gelöscht wird erst mit dieser Genehmigung.', { exact: false }).waitFor();
      await dialog.getByLabel(/^Grund/).click();
      await first.page.getByRole('option', { name: 'Doppelt erfasst' }).click();
      await dialog
        .getByLabel('Notiz für die Genehmigung (optional)')
        .fill('Gleicher Vorfall wie die erste Meldung.');
      await dialog.getByTestId('deletion-confirm').fill(report.reference);
      await shot(first.page, '6-request-dialog-de');
      await dialog.getByRole('button', { name: 'Löschung beantragen' }).click();
      const pending = first.page.getByTestId('deletion-pending');
      await pending
        .getByText('Eine andere Administratorin oder ein anderer Administrator muss Ihren Antrag genehmigen.')
        .waitFor();
      expect(await pending.getByRole('button', { name: 'Löschung genehmigen' }).count()).toBe(0);
      await shot(first.page, '7-request-pending-de');

      // The second admin approves it; the report is gone.
      const other = await openContext('en-GB', 1280, 860);
      await signIn(other.page, second);
      await other.page.goto(url(`/reports/${report.id}`));
      const request = other.page.getByTestId('deletion-pending');
      await request.getByText('Note: Gleicher Vorfall wie die erste Meldung.').waitFor();
      await shot(other.page, '8-approve-en');
      await request.getByRole('button', { name: 'Approve deletion' }).click();
      await other.page.getByText(/This report was deleted on/).waitFor({ timeout: 30_000 });
      await other.page.getByText('Reason: Duplicate').waitFor();
      await shot(other.page, '9-report-deleted-en');

      await first.context.close();
      await other.context.close();
      expect(problems).toEqual([]);
    });

    /**
     * Every sealed value in the database that belongs to the case or the report: the sealed columns of the
     * case and report rows, and of every table with a `case_id` or `report_id` column (found from the
     * catalogue, so a table added later is covered too).
     */
    async function sealedLeftovers(caseId: string, reportId: string) {
      if (!server) throw new Error('server not started');
      const db = server.database.db;
      const columns = await sql<{ table_name: string; column_name: string }>`
        SELECT c.table_name, c.column_name FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.column_name LIKE '%\\_sealed' ESCAPE '\\'
        ORDER BY 1, 2`.execute(db);
      const keyColumns = await sql<{ table_name: string; column_name: string }>`
        SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name IN ('case_id', 'report_id')`.execute(db);
      // A table keyed by its case (case_legal_holds) has no `id`: its case id names the row.
      const withId = new Set(
        (
          await sql<{ table_name: string }>`
            SELECT table_name FROM information_schema.columns
            WHERE table_schema = 'public' AND column_name = 'id'`.execute(db)
        ).rows.map((row) => row.table_name),
      );
      const left: Array<{
        scope: 'case' | 'report';
        scopeId: string;
        value: Sealed;
        field: { table: string; column: string; rowId: string };
      }> = [];
      for (const { table_name: table, column_name: column } of columns.rows) {
        const links: Array<{ column: string; scope: 'case' | 'report'; id: string }> = [];
        if (table === 'cases') links.push({ column: 'id', scope: 'case', id: caseId });
        if (table === 'reports') links.push({ column: 'id', scope: 'report', id: reportId });
        for (const key of keyColumns.rows.filter((row) => row.table_name === table))
          links.push(
            key.column_name === 'case_id'
              ? { column: 'case_id', scope: 'case', id: caseId }
              : { column: 'report_id', scope: 'report', id: reportId },
          );
        for (const link of links) {
          const rows = await sql<{ id: string; value: Buffer | null }>`
            SELECT ${sql.ref(withId.has(table) ? 'id' : link.column)}::text AS id, ${sql.ref(column)} AS value
            FROM ${sql.table(table)}
            WHERE ${sql.ref(link.column)} = ${link.id}::uuid`.execute(db);
          for (const row of rows.rows)
            if (row.value)
              left.push({
                scope: link.scope,
                scopeId: link.id,
                value: Buffer.from(row.value) as Sealed,
                field: { table, column, rowId: row.id },
              });
        }
      }
      return left;
    }
  },
);
