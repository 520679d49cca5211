import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { KeyProvider } from './key-provider.ts';
import { type MasterKeySchedule, masterKeySchedule, recordMasterKeysUsed } from './master-keys.ts';

const CHECK_EVERY_MS = 6 * 3_600_000;

/**
 * Tells the operator when the master key is due for rotation and a retired one for destruction: a warning in
 * the log and two gauges, checked at start and every six hours. It does neither itself: a rotation on the
 * embedded database needs the server stopped, and a new master key must be backed up by a person before the
 * old one may go (docs/privacy.md). Also records the master key this instance uses (migration 0043).
 */
export function startMasterKeyMonitor(
  database: Database,
  provider: KeyProvider,
  schedule: Config['keySchedule'],
  logger: Logger,
  options: { now?: () => Date } = {},
) {
  const now = options.now ?? (() => new Date());
  const rotationDue = new Gauge({
    name: 'tma_master_key_rotation_due',
    help: 'Whether the master key is older than TMA_MASTER_KEY_ROTATION_DAYS (1) or not (0): run `tma keys rotate-master`',
    registers: [],
  });
  const destructionDue = new Gauge({
    name: 'tma_master_keys_destruction_due',
    help: 'Retired master keys older than TMA_BACKUP_RETENTION_DAYS and not yet destroyed: run `tma keys destroy-retired`',
    registers: [],
  });

  const check = async (): Promise<MasterKeySchedule | null> => {
    try {
      await recordMasterKeysUsed(
        database,
        [{ provider: provider.kind, masterKeyId: provider.masterKeyId }],
        now(),
      );
      const state = await masterKeySchedule(database, provider.masterKeyId, {
        rotationDays: schedule.masterKeyRotationDays,
        backupRetentionDays: schedule.backupRetentionDays,
        now: now(),
      });
      rotationDue.set(state.rotationDue ? 1 : 0);
      destructionDue.set(state.destructionDue);
      if (state.rotationDue) {
        logger.warn(
          { masterKeyId: provider.masterKeyId, since: state.currentSince?.toISOString() },
          `the master key is older than ${schedule.masterKeyRotationDays} days (TMA_MASTER_KEY_ROTATION_DAYS): rotate it with \`tma keys rotate-master\` (docs/key-providers.md)`,
        );
      }
      if (state.destructionDue > 0) {
        logger.warn(
          { count: state.destructionDue },
          `${state.destructionDue} retired master key(s) were retired more than ${schedule.backupRetentionDays} days ago (TMA_BACKUP_RETENTION_DAYS): until you run \`tma keys destroy-retired --older-than ${schedule.backupRetentionDays}d\`, backups older than that still open deleted cases (docs/privacy.md)`,
        );
      }
      return state;
    } catch (error) {
      // A schema not migrated yet (`tma migrate` pending) or a passing database error: check again later.
      logger.debug({ err: error }, 'master key schedule not checked');
      return null;
    }
  };
  const timer = setInterval(() => void check(), CHECK_EVERY_MS);
  timer.unref();
  return {
    metrics: [rotationDue, destructionDue],
    check,
    stop: () => clearInterval(timer),
  };
}
