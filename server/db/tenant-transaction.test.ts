import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import type { Database } from './database.ts';
import { sendWithCommit } from './guarded-dialect.ts';
import { withTenant, withTenantConnection, withTenantPglite } from './tenant-transaction.ts';

describe.each(databaseTargets())('tenant isolation on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let tenantA: string;
  let tenantB: string;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    const rows = await database.db
      .insertInto('tenants')
      .values([
        { slug: 'tenant-a', name: 'Tenant A' },
        { slug: 'tenant-b', name: 'Tenant B' },
      ])
      .returning(['id', 'slug'])
      .execute();
    tenantA = rows.find((row) => row.slug === 'tenant-a')?.id ?? '';
    tenantB = rows.find((row) => row.slug === 'tenant-b')?.id ?? '';
    // Seeded as the owner: the owner's own session is not subject to the policies without SET ROLE.
    await database.db
      .insertInto('org_units')
      .values([
        { tenant_id: tenantA, slug: 'de', name: 'Germany' },
        { tenant_id: tenantA, slug: 'fr', name: 'France' },
        { tenant_id: tenantB, slug: 'de', name: 'Deutschland' },
      ])
      .execute();
  });
  afterAll(() => cleanup());

  it('an unfiltered SELECT in a tenant-A transaction returns only tenant A rows', async () => {
    const rows = await withTenant(database, { tenantId: tenantA, userId: null }, (trx) =>
      sql<{ tenant_id: string; name: string }>`SELECT * FROM org_units ORDER BY name`.execute(trx),
    );
    expect(rows.rows.map((row) => [row.tenant_id, row.name])).toEqual([
      [tenantA, 'France'],
      [tenantA, 'Germany'],
    ]);
  });

  it('runs as the application role, which owns no table, with the tenant and user set', async () => {
    const userId = '00000000-0000-4000-8000-000000000001';
    const { rows } = await withTenant(database, { tenantId: tenantB, userId }, (trx) =>
      sql<{ role: string; tenant: string; user_id: string; owns: number }>`
        SELECT current_user AS role, current_setting('app.tenant_id') AS tenant,
               current_setting('app.user_id') AS user_id,
               (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owns
      `.execute(trx),
    );
    expect(rows[0]).toEqual({ role: 'tma_app', tenant: tenantB, user_id: userId, owns: 0 });
  });

  it('cannot write a row for another tenant, nor change or delete one', async () => {
    await expect(
      withTenant(database, { tenantId: tenantA, userId: null }, (trx) =>
        trx.insertInto('org_units').values({ tenant_id: tenantB, slug: 'it', name: 'Italy' }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const changed = await withTenant(database, { tenantId: tenantA, userId: null }, async (trx) => {
      const updated = await trx
        .updateTable('org_units')
        .set({ name: 'Hijacked' })
        .where('tenant_id', '=', tenantB)
        .execute();
      const deleted = await trx.deleteFrom('org_units').where('tenant_id', '=', tenantB).execute();
      return Number(updated[0]?.numUpdatedRows) + Number(deleted[0]?.numDeletedRows);
    });
    expect(changed).toBe(0);
    const names = await withTenant(database, { tenantId: tenantB, userId: null }, (trx) =>
      trx.selectFrom('org_units').select('name').execute(),
    );
    expect(names).toEqual([{ name: 'Deutschland' }]);
  });

  it('the setting does not leak: the next transaction on the same connection sees nothing without a tenant', async () => {
    await withTenant(database, { tenantId: tenantA, userId: null }, (trx) =>
      trx.selectFrom('org_units').selectAll().execute(),
    );
    const leaked = await database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL ROLE tma_app`.execute(trx);
      return sql<{ n: number }>`SELECT count(*)::int AS n FROM org_units`.execute(trx);
    });
    expect(leaked.rows[0]?.n).toBe(0);
  });

  it('concurrent transactions of different tenants each see only their own rows', async () => {
    const countFor = (tenantId: string) =>
      withTenant(database, { tenantId, userId: null }, async (trx) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM org_units`.execute(trx);
        return rows[0]?.n;
      });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => countFor(i % 2 === 0 ? tenantA : tenantB)),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 2 : 1)));
  });

  it('every table with a tenant_id column forces row-level security and has the isolation policy', async () => {
    const { rows } = await sql<{ table_name: string; forced: boolean; enabled: boolean; policies: number }>`
      SELECT c.relname AS table_name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
             (SELECT count(*)::int FROM pg_policies p WHERE p.tablename = c.relname AND p.policyname = 'tenant_isolation') AS policies
      FROM information_schema.columns col
      JOIN pg_class c ON c.relname = col.table_name
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = col.table_schema
      WHERE col.table_schema = 'public' AND col.column_name = 'tenant_id' AND c.relkind = 'r'
    `.execute(database.db);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows)
      expect(row, row.table_name).toMatchObject({ enabled: true, forced: true, policies: 1 });
  });

  it('a driver connection of its own (for COPY) is scoped the same way and rolls back on error', async () => {
    const scope = { tenantId: tenantA, userId: '00000000-0000-4000-8000-000000000002' };
    const { driver, appRole } = database;
    type Query = (text: string, values?: unknown[]) => Promise<unknown[]>;
    const withConnection = <T>(fn: (query: Query) => Promise<T>) =>
      driver.engine === 'postgres'
        ? withTenantConnection(driver.pool, appRole, scope, (client) =>
            fn(async (text, values) => (await client.query(text, values)).rows),
          )
        : withTenantPglite(driver.pglite, appRole, scope, (tx) =>
            fn(async (text, values) => (await tx.query(text, values)).rows),
          );
    const insert = 'INSERT INTO org_units (tenant_id, slug, name) VALUES ($1, $2, $3)';

    const [seen] = await withConnection((query) =>
      query(`SELECT current_user AS role, current_setting('app.tenant_id') AS tenant,
        current_setting('app.user_id') AS user_id, (SELECT count(*)::int FROM org_units) AS units`),
    );
    expect(seen).toEqual({ role: 'tma_app', tenant: tenantA, user_id: scope.userId, units: 2 });
    await expect(withConnection((query) => query(insert, [tenantB, 'x', 'X']))).rejects.toThrow(
      /row-level security/,
    );
    await expect(
      withConnection(async (query) => {
        await query(insert, [tenantA, 'rolled-back', 'Rolled back']);
        throw new Error('step failed');
      }),
    ).rejects.toThrow('step failed');
    const left = await database.db
      .selectFrom('org_units')
      .select('slug')
      .where('slug', 'in', ['x', 'rolled-back'])
      .execute();
    expect(left).toEqual([]);
  });

  it('a scope that cannot be set fails its transaction and leaves no connection inside one', async () => {
    const wrongRole = { ...database, appRole: 'tma_no_such_role' };
    const scope = { tenantId: tenantA, userId: null };
    await expect(withTenant(wrongRole, scope, async () => 1)).rejects.toThrow(/tma_no_such_role/);
    const { driver } = database;
    await expect(
      driver.engine === 'postgres'
        ? withTenantConnection(driver.pool, 'tma_no_such_role', scope, async () => 1)
        : withTenantPglite(driver.pglite, 'tma_no_such_role', scope, async () => 1),
    ).rejects.toThrow(/tma_no_such_role/);
    // A connection left in the failed transaction would refuse these (or, on PGlite, never answer).
    for (let i = 0; i < 3; i += 1) {
      const { rows } = await sql<{ role: string; tenant: string | null }>`
        SELECT current_user AS role, current_setting('app.tenant_id', true) AS tenant`.execute(database.db);
      expect(rows[0]?.role).not.toBe('tma_app');
      expect(['', null]).toContain(rows[0]?.tenant);
    }
    expect(await withTenant(database, scope, async () => 'works')).toBe('works');
  });

  it('runs what was sent with the commit at the commit, in the scope; a failing one rolls everything back', async () => {
    const units = () =>
      database.db
        .selectFrom('org_units')
        .select('slug')
        .where('tenant_id', '=', tenantA)
        .orderBy('slug')
        .execute();
    const insert = (slug: string, tenant = "nullif(current_setting('app.tenant_id', true), '')::uuid") =>
      `INSERT INTO org_units (tenant_id, slug, name) VALUES (${tenant}, '${slug}', 'Rider')`;
    await withTenant(database, { tenantId: tenantA, userId: null }, async (trx) => {
      expect(sendWithCommit(insert('it'))).toBe(true);
      // Not yet: it travels with the COMMIT.
      const { rows } = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM org_units WHERE slug = 'it'`.execute(trx);
      expect(rows[0]?.n).toBe(0);
    });
    expect((await units()).map((unit) => unit.slug)).toContain('it');

    // A rider that fails (here: another tenant's row, refused by the policy) fails the commit: nothing stays.
    await expect(
      withTenant(database, { tenantId: tenantA, userId: null }, async (trx) => {
        await sql`INSERT INTO org_units (tenant_id, slug, name) VALUES (${tenantA}, 'es', 'Spain')`.execute(
          trx,
        );
        sendWithCommit(insert('nl', `'${tenantB}'::uuid`));
      }),
    ).rejects.toThrow(/row-level security/);
    // A transaction that fails drops what it queued.
    await expect(
      withTenant(database, { tenantId: tenantA, userId: null }, async () => {
        sendWithCommit(insert('pt'));
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect((await units()).map((unit) => unit.slug)).toEqual(['de', 'fr', 'it']);
    // Outside a transaction there is no commit to ride with.
    expect(sendWithCommit(insert('be'))).toBe(false);
    await database.db.deleteFrom('org_units').where('slug', '=', 'it').execute();
  });

  it('rejects a tenant id that is not a UUID before touching the database', () => {
    expect(() => withTenant(database, { tenantId: "x' OR 1=1 --", userId: null }, async () => 1)).toThrow(
      TypeError,
    );
  });
});
