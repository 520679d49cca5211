import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import type { Database } from '../db/database.ts';
import { startMasterKeyMonitor } from './master-key-monitor.ts';
import { createKeyProvider } from './providers/index.ts';

const DAY = 86_400_000;

describe.each(databaseTargets())('master key schedule monitor on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it('records the master key, and warns and reports when a rotation and a destruction are due', async () => {
    const lines: { msg: string }[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      logger,
    );
    let now = new Date('2027-01-01T00:00:00Z');
    const monitor = startMasterKeyMonitor(
      database,
      provider,
      { masterKeyRotationDays: 365, backupRetentionDays: 35 },
      logger,
      { now: () => now },
    );
    try {
      expect(await monitor.check()).toMatchObject({ rotationDue: false, destructionDue: 0 });
      expect(lines).toEqual([]);
      const gauge = async (name: string) => {
        const all = await Promise.all(monitor.metrics.map((metric) => metric.get()));
        return all.find((metric) => metric.name === name)?.values[0]?.value;
      };
      expect(await gauge('tma_master_key_rotation_due')).toBe(0);

      // A year later, with a key retired 40 days ago and not destroyed.
      now = new Date(now.getTime() + 366 * DAY);
      await database.db
        .insertInto('master_keys')
        .values({
          id: 'local:00000000000000aa',
          provider: 'local',
          first_used_at: new Date('2026-01-01T00:00:00Z'),
          retired_at: new Date(now.getTime() - 40 * DAY),
        })
        .execute();
      expect(await monitor.check()).toMatchObject({ rotationDue: true, destructionDue: 1 });
      expect(await gauge('tma_master_key_rotation_due')).toBe(1);
      expect(await gauge('tma_master_keys_destruction_due')).toBe(1);
      expect(lines.map((line) => line.msg)).toEqual([
        expect.stringMatching(/older than 365 days .*`tma keys rotate-master`/),
        expect.stringMatching(/^1 retired master key\(s\) .*`tma keys destroy-retired --older-than 35d`/),
      ]);
    } finally {
      monitor.stop();
      await provider.close();
    }
  });
});
