import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { type Database, openDatabase } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { hashAuditEvent, toHex } from './hash-chain.ts';
import { linkAuditEvents } from './link.ts';
import type { AuditEventInput } from './schemas.ts';
import { listAuditEvents, recordAuditEvent, recordAuditEventInOwnTransaction } from './service.ts';
import { lockChainHead } from './store.ts';
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

describe.each(databaseTargets())('linking audit events on %s', (target) => {
  let database: Database;
  let testDatabase: TestDatabase;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, testDatabase, cleanup } = await openTestDatabase(target));
  });
  afterAll(() => cleanup());

  async function newTenant(slug: string): Promise<string> {
    const row = await database.db
      .insertInto('tenants')
      .values({ slug, name: slug })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  const chainOf = (tenantId: string) =>
    withTenant(database, { tenantId, userId: null }, (trx) => listAuditEvents(trx, { limit: 100 })).then(
      (page) => page.events,
    );

  it('records without touching the chain head, so appends of a tenant take no common lock', async () => {
    const tenantId = await newTenant('no-head');
    const heads = await withTenant(database, { tenantId, userId }, async (trx) => {
      await recordAuditEvent(trx, caseRead);
      await recordAuditEvent(trx, caseRead);
      return sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_chain_heads`.execute(trx);
    });
    expect(heads.rows[0]?.n).toBe(0);
    expect(await linkAuditEvents(database, { tenantId })).toBe(2);
  });

  it.skipIf(target === 'embedded')(
    'lets a second transaction of the tenant record, commit and be linked while the first is still open',
    async () => {
      const tenantId = await newTenant('no-wait');
      const scope = { tenantId, userId };
      // Every statement of this second pool gives up after 2 s: a wait for A's transaction would fail it.
      const url = new URL(testDatabase.url ?? '');
      url.searchParams.set('options', '-c statement_timeout=2000 -c lock_timeout=2000');
      const timed = await openDatabase({
        ...testDatabase.config,
        url: url.toString(),
      } as typeof testDatabase.config);
      try {
        let recordedInA = () => {};
        let finishA = () => {};
        const aRecorded = new Promise<void>((resolve) => {
          recordedInA = resolve;
        });
        const aMayFinish = new Promise<void>((resolve) => {
          finishA = resolve;
        });
        const a = withTenant(database, scope, async (trx) => {
          await recordAuditEvent(trx, { ...caseRead, objectId: 'a' });
          recordedInA();
          await aMayFinish;
        });
        await aRecorded;
        const started = Date.now();
        await recordAuditEventInOwnTransaction(timed, scope, { ...caseRead, objectId: 'b' });
        // The linker sees B's committed event, not A's open one, and does not wait for A either.
        expect(await linkAuditEvents(timed, { tenantId })).toBe(1);
        expect(Date.now() - started).toBeLessThan(2_000);
        finishA();
        await a;
        expect(await linkAuditEvents(timed, { tenantId })).toBe(1);
      } finally {
        await timed.close();
      }
      // Linked in the order they committed: A, recorded first, is #2, so times go back along the chain.
      const events = await chainOf(tenantId);
      expect(events.map((event) => [event.seq, event.objectId])).toEqual([
        [1, 'b'],
        [2, 'a'],
      ]);
      expect(Date.parse(events[1]?.occurredAt ?? '')).toBeLessThan(Date.parse(events[0]?.occurredAt ?? ''));
      expect(await verifyAuditChain(database, tenantId)).toMatchObject({ ok: true, events: 2 });
    },
  );

  it('never links an event whose transaction rolled back', async () => {
    const tenantId = await newTenant('rolled-back');
    const scope = { tenantId, userId };
    await recordAuditEventInOwnTransaction(database, scope, { ...caseRead, objectId: 'kept-1' });
    await expect(
      withTenant(database, scope, async (trx) => {
        await recordAuditEvent(trx, { ...caseRead, objectId: 'rolled-back' });
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    await recordAuditEventInOwnTransaction(database, scope, { ...caseRead, objectId: 'kept-2' });
    expect(await linkAuditEvents(database, { tenantId })).toBe(2);
    expect((await chainOf(tenantId)).map((event) => [event.seq, event.objectId])).toEqual([
      [1, 'kept-1'],
      [2, 'kept-2'],
    ]);
    expect(await verifyAuditChain(database, tenantId)).toMatchObject({
      ok: true,
      events: 2,
      pending: { count: 0 },
    });
  });

  it('continues the chain of events the previous release appended under the head lock', async () => {
    const tenantId = await newTenant('rolling');
    const scope = { tenantId, userId };
    // What the previous release does: lock the head, compute the next link, insert it linked.
    const appendAsBefore = (objectIds: string[] | null) =>
      withTenant(database, scope, async (trx) => {
        const head = await lockChainHead(trx);
        if (!head) throw new Error('no head');
        const occurredAt = new Date();
        const event = {
          tenantId,
          seq: head.seq + 1,
          occurredAt,
          actorType: 'user' as const,
          actorId: userId,
          action: 'case.list',
          objectType: 'case',
          objectId: null,
          caseId: null,
          requestId: null,
          outcome: 'success' as const,
          reason: null,
          objectIds,
        };
        await trx
          .insertInto('audit_events')
          .values({
            tenant_id: tenantId,
            seq: event.seq,
            occurred_at: occurredAt,
            actor_type: 'user',
            actor_id: userId,
            action: 'case.list',
            object_type: 'case',
            outcome: 'success',
            object_ids: objectIds,
            prev_hash: head.hash,
            hash: hashAuditEvent(event, head.hash),
          })
          .execute();
      });
    await appendAsBefore(null); // format 1
    await recordAuditEventInOwnTransaction(database, scope, caseRead);
    await appendAsBefore([caseId]); // format 2, while an event waits to be linked
    await recordAuditEventInOwnTransaction(database, scope, { ...caseRead, objectIds: [caseId] });
    expect(await linkAuditEvents(database, { tenantId })).toBe(2);
    expect((await chainOf(tenantId)).map((event) => [event.seq, event.action])).toEqual([
      [1, 'case.list'],
      [2, 'case.list'],
      [3, 'case.read'],
      [4, 'case.read'],
    ]);
    expect(await verifyAuditChain(database, tenantId)).toMatchObject({ ok: true, events: 4 });
  });

  describe('the queue of pending events', () => {
    let tenantId: string;
    let otherTenant: string;
    beforeAll(async () => {
      tenantId = await newTenant('queue');
      otherTenant = await newTenant('queue-other');
      await recordAuditEventInOwnTransaction(database, { tenantId, userId }, caseRead);
      await recordAuditEventInOwnTransaction(database, { tenantId: otherTenant, userId }, caseRead);
    });
    const asApp = (statement: ReturnType<typeof sql>) =>
      withTenant(database, { tenantId, userId }, (trx) => statement.execute(trx));

    it.each([
      ['UPDATE', sql`UPDATE audit_pending_events SET action = 'case.forged'`, /permission denied/],
      ['DELETE', sql`DELETE FROM audit_pending_events`, /permission denied/],
      ['TRUNCATE', sql`TRUNCATE audit_pending_events`, /permission denied/],
    ])('refuses %s to the application role', async (_what, statement, message) => {
      await expect(asApp(statement)).rejects.toThrow(message);
    });

    it.each([
      ['UPDATE', sql`UPDATE audit_pending_events SET action = 'case.forged'`],
      ['DELETE', sql`DELETE FROM audit_pending_events`],
      ['TRUNCATE', sql`TRUNCATE audit_pending_events`],
    ])('refuses %s to the owner outside the linker and the maintenance hatch', async (_what, statement) => {
      await expect(statement.execute(database.db)).rejects.toThrow(/only leaves the queue by being linked/);
    });

    it('refuses the linking setting to the application role', async () => {
      await expect(
        withTenant(database, { tenantId, userId }, async (trx) => {
          await sql`SELECT set_config('tma.audit_linking', 'on', true)`.execute(trx);
          await sql`DELETE FROM audit_pending_events`.execute(trx);
        }),
      ).rejects.toThrow(/permission denied/);
    });

    it('links only with seqs and hashes that extend the head, and only the own tenant’s events', async () => {
      const pendingIds = async (tenant: string) =>
        withTenant(database, { tenantId: tenant, userId: null }, (trx) =>
          trx.selectFrom('audit_pending_events').select('id').execute(),
        ).then((rows) => rows.map((row) => row.id));
      const [own] = await pendingIds(tenantId);
      const [foreign] = await pendingIds(otherTenant);
      const link = (id: number | undefined, seq: number, prevHash = '00'.repeat(32)) =>
        asApp(
          sql`SELECT audit_link_pending(${JSON.stringify([{ id, seq, prev_hash: prevHash, hash: 'ab'.repeat(32) }])}::jsonb)`,
        );
      await withTenant(database, { tenantId, userId: null }, lockChainHead); // the head at #0
      await expect(link(own, 2)).rejects.toThrow(/does not follow the chain head/);
      await expect(link(own, 1, 'cd'.repeat(32))).rejects.toThrow(/does not follow the chain head/);
      await expect(link(foreign, 1)).rejects.toThrow(/is not pending in this tenant/);
      // Still pending in both tenants, and linked properly by the linker.
      expect(await linkAuditEvents(database, { tenantId })).toBe(1);
      expect(await linkAuditEvents(database, { tenantId: otherTenant })).toBe(1);
      expect(await verifyAuditChain(database, tenantId)).toMatchObject({ ok: true, events: 1 });
    });

    it('lets only the owner’s maintenance hatch remove a pending event, which no check can see', async () => {
      await recordAuditEventInOwnTransaction(
        database,
        { tenantId, userId },
        { ...caseRead, objectId: 'gone' },
      );
      await database.db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('tma.audit_maintenance', 'on', true)`.execute(trx);
        await sql`DELETE FROM audit_pending_events WHERE tenant_id = ${tenantId}`.execute(trx);
      });
      // The reason why the window is kept short (docs/audit-log.md).
      expect(await linkAuditEvents(database, { tenantId })).toBe(0);
      expect(await verifyAuditChain(database, tenantId)).toMatchObject({ ok: true, events: 1 });
    });
  });

  it('links the other tenants when one tenant’s head was tampered with, and names that one', async () => {
    const broken = await newTenant('broken-head');
    const fine = await newTenant('fine');
    await recordAuditEventInOwnTransaction(database, { tenantId: broken, userId }, caseRead);
    expect(await linkAuditEvents(database, { tenantId: broken })).toBe(1);
    // The head moved back under the maintenance hatch: the next event would take an existing seq.
    await database.db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('tma.audit_maintenance', 'on', true)`.execute(trx);
      await sql`UPDATE audit_chain_heads SET seq = 0 WHERE tenant_id = ${broken}`.execute(trx);
    });
    await recordAuditEventInOwnTransaction(database, { tenantId: broken, userId }, caseRead);
    await recordAuditEventInOwnTransaction(database, { tenantId: fine, userId }, caseRead);
    await expect(linkAuditEvents(database)).rejects.toThrow(new RegExp(`^tenant ${broken}: `));
    expect((await chainOf(fine)).map((event) => event.seq)).toEqual([1]);
    expect((await chainOf(broken)).map((event) => event.seq)).toEqual([1, null]);
  });

  it('reports the pending events it did not cover, with the oldest one’s time', async () => {
    const tenantId = await newTenant('pending');
    const first = await recordAuditEventInOwnTransaction(database, { tenantId, userId }, caseRead);
    await recordAuditEventInOwnTransaction(database, { tenantId, userId }, caseRead);
    expect(await verifyAuditChain(database, tenantId)).toEqual({
      ok: true,
      events: 0,
      head: { seq: 0, hash: toHex(Buffer.alloc(32)) },
      pending: { count: 2, oldest: first.occurredAt },
    });
  });
});
