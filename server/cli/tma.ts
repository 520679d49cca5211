#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { type Config, ConfigError, loadConfig } from '../config.ts';
import { DataDirInUseError } from '../db/data-dir-lock.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { AppError } from '../errors.ts';
import { createTenant } from '../modules/tenants/service.ts';
import { listTenants } from '../modules/tenants/store.ts';
import { version } from '../version.ts';

/** Exit codes: 0 done, 1 the operation failed, 2 the command line or configuration is wrong. */
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/** Admin commands act as the table owner: the migration URL when one is configured. */
async function withOwnerDatabase<T>(fn: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const url = config.database.engine === 'postgres' ? config.database.migrationUrl : undefined;
  const database = await openDatabase(config.database, { url });
  try {
    return await fn(database, config);
  } finally {
    await database.close();
  }
}

function nonEmpty(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('must not be empty');
  return value;
}

export function buildProgram(out: (line: string) => void): Command {
  const program = new Command('tma')
    .description(
      'Administer a TMA installation. Reads the same settings as the server (docs/configuration.md).',
    )
    .version(version)
    .showHelpAfterError('(run tma --help for usage)')
    .exitOverride();

  program
    .command('migrate')
    .description(
      'Apply pending database migrations (under an advisory lock; safe while other instances start)',
    )
    .action(async () => {
      await withOwnerDatabase(async (database) => {
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
      await withOwnerDatabase(async (database) => {
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
      await withOwnerDatabase(async (database) => {
        await migrateToLatest(database);
        const tenants = await listTenants(database.db);
        if (options.json) return out(JSON.stringify(tenants));
        if (tenants.length === 0)
          return out('No tenants yet. Create one with: tma tenant create <slug> --name <name>');
        for (const t of tenants) out(`${t.slug.padEnd(24)} ${t.status.padEnd(10)} ${t.id}  ${t.name}`);
      });
    });
  return program;
}

/** Runs the command line; returns the exit code instead of exiting, so tests can call it. */
export async function runCli(argv: string[], io = { out: console.log, err: console.error }): Promise<number> {
  const program = buildProgram(io.out);
  program.configureOutput({
    writeOut: (text) => io.out(text.trimEnd()),
    writeErr: (text) => io.err(text.trimEnd()),
  });
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
