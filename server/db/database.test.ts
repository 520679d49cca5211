import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import type { Database } from './database.ts';
import { RootQueryInsideTransactionError } from './guarded-dialect.ts';
import { migrateToLatest, migrationStatus } from './migrate.ts';
import { migrations } from './migrations/index.ts';

describe.each(databaseTargets())('database on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target, { migrate: false }));
  });
  afterAll(() => cleanup());

  it('applies every migration once; a second run finds nothing to do', async () => {
    expect(await migrationStatus(database)).toEqual({ applied: 0, pending: migrations.length });
    expect((await migrateToLatest(database)).applied).toEqual(migrations.map((m) => m.name));
    expect((await migrateToLatest(database)).applied).toEqual([]);
    expect(await migrationStatus(database)).toEqual({ applied: migrations.length, pending: 0 });
  });

  it('returns the same JavaScript types on both drivers', async () => {
    const { rows } = await sql<{ big: unknown; exact: unknown; at: unknown; doc: unknown }>`
      SELECT 9007199254740991::int8 AS big, 12.50::numeric AS exact,
             '2026-01-02T03:04:05.678Z'::timestamptz AS at, '{"a":[1,2]}'::jsonb AS doc
    `.execute(database.db);
    expect(rows[0]).toEqual({
      big: 9007199254740991,
      exact: '12.50',
      at: new Date('2026-01-02T03:04:05.678Z'),
      doc: { a: [1, 2] },
    });
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
    const { rows: binary } = await sql<{ echoed: unknown }>`SELECT ${bytes}::bytea AS echoed`.execute(
      database.db,
    );
    expect(Buffer.isBuffer(binary[0]?.echoed)).toBe(true);
    expect(binary[0]?.echoed).toEqual(bytes);
    await expect(sql`SELECT 9007199254740993::int8 AS too_big`.execute(database.db)).rejects.toThrow(
      /exceeds the safe integer range/,
    );
  });

  it('refuses a root query inside a transaction instead of deadlocking or escaping its scope', async () => {
    const { withTenant } = await import('./tenant-transaction.ts');
    const tenant = await database.db
      .insertInto('tenants')
      .values({ slug: `guard-${target}`, name: 'Guard' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      withTenant(database, { tenantId: tenant.id, userId: null }, async () => {
        await sql`SELECT 1`.execute(database.db);
      }),
    ).rejects.toThrow(RootQueryInsideTransactionError);
    // the database is still usable afterwards
    expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db)).rows).toEqual([{ one: 1 }]);
  });
});
