import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import { DatabaseBusyError, isStatementTimeout } from './connection-errors.ts';
import { type Database, openDatabase } from './database.ts';
import { CallerGoneError, outsideCaller, withAbortSignal } from './guarded-dialect.ts';
import { withTenant } from './tenant-transaction.ts';

const scope = { tenantId: '00000000-0000-4000-8000-000000000001', userId: null };

describe.each(databaseTargets())('work for a caller that goes away, on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target, { migrate: false }));
    await sql`CREATE TABLE abort_probe (n int)`.execute(database.db);
  });
  afterAll(() => cleanup());

  it('refuses the next statement once the caller has gone, and rolls the transaction back', async () => {
    const caller = new AbortController();
    const work = withAbortSignal(caller.signal, () =>
      database.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO abort_probe VALUES (1)`.execute(trx);
        caller.abort();
        await sql`INSERT INTO abort_probe VALUES (2)`.execute(trx);
      }),
    );
    await expect(work).rejects.toBeInstanceOf(CallerGoneError);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM abort_probe`.execute(
      database.db,
    );
    expect(rows[0]?.n).toBe(0);
    // The connection went back usable, outside a transaction.
    const again = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
    expect(again.rows[0]?.one).toBe(1);
  });

  it('takes no connection for a caller that is gone already; work outside the caller is not affected', async () => {
    const caller = new AbortController();
    caller.abort();
    await expect(
      withAbortSignal(caller.signal, () => sql`SELECT 1`.execute(database.db)),
    ).rejects.toBeInstanceOf(CallerGoneError);
    const { rows } = await withAbortSignal(caller.signal, () =>
      outsideCaller(() => sql<{ one: number }>`SELECT 1 AS one`.execute(database.db)),
    );
    expect(rows[0]?.one).toBe(1);
  });

  it.runIf(target === 'postgres')(
    'cancels the statement in flight at once, and frees its connection',
    async () => {
      const caller = new AbortController();
      const started = performance.now();
      const work = withAbortSignal(caller.signal, () =>
        withTenant(database, scope, (trx) => sql`SELECT pg_sleep(10)`.execute(trx)),
      );
      setTimeout(() => caller.abort(), 200);
      await expect(work).rejects.toBeInstanceOf(CallerGoneError);
      expect(performance.now() - started).toBeLessThan(2000);
      const pool = database.driver.engine === 'postgres' ? database.driver.pool : undefined;
      // Back in the pool, idle and out of its transaction (a ROLLBACK was sent after the cancel landed).
      expect(pool?.idleCount).toBe(pool?.totalCount);
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep(10)%' AND state <> 'idle'`.execute(
        database.db,
      );
      expect(rows[0]).toEqual({ n: 0 });
    },
  );
});

describe.runIf(databaseTargets().includes('postgres'))('request bounds on PostgreSQL', () => {
  let cleanup: () => Promise<void>;
  let database: Database;

  beforeAll(async () => {
    const testDatabase = await createTestDatabase('postgres');
    if (testDatabase.config.engine !== 'postgres') throw new Error('expected PostgreSQL');
    database = await openDatabase({
      ...testDatabase.config,
      poolSize: 1,
      poolWaitMs: 300,
      statementTimeoutMs: 300,
    });
    cleanup = async () => {
      await database.close();
      await testDatabase.drop();
    };
  });
  afterAll(() => cleanup());

  it('stops a statement at the statement timeout, sent with the connection start-up', async () => {
    const { rows } = await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(database.db);
    expect(rows[0]).toEqual({ statement_timeout: '300ms' });
    const error = await sql`SELECT pg_sleep(2)`.execute(database.db).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(isStatementTimeout(error)).toBe(true);
  });

  it('answers DatabaseBusyError when no pooled connection comes free in time', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holder = database.db.transaction().execute(() => held);
    // Let the holder take the only connection first.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await expect(sql`SELECT 1`.execute(database.db)).rejects.toBeInstanceOf(DatabaseBusyError);
    expect(performance.now() - started).toBeLessThan(1000);
    release();
    await holder;
  });
});
