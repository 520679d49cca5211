import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-transaction.ts';
import { listAuditEvents, recordAuditEventInOwnTransaction } from '../modules/audit/service.ts';
import { createAuditLinker } from './audit-linker.ts';

describe.each(databaseTargets())('the audit linker loop on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
  });
  afterAll(async () => cleanup?.());

  it('links recorded events within its interval, and what is left when it stops', async () => {
    const { id: tenantId } = await database.db
      .insertInto('tenants')
      .values({ slug: 'loop', name: 'loop' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const scope = { tenantId, userId: null };
    const record = () =>
      recordAuditEventInOwnTransaction(database, scope, {
        actorType: 'system',
        action: 'case.read',
        objectType: 'case',
        outcome: 'success',
      });
    const seqs = async () =>
      (await withTenant(database, scope, (trx) => listAuditEvents(trx, { limit: 10 }))).events.map(
        (event) => event.seq,
      );
    const linker = createAuditLinker({ database, logger: pino({ level: 'silent' }), intervalMs: 50 });
    linker.start();
    try {
      await record();
      const deadline = Date.now() + 5_000;
      while ((await seqs())[0] === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await seqs()).toEqual([1]);
    } finally {
      await linker.stop();
    }
    // Recorded after the loop's last pass began: the final pass at stop() links it, later passes do not run.
    const stopped = createAuditLinker({ database, logger: pino({ level: 'silent' }), intervalMs: 60_000 });
    await record();
    await stopped.stop();
    expect(await seqs()).toEqual([1, 2]);
  });
});
