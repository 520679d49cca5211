// The hub that feeds live case pages, on both databases: a subscriber hears a change committed right
// after its subscription resolved (no window in which `ready` was said but nothing listened), notices of
// other cases or malformed payloads reach nobody, and on PostgreSQL a hub that cannot listen says so
// instead of leaving streams silent, and tries again with the next subscriber.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseTargets, hasPostgres, openTestDatabase } from '../../../test/support/databases.ts';
import type { Database } from '../../db/database.ts';
import { openDatabase } from '../../db/database.ts';
import { createCaseEventHub } from './case-event-hub.ts';
import { CASE_EVENTS_CHANNEL, type CaseEvent } from './case-events.ts';

const logger = pino({ level: 'silent' });

async function notify(database: Database, payload: string): Promise<void> {
  await sql`SELECT pg_notify(${CASE_EVENTS_CHANNEL}, ${payload})`.execute(database.db);
}

describe.each(databaseTargets())('the case event hub on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target, { migrate: false }));
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it('hears a change committed right after subscribing, and only for the case subscribed to', async () => {
    const hub = createCaseEventHub(database, logger);
    try {
      const tenantId = randomUUID();
      const caseId = randomUUID();
      const heard: CaseEvent[] = [];
      let arrive = () => {};
      const arrived = new Promise<void>((resolve) => {
        arrive = resolve;
      });
      await notify(database, '{}'); // a warm pool, so the notice below goes out at once
      await hub.subscribe(tenantId, caseId, (event) => {
        heard.push(event);
        if (event.part === 'journal') arrive();
      });
      // Subscribing resolved: the notices below must all be heard or ignored, never lost.
      await notify(database, JSON.stringify({ tenantId, caseId, part: 'case' }));
      await notify(database, JSON.stringify({ tenantId, caseId: randomUUID(), part: 'team' }));
      await notify(database, 'not json');
      await notify(database, JSON.stringify({ tenantId, caseId, part: 'secrets' }));
      await notify(database, JSON.stringify({ tenantId, caseId, part: 'journal' }));
      await arrived;
      expect(heard).toEqual([
        { tenantId, caseId, part: 'case' },
        { tenantId, caseId, part: 'journal' },
      ]);
    } finally {
      await hub.close();
    }
  });
});

describe.runIf(hasPostgres())('the case event hub without a reachable PostgreSQL', () => {
  it('refuses a subscriber when it cannot listen, and tries again with the next one', async () => {
    // A pool that cannot connect: port 1 on loopback refuses at once.
    const unreachable = await openDatabase({
      engine: 'postgres',
      url: 'postgres://tma@127.0.0.1:1/tma',
      migrationUrl: 'postgres://tma@127.0.0.1:1/tma',
      poolSize: 1,
      appRole: 'tma_app',
    });
    const hub = createCaseEventHub(unreachable, logger);
    const connects = vi.spyOn(pg.Client.prototype, 'connect');
    try {
      await expect(hub.subscribe(randomUUID(), randomUUID(), () => {})).rejects.toThrow(/ECONNREFUSED/);
      await expect(hub.subscribe(randomUUID(), randomUUID(), () => {})).rejects.toThrow(/ECONNREFUSED/);
      expect(connects).toHaveBeenCalledTimes(2);
    } finally {
      connects.mockRestore();
      await hub.close();
      await unreachable.close();
    }
  });
});
