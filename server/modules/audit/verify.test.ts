import { type Kysely, sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { hashAuditEvent } from './hash-chain.ts';
import { linkAuditEvents } from './link.ts';
import type { AuditEventInput } from './schemas.ts';
import { recordAuditEvent } from './service.ts';
import { verifyAuditChain } from './verify.ts';

const userId = '7a1f6c52-3b0e-4d2a-9c41-5e8f0b6d2a13';
const actions = ['case.read', 'case.update', 'document.read', 'case.assess', 'case.read', 'auth.login'];

/** Ten events, linked: #1..#10, with different actions so that swapped rows differ. */
async function tenantWithEvents(database: Database, slug: string, count = 10): Promise<string> {
  const row = await database.db
    .insertInto('tenants')
    .values({ slug, name: slug })
    .returning('id')
    .executeTakeFirstOrThrow();
  await withTenant(database, { tenantId: row.id, userId }, async (trx) => {
    for (let i = 0; i < count; i++) {
      const event: AuditEventInput = {
        actorType: 'user',
        actorId: userId,
        action: actions[i % actions.length] ?? 'case.read',
        objectType: 'case',
        objectId: `case-${i}`,
        outcome: 'success',
      };
      await recordAuditEvent(trx, event);
    }
  });
  await linkAuditEvents(database, { tenantId: row.id, wait: true });
  return row.id;
}

/** Runs `fn` as the tables' owner with the operator's escape hatch open. */
function asOperatorInMaintenance(database: Database, fn: (trx: Transaction<DB>) => Promise<unknown>) {
  return database.db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('tma.audit_maintenance', 'on', true)`.execute(trx);
    await fn(trx);
  });
}

describe.each(databaseTargets())('audit log protection and verification on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
  });
  afterAll(() => cleanup());

  describe('append-only', () => {
    let tenantId: string;
    beforeAll(async () => {
      tenantId = await tenantWithEvents(database, 'append-only', 3);
    });

    it.each([
      [
        'UPDATE',
        sql`UPDATE audit_events SET action = 'case.forged'`,
        /permission denied for table audit_events/,
      ],
      ['DELETE', sql`DELETE FROM audit_events`, /permission denied for table audit_events/],
      ['TRUNCATE', sql`TRUNCATE audit_events`, /permission denied for table audit_events/],
      [
        'DELETE of the head',
        sql`DELETE FROM audit_chain_heads`,
        /permission denied for table audit_chain_heads/,
      ],
      // The role may lock the head (FOR UPDATE needs the privilege), but the trigger lets it move only forward.
      ['UPDATE of the head', sql`UPDATE audit_chain_heads SET seq = 1`, /only moves by appending an event/],
    ])('refuses %s to the application role', async (_what, statement, message) => {
      await expect(
        withTenant(database, { tenantId, userId }, (trx) => statement.execute(trx)),
      ).rejects.toThrow(message);
    });

    it('refuses the application role even with the maintenance setting: the hatch is the owner’s', async () => {
      await expect(
        withTenant(database, { tenantId, userId }, async (trx) => {
          await sql`SELECT set_config('tma.audit_maintenance', 'on', true)`.execute(trx);
          await sql`UPDATE audit_chain_heads SET seq = 1`.execute(trx);
        }),
      ).rejects.toThrow(/only moves by appending/);
    });

    it.each([
      ['UPDATE', sql`UPDATE audit_events SET action = 'case.forged'`, /audit_events is append-only: UPDATE/],
      ['DELETE', sql`DELETE FROM audit_events`, /audit_events is append-only: DELETE/],
      ['TRUNCATE', sql`TRUNCATE audit_events`, /audit_events is append-only: TRUNCATE/],
      ['UPDATE of the head', sql`UPDATE audit_chain_heads SET seq = 0`, /only moves by appending/],
      ['DELETE of the head', sql`DELETE FROM audit_chain_heads`, /only moves by appending/],
      ['TRUNCATE of the heads', sql`TRUNCATE audit_chain_heads`, /audit_chain_heads is append-only/],
    ])('refuses %s even to the owner without the maintenance setting', async (_what, statement, message) => {
      await expect(statement.execute(database.db)).rejects.toThrow(message);
    });

    it('leaves the log intact after all those attempts', async () => {
      expect(await verifyAuditChain(database, tenantId)).toMatchObject({ ok: true, events: 3 });
    });
  });

  describe('tampering by an operator with the maintenance setting on', () => {
    const edit = (db: Kysely<DB> | Transaction<DB>, tenantId: string, seq: number, change: string) =>
      sql`UPDATE audit_events SET action = ${change} WHERE tenant_id = ${tenantId} AND seq = ${seq}`.execute(
        db,
      );
    const remove = (db: Transaction<DB>, tenantId: string, seq: number) =>
      sql`DELETE FROM audit_events WHERE tenant_id = ${tenantId} AND seq = ${seq}`.execute(db);

    it("detects an edited action at the edited event's seq", async () => {
      const tenantId = await tenantWithEvents(database, 'edit');
      await asOperatorInMaintenance(database, (trx) => edit(trx, tenantId, 4, 'case.nothing_to_see'));
      const result = await verifyAuditChain(database, tenantId, { pageSize: 3 });
      expect(result).toMatchObject({ ok: false, seq: 4, problem: 'changed' });
      expect(result.ok || result.message).toMatch(
        /^event #4 \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z, case\.nothing_to_see\) was changed after it was written$/,
      );
    });

    it('detects a deleted event in the middle', async () => {
      const tenantId = await tenantWithEvents(database, 'delete-middle');
      await asOperatorInMaintenance(database, (trx) => remove(trx, tenantId, 5));
      expect(await verifyAuditChain(database, tenantId, { pageSize: 4 })).toEqual({
        ok: false,
        seq: 5,
        problem: 'missing',
        message: 'event #5 is missing (the log goes from #4 to #6): deleted after being written',
      });
    });

    it('detects a deleted last event through the chain head', async () => {
      const tenantId = await tenantWithEvents(database, 'delete-last');
      await asOperatorInMaintenance(database, (trx) => remove(trx, tenantId, 10));
      expect(await verifyAuditChain(database, tenantId)).toMatchObject({
        ok: false,
        seq: 10,
        problem: 'missing',
        message: expect.stringMatching(/^event #10 is missing: the chain head records 10 events/),
      });
    });

    it('detects two swapped events at the first of them', async () => {
      const tenantId = await tenantWithEvents(database, 'swap');
      await asOperatorInMaintenance(database, async (trx) => {
        const columns = sql.raw(
          'occurred_at, actor_type, actor_id, action, object_type, object_id, case_id, request_id, ' +
            'outcome, reason, prev_hash, hash',
        );
        await sql`
          UPDATE audit_events a SET (${columns}) = (SELECT ${columns} FROM audit_events b
            WHERE b.tenant_id = a.tenant_id AND b.seq = CASE a.seq WHEN 3 THEN 7 ELSE 3 END)
          WHERE a.tenant_id = ${tenantId} AND a.seq IN (3, 7)
        `.execute(trx);
      });
      const result = await verifyAuditChain(database, tenantId);
      expect(result).toMatchObject({ ok: false, seq: 3, problem: 'reordered' });
      expect(result.ok || result.message).toMatch(/^event #3 \(.*\) holds the event written as #7/);
    });

    it('detects an edited event whose hash was recomputed at the link to the next event', async () => {
      const tenantId = await tenantWithEvents(database, 'rehash');
      // An attacker who knows the algorithm rewrites #6 with a matching hash; #7 still links to the old one.
      await asOperatorInMaintenance(database, async (trx) => {
        const row = await trx
          .selectFrom('audit_events')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('seq', '=', 6)
          .executeTakeFirstOrThrow();
        const forged = { ...row, action: 'case.nothing_to_see' };
        const hash = hashAuditEvent(
          {
            tenantId: forged.tenant_id,
            seq: forged.seq,
            occurredAt: forged.occurred_at,
            actorType: forged.actor_type,
            actorId: forged.actor_id,
            action: forged.action,
            objectType: forged.object_type,
            objectId: forged.object_id,
            caseId: forged.case_id,
            requestId: forged.request_id,
            outcome: forged.outcome,
            reason: forged.reason,
            objectIds: forged.object_ids,
          },
          forged.prev_hash,
        );
        await sql`
          UPDATE audit_events SET action = ${forged.action}, hash = ${hash}
          WHERE tenant_id = ${tenantId} AND seq = 6
        `.execute(trx);
      });
      const result = await verifyAuditChain(database, tenantId);
      expect(result).toMatchObject({ ok: false, seq: 7, problem: 'unlinked' });
      expect(result.ok || result.message).toMatch(/^event #7 \(.*\) does not link to event #6/);
    });

    it('detects a head moved back and a rewritten last event', async () => {
      const tenantId = await tenantWithEvents(database, 'head');
      await asOperatorInMaintenance(database, (trx) =>
        sql`UPDATE audit_chain_heads SET seq = 8 WHERE tenant_id = ${tenantId}`.execute(trx),
      );
      expect(await verifyAuditChain(database, tenantId)).toMatchObject({
        ok: false,
        seq: 9,
        problem: 'head-mismatch',
      });
      await asOperatorInMaintenance(database, (trx) =>
        sql`UPDATE audit_chain_heads SET seq = 10, hash = sha256(hash) WHERE tenant_id = ${tenantId}`.execute(
          trx,
        ),
      );
      expect(await verifyAuditChain(database, tenantId)).toMatchObject({
        ok: false,
        seq: 10,
        problem: 'head-mismatch',
      });
    });

    it('detects a chain cut back together with its head only through an external anchor', async () => {
      const tenantId = await tenantWithEvents(database, 'anchor');
      const intact = await verifyAuditChain(database, tenantId);
      if (!intact.ok) throw new Error('expected an intact chain');
      const anchor = { seq: intact.head.seq, hash: intact.head.hash };
      expect(await verifyAuditChain(database, tenantId, { anchor })).toMatchObject({ ok: true });
      await asOperatorInMaintenance(database, async (trx) => {
        await remove(trx, tenantId, 10);
        await sql`
          UPDATE audit_chain_heads h SET seq = 9, hash = e.hash FROM audit_events e
          WHERE h.tenant_id = ${tenantId} AND e.tenant_id = h.tenant_id AND e.seq = 9
        `.execute(trx);
      });
      expect(await verifyAuditChain(database, tenantId)).toMatchObject({ ok: true, events: 9 });
      expect(await verifyAuditChain(database, tenantId, { anchor })).toMatchObject({
        ok: false,
        seq: 10,
        problem: 'anchor-mismatch',
      });
      expect(
        await verifyAuditChain(database, tenantId, { anchor: { seq: 9, hash: intact.head.hash } }),
      ).toMatchObject({ ok: false, seq: 9, problem: 'anchor-mismatch' });
    });

    it('detects a deleted chain head', async () => {
      const tenantId = await tenantWithEvents(database, 'no-head', 2);
      await asOperatorInMaintenance(database, (trx) =>
        sql`DELETE FROM audit_chain_heads WHERE tenant_id = ${tenantId}`.execute(trx),
      );
      expect(await verifyAuditChain(database, tenantId)).toMatchObject({
        ok: false,
        seq: 2,
        problem: 'head-mismatch',
      });
    });
  });
});
