import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DatabaseConfig } from '../config.ts';
import { markDatabaseError } from './connection-errors.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { GuardedDialect } from './guarded-dialect.ts';
import { PreparingClient } from './prepared-statements.ts';
import type { DB } from './schema.ts';
import { pgliteByteaParsers, pgliteByteaSerializers, typeParsers } from './type-parsers.ts';

export type DatabaseEngine = DatabaseConfig['engine'];

/** An open database: the Kysely root, what it runs on, and how to close it safely. */
export interface Database {
  db: Kysely<DB>;
  engine: DatabaseEngine;
  /** The non-owner role every tenant transaction switches to. */
  appRole: string;
  /** The driver underneath, for what Kysely cannot carry: COPY streams of document chunks. */
  driver: { engine: 'postgres'; pool: pg.Pool } | { engine: 'embedded'; pglite: PGlite };
  close(): Promise<void>;
}

/**
 * The connection Kysely opens, outside the pool, to cancel the statement of a caller that went away
 * (`pg_cancel_backend`, guarded-dialect.ts): a client of its own that lives for one statement. Its error
 * (the database restarting meanwhile) fails the cancel, which is given up, and must not crash the process
 * as an unheard 'error' event would.
 */
class CancellingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => {});
  }
}

const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    typeParsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface OpenOptions {
  logger?: Logger;
  /** Overrides the server URL: migrations and admin commands use the owner's URL. */
  url?: string;
  /**
   * For migrations and admin commands (key rotation, shredding, linking, VACUUM), whose statements may
   * rightly run for minutes: no statement or idle-transaction timeout, and a patient wait for a connection.
   */
  longRunning?: boolean;
  /**
   * Embedded only: start an in-memory database from this dump of a data folder (`PGlite.dumpDataDir`)
   * instead of an empty one. The test suite starts each test's database from one migrated dump.
   */
  snapshot?: Blob;
}

/** Defaults of the request bounds (config.ts documents them; TMA_DB_*). */
export const DEFAULT_POOL_WAIT_MS = 2000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5000;
export const DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000;

/**
 * Opens the configured database. The embedded database takes a lock file so that a second process cannot
 * open it.
 */
export async function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Promise<Database> {
  if (config.engine === 'postgres') return openPostgres(config, options);
  return openEmbedded(config, options.snapshot);
}

function openPostgres(
  config: Extract<DatabaseConfig, { engine: 'postgres' }>,
  options: OpenOptions,
): Database {
  // The bounds of a request travel in the start-up message of each connection (statement_timeout and
  // idle_in_transaction_session_timeout as session parameters): no statement, no round trip per request.
  // `connectionTimeoutMillis` bounds both the wait for a pooled connection and the opening of a new one.
  const bounds = options.longRunning
    ? { connectionTimeoutMillis: 30_000 }
    : {
        connectionTimeoutMillis: config.poolWaitMs ?? DEFAULT_POOL_WAIT_MS,
        statement_timeout: config.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
        idle_in_transaction_session_timeout:
          config.idleInTransactionTimeoutMs ?? DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      };
  const pool = new pg.Pool({
    // Admin commands and migrations run once: nothing to gain from keeping their plans.
    Client: config.preparedStatements !== false && !options.longRunning ? PreparingClient : pg.Client,
    connectionString: options.url ?? config.url,
    max: config.poolSize,
    application_name: options.longRunning ? 'tma-admin' : 'tma',
    types: pgTypes,
    ...bounds,
  });
  // node-postgres emits 'error' on a client whose connection ends (a restart, a failover, an administrator),
  // and pg-pool listens only while the client is idle: one checked out by a query, a transaction or a COPY
  // stream would crash the process. So every client gets a listener of its own for its whole life, and the
  // first error (a client may emit two: the server's message, then the closed socket) is logged. The
  // statement in flight fails by itself (the request answers 503, connection-errors.ts), and the pool
  // discards a client that is no longer queryable when it is released.
  pool.on('connect', (client) => {
    client.on('error', markDatabaseError);
    client.once('error', (error) => options.logger?.warn({ err: error }, 'PostgreSQL connection lost'));
  });
  // An idle client's error comes here too, after its own listener above has logged it.
  pool.on('error', () => {});
  const db = new Kysely<DB>({
    dialect: new GuardedDialect(new PostgresDialect({ pool, controlClient: CancellingClient }), {
      serialise: false,
      openInOneMessage: true,
    }),
  });
  return {
    db,
    engine: 'postgres',
    appRole: config.appRole,
    driver: { engine: 'postgres', pool },
    close: () => db.destroy(),
  };
}

async function openEmbedded(
  config: Extract<DatabaseConfig, { engine: 'embedded' }>,
  snapshot: Blob | undefined,
): Promise<Database> {
  let releaseLock = () => {};
  if (config.dataDir) {
    mkdirSync(path.dirname(config.dataDir), { recursive: true, mode: 0o700 });
    releaseLock = acquireDataDirLock(`${config.dataDir}.lock`);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(config.dataDir ?? 'memory://', {
      parsers: { ...typeParsers, ...pgliteByteaParsers },
      serializers: pgliteByteaSerializers,
      ...(snapshot ? { loadDataDir: snapshot } : {}),
    });
  } catch (error) {
    releaseLock();
    throw error;
  }
  const db = new Kysely<DB>({
    dialect: new GuardedDialect(new PGliteDialect({ pglite }), { serialise: true }),
  });
  let closed = false;
  return {
    db,
    engine: 'embedded',
    appRole: config.appRole,
    driver: { engine: 'embedded', pglite },
    async close() {
      if (closed) return;
      closed = true;
      try {
        // Flush everything to the data folder before closing, or an abrupt exit could corrupt it.
        if (config.dataDir) await sql`CHECKPOINT`.execute(db);
        await db.destroy();
        if (!pglite.closed) await pglite.close();
      } finally {
        releaseLock();
      }
    },
  };
}
