import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import type { Database } from '../db/database.ts';
import { runHousekeeping } from './housekeeping.ts';

describe.each(databaseTargets())('housekeeping on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
  });
  afterAll(async () => cleanup?.());

  it('forgets expired spent challenges and old throttle rows, and keeps current ones', async () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    await database.db
      .insertInto('proof_of_work_spent')
      .values([
        { challenge_hash: randomBytes(32), expires_at: hoursAgo(2) },
        { challenge_hash: randomBytes(32), expires_at: new Date(now.getTime() + 600_000) },
      ])
      .execute();
    await database.db
      .insertInto('login_throttles')
      .values([
        {
          key: randomBytes(32),
          kind: 'receipt',
          failures: 12,
          last_failure_at: hoursAgo(48),
          locked_until: null,
        },
        {
          key: randomBytes(32),
          kind: 'account',
          failures: 2,
          last_failure_at: hoursAgo(1),
          locked_until: null,
        },
      ])
      .execute();

    expect(await runHousekeeping(database, now)).toEqual({
      challenges: 1,
      teamMemberships: 0,
      taskReminders: 0,
      assessmentReviews: 0,
      overdueMeasures: 0,
      dangerAlerts: 0,
      auditVerifications: 0,
    });
    expect(await database.db.selectFrom('proof_of_work_spent').selectAll().execute()).toHaveLength(1);
    const throttles = await database.db.selectFrom('login_throttles').select('kind').execute();
    expect(throttles.map((row) => row.kind)).toEqual(['account']);
  });
});
