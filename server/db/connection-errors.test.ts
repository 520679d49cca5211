// Which failures mean "the database is away", from errors as node-postgres, pg-pool and Kysely make them;
// and, on PostgreSQL, a checked-out connection ended by the server: no crash, a classified failure, the
// broken client discarded and the next query served by a new one.
import { once } from 'node:events';
import { createServer } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, hasPostgres, type TestDatabase } from '../../test/support/databases.ts';
import { Conflict } from '../errors.ts';
import { isDatabaseUnavailable, markDatabaseError } from './connection-errors.ts';
import { type Database, openDatabase } from './database.ts';
import { withTenantConnection } from './tenant-transaction.ts';

/** A server error as node-postgres makes it from an ErrorResponse. */
function serverError(code: string, message: string): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  error.severity = 'FATAL';
  return error;
}

function systemError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -1, syscall: 'connect' });
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  return typeof address === 'object' && address ? address.port : 1;
}

describe('isDatabaseUnavailable', () => {
  it('knows the server ending or refusing connections: 57P01, 57P02, 57P03 and class 08', () => {
    for (const [code, message] of [
      ['57P01', 'terminating connection due to administrator command'],
      ['57P02', 'terminating connection because of crash of another server process'],
      ['57P03', 'the database system is starting up'],
      ['57P03', 'the database system is shutting down'],
      ['08006', 'connection failure'],
      ['08001', 'could not connect to server'],
      ['08003', 'connection does not exist'],
    ] as const)
      expect(isDatabaseUnavailable(serverError(code, message)), code).toBe(true);
  });

  it('knows reset, refused and unroutable sockets, when the database driver raised them', () => {
    const fromDriver = (error: Error) => {
      markDatabaseError(error);
      return error;
    };
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'EAI_AGAIN']) {
      expect(isDatabaseUnavailable(fromDriver(systemError(code))), code).toBe(true);
      // The same code from another client (a key service, an identity provider) is not the database.
      expect(isDatabaseUnavailable(systemError(code)), `${code} unmarked`).toBe(false);
    }
    // Every address of a host refused: Node reports them together.
    const refused = new AggregateError([systemError('ECONNREFUSED')], 'connect failed');
    expect(isDatabaseUnavailable(fromDriver(refused))).toBe(true);
    const keyService = new Error('AWS KMS Decrypt failed', {
      cause: new TypeError('fetch failed', { cause: systemError('ECONNREFUSED') }),
    });
    expect(isDatabaseUnavailable(keyService)).toBe(false);
  });

  it('knows what node-postgres, pg-pool and Kysely say about a connection that is gone', () => {
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated',
      'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect',
      'Client has encountered a connection error and is not queryable',
      'Postgres connection has been discarded',
    ])
      expect(isDatabaseUnavailable(new Error(message)), message).toBe(true);
  });

  it('looks through causes, not endlessly', () => {
    const wrapped = new Error('loading the tenant keys failed', {
      cause: serverError('57P01', 'terminating'),
    });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    const looped = new Error('a', { cause: undefined as unknown });
    (looped as { cause: unknown }).cause = looped;
    expect(isDatabaseUnavailable(looped)).toBe(false);
  });

  it('leaves everything else to the other answers: the request or the code is at fault', () => {
    for (const error of [
      serverError('23505', 'duplicate key value violates unique constraint'),
      serverError('42601', 'syntax error at or near "SELEC"'),
      serverError('42501', 'permission denied for table reports'),
      serverError('40001', 'could not serialize access due to concurrent update'),
      // A protocol violation is a bug (e.g. a wrong number of parameters), not an outage.
      serverError('08P01', 'bind message supplies 1 parameters, but prepared statement "" requires 2'),
      serverError('57014', 'canceling statement due to statement timeout'),
      new Conflict('unit_slug_taken', 'A unit with this slug exists.'),
      new Error('Connection terminated by the application, it says'),
      new TypeError('Cannot read properties of undefined'),
      Object.assign(new Error('no such file'), { code: 'ENOENT' }),
      'ECONNRESET',
      undefined,
      null,
    ])
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
  });

  it('knows a real refused connection, through the database layer on both of its paths', async () => {
    const url = `postgres://tma@127.0.0.1:${await closedPort()}/tma`;
    const database = await openDatabase({
      engine: 'postgres',
      url,
      migrationUrl: url,
      poolSize: 1,
      appRole: 'tma_app',
    });
    try {
      const viaKysely = await sql`SELECT 1`.execute(database.db).then(
        () => new Error('connected to a closed port'),
        (error: unknown) => error,
      );
      expect(isDatabaseUnavailable(viaKysely), String(viaKysely)).toBe(true);
      if (database.driver.engine !== 'postgres') throw new Error('expected PostgreSQL');
      const scope = { tenantId: '00000000-0000-4000-8000-000000000001', userId: null };
      const viaPool = await withTenantConnection(database.driver.pool, 'tma_app', scope, async () => 1).then(
        () => new Error('connected to a closed port'),
        (error: unknown) => error,
      );
      expect(isDatabaseUnavailable(viaPool), String(viaPool)).toBe(true);
    } finally {
      await database.close();
    }
  });
});

describe.runIf(hasPostgres())('a checked-out PostgreSQL connection that the server ends', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let admin: pg.Client;

  beforeAll(async () => {
    testDatabase = await createTestDatabase('postgres');
    database = await openDatabase(testDatabase.config);
    admin = new pg.Client({ connectionString: testDatabase.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await database?.close();
    await testDatabase?.drop();
  });

  it('fails the transaction as unavailable, without crashing, and the pool serves on a new connection', async () => {
    if (database.driver.engine !== 'postgres') throw new Error('expected PostgreSQL');
    const { pool } = database.driver;
    let client: pg.PoolClient | undefined;
    pool.once('acquire', (acquired) => {
      client = acquired;
    });
    const failure = await database.db
      .transaction()
      .execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
        if (!client) throw new Error('the pool did not hand out a client');
        // Not events.once(): it rejects when 'error' (57P01) comes before 'end', and that rejection would be
        // unhandled until the await below.
        const ended = new Promise<void>((resolve) => client?.once('end', () => resolve()));
        // The server ends the session while the transaction holds it between statements: node-postgres
        // emits 'error' on the client, which pg-pool does not listen to while it is checked out.
        await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
        await ended;
        await sql`SELECT 1`.execute(trx);
      })
      .then(
        () => new Error('the transaction committed'),
        (error: unknown) => error,
      );
    expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
    expect(pool.totalCount).toBe(0);
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
    expect(rows).toEqual([{ one: 1 }]);
  });
});
