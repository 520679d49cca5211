import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { migrateToLatest } from '../../db/migrate.ts';
import { Invalid } from '../../errors.ts';
import { publishReportFormAsOperator, showReportForm } from '../../modules/reports/form-publishing.ts';
import { findTenantBySlug } from '../../modules/tenants/store.ts';
import { type Out, withOwnerDatabase } from '../context.ts';

/** Registers `tma report-form show|publish`: the reporting portal's form of a tenant. */
export function registerReportFormCommands(
  program: Command,
  out: Out,
  env: Record<string, string | undefined>,
): void {
  const reportForm = program
    .command('report-form')
    .description('Show or publish the report form of a tenant’s reporting portal');

  const tenantId = async (database: Parameters<typeof findTenantBySlug>[0], slug: string) => {
    const tenant = await findTenantBySlug(database, slug);
    if (!tenant) throw new Invalid('tenant_not_found', `No tenant with the slug "${slug}".`);
    return tenant.id;
  };

  reportForm
    .command('show')
    .description('Print the form the portal shows now (its latest version, or TMA’s default) as JSON')
    .requiredOption('--tenant <slug>', 'the tenant')
    .action(async (options: { tenant: string }) => {
      await withOwnerDatabase(env, async (database) => {
        await migrateToLatest(database);
        const form = await showReportForm(database, await tenantId(database.db, options.tenant));
        out(JSON.stringify(form, null, 2));
      });
    });

  reportForm
    .command('publish')
    .description('Publish a new version of the form from a JSON file; a published version never changes')
    .requiredOption('--tenant <slug>', 'the tenant')
    .requiredOption('--file <path>', 'the form definition (JSON), with a new version')
    .action(async (options: { tenant: string; file: string }) => {
      let definition: unknown;
      try {
        definition = JSON.parse(await readFile(options.file, 'utf8'));
      } catch (error) {
        throw new Invalid(
          'report_form_file_invalid',
          `Cannot read ${options.file}: ${(error as Error).message}`,
        );
      }
      await withOwnerDatabase(env, async (database) => {
        await migrateToLatest(database);
        const id = await tenantId(database.db, options.tenant);
        try {
          const form = await publishReportFormAsOperator(database, id, definition);
          out(`Published ${form.formId} version ${form.version} for ${options.tenant}.`);
        } catch (error) {
          // The CLI prints only the message: put each field's problem into it.
          if (error instanceof Invalid && error.fields?.length)
            throw new Invalid(
              error.code,
              [error.message, ...error.fields.map((f) => `  ${f.path}: ${f.message}`)].join('\n'),
              error.fields,
            );
          throw error;
        }
      });
    });
}
