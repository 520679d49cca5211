import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-transaction.ts';
import { keyEventRecorder } from '../modules/audit/key-events.ts';
import { linkAuditEvents } from '../modules/audit/link.ts';
import { DecryptionError } from './aead.ts';
import { IntegrityError } from './integrity.ts';
import type { KeyProvider } from './key-provider.ts';
import { Keyring, rawScopeKey, ScopeShreddedError } from './keyring.ts';
import { createKeyProvider } from './providers/index.ts';
import { rotateTenantKey } from './rotation.ts';
import type { Sealed } from './sealed.ts';

const field = (rowId: string) => ({ table: 'case_notes', column: 'body', rowId });

describe.each(databaseTargets())('envelope encryption on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let tenantA: string;
  let tenantB: string;

  const inTenant = <T>(tenantId: string, fn: Parameters<typeof withTenant<T>>[2]) =>
    withTenant(database, { tenantId, userId: null }, fn);

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    const rows = await database.db
      .insertInto('tenants')
      .values([
        { slug: 'tenant-a', name: 'A' },
        { slug: 'tenant-b', name: 'B' },
      ])
      .returning(['id', 'slug'])
      .execute();
    tenantA = rows.find((row) => row.slug === 'tenant-a')?.id ?? '';
    tenantB = rows.find((row) => row.slug === 'tenant-b')?.id ?? '';
  });
  afterAll(async () => {
    await provider.close();
    await cleanup();
  });

  it('a value sealed for one row does not open as another row, column, table or case', async () => {
    const keyring = new Keyring(database, provider);
    const keys = await keyring.forTenant(tenantA);
    const caseId = randomUUID();
    const otherCase = randomUUID();
    await inTenant(tenantA, async (trx) => {
      const cipher = await keys.scope(trx, 'case', caseId);
      const sealed = cipher.seal('The person of concern asked about badge access.', field('row-a'));
      expect(cipher.openText(sealed, field('row-a'))).toBe('The person of concern asked about badge access.');
      expect(() => cipher.open(sealed, field('row-b'))).toThrow(DecryptionError);
      expect(() => cipher.open(sealed, { ...field('row-a'), column: 'title' })).toThrow(DecryptionError);
      expect(() => cipher.open(sealed, { ...field('row-a'), table: 'reports' })).toThrow(DecryptionError);
      const other = await keys.scope(trx, 'case', otherCase);
      expect(() => other.open(sealed, field('row-a'))).toThrow(DecryptionError);
    });
  });

  it('rejects a tampered ciphertext', async () => {
    const keys = await new Keyring(database, provider).forTenant(tenantA);
    await inTenant(tenantA, async (trx) => {
      const cipher = await keys.scope(trx, 'case', randomUUID());
      const sealed = cipher.seal('witness statement', field('r1'));
      for (const position of [1, 13, sealed.length - 1]) {
        const tampered = Buffer.from(sealed) as Sealed;
        tampered[position] = (tampered[position] ?? 0) ^ 0x01;
        expect(() => cipher.open(tampered, field('r1'))).toThrow(DecryptionError);
      }
      // Typed: it says which stored value failed (ids only), never what it held.
      const caught = (() => {
        try {
          cipher.openText(cipher.seal('witness statement', field('r1')), field('r2'));
        } catch (error) {
          return error;
        }
      })();
      expect(caught).toBeInstanceOf(IntegrityError);
      expect((caught as IntegrityError).failure).toMatchObject({
        tenantId: tenantA,
        scope: 'case',
        table: 'case_notes',
        column: 'body',
        rowId: 'r2',
      });
      expect(String((caught as Error).message)).not.toContain('witness');
    });
  });

  it('types ciphertext apart from plaintext', () => {
    const store = (_value: Sealed) => {};
    // @ts-expect-error a plain string must not be accepted where ciphertext belongs
    store('plaintext');
    // @ts-expect-error nor a plain Buffer
    store(Buffer.from('plaintext'));
    expect(true).toBe(true);
  });

  it('keeps each data key and the tenant key wrapped in the database, never in plaintext', async () => {
    const keyring = new Keyring(database, provider);
    const keys = await keyring.forTenant(tenantA);
    const caseId = randomUUID();
    const dataKey = await inTenant(tenantA, async (trx) =>
      rawScopeKey(await keys.scope(trx, 'case', caseId)),
    );
    const rows = await inTenant(tenantA, (trx) =>
      sql<{
        wrapped: Buffer;
      }>`SELECT wrapped_key AS wrapped FROM data_keys UNION ALL SELECT wrapped_key FROM tenant_keys`.execute(
        trx,
      ),
    );
    for (const row of rows.rows) expect(row.wrapped.includes(dataKey)).toBe(false);
    // a fresh keyring (another instance) opens the same case key
    const freshKeys = await new Keyring(database, provider).forTenant(tenantA);
    const again = await inTenant(tenantA, async (trx) =>
      rawScopeKey(await freshKeys.scope(trx, 'case', caseId)),
    );
    expect(again.equals(dataKey)).toBe(true);
  });

  it('keeps tenants apart: tenant B cannot use tenant A keys, even for the same case id', async () => {
    const keyring = new Keyring(database, provider);
    const keysA = await keyring.forTenant(tenantA);
    const keysB = await keyring.forTenant(tenantB);
    const caseId = randomUUID();
    const sealed = await inTenant(tenantA, async (trx) =>
      (await keysA.scope(trx, 'case', caseId)).seal('secret', field('r')),
    );
    await inTenant(tenantB, async (trx) => {
      const visible = await trx
        .selectFrom('data_keys')
        .select('scope_id')
        .where('scope_id', '=', caseId)
        .execute();
      expect(visible).toEqual([]);
      const cipherB = await keysB.scope(trx, 'case', caseId);
      expect(() => cipherB.open(sealed, field('r'))).toThrow(DecryptionError);
    });
  });

  it('rotates the tenant key, re-wrapping data keys in batches, and everything still opens', async () => {
    const keyring = new Keyring(database, provider);
    const keys = await keyring.forTenant(tenantB);
    const sealedValues = await inTenant(tenantB, async (trx) => {
      const values = [];
      for (let i = 0; i < 5; i++) {
        const caseId = randomUUID();
        values.push({
          caseId,
          sealed: (await keys.scope(trx, 'case', caseId)).seal(`note ${i}`, field(`n${i}`)),
        });
      }
      return values;
    });
    const progress: number[] = [];
    const result = await rotateTenantKey(database, keyring, tenantB, {
      recordEvent: keyEventRecorder(database),
      batchSize: 2,
      onProgress: (p) => progress.push(p.done),
    });
    expect(result).toMatchObject({ version: 2, resumed: false });
    await linkAuditEvents(database, { tenantId: tenantB, wait: true });
    const rotationEvents = await inTenant(tenantB, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'object_id', 'actor_type'])
        .where('action', '=', 'keys.rotate')
        .execute(),
    );
    expect(rotationEvents).toEqual([{ action: 'keys.rotate', object_id: '2', actor_type: 'operator' }]);
    expect(result.done).toBe(result.total);
    expect(progress.at(-1)).toBe(result.total);
    expect(progress.length).toBeGreaterThan(2);

    const state = await inTenant(tenantB, async (trx) => ({
      versions: await trx
        .selectFrom('tenant_keys')
        .select(['version', 'retired_at'])
        .orderBy('version')
        .execute(),
      onOld: await trx
        .selectFrom('data_keys')
        .select('scope_id')
        .where('tenant_key_version', '<', 2)
        .execute(),
    }));
    expect(state.versions.map((v) => [v.version, v.retired_at !== null])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(state.onOld).toEqual([]);
    const fresh = await new Keyring(database, provider).forTenant(tenantB);
    await inTenant(tenantB, async (trx) => {
      for (const [i, value] of sealedValues.entries()) {
        expect((await fresh.scope(trx, 'case', value.caseId)).openText(value.sealed, field(`n${i}`))).toBe(
          `note ${i}`,
        );
      }
    });
  });

  it('finishes an interrupted rotation when run again, and reads work meanwhile', async () => {
    const tenant = (
      await database.db
        .insertInto('tenants')
        .values({ slug: `rot-${target}`, name: 'R' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const keyring = new Keyring(database, provider);
    const keys = await keyring.forTenant(tenant);
    const caseIds = Array.from({ length: 6 }, () => randomUUID());
    const sealed = await inTenant(tenant, async (trx) =>
      Promise.all(caseIds.map(async (id) => (await keys.scope(trx, 'case', id)).seal(id, field(id)))),
    );
    await expect(
      rotateTenantKey(database, keyring, tenant, {
        recordEvent: keyEventRecorder(database),
        batchSize: 2,
        onProgress: (p) => {
          if (p.done >= 2) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    // half-rotated: old and new versions both open their data keys
    const midway = await new Keyring(database, provider).forTenant(tenant);
    await inTenant(tenant, async (trx) => {
      for (const [i, id] of caseIds.entries()) {
        expect((await midway.scope(trx, 'case', id)).openText(sealed[i] as Sealed, field(id))).toBe(id);
      }
    });
    const result = await rotateTenantKey(database, keyring, tenant, {
      recordEvent: keyEventRecorder(database),
      batchSize: 2,
    });
    expect(result).toMatchObject({ version: 2, resumed: true, total: 4, done: 4 });
    const counts = await inTenant(tenant, (trx) =>
      trx.selectFrom('data_keys').select('tenant_key_version').distinct().execute(),
    );
    expect(counts).toEqual([{ tenant_key_version: 2 }]);
  });

  it('crypto-shreds a case: its ciphertexts stay in the database but can never be opened again', async () => {
    const keyring = new Keyring(database, provider);
    const keys = await keyring.forTenant(tenantA);
    const caseId = randomUUID();
    const noteId = randomUUID();
    await sql`CREATE TABLE IF NOT EXISTS shred_probe (id uuid PRIMARY KEY, body bytea NOT NULL)`.execute(
      database.db,
    );
    await sql`GRANT SELECT, INSERT ON shred_probe TO tma_app`.execute(database.db);
    await inTenant(tenantA, async (trx) => {
      const sealed = (await keys.scope(trx, 'case', caseId)).seal(
        'Name of the affected person',
        field(noteId),
      );
      await sql`INSERT INTO shred_probe (id, body) VALUES (${noteId}, ${sealed})`.execute(trx);
    });

    expect(await inTenant(tenantA, (trx) => keys.destroy(trx, 'case', caseId))).toBe(true);
    expect(await inTenant(tenantA, (trx) => keys.destroy(trx, 'case', caseId))).toBe(false);

    const after = await inTenant(tenantA, async (trx) => ({
      probe: (await sql<{ body: Buffer }>`SELECT body FROM shred_probe WHERE id = ${noteId}`.execute(trx))
        .rows[0],
      key: await trx
        .selectFrom('data_keys')
        .selectAll()
        .where('scope_id', '=', caseId)
        .executeTakeFirstOrThrow(),
    }));
    expect(after.probe?.body.length).toBeGreaterThan(28); // the ciphertext is still there
    expect(after.key.wrapped_key).toBeNull();
    expect(after.key.shredded_at).toBeInstanceOf(Date);
    // no instance, fresh or cached, can open the case again, nor silently give it a new key
    for (const reader of [keys, await new Keyring(database, provider).forTenant(tenantA)]) {
      await expect(inTenant(tenantA, (trx) => reader.scope(trx, 'case', caseId))).rejects.toThrow(
        ScopeShreddedError,
      );
    }
  });
  it('opens the keys of a page of cases with one query, each failing on its own', async () => {
    const keys = await new Keyring(database, provider).forTenant(tenantA);
    const [plain, shredded, altered, fresh] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const sealed = await inTenant(tenantA, async (trx) => {
      const out: Record<string, Sealed> = {};
      for (const id of [plain, shredded, altered])
        out[id] = (await keys.scope(trx, 'case', id)).seal(`title ${id}`, field(id));
      await keys.destroy(trx, 'case', shredded);
      return out;
    });
    // The altered case's wrapped key is swapped for another case's: it must not open as that case.
    await sql`UPDATE data_keys SET wrapped_key = (SELECT wrapped_key FROM data_keys WHERE scope_id = ${plain})
      WHERE scope_id = ${altered}`.execute(database.db);
    const ciphers = await inTenant(tenantA, async (trx) => {
      const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM data_keys`.execute(trx);
      const found = await keys.scopes(trx, 'case', [plain, shredded, altered, fresh, plain]);
      const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM data_keys`.execute(trx);
      // A case without a key yet gets one, as from scope().
      expect(after.rows[0]?.n).toBe((before.rows[0]?.n ?? 0) + 1);
      return found;
    });
    expect([...ciphers.keys()]).toEqual([plain, shredded, altered, fresh]);
    const opened = ciphers.get(plain);
    if (!opened || opened instanceof Error) throw new Error('the plain case did not open');
    expect(opened.openText(sealed[plain] as Sealed, field(plain))).toBe(`title ${plain}`);
    expect(ciphers.get(shredded)).toBeInstanceOf(ScopeShreddedError);
    expect(ciphers.get(altered)).toBeInstanceOf(IntegrityError);
    expect(ciphers.get(fresh)).not.toBeInstanceOf(Error);
  });
});
