#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError } from '../config.ts';
import { DataDirInUseError } from '../db/data-dir-lock.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { AppError } from '../errors.ts';
import { createTenant } from '../modules/tenants/service.ts';
import { listTenants } from '../modules/tenants/store.ts';
import { version } from '../version.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerExportCommands } from './commands/exports.ts';
import { registerKeysCommands } from './commands/keys.ts';
import { registerModelCommands } from './commands/models.ts';
import { registerReportFormCommands } from './commands/report-form.ts';
import { registerRetentionCommands } from './commands/retention.ts';
import { registerSecurityCommands } from './commands/security.ts';
import { registerShredCommands } from './commands/shred.ts';
import { registerUnitCommands } from './commands/units.ts';
import { registerUserCommands } from './commands/users.ts';
import { type Out, withOwnerDatabase } from './context.ts';

/** Exit codes: 0 done, 1 the operation failed, 2 the command line or configuration is wrong. */
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

function nonEmpty(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('must not be empty');
  return value;
}

export function buildProgram(
  io: { out: Out; err: Out },
  env: Record<string, string | undefined> = process.env,
): Command {
  const { out } = io;
  const program = new Command('tma')
    .description(
      'Administer a TMA installation. Reads the same settings as the server (docs/configuration.md).',
    )
    .version(version)
    .showHelpAfterError('(run tma --help for usage)')
    .exitOverride()
    // Set before any subcommand is added: subcommands copy these settings when they are created.
    .configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.err(text.trimEnd()),
    });

  program
    .command('migrate')
    .description(
      'Apply pending database migrations (under an advisory lock; safe while other instances start)',
    )
    .action(async () => {
      await withOwnerDatabase(env, async (database) => {
        const { applied } = await migrateToLatest(database);
        out(applied.length === 0 ? 'The database schema is up to date.' : `Applied: ${applied.join(', ')}`);
      });
    });

  const tenant = program.command('tenant').description('Manage tenants (customer organisations)');
  tenant
    .command('create')
    .description('Create a tenant')
    .argument('<slug>', 'short name used in URLs: lower-case letters, digits and hyphens, 1–40 characters')
    .requiredOption('--name <name>', 'display name of the organisation', nonEmpty)
    .option('--json', 'print the tenant as JSON')
    .action(async (slug: string, options: { name: string; json?: boolean }) => {
      await withOwnerDatabase(env, async (database) => {
        await migrateToLatest(database);
        const created = await createTenant(database.db, { slug, name: options.name });
        out(
          options.json
            ? JSON.stringify(created)
            : `Created tenant ${created.slug} (${created.name}), id ${created.id}`,
        );
      });
    });
  tenant
    .command('list')
    .description('List all tenants')
    .option('--json', 'print the tenants as JSON')
    .action(async (options: { json?: boolean }) => {
      await withOwnerDatabase(env, async (database) => {
        await migrateToLatest(database);
        const tenants = await listTenants(database.db);
        if (options.json) return out(JSON.stringify(tenants));
        if (tenants.length === 0)
          return out('No tenants yet. Create one with: tma tenant create <slug> --name <name>');
        for (const t of tenants) out(`${t.slug.padEnd(24)} ${t.status.padEnd(10)} ${t.id}  ${t.name}`);
      });
    });
  registerSecurityCommands(tenant, out, env);
  registerKeysCommands(program, out, env);
  registerAuditCommands(program, out, env);
  registerUserCommands(program, out, env);
  registerUnitCommands(program, out, env);
  registerReportFormCommands(program, out, env);
  registerShredCommands(program, out, env);
  registerExportCommands(program, out, env);
  registerModelCommands(program, out, env);
  registerRetentionCommands(program, out, env);
  return program;
}

/** Runs the command line; returns the exit code instead of exiting, so tests can call it. */
export async function runCli(
  argv: string[],
  io: { out: Out; err: Out; env?: Record<string, string | undefined> } = {
    out: console.log,
    err: console.error,
  },
): Promise<number> {
  const program = buildProgram(io, io.env ?? process.env);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      io.err(`tma: configuration error: ${error.message}`);
      return EXIT_USAGE;
    }
    if (error instanceof AppError) {
      io.err(`tma: ${error.message}`);
      return error.status === 422 ? EXIT_USAGE : EXIT_FAILED;
    }
    if (error instanceof DataDirInUseError) {
      io.err(`tma: ${error.message}`);
      return EXIT_FAILED;
    }
    io.err(`tma: ${(error as Error).message ?? String(error)}`);
    return EXIT_FAILED;
  }
}

if (import.meta.main) process.exitCode = await runCli(process.argv.slice(2));
