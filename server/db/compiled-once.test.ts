import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import { compiledOnce } from './compiled-once.ts';
import type { Database } from './database.ts';

describe.each(databaseTargets())('a query compiled once on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    await database.db
      .insertInto('tenants')
      .values([
        { slug: 'acme', name: 'Acme' },
        { slug: 'globex', name: 'Globex' },
      ])
      .execute();
  });
  afterAll(() => cleanup());

  it('runs with each call’s own values, the text compiled once', async () => {
    let builds = 0;
    const bySlug = compiledOnce((db, slug: string, name: string) => {
      builds += 1;
      const typed = db as unknown as typeof database.db;
      return typed
        .selectFrom('tenants')
        .select(['slug', 'name', sql<string>`${name}::text`.as('asked')])
        .where('slug', '=', slug);
    });
    expect(await bySlug(database.db, 'acme', 'first')).toEqual([
      { slug: 'acme', name: 'Acme', asked: 'first' },
    ]);
    expect(await bySlug(database.db, 'globex', 'second')).toEqual([
      { slug: 'globex', name: 'Globex', asked: 'second' },
    ]);
    expect(await bySlug(database.db, 'nobody', 'third')).toEqual([]);
    expect(builds).toBe(1);
  });

  it('refuses a query that puts an argument into its text instead of binding it', async () => {
    const inlined = compiledOnce((db, slug: string) =>
      (db as unknown as { selectFrom: typeof database.db.selectFrom })
        .selectFrom('tenants')
        .select('slug')
        .where('slug', '=', sql.lit(slug) as unknown as string),
    );
    await expect(inlined(database.db as never, 'acme')).rejects.toThrow(
      /did not reach the query as a parameter/,
    );
  });
});
