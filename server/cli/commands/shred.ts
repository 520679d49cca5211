import { type Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import type { Config } from '../../config.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import type { Database } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { Invalid, NotFound } from '../../errors.ts';
import { DELETION_REASONS, type DeletableType, type DeletionReason } from '../../modules/deletion/schemas.ts';
import { DeletionService } from '../../modules/deletion/service.ts';
import { createVacuum } from '../../modules/deletion/vacuum.ts';
import { createBlobStore } from '../../modules/documents/blob-store.ts';
import { findTenantBySlug } from '../../modules/tenants/store.ts';
import { type Out, withOwnerDatabase } from '../context.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function reasonCode(value: string): DeletionReason {
  if (!(DELETION_REASONS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`must be one of ${DELETION_REASONS.join(', ')}`);
  return value as DeletionReason;
}

async function tenantOf(database: Database, slug: string) {
  const tenant = await findTenantBySlug(database.db, slug);
  if (!tenant) throw new Invalid('tenant_not_found', `No tenant with the slug "${slug}".`);
  return tenant;
}

/** The id of a case or report named by its reference (C-2026-0001, R-2026-0001) or id. */
async function resolve(database: Database, tenantId: string, type: DeletableType, name: string) {
  const table = type === 'case' ? 'cases' : 'reports';
  const row = await withTenant(database, { tenantId, userId: null }, (trx) =>
    trx
      .selectFrom(table)
      .select(['id', 'reference'])
      .where(uuid.test(name) ? 'id' : 'reference', '=', uuid.test(name) ? name.toLowerCase() : name)
      .executeTakeFirst(),
  );
  if (!row) throw new NotFound(`${type}_not_found`, `No ${type} "${name}" in this tenant.`);
  return row;
}

/** Runs `fn` with the deletion commands on the owner's connection, the key provider and the blob store. */
async function withDeletion<T>(
  env: Record<string, string | undefined>,
  fn: (deletion: DeletionService, database: Database, config: Config) => Promise<T>,
): Promise<T> {
  return withOwnerDatabase(env, async (database, config) => {
    await migrateToLatest(database);
    const logger = pino({ level: 'warn' }, pino.destination(2));
    const provider = await createKeyProvider(config.keyProvider, logger);
    try {
      const deletion = new DeletionService({
        database,
        keyring: new Keyring(database, provider),
        blobStore: createBlobStore(config.documentStore, database),
        now: () => new Date(),
        vacuum: createVacuum(database),
        onCleanupProblem: ({ error, message }) => logger.warn({ err: error }, message),
      });
      return await fn(deletion, database, config);
    } finally {
      await provider.close();
    }
  });
}

/** Registers `tma case shred`, `tma report shred` and `tma deletion cleanup` (docs/cli.md). */
export function registerShredCommands(
  program: Command,
  out: Out,
  env: Record<string, string | undefined>,
): void {
  for (const type of ['case', 'report'] as const) {
    const group = program
      .command(type)
      .description(type === 'case' ? 'Operator actions on cases' : 'Operator actions on reports');
    group
      .command('shred')
      .description(
        type === 'case'
          ? 'Delete a case for good: shred the data keys of the case and of every report linked to it, ' +
              'keep a tombstone, audited as the operator. Irreversible; needs no approval.'
          : 'Delete a report for good: shred its data key (answers, reporter, dialogue, attachments), ' +
              'keep a tombstone, audited as the operator. Irreversible; needs no approval.',
      )
      .argument('<reference>', `the ${type}’s reference (${type === 'case' ? 'C' : 'R'}-2026-0001) or id`)
      .requiredOption('--tenant <slug>', 'the tenant')
      .requiredOption('--reason <code>', `why: ${DELETION_REASONS.join(', ')}`, reasonCode)
      .option('--json', 'print the outcome as JSON')
      .action(async (name: string, options: { tenant: string; reason: DeletionReason; json?: boolean }) => {
        await withDeletion(env, async (deletion, database) => {
          const tenant = await tenantOf(database, options.tenant);
          const target = await resolve(database, tenant.id, type, name);
          const outcome = await deletion.request({ operator: true, tenantId: tenant.id }, type, target.id, {
            reason: options.reason,
          });
          if (options.json)
            return out(JSON.stringify({ id: target.id, reference: target.reference, ...outcome }));
          out(
            `Shredded ${type} ${target.reference} in ${tenant.slug} (reason: ${options.reason}); ` +
              `a tombstone is left, deleted on ${outcome.deleted?.on}.`,
          );
        });
      });
  }
  program
    .command('deletion')
    .description('Deletions of cases and reports')
    .command('cleanup')
    .description(
      'Remove the blobs of shredded reports that a deletion could not remove at once, and VACUUM the tables',
    )
    .requiredOption('--tenant <slug>', 'the tenant')
    .action(async (options: { tenant: string }) => {
      await withDeletion(env, async (deletion, database) => {
        const tenant = await tenantOf(database, options.tenant);
        await deletion.cleanup(tenant.id);
        out(`Cleaned up after deletions in ${tenant.slug}.`);
      });
    });
}
