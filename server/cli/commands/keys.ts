import { type Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { Keyring } from '../../crypto/keyring.ts';
import { rotateMasterKey } from '../../crypto/master-rotation.ts';
import { openCheckedKeyProvider } from '../../crypto/provider-check.ts';
import { prepareNextLocalMasterKey, promoteNextLocalMasterKey } from '../../crypto/providers/local.ts';
import { type RotationProgress, rotateTenantKey } from '../../crypto/rotation.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { Invalid } from '../../errors.ts';
import { keyEventRecorder } from '../../modules/audit/key-events.ts';
import { findTenantBySlug } from '../../modules/tenants/store.ts';
import { type Out, withOwnerDatabase } from '../context.ts';

function progressPrinter(out: Out): (progress: RotationProgress) => void {
  const interactive = process.stderr.isTTY;
  let lastPercent = -10;
  return ({ version, done, total }) => {
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    if (interactive) {
      process.stderr.write(
        `\rre-wrapping data keys under version ${version}: ${done}/${total} (${percent} %)`,
      );
      if (done === total) process.stderr.write('\n');
    } else if (percent >= lastPercent + 10 || done === total) {
      out(`re-wrapping data keys under version ${version}: ${done}/${total} (${percent} %)`);
      lastPercent = percent;
    }
  };
}

/**
 * Runs `fn` with a signal that SIGINT and SIGTERM abort, so that a rotation stopped with Ctrl-C ends
 * between two steps and records its interruption in the audit log.
 */
async function interruptible<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const abort = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}

/** Registers `tma keys …`: key rotation and key status per tenant. */
export function registerKeysCommands(
  program: Command,
  out: Out,
  env: Record<string, string | undefined>,
): void {
  const keys = program.command('keys').description('Manage encryption keys (docs/security.md)');

  keys
    .command('rotate')
    .description(
      'Create a new tenant key version and re-wrap every data key under it (data is not re-encrypted). ' +
        'Safe to interrupt: running it again finishes the rotation.',
    )
    .requiredOption('--tenant <slug>', 'the tenant whose key to rotate')
    .option('--batch-size <n>', 'data keys per transaction', (value) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 10_000)
        throw new InvalidArgumentError('must be a whole number from 1 to 10000');
      return n;
    })
    .action(async (options: { tenant: string; batchSize?: number }) => {
      await withOwnerDatabase(env, async (database, config) => {
        await migrateToLatest(database);
        const tenant = await findTenantBySlug(database.db, options.tenant);
        if (!tenant) throw new Invalid('tenant_not_found', `No tenant with the slug "${options.tenant}".`);
        const provider = await openCheckedKeyProvider(
          database,
          config.keyProvider,
          pino({ level: 'warn' }, pino.destination(2)),
        );
        try {
          const keyring = new Keyring(database, provider);
          const result = await interruptible((signal) =>
            rotateTenantKey(database, keyring, tenant.id, {
              recordEvent: keyEventRecorder(database),
              batchSize: options.batchSize,
              onProgress: progressPrinter(out),
              signal,
            }),
          );
          out(
            `${result.resumed ? 'Finished the interrupted rotation' : 'Rotated'}: ${tenant.slug} now uses tenant key ` +
              `version ${result.version}; ${result.done} data keys re-wrapped, older versions retired.`,
          );
        } finally {
          await provider.close();
        }
      });
    });

  keys
    .command('rotate-master')
    .description(
      'Re-wrap every tenant key (all tenants, all versions) and every system key under the current master ' +
        'key: the one now configured (TMA_MASTER_KEY_FILE, TMA_PKCS11_KEY_LABEL, TMA_AWS_KMS_KEY_ID), or, with ' +
        'a generated DATA_DIR/master.key, a new key file created beside it. The previous master key is kept. ' +
        'Safe to interrupt: running it again continues.',
    )
    .action(async () => {
      await withOwnerDatabase(env, async (database, config) => {
        await migrateToLatest(database);
        const logger = pino({ level: 'warn' }, pino.destination(2));
        const keyConfig = config.keyProvider;
        const keyFile =
          keyConfig.kind === 'local' && !keyConfig.masterKey ? keyConfig.generatedKeyFile : null;
        if (keyFile) {
          // Check the current key against the database before creating a next one beside it.
          await (await openCheckedKeyProvider(database, keyConfig, logger)).close();
          await prepareNextLocalMasterKey(keyFile);
        }
        const provider = await openCheckedKeyProvider(database, keyConfig, logger, { useNextKey: !!keyFile });
        try {
          let last = 0;
          const result = await interruptible((signal) =>
            rotateMasterKey(database, provider, {
              recordEvent: keyEventRecorder(database),
              signal,
              onProgress: ({ done }) => {
                if (done >= last + 100) {
                  out(`re-wrapping keys under master key ${provider.masterKeyId}: ${done} done`);
                  last = done;
                }
              },
            }),
          );
          out(
            `Re-wrapped ${result.tenantKeys} tenant keys of ${result.tenants} tenants and ${result.systemKeys} ` +
              `system keys; every key is now wrapped under master key ${result.masterKeyId}.`,
          );
          if (keyFile) {
            const { retiredFile } = await promoteNextLocalMasterKey(keyFile);
            out(
              `${keyFile} now holds the new master key: back it up now, apart from the database backups.` +
                (retiredFile ? ` The previous key is kept as ${retiredFile} until you destroy it.` : ''),
            );
          } else {
            out(
              'The previous master key is no longer needed by this database; keep it until backups made before now have expired.',
            );
          }
        } finally {
          await provider.close();
        }
      });
    });

  keys
    .command('status')
    .description('Show a tenant’s key versions and how many data keys each wraps')
    .requiredOption('--tenant <slug>', 'the tenant')
    .action(async (options: { tenant: string }) => {
      await withOwnerDatabase(env, async (database) => {
        await migrateToLatest(database);
        const tenant = await findTenantBySlug(database.db, options.tenant);
        if (!tenant) throw new Invalid('tenant_not_found', `No tenant with the slug "${options.tenant}".`);
        const rows = await withTenant(database, { tenantId: tenant.id, userId: null }, (trx) =>
          trx
            .selectFrom('tenant_keys as k')
            .leftJoin('data_keys as d', (join) =>
              join.onRef('d.tenant_key_version', '=', 'k.version').on('d.wrapped_key', 'is not', null),
            )
            .select((eb) => [
              'k.version',
              'k.provider',
              'k.master_key_id',
              'k.created_at',
              'k.retired_at',
              eb.fn.count<number>('d.scope_id').as('data_keys'),
            ])
            .groupBy(['k.version', 'k.provider', 'k.master_key_id', 'k.created_at', 'k.retired_at'])
            .orderBy('k.version')
            .execute(),
        );
        if (rows.length === 0) return out(`${tenant.slug}: no tenant key yet (created on first use)`);
        for (const row of rows) {
          out(
            `${tenant.slug} v${row.version}  ${row.retired_at ? 'retired' : 'active '}  ${row.provider} ${row.master_key_id}  ` +
              `created ${row.created_at.toISOString()}  wraps ${Number(row.data_keys)} data keys`,
          );
        }
      });
    });
}
