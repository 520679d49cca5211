import { type Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { destroyRetiredTenantKeyVersions, rotateMasterAndTenantKeys } from '../../crypto/key-renewal.ts';
import { Keyring } from '../../crypto/keyring.ts';
import {
  compactTenantKeys,
  destroyRetiredMasterKeys,
  MasterKeyDestructionRefusedError,
  recordMasterKeysUsed,
} from '../../crypto/master-keys.ts';
import { openCheckedKeyProvider } from '../../crypto/provider-check.ts';
import { prepareNextLocalMasterKey, promoteNextLocalMasterKey } from '../../crypto/providers/local.ts';
import { type RotationProgress, rotateTenantKey } from '../../crypto/rotation.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid } from '../../errors.ts';
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

/** `35d`, `5w`, `12h`: the age a retired master key must have reached before it is destroyed. */
export function parseRetention(value: string): number {
  const match = /^(\d+)\s*(h|d|w)$/.exec(value.trim());
  const hours = { h: 1, d: 24, w: 24 * 7 }[match?.[2] as 'h' | 'd' | 'w'];
  if (!match || !hours) throw new InvalidArgumentError('must be a duration like 35d, 5w or 12h');
  return Number(match[1]) * hours * 3_600_000;
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
          const destroyed = await destroyRetiredTenantKeyVersions(
            database,
            tenant.id,
            keyEventRecorder(database),
          );
          if (destroyed.length > 0) await compactTenantKeys(database);
          out(
            `${result.resumed ? 'Finished the interrupted rotation' : 'Rotated'}: ${tenant.slug} now uses tenant key ` +
              `version ${result.version}; ${result.done} data keys re-wrapped, older versions retired and destroyed.`,
          );
        } finally {
          await provider.close();
        }
      });
    });

  keys
    .command('rotate-master')
    .description(
      'Renew every tenant key (a new version, every data key re-wrapped under it, the old versions destroyed), ' +
        'then re-wrap every remaining tenant and system key under the current master key: the one now ' +
        'configured (TMA_MASTER_KEY_FILE, TMA_PKCS11_KEY_LABEL, TMA_AWS_KMS_KEY_ID), or, with a generated ' +
        'DATA_DIR/master.key, a new key file created beside it. The previous master key is kept, recorded as ' +
        'retired, until `tma keys destroy-retired`. Safe to interrupt: running it again continues.',
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
          const { rewrapped: result, retired } = await interruptible((signal) =>
            rotateMasterAndTenantKeys(database, provider, {
              recordEvent: keyEventRecorder(database),
              signal,
              onRenewed: (renewal) =>
                out(
                  `Renewed the tenant keys of ${renewal.tenants} tenants: ${renewal.dataKeys} data keys re-wrapped, ` +
                    `${renewal.destroyedVersions} old tenant key versions destroyed.`,
                ),
              onProgress: (done) => {
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
          if (retired.length > 0) {
            out(
              `Retired master keys: ${retired.join(', ')}. Destroy them with \`tma keys destroy-retired --older-than <backup retention>\` once the backups made before now have expired.`,
            );
          }
        } finally {
          await provider.close();
        }
      });
    });

  keys
    .command('destroy-retired')
    .description(
      'Destroy the master keys that `rotate-master` retired at least the given time ago (local: the retired ' +
        'key file beside DATA_DIR/master.key; pkcs11: the key object on the token; aws-kms: the KMS key is ' +
        'scheduled for deletion with the shortest pending window). Backups made while such a key was current ' +
        'can no longer be opened at all, so a case deleted since is gone from them too. Refuses the current ' +
        'master key and one that still wraps a stored key.',
    )
    .requiredOption('--older-than <duration>', 'at least your backup retention, e.g. 35d', parseRetention)
    .option('--dry-run', 'only list what would be destroyed')
    .action(async (options: { olderThan: number; dryRun?: boolean }) => {
      await withOwnerDatabase(env, async (database, config) => {
        await migrateToLatest(database);
        const logger = pino({ level: 'warn' }, pino.destination(2));
        const provider = await openCheckedKeyProvider(database, config.keyProvider, logger);
        try {
          await recordMasterKeysUsed(database, [
            { provider: provider.kind, masterKeyId: provider.masterKeyId },
          ]);
          let outcome: Awaited<ReturnType<typeof destroyRetiredMasterKeys>>;
          try {
            outcome = await destroyRetiredMasterKeys(database, provider, {
              olderThanMs: options.olderThan,
              now: new Date(),
              dryRun: options.dryRun,
              recordEvent: keyEventRecorder(database),
            });
          } catch (error) {
            if (error instanceof MasterKeyDestructionRefusedError) {
              throw new Conflict('master_key_destruction_refused', `Nothing destroyed: ${error.message}.`);
            }
            throw error;
          }
          const { plan, results } = outcome;
          for (const key of plan.waiting) {
            out(`${key.id}: retired ${key.retiredAt?.toISOString()}, inside the retention window; kept`);
          }
          if (options.dryRun) {
            for (const key of plan.due) {
              out(`${key.id}: retired ${key.retiredAt?.toISOString()}; would be destroyed`);
            }
            if (plan.due.length === 0) out('No retired master key is due for destruction.');
            return;
          }
          for (const { key, destruction } of results) {
            const what = {
              destroyed: 'destroyed',
              scheduled: `scheduled for deletion${destruction.deletionDate ? ` on ${destruction.deletionDate.toISOString()}` : ''}`,
              absent: 'no longer reachable (already removed); recorded as destroyed',
              external: 'not destroyed',
            }[destruction.outcome];
            out(`${key.id}: ${what}${destruction.detail ? ` (${destruction.detail})` : ''}`);
          }
          if (results.length === 0) out('No retired master key is due for destruction.');
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
              'k.destroyed_at',
              eb.fn.count<number>('d.scope_id').as('data_keys'),
            ])
            .groupBy([
              'k.version',
              'k.provider',
              'k.master_key_id',
              'k.created_at',
              'k.retired_at',
              'k.destroyed_at',
            ])
            .orderBy('k.version')
            .execute(),
        );
        if (rows.length === 0) return out(`${tenant.slug}: no tenant key yet (created on first use)`);
        for (const row of rows) {
          out(
            `${tenant.slug} v${row.version}  ${row.destroyed_at ? 'destroyed' : row.retired_at ? 'retired' : 'active '}  ${row.provider} ${row.master_key_id}  ` +
              `created ${row.created_at.toISOString()}  wraps ${Number(row.data_keys)} data keys`,
          );
        }
      });
    });
}
