// The benchmark's own PostgreSQL database: created beside the server named by BENCH_DATABASE_URL, migrated
// and opened with TMA's own code, and dropped again at the end. Its master key is derived from the
// database's name, so that `--reuse <name>` finds the keys the generator wrapped (bench data only: never
// use this for anything real).
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { type Config, loadConfig } from '../server/config.ts';
import { Keyring } from '../server/crypto/keyring.ts';
import { openCheckedKeyProvider } from '../server/crypto/provider-check.ts';
import { type Database, openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { createBlobStore } from '../server/modules/documents/blob-store.ts';

/** The PostgreSQL server the benchmark may create databases on (a maintenance database of it). */
export const adminUrl = (): string =>
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertDatabaseName(name: string): string {
  if (!NAME.test(name)) throw new Error(`not a plain database name: ${name}`);
  return name;
}

/** The URL of database `name` on the benchmark's server. */
export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${assertDatabaseName(name)}`;
  return url.toString();
}

/** `tma_bench_20261205_142233`: a fresh name per run. */
export function freshDatabaseName(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  return `tma_bench_${stamp}`;
}

/** Runs `fn` on a connection of its own to the maintenance database, or to database `name`. */
export async function withClient<T>(fn: (client: pg.Client) => Promise<T>, name?: string): Promise<T> {
  const client = new pg.Client({ connectionString: name ? databaseUrl(name) : adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function databaseExists(name: string): Promise<boolean> {
  return withClient(async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return (found.rowCount ?? 0) > 0;
  });
}

export function createDatabase(name: string): Promise<void> {
  return withClient(async (client) => {
    await client.query(`CREATE DATABASE ${assertDatabaseName(name)}`);
  });
}

export function dropDatabase(name: string): Promise<void> {
  return withClient(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${assertDatabaseName(name)} WITH (FORCE)`);
  });
}

/** The local provider's master key for this bench database (derived from its name; bench data only). */
export function benchMasterKey(name: string): string {
  return createHash('sha256').update(`tma-bench-master-key:${name}`).digest('base64');
}

/** The settings a TMA process (server or generator) uses on the bench database. */
export function tmaEnv(name: string, poolSize: number, listConcurrency = poolSize): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Unused on PostgreSQL with the default document store; set so nothing lands in ./data.
    DATA_DIR: path.join(tmpdir(), 'tma-bench'),
    DATABASE_URL: databaseUrl(name),
    TMA_MASTER_KEY: benchMasterKey(name),
    TMA_DB_POOL_SIZE: String(poolSize),
    // The list bulkhead (docs/operations.md) admits this many lists at once and queues 4× as many: at the
    // bench's 50 connections and a pool of 10, the production default (half the pool) would shed most
    // list requests with 503 `overloaded` by design, and the run would measure the shedding.
    TMA_LIST_CONCURRENCY: String(listConcurrency),
    TMA_RATE_LIMIT: '0',
    TMA_AUTH_RATE_LIMIT: '0',
  };
}

/** The bench database opened as TMA opens it: migrated, with the checked key provider and a keyring. */
export interface OpenBench {
  config: Config;
  database: Database;
  keyring: Keyring;
  blobStore: ReturnType<typeof createBlobStore>;
  close(): Promise<void>;
}

/**
 * Opens the bench database as TMA does. `scratchCommits`: this process's commits do not wait for the
 * disk (synchronous_commit off, for its own connections only): for generating data, never for measuring.
 */
export async function openBench(
  name: string,
  poolSize: number,
  options: { scratchCommits?: boolean } = {},
): Promise<OpenBench> {
  // Generating, the lanes queue on the tenant's numbering row (tenant_counters) longer than a request may
  // wait on a busy machine: the generator's own statements run without the server's timeout.
  const config = loadConfig({
    ...tmaEnv(name, poolSize),
    ...(options.scratchCommits ? { TMA_DB_STATEMENT_TIMEOUT: '0' } : {}),
  });
  const logger = pino({ level: 'warn' });
  const url = new URL(databaseUrl(name));
  if (options.scratchCommits) url.searchParams.set('options', '-c synchronous_commit=off');
  const database = await openDatabase(config.database, { logger, url: url.toString() });
  try {
    await migrateToLatest(database);
    const provider = await openCheckedKeyProvider(database, config.keyProvider, logger);
    const keyring = new Keyring(database, provider);
    return {
      config,
      database,
      keyring,
      blobStore: createBlobStore(config.documentStore, database),
      async close() {
        await provider.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
