import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import type { KeyProvider } from '../../crypto/key-provider.ts';
import { Keyring, type TenantKeys } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Invalid } from '../../errors.ts';
import { createTenant } from '../tenants/service.ts';
import {
  accountMailCipher,
  enqueueEmail,
  isEmailAddress,
  openQueuedEmail,
  UnreadableEmailError,
} from './outbox.ts';
import { InvalidEmailError } from './templates.ts';

/** Every row of the outbox as text, binary columns included byte for byte. */
async function outboxText(database: Database): Promise<string> {
  const rows = await database.db.selectFrom('email_outbox').selectAll().execute();
  return JSON.stringify(rows, (_key, value) =>
    value && typeof value === 'object' && value.type === 'Buffer'
      ? Buffer.from(value.data).toString('latin1')
      : value,
  );
}

describe.each(databaseTargets())('e-mail outbox on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let keyring: Keyring;
  let keys: TenantKeys;
  let acme: string;
  let globex: string;
  const as = (tenantId: string) => ({ tenantId, userId: null });
  const mailKey = (trx: TenantTransaction) => accountMailCipher(trx, keys);
  const row = (id: string) =>
    database.db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const open = async (id: string) => {
    const stored = await row(id);
    return withTenant(database, as(acme), (trx) => openQueuedEmail(trx, keys, stored));
  };

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    keyring = new Keyring(database, provider);
    acme = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    globex = (await createTenant(database.db, { slug: 'globex', name: 'Globex' })).id;
    keys = await keyring.forTenant(acme);
  });
  afterAll(async () => {
    await provider?.close();
    await cleanup?.();
  });

  it("queues a message in the caller's transaction, its address and params only sealed", async () => {
    const { id } = await withTenant(database, as(acme), async (trx) =>
      enqueueEmail(trx, {
        to: '  tom@acme.example ',
        locale: 'de',
        template: 'report.received',
        params: { unitName: 'Deutschland', path: '/inbox' },
        sealWith: await mailKey(trx),
      }),
    );
    const stored = await withTenant(database, as(acme), (trx) =>
      trx.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    );
    expect(stored).toMatchObject({
      tenant_id: acme,
      recipient: null,
      recipient_scope: 'mail',
      recipient_scope_id: acme,
      locale: 'de',
      template: 'report.received',
      params: {},
      status: 'queued',
      attempts: 0,
      last_error: null,
      sent_at: null,
    });
    expect(stored.recipient_sealed).not.toBeNull();
    expect(stored.params_sealed).not.toBeNull();
    // Neither the address nor a param is anywhere in the outbox in clear.
    const text = await outboxText(database);
    for (const needle of ['tom@acme.example', 'Deutschland', '/inbox'])
      expect(text.includes(needle), `the outbox holds ${needle}`).toBe(false);
    // The tenant's keys open both.
    expect(await open(id)).toEqual({
      to: 'tom@acme.example',
      params: { unitName: 'Deutschland', path: '/inbox' },
    });
    // Kept to the day: a queued notice must not date the report it is about.
    expect(stored.created_at.getTime() % 60_000).toBe(0);
    expect(stored.next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    // Another tenant does not see it.
    const seen = await withTenant(database, as(globex), (trx) =>
      trx.selectFrom('email_outbox').select('id').execute(),
    );
    expect(seen).toEqual([]);
  });

  it("seals a message about a report with the report's key, so shredding the report shreds it", async () => {
    const reportId = randomUUID();
    const { id } = await withTenant(database, as(acme), async (trx) =>
      enqueueEmail(trx, {
        to: 'reporter@example.org',
        locale: 'en',
        template: 'report.reply_waiting',
        params: { path: '/report/acme/dialogue' },
        sealWith: await keys.scope(trx, 'report', reportId),
      }),
    );
    expect(await row(id)).toMatchObject({ recipient_scope: 'report', recipient_scope_id: reportId });
    expect((await open(id)).to).toBe('reporter@example.org');
    await withTenant(database, as(acme), (trx) => keys.destroy(trx, 'report', reportId));
    await expect(open(id)).rejects.toThrow(UnreadableEmailError);
  });

  it('opens sealed params only in their own row, and never half a message', async () => {
    const [first, second] = await withTenant(database, as(acme), async (trx) => {
      const sealWith = await mailKey(trx);
      return [
        await enqueueEmail(trx, {
          to: 'ada@acme.example',
          locale: 'en',
          template: 'user.password_reset',
          params: { organisation: 'ACME', path: '/reset-password#first-token' },
          sealWith,
        }),
        await enqueueEmail(trx, {
          to: 'ada@acme.example',
          locale: 'en',
          template: 'user.password_reset',
          params: { organisation: 'ACME', path: '/reset-password#second-token' },
          sealWith,
        }),
      ];
    });
    // The first message's params copied into the second row: they do not open there.
    const moved = await row(first.id);
    await database.db
      .updateTable('email_outbox')
      .set({ params_sealed: moved.params_sealed })
      .where('id', '=', second.id)
      .execute();
    const error = await open(second.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnreadableEmailError);
    expect((error as UnreadableEmailError).code).toBe('params_unreadable: IntegrityError');
    // Without keys nothing sealed opens.
    const stored = await row(first.id);
    await expect(
      withTenant(database, as(acme), (trx) => openQueuedEmail(trx, undefined, stored)),
    ).rejects.toMatchObject({ code: 'keys_unavailable' });
  });

  it('opens a row of an earlier release, in clear, as it is', async () => {
    const id = randomUUID();
    await database.db
      .insertInto('email_outbox')
      .values({
        id,
        tenant_id: acme,
        recipient: 'tom@acme.example',
        locale: 'en',
        template: 'report.received',
        params: JSON.stringify({ unitName: 'DE', path: '/inbox' }),
      })
      .execute();
    const stored = await row(id);
    expect(await withTenant(database, as(acme), (trx) => openQueuedEmail(trx, undefined, stored))).toEqual({
      to: 'tom@acme.example',
      params: { unitName: 'DE', path: '/inbox' },
    });
    // Left for the other tests as sent.
    await database.db
      .updateTable('email_outbox')
      .set({ status: 'sent', recipient: '', params: '{}', sent_at: new Date() })
      .where('id', '=', id)
      .execute();
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
          sealWith: await mailKey(trx),
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
        withTenant(database, as(acme), async (trx) =>
          enqueueEmail(trx, {
            to,
            locale: 'en',
            template: 'report.reply_waiting',
            params: { path: '/r' },
            sealWith: await mailKey(trx),
          }),
        ),
        to,
      ).rejects.toThrow(Invalid);
    }
    await expect(
      withTenant(database, as(acme), async (trx) =>
        enqueueEmail(trx, {
          to: 'reporter@example.org',
          locale: 'en',
          template: 'report.reply_waiting',
          // @ts-expect-error: the reply's text is not a param of the template
          params: { path: '/r', reply: 'We have spoken to the person you named.' },
          sealWith: await mailKey(trx),
        }),
      ),
    ).rejects.toThrow(InvalidEmailError);
    await expect(
      withTenant(database, as(acme), async (trx) =>
        enqueueEmail(trx, {
          to: 'reporter@example.org',
          locale: 'fr' as 'en',
          template: 'report.reply_waiting',
          params: { path: '/r' },
          sealWith: await mailKey(trx),
        }),
      ),
    ).rejects.toThrow(InvalidEmailError);
    expect(await countAll(database, acme)).toBe(before);
  });

  it('must run inside a tenant transaction', async () => {
    const sealWith = await withTenant(database, as(acme), mailKey);
    await expect(
      database.db.transaction().execute((trx) =>
        enqueueEmail(trx, {
          to: 'tom@acme.example',
          locale: 'en',
          template: 'report.reply_waiting',
          params: { path: '/r' },
          sealWith,
        }),
      ),
    ).rejects.toThrow('enqueueEmail() must run inside withTenant()');
  });

  it("lets the application role neither delete another tenant's messages nor move them to another tenant", async () => {
    const { id } = await withTenant(database, as(acme), async (trx) =>
      enqueueEmail(trx, {
        to: 'tom@acme.example',
        locale: 'en',
        template: 'report.reply_waiting',
        params: { path: '/r' },
        sealWith: await mailKey(trx),
      }),
    );
    // Deleting a report deletes its queued mail (migration 0017), so the role may delete: its tenant's only.
    const deleted = await withTenant(database, as(globex), (trx) =>
      trx.deleteFrom('email_outbox').where('id', '=', id).executeTakeFirst(),
    );
    expect(deleted.numDeletedRows).toBe(0n);
    expect((await row(id)).status).toBe('queued');
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
