import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { type Database, openDatabase } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { GENESIS_HASH, toHex } from './hash-chain.ts';
import { linkAuditEvents } from './link.ts';
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

  it('appends events unlinked, then links them as seq 1, 2, 3 … by their hashes, and verifies them', async () => {
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
    expect(first).toMatchObject({ seq: null, prevHash: null, hash: null, action: 'case.read', caseId });
    expect(third).toMatchObject({ seq: null, actorId: null, caseId: null, reason: null });
    expect(Date.parse(first.occurredAt)).toBeGreaterThanOrEqual(before);
    // Listed at once, in the order recorded, before they are linked.
    const pending = await withTenant(database, scope, (trx) => listAuditEvents(trx, { limit: 10 }));
    expect(pending).toEqual({ events: [first, second, third], nextAfter: null });
    expect(await verifyAuditChain(database, tenantId)).toMatchObject({
      ok: true,
      events: 0,
      pending: { count: 3, oldest: first.occurredAt },
    });

    expect(await linkAuditEvents(database, { tenantId })).toBe(3);
    const { events } = await withTenant(database, scope, (trx) => listAuditEvents(trx, { limit: 10 }));
    // What was recorded is exactly what the chain holds (times to the millisecond), now with its links.
    expect(events).toEqual([
      { ...first, seq: 1, prevHash: toHex(GENESIS_HASH), hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { ...second, seq: 2, prevHash: events[0]?.hash, hash: expect.any(String) },
      { ...third, seq: 3, prevHash: events[1]?.hash, hash: expect.any(String) },
    ]);
    expect(await verifyAuditChain(database, tenantId)).toEqual({
      ok: true,
      events: 3,
      head: { seq: 3, hash: events[2]?.hash },
      pending: { count: 0, oldest: null },
    });
    expect(await linkAuditEvents(database, { tenantId })).toBe(0);
  });

  it('lists linked events by seq, then the pending ones', async () => {
    const [tenantId = ''] = await createTenants(database, 'mixed');
    const scope = { tenantId, userId };
    const otherCase = '0f2d8e4c-1a3b-4c5d-8e6f-7a8b9c0d1e2f';
    for (const id of [caseId, otherCase])
      await recordAuditEventInOwnTransaction(database, scope, { ...caseRead, caseId: id });
    await linkAuditEvents(database, { tenantId });
    for (const id of [caseId, otherCase, caseId])
      await recordAuditEventInOwnTransaction(database, scope, {
        ...caseRead,
        caseId: id,
        action: 'case.update',
      });
    const pages = await withTenant(database, scope, async (trx) => ({
      all: await listAuditEvents(trx, { limit: 10 }),
      first: await listAuditEvents(trx, { limit: 1 }),
      second: await listAuditEvents(trx, { after: 1, limit: 2 }),
      byCase: await listAuditEvents(trx, { limit: 10, caseId }),
    }));
    const summary = (page: { events: Array<{ seq: number | null; action: string }> }) =>
      page.events.map((event) => [event.seq, event.action]);
    expect(summary(pages.all)).toEqual([
      [1, 'case.read'],
      [2, 'case.read'],
      [null, 'case.update'],
      [null, 'case.update'],
      [null, 'case.update'],
    ]);
    expect(pages.first).toMatchObject({ events: [{ seq: 1 }], nextAfter: 1 });
    // The last page of linked events goes on with pending ones as far as the limit allows.
    expect(summary(pages.second)).toEqual([
      [2, 'case.read'],
      [null, 'case.update'],
    ]);
    expect(pages.second.nextAfter).toBeNull();
    expect(summary(pages.byCase)).toEqual([
      [1, 'case.read'],
      [null, 'case.update'],
      [null, 'case.update'],
    ]);
  });

  it('pages with a keyset on seq and filters by case', async () => {
    const [tenantId = ''] = await createTenants(database, 'paging');
    const scope = { tenantId, userId };
    const otherCase = '0f2d8e4c-1a3b-4c5d-8e6f-7a8b9c0d1e2f';
    await withTenant(database, scope, async (trx) => {
      for (let i = 0; i < 7; i++)
        await recordAuditEvent(trx, { ...caseRead, caseId: i % 2 === 0 ? caseId : otherCase.toUpperCase() });
    });
    await linkAuditEvents(database, { tenantId });
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

  it('keeps one intact chain, seq 1..50, under 50 concurrent transactions and two linkers', async () => {
    const [tenantId = ''] = await createTenants(database, 'concurrent');
    // On PostgreSQL, a pool as large as the burst: all 50 transactions really run at once.
    const wide =
      testDatabase.config.engine === 'postgres'
        ? await openDatabase({ ...testDatabase.config, poolSize: 50 })
        : database;
    // Two linkers (two instances) link in small batches while the events are being recorded.
    let recording = true;
    const linker = async () => {
      let linked = 0;
      while (recording) linked += await linkAuditEvents(wide, { tenantId, batchSize: 3 });
      return linked;
    };
    const linkers = [linker(), linker()];
    const recorded = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        recordAuditEventInOwnTransaction(wide, { tenantId, userId }, { ...caseRead, objectId: `o-${i}` }),
      ),
    ).finally(() => {
      recording = false;
    });
    const linkedDuring = (await Promise.all(linkers)).reduce((a, b) => a + b, 0);
    const linkedAfter = await linkAuditEvents(wide, { tenantId, wait: true });
    if (wide !== database) await wide.close();
    expect(recorded.every((event) => event.seq === null)).toBe(true);
    expect(linkedDuring + linkedAfter).toBe(50);
    const { events } = await withTenant(database, { tenantId, userId }, (trx) =>
      listAuditEvents(trx, { limit: 100 }),
    );
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(events.map((event) => event.objectId)).size).toBe(50);
    for (let i = 1; i < events.length; i++) expect(events[i]?.prevHash).toBe(events[i - 1]?.hash);
    expect(await verifyAuditChain(database, tenantId, { pageSize: 7 })).toMatchObject({
      ok: true,
      events: 50,
      pending: { count: 0 },
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
    expect(await linkAuditEvents(database, { tenantId })).toBe(0);
    await recordAuditEventInOwnTransaction(database, scope, {
      ...caseRead,
      action: 'case.update',
      outcome: 'denied',
      reason: 'not_in_case_team',
    });
    expect(await linkAuditEvents(database, { tenantId })).toBe(1);
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
      pending: await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_pending_events`.execute(trx),
      listed: await listAuditEvents(trx, { limit: 10 }),
      recorded: await recordAuditEvent(trx, caseRead),
    }));
    expect(seen.events.rows[0]?.n).toBe(0);
    expect(seen.heads.rows[0]?.n).toBe(0);
    expect(seen.pending.rows[0]?.n).toBe(0);
    expect(seen.listed.events).toEqual([]);
    // Tenant B's chain starts at its own first event; tenant A's events are linked in A's chain.
    // Every tenant with pending events, the earlier tests' too.
    expect(await linkAuditEvents(database)).toBeGreaterThanOrEqual(3);
    expect(await linkAuditEvents(database)).toBe(0);
    const [chainA, chainB] = await Promise.all(
      [tenantA, tenantB].map((tenantId) =>
        withTenant(database, { tenantId, userId: null }, (trx) => listAuditEvents(trx, { limit: 10 })),
      ),
    );
    expect(chainA?.events.map((event) => event.seq)).toEqual([1, 2]);
    expect(chainB?.events).toEqual([
      { ...seen.recorded, seq: 1, prevHash: '0'.repeat(64), hash: expect.any(String) },
    ]);
    await expect(
      withTenant(database, { tenantId: tenantB, userId: null }, (trx) =>
        sql`
          INSERT INTO audit_events (tenant_id, seq, occurred_at, actor_type, action, object_type, outcome, prev_hash, hash)
          VALUES (${tenantA}, 3, now(), 'system', 'case.read', 'case', 'success',
                  decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'))
        `.execute(trx),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withTenant(database, { tenantId: tenantB, userId: null }, (trx) =>
        sql`
          INSERT INTO audit_pending_events (tenant_id, occurred_at, actor_type, action, object_type, outcome)
          VALUES (${tenantA}, now(), 'system', 'case.read', 'case', 'success')
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
    expect(await linkAuditEvents(database, { tenantId })).toBe(0);
    expect(await verifyAuditChain(database, tenantId)).toEqual({
      ok: true,
      events: 0,
      head: { seq: 0, hash: '0'.repeat(64) },
      pending: { count: 0, oldest: null },
    });
  });

  it('accepts only codes as reasons: a sentence, a name or free text is refused', async () => {
    const [tenantId = ''] = await createTenants(database, 'reasons');
    const scope = { tenantId, userId };
    for (const sentence of [
      'to unit de: the reporter asked for the German team',
      'Wrong password',
      'counter 3 after 5',
      'expert → threat_manager',
      'sso: alice@example.com',
      '_leading_underscore',
      'a'.repeat(201),
      '',
    ]) {
      await expect(
        recordAuditEventInOwnTransaction(database, scope, { ...caseRead, reason: sentence }),
        sentence,
      ).rejects.toThrow(InvalidAuditEventError);
    }
    for (const code of [
      'wrong_password',
      'unit:de',
      'sessions_revoked=3',
      'from=expert.labour_law:to=threat_manager.tenant_wide',
      'integrity:cases.title_sealed',
      caseId,
      'a'.repeat(200),
    ]) {
      const event = await recordAuditEventInOwnTransaction(database, scope, { ...caseRead, reason: code });
      expect(event.reason).toBe(code);
    }
    await linkAuditEvents(database, { tenantId });
    expect(await verifyAuditChain(database, tenantId)).toMatchObject({ ok: true, events: 7 });
  });

  it('records the ids of a list page in one event, covered by the chain', async () => {
    const [tenantId = ''] = await createTenants(database, 'object-ids');
    const scope = { tenantId, userId };
    const ids = [caseId, '0c9a1d2e-3f4b-4c5d-8e6f-7a8b9c0d1e2f', caseId.toUpperCase()];
    const plain = await recordAuditEventInOwnTransaction(database, scope, caseRead);
    const list = await recordAuditEventInOwnTransaction(database, scope, {
      actorType: 'user',
      actorId: userId,
      action: 'case.list',
      objectType: 'case',
      objectIds: ids,
      outcome: 'success',
    });
    expect(plain.objectIds).toBeNull();
    expect(list.objectIds).toEqual(ids.map((id) => id.toLowerCase()));
    await linkAuditEvents(database, { tenantId });
    const page = await withTenant(database, scope, (trx) => listAuditEvents(trx, { limit: 10 }));
    expect(page.events).toEqual([
      { ...plain, seq: 1, prevHash: expect.any(String), hash: expect.any(String) },
      { ...list, seq: 2, prevHash: page.events[0]?.hash, hash: expect.any(String) },
    ]);
    expect(await verifyAuditChain(database, tenantId)).toMatchObject({ ok: true, events: 2 });
    for (const bad of [[], ['not-a-uuid'], Array.from({ length: 501 }, () => caseId)])
      await expect(
        recordAuditEventInOwnTransaction(database, scope, { ...caseRead, objectIds: bad }),
      ).rejects.toThrow(InvalidAuditEventError);
    // An id taken out of the stored list breaks the chain at that event.
    await database.db.transaction().execute(async (owner) => {
      await sql`SELECT set_config('tma.audit_maintenance', 'on', true)`.execute(owner);
      await sql`
        UPDATE audit_events SET object_ids = object_ids[1:1] WHERE tenant_id = ${tenantId} AND seq = 2
      `.execute(owner);
    });
    expect(await verifyAuditChain(database, tenantId)).toMatchObject({
      ok: false,
      seq: 2,
      problem: 'changed',
    });
  });

  it('lets the database refuse an insert that does not extend the head', async () => {
    const [tenantId = ''] = await createTenants(database, 'direct');
    await recordAuditEventInOwnTransaction(database, { tenantId, userId }, caseRead);
    await linkAuditEvents(database, { tenantId });
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
