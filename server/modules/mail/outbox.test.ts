import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { Invalid } from '../../errors.ts';
import { createTenant } from '../tenants/service.ts';
import { enqueueEmail, isEmailAddress } from './outbox.ts';
import { InvalidEmailError } from './templates.ts';

describe.each(databaseTargets())('e-mail outbox on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let acme: string;
  let globex: string;
  const as = (tenantId: string) => ({ tenantId, userId: null });

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    acme = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    globex = (await createTenant(database.db, { slug: 'globex', name: 'Globex' })).id;
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it("queues a message in the caller's transaction, storing only the template's params", async () => {
    const { id } = await withTenant(database, as(acme), (trx) =>
      enqueueEmail(trx, {
        to: '  tom@acme.example ',
        locale: 'de',
        template: 'report.received',
        params: { unitName: 'Deutschland', path: '/inbox' },
      }),
    );
    const row = await withTenant(database, as(acme), (trx) =>
      trx.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    );
    expect(row).toMatchObject({
      tenant_id: acme,
      recipient: 'tom@acme.example',
      locale: 'de',
      template: 'report.received',
      params: { unitName: 'Deutschland', path: '/inbox' },
      status: 'queued',
      attempts: 0,
      last_error: null,
      sent_at: null,
    });
    // Kept to the day: a queued notice must not date the report it is about.
    expect(row.created_at.getTime() % 60_000).toBe(0);
    expect(row.next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    // Another tenant does not see it.
    const seen = await withTenant(database, as(globex), (trx) =>
      trx.selectFrom('email_outbox').select('id').execute(),
    );
    expect(seen).toEqual([]);
  });

  it('keeps nothing of a transaction that rolls back', async () => {
    const before = await countAll(database, acme);
    await expect(
      withTenant(database, as(acme), async (trx) => {
        await enqueueEmail(trx, {
          to: 'tom@acme.example',
          locale: 'en',
          template: 'report.danger',
          params: { unitName: 'DE', path: '/inbox' },
        });
        throw new Error('the report could not be stored');
      }),
    ).rejects.toThrow('the report could not be stored');
    expect(await countAll(database, acme)).toBe(before);
  });

  it('refuses anything but one plain address, and undeclared params, storing nothing', async () => {
    const before = await countAll(database, acme);
    for (const to of [
      'tom',
      'tom@acme',
      'Tom <tom@acme.example>',
      'tom@acme.example, eve@acme.example',
      'tom@acme.example\r\nBcc: eve@acme.example',
      `${'x'.repeat(250)}@acme.example`,
    ]) {
      expect(isEmailAddress(to), to).toBe(false);
      await expect(
        withTenant(database, as(acme), (trx) =>
          enqueueEmail(trx, { to, locale: 'en', template: 'report.reply_waiting', params: { path: '/r' } }),
        ),
        to,
      ).rejects.toThrow(Invalid);
    }
    await expect(
      withTenant(database, as(acme), (trx) =>
        enqueueEmail(trx, {
          to: 'reporter@example.org',
          locale: 'en',
          template: 'report.reply_waiting',
          // @ts-expect-error: the reply's text is not a param of the template
          params: { path: '/r', reply: 'We have spoken to the person you named.' },
        }),
      ),
    ).rejects.toThrow(InvalidEmailError);
    await expect(
      withTenant(database, as(acme), (trx) =>
        enqueueEmail(trx, {
          to: 'reporter@example.org',
          locale: 'fr' as 'en',
          template: 'report.reply_waiting',
          params: { path: '/r' },
        }),
      ),
    ).rejects.toThrow(InvalidEmailError);
    expect(await countAll(database, acme)).toBe(before);
  });

  it('must run inside a tenant transaction', async () => {
    await expect(
      database.db.transaction().execute((trx) =>
        enqueueEmail(trx, {
          to: 'tom@acme.example',
          locale: 'en',
          template: 'report.reply_waiting',
          params: { path: '/r' },
        }),
      ),
    ).rejects.toThrow('enqueueEmail() must run inside withTenant()');
  });

  it('lets the application role neither delete messages nor move them to another tenant', async () => {
    const { id } = await withTenant(database, as(acme), (trx) =>
      enqueueEmail(trx, {
        to: 'tom@acme.example',
        locale: 'en',
        template: 'report.reply_waiting',
        params: { path: '/r' },
      }),
    );
    await expect(
      withTenant(database, as(acme), (trx) => trx.deleteFrom('email_outbox').where('id', '=', id).execute()),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withTenant(database, as(acme), (trx) =>
        trx.updateTable('email_outbox').set({ tenant_id: globex }).where('id', '=', id).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});

async function countAll(database: Database, tenantId: string): Promise<number> {
  const row = await withTenant(database, { tenantId, userId: null }, (trx) =>
    sql<{ n: number }>`SELECT count(*)::int AS n FROM email_outbox`.execute(trx),
  );
  return row.rows[0]?.n ?? 0;
}
