import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { migrateToLatest } from '../../db/migrate.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { Invalid } from '../../errors.ts';
import { runFixtures } from '../../modules/assessment-models/fixtures.ts';
import type { AssessmentModel } from '../../modules/assessment-models/model-definition.ts';
import {
  exportModelVersion,
  importModelVersion,
  type ModelEditor,
} from '../../modules/assessment-models/registry-service.ts';
import { ensureShippedModels } from '../../modules/assessment-models/shipped-models.ts';
import { modelProblems } from '../../modules/assessment-models/validate-model.ts';
import { findTenantBySlug } from '../../modules/tenants/store.ts';
import { type Out, withOwnerDatabase } from '../context.ts';

/** A model file failed validation or its fixtures (exit code 1). */
class ModelCheckFailed extends Error {
  override name = 'ModelCheckFailed';
}

async function readModelFile(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Invalid('model_file_invalid', `Cannot read ${file}: ${(error as Error).message}`);
  }
}

/** The CLI prints only the message: put each field's problem into it. */
function withFields(error: unknown): unknown {
  if (error instanceof Invalid && error.fields?.length)
    return new Invalid(
      error.code,
      [
        error.message.replace(/ \(.*\)\.$/s, '.'),
        ...error.fields.map((f) => `  ${f.path}: ${f.message}`),
      ].join('\n'),
      error.fields,
    );
  return error;
}

/**
 * Registers `tma models validate|test|import|export`: assessment model files checked offline (the same
 * validator and engine as the API), and a tenant's registry from the command line as the operator.
 */
export function registerModelCommands(
  program: Command,
  out: Out,
  env: Record<string, string | undefined>,
): void {
  const models = program
    .command('models')
    .description('Assessment models: check files, import and export them');

  models
    .command('validate <files...>')
    .description(
      'Check model files against models/model.schema.json and the model rules; exit code 1 on a problem',
    )
    .action(async (files: string[]) => {
      let failed = false;
      for (const file of files) {
        const problems = modelProblems(await readModelFile(file));
        if (problems.length === 0) out(`${file}: valid`);
        else {
          failed = true;
          out(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
          for (const problem of problems) out(`  ${problem.path}: ${problem.message}`);
        }
      }
      if (failed) throw new ModelCheckFailed('Some model files are not valid.');
    });

  models
    .command('test <files...>')
    .description(
      "Run each model's fixtures (answer sets with the expected suggestion); exit code 1 on a failure",
    )
    .action(async (files: string[]) => {
      let failed = false;
      for (const file of files) {
        const model = await readModelFile(file);
        const problems = modelProblems(model);
        if (problems.length > 0) {
          failed = true;
          out(`${file}: not valid (${problems.length} problems; run tma models validate)`);
          continue;
        }
        const results = runFixtures(model as AssessmentModel);
        const passed = results.filter((result) => result.passed).length;
        out(`${file}: ${passed} of ${results.length} fixtures pass`);
        for (const result of results.filter((r) => !r.passed)) {
          failed = true;
          out(`  ${result.problem}`);
        }
      }
      if (failed) throw new ModelCheckFailed('Some fixtures fail.');
    });

  const operatorOf = async (
    database: Parameters<typeof findTenantBySlug>[0],
    slug: string,
  ): Promise<ModelEditor> => {
    const tenant = await findTenantBySlug(database, slug);
    if (!tenant) throw new Invalid('tenant_not_found', `No tenant with the slug "${slug}".`);
    return { tenantId: tenant.id, userId: null, auditActor: { actorType: 'operator', actorId: null } };
  };

  models
    .command('import')
    .description("Import a model file into a tenant's registry as a draft (or publish it at once)")
    .requiredOption('--tenant <slug>', 'the tenant')
    .requiredOption('--file <path>', 'the model (JSON)')
    .option('--publish', 'publish it: fixtures must pass and the version must follow the last published one')
    .action(async (options: { tenant: string; file: string; publish?: boolean }) => {
      const definition = await readModelFile(options.file);
      await withOwnerDatabase(env, async (database) => {
        await migrateToLatest(database);
        const editor = await operatorOf(database.db, options.tenant);
        try {
          const key = await withTenant(database, { tenantId: editor.tenantId, userId: null }, async (trx) => {
            await ensureShippedModels(trx, editor.tenantId, new Date());
            return importModelVersion(
              trx,
              editor,
              { definition, publish: options.publish },
              null,
              new Date(),
            );
          });
          out(
            `${options.publish ? 'Published' : 'Imported as a draft'}: ${key.modelId} version ${key.version} for ${options.tenant}.`,
          );
        } catch (error) {
          throw withFields(error);
        }
      });
    });

  models
    .command('export <model> <version>')
    .description(
      'Write a model version (e.g. tma.core.warning-behaviours 1.0.0) as our JSON or as an HL7 FHIR ' +
        'Questionnaire (refused for licensed models)',
    )
    .requiredOption('--tenant <slug>', 'the tenant')
    .option('--format <format>', 'json or fhir', 'json')
    .option('--language <language>', 'en or de (FHIR: the main language)', 'en')
    .option('--out <path>', 'the file to write (default: standard output)')
    .action(
      async (
        model: string,
        version: string,
        options: { tenant: string; format: string; language: string; out?: string },
      ) => {
        if (!['json', 'fhir'].includes(options.format))
          throw new Invalid('export_format_invalid', '--format must be json or fhir.');
        if (!['en', 'de'].includes(options.language))
          throw new Invalid('export_language_invalid', '--language must be en or de.');
        await withOwnerDatabase(env, async (database) => {
          await migrateToLatest(database);
          const editor = await operatorOf(database.db, options.tenant);
          const file = await withTenant(
            database,
            { tenantId: editor.tenantId, userId: null },
            async (trx) => {
              await ensureShippedModels(trx, editor.tenantId, new Date());
              return exportModelVersion(
                trx,
                editor,
                { modelId: model, version },
                { format: options.format as 'json' | 'fhir', language: options.language as 'en' | 'de' },
                null,
              );
            },
          );
          const text = `${JSON.stringify(file.body, null, 2)}\n`;
          if (options.out) {
            await writeFile(options.out, text);
            out(`Wrote ${options.out}.`);
          } else out(text.trimEnd());
        });
      },
    );
}
