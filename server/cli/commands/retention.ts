import type { Command } from 'commander';
import pino from 'pino';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { Invalid } from '../../errors.ts';
import { runRetentionForTenant } from '../../jobs/retention.ts';
import { createVacuum } from '../../modules/deletion/vacuum.ts';
import { createBlobStore } from '../../modules/documents/blob-store.ts';
import { previewRetention } from '../../modules/retention/preview.ts';
import { retentionPolicyOf } from '../../modules/retention/service.ts';
import { findTenantBySlug } from '../../modules/tenants/store.ts';
import { type Out, withOwnerDatabase } from '../context.ts';

/**
 * Registers `tma retention preview` (what the tenant's policy would do at the next daily run, in counts)
 * and `tma retention run` (the day's run now, instead of waiting for an instance's housekeeping; once a
 * day per tenant, like the job). docs/cli.md, docs/privacy.md.
 */
export function registerRetentionCommands(
  program: Command,
  out: Out,
  env: Record<string, string | undefined>,
): void {
  const group = program
    .command('retention')
    .description('The retention policy of a tenant (docs/privacy.md)');
  group
    .command('preview')
    .description(
      'What the tenant’s retention policy would do at the next daily run, in counts; changes nothing',
    )
    .requiredOption('--tenant <slug>', 'the tenant')
    .option('--json', 'print the counts as JSON')
    .action(async (options: { tenant: string; json?: boolean }) => {
      await withOwnerDatabase(env, async (database) => {
        await migrateToLatest(database);
        const tenant = await findTenantBySlug(database.db, options.tenant);
        if (!tenant) throw new Invalid('tenant_not_found', `No tenant with the slug "${options.tenant}".`);
        const preview = await withTenant(database, { tenantId: tenant.id, userId: null }, async (trx) =>
          previewRetention(trx, await retentionPolicyOf(trx), new Date()),
        );
        if (options.json) return out(JSON.stringify(preview));
        out(
          `${tenant.slug}: the next run deletes ${preview.deleteCases} closed case(s) and ` +
            `${preview.deleteReports} dismissed report(s), warns the owners of ${preview.warnCases} case(s), ` +
            `keeps ${preview.heldCases} case(s) past their period under legal hold.`,
        );
      });
    });
  group
    .command('run')
    .description(
      'Carry out the tenant’s retention policy now: warn, delete and anonymise what is due (audited as ' +
        'retention.run by the system); once a day per tenant, like the daily job',
    )
    .requiredOption('--tenant <slug>', 'the tenant')
    .option('--json', 'print the counts as JSON')
    .action(async (options: { tenant: string; json?: boolean }) => {
      await withOwnerDatabase(env, async (database, config) => {
        await migrateToLatest(database);
        const tenant = await findTenantBySlug(database.db, options.tenant);
        if (!tenant) throw new Invalid('tenant_not_found', `No tenant with the slug "${options.tenant}".`);
        const logger = pino({ level: 'warn' }, pino.destination(2));
        const provider = await createKeyProvider(config.keyProvider, logger);
        try {
          const now = new Date();
          const counts = await runRetentionForTenant(
            {
              database,
              keyring: new Keyring(database, provider),
              blobStore: createBlobStore(config.documentStore, database),
              vacuum: createVacuum(database),
              onProblem: ({ error, message }) => logger.warn({ err: error }, message),
            },
            tenant.id,
            now,
          );
          if (options.json) return out(JSON.stringify(counts ?? { ranToday: true }));
          if (!counts)
            return out(
              `${tenant.slug}: retention already ran on ${now.toISOString().slice(0, 10)}; the next run is tomorrow.`,
            );
          out(
            `${tenant.slug}: deleted ${counts.deleted} (${counts.anonymised} anonymised first), warned ` +
              `${counts.warned}, kept ${counts.held} under legal hold, ${counts.failed} failed.`,
          );
        } finally {
          await provider.close();
        }
      });
    });
}
