import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { RecordKeyEvent } from './key-events.ts';
import type { KeyProvider, MasterKeyDestruction } from './key-provider.ts';
import { type MasterKeyInUse, masterKeysInUse } from './provider-check.ts';

// The lifecycle of master keys (migration 0043): first used, retired by `tma keys rotate-master`, destroyed
// by `tma keys destroy-retired` once the database backups made while it was current have expired. Only then
// is a case deleted before the rotation gone from those backups too (docs/privacy.md).

export interface MasterKeyRecord {
  id: string;
  provider: string;
  firstUsedAt: Date;
  retiredAt: Date | null;
  destroyedAt: Date | null;
}

/** Records master keys as used (first use now), unless already recorded. */
export async function recordMasterKeysUsed(
  database: Database,
  keys: readonly MasterKeyInUse[],
  now: Date = new Date(),
): Promise<void> {
  if (keys.length === 0) return;
  await database.db
    .insertInto('master_keys')
    .values(keys.map((key) => ({ id: key.masterKeyId, provider: key.provider, first_used_at: now })))
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
}

/**
 * Marks every recorded master key but the current one as retired (at `now`), after `rotate-master` has
 * re-wrapped every key under the current one. Returns the ids newly retired.
 */
export async function retireMasterKeysExcept(
  database: Database,
  current: string,
  now: Date = new Date(),
): Promise<string[]> {
  const rows = await database.db
    .updateTable('master_keys')
    .set({ retired_at: now })
    .where('id', '<>', current)
    .where('retired_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((row) => row.id).sort();
}

export async function listMasterKeys(database: Database): Promise<MasterKeyRecord[]> {
  const rows = await database.db.selectFrom('master_keys').selectAll().orderBy('first_used_at').execute();
  return rows.map((row) => ({
    id: row.id,
    provider: row.provider,
    firstUsedAt: row.first_used_at,
    retiredAt: row.retired_at,
    destroyedAt: row.destroyed_at,
  }));
}

/** Why a retired master key may not be destroyed. */
export type DestructionRefusal = 'current' | 'in_use';

export interface DestructionPlan {
  /** Retired at or before the cutoff and still reachable: what the command destroys. */
  due: MasterKeyRecord[];
  /** Due, but refused: the current master key, or one that still wraps a stored tenant or system key. */
  refused: { key: MasterKeyRecord; reason: DestructionRefusal }[];
  /** Retired after the cutoff: still inside the backup retention window. */
  waiting: MasterKeyRecord[];
}

/** Which retired master keys are due for destruction at `now` when backups are kept for `olderThanMs`. */
export async function planMasterKeyDestruction(
  database: Database,
  provider: KeyProvider,
  options: { olderThanMs: number; now: Date },
): Promise<DestructionPlan> {
  const cutoff = options.now.getTime() - options.olderThanMs;
  const inUse = new Set(
    ((await masterKeysInUse(database)) ?? []).map((key) => `${key.provider}\0${key.masterKeyId}`),
  );
  const plan: DestructionPlan = { due: [], refused: [], waiting: [] };
  for (const key of await listMasterKeys(database)) {
    if (!key.retiredAt || key.destroyedAt) continue;
    if (key.retiredAt.getTime() > cutoff) {
      plan.waiting.push(key);
    } else if (key.provider === provider.kind && key.id === provider.masterKeyId) {
      plan.refused.push({ key, reason: 'current' });
    } else if (inUse.has(`${key.provider}\0${key.id}`)) {
      plan.refused.push({ key, reason: 'in_use' });
    } else {
      plan.due.push(key);
    }
  }
  return plan;
}

/** Some retired master keys due for destruction are refused: nothing was destroyed. */
export class MasterKeyDestructionRefusedError extends Error {
  override name = 'MasterKeyDestructionRefusedError';
  readonly refused: DestructionPlan['refused'];
  constructor(refused: DestructionPlan['refused']) {
    super(
      refused
        .map(({ key, reason }) =>
          reason === 'current'
            ? `master key ${key.id} is the current master key of this configuration; configure the new key first`
            : `master key ${key.id} still wraps stored keys (an instance with an old configuration wrapped one, or a backup was restored); run \`tma keys rotate-master\` first`,
        )
        .join('; '),
    );
    this.refused = refused;
  }
}

export interface DestructionResult {
  key: MasterKeyRecord;
  destruction: MasterKeyDestruction;
}

/**
 * Destroys the retired master keys whose retirement is at least `olderThanMs` before `now`, through the
 * provider (a retired key file, a key object on the HSM, a KMS key scheduled for deletion), records the
 * destruction and audits it in every tenant's log as `keys.destroy_master`. Refuses, destroying nothing, if
 * a due key is the current one or still wraps a stored key. A key held only through a setting TMA does not
 * own (TMA_PREVIOUS_MASTER_KEYS_FILE) is reported, not recorded: run again once the operator removed it.
 */
export async function destroyRetiredMasterKeys(
  database: Database,
  provider: KeyProvider,
  options: { olderThanMs: number; now: Date; dryRun?: boolean; recordEvent: RecordKeyEvent },
): Promise<{ plan: DestructionPlan; results: DestructionResult[] }> {
  const plan = await planMasterKeyDestruction(database, provider, options);
  if (plan.refused.length > 0) throw new MasterKeyDestructionRefusedError(plan.refused);
  const results: DestructionResult[] = [];
  if (options.dryRun) return { plan, results };
  const tenants = await database.db.selectFrom('tenants').select('id').orderBy('id').execute();
  for (const key of plan.due) {
    const destruction = await provider.destroyMasterKey(key.id);
    results.push({ key, destruction });
    if (destruction.outcome === 'external') continue;
    await database.db
      .updateTable('master_keys')
      .set({ destroyed_at: options.now })
      .where('id', '=', key.id)
      .where('destroyed_at', 'is', null)
      .execute();
    for (const { id: tenantId } of tenants) {
      await options.recordEvent({
        tenantId,
        action: 'keys.destroy_master',
        objectType: 'master_key',
        objectId: key.id,
        outcome: 'success',
        reason: destruction.outcome === 'scheduled' ? 'scheduled_deletion' : destruction.outcome,
      });
    }
  }
  return { plan, results };
}

/** What is due, for the start-up warning, the metrics and `tma keys status`. */
export interface MasterKeySchedule {
  /** The current master key's first use as recorded (null before it was recorded). */
  currentSince: Date | null;
  /** Whether the current master key is older than the rotation period. */
  rotationDue: boolean;
  /** Retired keys whose backups have expired and that are not destroyed yet. */
  destructionDue: number;
}

export async function masterKeySchedule(
  database: Database,
  currentMasterKeyId: string,
  options: { rotationDays: number; backupRetentionDays: number; now: Date },
): Promise<MasterKeySchedule> {
  const day = 86_400_000;
  const keys = await listMasterKeys(database);
  const current = keys.find((key) => key.id === currentMasterKeyId);
  const currentSince = current?.firstUsedAt ?? null;
  const cutoff = options.now.getTime() - options.backupRetentionDays * day;
  return {
    currentSince,
    rotationDue:
      options.rotationDays > 0 &&
      currentSince !== null &&
      options.now.getTime() - currentSince.getTime() >= options.rotationDays * day,
    destructionDue: keys.filter(
      (key) =>
        key.retiredAt &&
        !key.destroyedAt &&
        key.retiredAt.getTime() <= cutoff &&
        key.id !== currentMasterKeyId,
    ).length,
  };
}

/**
 * Rewrites tenant_keys so that no copy of a destroyed tenant key is left in the table's free space (a plain
 * VACUUM does not clear it). Needs the table's owner and no transaction; best effort: false if refused.
 */
export async function compactTenantKeys(database: Database): Promise<boolean> {
  try {
    await sql`VACUUM FULL tenant_keys`.execute(database.db);
    return true;
  } catch {
    return false;
  }
}
