// Named prepared statements on the PostgreSQL pool: which statements are named, that a named statement is
// parsed once per connection, and why `SELECT *` is left out: a column added by a rolling deploy's
// migration breaks a prepared `SELECT *` on the running instance but not a statement that lists its columns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, hasPostgres, type TestDatabase } from '../../test/support/databases.ts';
import {
  MAX_NAMED_PER_CONNECTION,
  PreparingClient,
  preparable,
  statementName,
} from './prepared-statements.ts';

describe('preparable', () => {
  it('names statements with parameters that list their columns', () => {
    expect(preparable('select "cases"."id", "cases"."status" from "cases" where "cases"."id" = $1', 1)).toBe(
      true,
    );
    expect(preparable('select count(*) from cases where tenant_id = $1', 1)).toBe(true);
    expect(preparable('SELECT a.access FROM tma_unit_accesses($1) a', 1)).toBe(true);
  });

  it('leaves statements without parameters and every form of `*` unnamed', () => {
    expect(preparable('BEGIN', 0)).toBe(false);
    expect(preparable('select "cases".* from "cases" where id = $1', 1)).toBe(false);
    expect(preparable('SELECT * FROM tma_authenticate_session($1)', 1)).toBe(false);
    expect(preparable('select id, * from t where id = $1', 1)).toBe(false);
    expect(preparable('insert into t (a) values ($1) returning *', 1)).toBe(false);
  });

  it('gives the same text the same name everywhere, and different texts different names', () => {
    expect(statementName('select 1 where $1')).toBe(statementName('select 1 where $1'));
    expect(statementName('select 1 where $1')).not.toBe(statementName('select 2 where $1'));
    expect(statementName('select 1 where $1')).toMatch(/^tma_[\w-]{32}$/);
  });
});

describe.runIf(hasPostgres())('PreparingClient on PostgreSQL', () => {
  let testDatabase: TestDatabase;
  let client: PreparingClient;

  const prepared = async (): Promise<string[]> =>
    (await client.query('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time')).rows.map(
      (row: { statement: string }) => row.statement,
    );

  beforeAll(async () => {
    testDatabase = await createTestDatabase('postgres');
    client = new PreparingClient({ connectionString: testDatabase.url });
    await client.connect();
    await client.query('CREATE TABLE items (id int PRIMARY KEY, name text)');
    await client.query("INSERT INTO items VALUES (1, 'one'), (2, 'two')");
  });
  afterAll(async () => {
    await client?.end();
    await testDatabase?.drop();
  });

  it('prepares a statement once per connection and runs it by name afterwards', async () => {
    const text = 'SELECT id, name FROM items WHERE id = $1';
    expect((await client.query(text, [1])).rows).toEqual([{ id: 1, name: 'one' }]);
    expect((await client.query(text, [2])).rows).toEqual([{ id: 2, name: 'two' }]);
    expect(await prepared()).toEqual([text]);
    // Neither the star nor a statement without parameters is kept.
    await client.query('SELECT * FROM items WHERE id = $1', [1]);
    await client.query('SELECT id FROM items');
    expect(await prepared()).toEqual([text]);
  });

  it('keeps a statement that lists its columns working when a column is added; a prepared star breaks', async () => {
    const listed = 'SELECT id, name FROM items WHERE id = $1 AND true';
    await client.query(listed, [1]);
    // What node-postgres would do with a star if it were named (it is not, see preparable).
    const star = { name: 'star_for_the_test', text: 'SELECT * FROM items WHERE id = $1', values: [1] };
    await client.query(star);

    await client.query('ALTER TABLE items ADD COLUMN added text');

    expect((await client.query(listed, [1])).rows).toEqual([{ id: 1, name: 'one' }]);
    await expect(client.query(star)).rejects.toMatchObject({
      code: '0A000',
      message: 'cached plan must not change result type',
    });
  });

  it('stops naming new texts on a connection once it holds the most it may', async () => {
    const other = new PreparingClient({ connectionString: testDatabase.url });
    await other.connect();
    try {
      for (let i = 0; i < MAX_NAMED_PER_CONNECTION + 5; i += 1)
        await other.query(`SELECT $1::int + ${i} AS n`, [1]);
      const { rows } = await other.query('SELECT count(*)::int AS n FROM pg_prepared_statements');
      expect(rows).toEqual([{ n: MAX_NAMED_PER_CONNECTION }]);
    } finally {
      await other.end();
    }
  });

  it('passes query objects through unchanged (unnamed unless they name themselves)', async () => {
    const before = await prepared();
    const result = await client.query({ text: 'SELECT $1::text AS v', values: ['x'] });
    expect(result.rows).toEqual([{ v: 'x' }]);
    expect(await prepared()).toEqual(before);
  });
});
