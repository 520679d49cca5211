import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { type Database, openDatabase } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { GENESIS_HASH, toHex } from './hash-chain.ts';
import type { AuditEventInput } from './schemas.ts';
import {
  InvalidAuditEventError,
  listAuditEvents,
  recordAuditEvent,
  recordAuditEventInOwnTransaction,
} from './service.ts';
import { verifyAuditChain } from './verify.ts';

const userId = '7a1f6c52-3b0e-4d2a-9c41-5e8f0b6d2a13';
const caseId = 'e3b0c442-98fc-4c14-9afb-f4c8996fb924';

const caseRead: AuditEventInput = {
  actorType: 'user',
  actorId: userId,
  action: 'case.read',
  objectType: 'case',
  objectId: caseId,
  caseId,
  outcome: 'success',
};

async function createTenants(database: Database, ...slugs: string[]): Promise<string[]> {
  const rows = await database.db
    .insertInto('tenants')
    .values(slugs.map((slug) => ({ slug, name: slug })))
    .returning(['id', 'slug'])
    .execute();
  return slugs.map((slug) => rows.find((row) => row.slug === slug)?.id ?? '');
}

describe.each(databaseTargets())('audit log on %s', (target) => {
  let database: Database;
  let testDatabase: TestDatabase;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, testDatabase, cleanup } = await openTestDatabase(target));
  });
  afterAll(() => cleanup());

  it('appends events with seq 1, 2, 3 … linked by their hashes, and verifies them', async () => {
    const [tenantId = ''] = await createTenants(database, 'append');
    const scope = { tenantId, userId };
    const before = Date.now();
    const first = await withTenant(database, scope, (trx) => recordAuditEvent(trx, caseRead));
    const [second, third] = await withTenant(database, scope, async (trx) => [
      await recordAuditEvent(trx, { ...caseRead, action: 'case.update', requestId: 'req-42' }),
      await recordAuditEvent(trx, {
        actorType: 'system',
        action: 'keys.rotate',
        objectType: 'tenant_key',
        outcome: 'success',
      }),
    ]);
    expect(first).toMatchObject({ seq: 1, prevHash: toHex(GENESIS_HASH), action: 'case.read', caseId });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, requestId: 'req-42' });
    expect(third).toMatchObject({
      seq: 3,
      prevHash: second?.hash,
      actorId: null,
      caseId: null,
      reason: null,
    });
    expect(Date.parse(first.occurredAt)).toBeGreaterThanOrEqual(before);

    const page = await withTenant(database, scope, (trx) => listAuditEvents(trx, { limit: 10 }));
    // What was returned at write time is exactly what the database gives back (times to the millisecond).
    expect(page).toEqual({ events: [first, second, third], nextAfter: null });
    expect(await verifyAuditChain(database, tenantId)).toEqual({
      ok: true,
      events: 3,
      head: { seq: 3, hash: third?.hash },
    });
  });

  it('pages with a keyset on seq and filters by case', async () => {
    const [tenantId = ''] = await createTenants(database, 'paging');
    const scope = { tenantId, userId };
    const otherCase = '0f2d8e4c-1a3b-4c5d-8e6f-7a8b9c0d1e2f';
    await withTenant(database, scope, async (trx) => {
      for (let i = 0; i < 7; i++)
        await recordAuditEvent(trx, { ...caseRead, caseId: i % 2 === 0 ? caseId : otherCase.toUpperCase() });
    });
    const pages = await withTenant(database, scope, async (trx) => {
      const one = await listAuditEvents(trx, { limit: 3 });
      const two = await listAuditEvents(trx, { after: one.nextAfter ?? 0, limit: 3 });
      const three = await listAuditEvents(trx, { after: two.nextAfter ?? 0, limit: 3 });
      const byCase = await listAuditEvents(trx, { limit: 10, caseId: otherCase.toUpperCase() });
      return { one, two, three, byCase };
    });
    expect(pages.one.events.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(pages.one.nextAfter).toBe(3);
    expect(pages.two.events.map((event) => event.seq)).toEqual([4, 5, 6]);
    expect(pages.three).toMatchObject({ events: [{ seq: 7 }], nextAfter: null });
    expect(pages.byCase.events.map((event) => [event.seq, event.caseId])).toEqual([
      [2, otherCase],
      [4, otherCase],
      [6, otherCase],
    ]);
    await expect(withTenant(database, scope, (trx) => listAuditEvents(trx, { limit: 0 }))).rejects.toThrow(
      RangeError,
    );
    await expect(
      withTenant(database, scope, (trx) => listAuditEvents(trx, { limit: 5, caseId: 'nope' })),
    ).rejects.toThrow(RangeError);
  });

  it('keeps one intact chain, seq 1..50, under 50 concurrent transactions', async () => {
    const [tenantId = ''] = await createTenants(database, 'concurrent');
    // On PostgreSQL, a pool as large as the burst: all 50 transactions really run at once.
    const wide =
      testDatabase.config.engine === 'postgres'
        ? await openDatabase({ ...testDatabase.config, poolSize: 50 })
        : database;
    const recorded = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        recordAuditEventInOwnTransaction(wide, { tenantId, userId }, { ...caseRead, objectId: `o-${i}` }),
      ),
    ).finally(() => (wide === database ? undefined : wide.close()));
    expect(recorded.map((event) => event.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    const { events } = await withTenant(database, { tenantId, userId }, (trx) =>
      listAuditEvents(trx, { limit: 100 }),
    );
    expect(new Set(events.map((event) => event.objectId)).size).toBe(50);
    for (let i = 1; i < events.length; i++) {
      expect(events[i]?.prevHash).toBe(events[i - 1]?.hash);
      expect(Date.parse(events[i]?.occurredAt ?? '')).toBeGreaterThanOrEqual(
        Date.parse(events[i - 1]?.occurredAt ?? ''),
      );
    }
    expect(await verifyAuditChain(database, tenantId, { pageSize: 7 })).toMatchObject({
      ok: true,
      events: 50,
    });
  });

  it('keeps an event recorded in its own transaction when the caller rolls back', async () => {
    const [tenantId = ''] = await createTenants(database, 'rollback');
    const scope = { tenantId, userId };
    await expect(
      withTenant(database, scope, async (trx) => {
        await recordAuditEvent(trx, { ...caseRead, action: 'case.update' });
        throw new Error('the update failed');
      }),
    ).rejects.toThrow('the update failed');
    await recordAuditEventInOwnTransaction(database, scope, {
      ...caseRead,
      action: 'case.update',
      outcome: 'denied',
      reason: 'not_in_case_team',
    });
    const { events } = await withTenant(database, scope, (trx) => listAuditEvents(trx, { limit: 10 }));
    expect(events).toEqual([
      expect.objectContaining({
        seq: 1,
        outcome: 'denied',
        reason: 'not_in_case_team',
        prevHash: '0'.repeat(64),
      }),
    ]);
    expect(await verifyAuditChain(database, tenantId)).toMatchObject({ ok: true, events: 1 });
  });

  it("hides tenant A's events and chain head from tenant B's transaction", async () => {
    const [tenantA = '', tenantB = ''] = await createTenants(database, 'iso-a', 'iso-b');
    await recordAuditEventInOwnTransaction(database, { tenantId: tenantA, userId }, caseRead);
    await recordAuditEventInOwnTransaction(database, { tenantId: tenantA, userId }, caseRead);
    const seen = await withTenant(database, { tenantId: tenantB, userId: null }, async (trx) => ({
      events: await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events`.execute(trx),
      heads: await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_chain_heads`.execute(trx),
      listed: await listAuditEvents(trx, { limit: 10 }),
      recorded: await recordAuditEvent(trx, caseRead),
    }));
    expect(seen.events.rows[0]?.n).toBe(0);
    expect(seen.heads.rows[0]?.n).toBe(0);
    expect(seen.listed.events).toEqual([]);
    // Tenant B's chain starts at its own first event.
    expect(seen.recorded).toMatchObject({ seq: 1, prevHash: '0'.repeat(64) });
    await expect(
      withTenant(database, { tenantId: tenantB, userId: null }, (trx) =>
        sql`
          INSERT INTO audit_events (tenant_id, seq, occurred_at, actor_type, action, object_type, outcome, prev_hash, hash)
          VALUES (${tenantA}, 3, now(), 'system', 'case.read', 'case', 'success',
                  decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'))
        `.execute(trx),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('refuses an event outside a tenant transaction and an event that breaks the schema', async () => {
    await expect(database.db.transaction().execute((trx) => recordAuditEvent(trx, caseRead))).rejects.toThrow(
      /inside withTenant/,
    );
    const [tenantId = ''] = await createTenants(database, 'invalid');
    const scope = { tenantId, userId };
    for (const bad of [
      { ...caseRead, action: 'Case Read' },
      { ...caseRead, actorId: null },
      { ...caseRead, caseId: 'not-a-uuid' },
      { ...caseRead, outcome: 'maybe' },
      { ...caseRead, ipAddress: '192.0.2.1' },
    ]) {
      await expect(
        recordAuditEventInOwnTransaction(database, scope, bad as AuditEventInput),
        JSON.stringify(bad),
      ).rejects.toThrow(InvalidAuditEventError);
    }
    expect(await verifyAuditChain(database, tenantId)).toEqual({
      ok: true,
      events: 0,
      head: { seq: 0, hash: '0'.repeat(64) },
    });
  });

  it('lets the database refuse an insert that does not extend the head', async () => {
    const [tenantId = ''] = await createTenants(database, 'direct');
    await recordAuditEventInOwnTransaction(database, { tenantId, userId }, caseRead);
    const insert = (seq: number) =>
      withTenant(database, { tenantId, userId }, async (trx) => {
        const { rows } = await sql<{ hash: Uint8Array }>`SELECT hash FROM audit_chain_heads`.execute(trx);
        await sql`
          INSERT INTO audit_events (tenant_id, seq, occurred_at, actor_type, action, object_type, outcome, prev_hash, hash)
          VALUES (${tenantId}, ${seq}, now(), 'system', 'case.read', 'case', 'success', ${rows[0]?.hash}, ${Buffer.alloc(32, 7)})
        `.execute(trx);
      });
    await expect(insert(5)).rejects.toThrow(/does not follow the chain head #1/);
    // A well-linked insert with a made-up hash gets in, but verification sees it.
    await insert(2);
    expect(await verifyAuditChain(database, tenantId)).toMatchObject({
      ok: false,
      seq: 2,
      problem: 'changed',
    });
  });
});
