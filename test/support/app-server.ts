import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ensureWebBuild } from '../../scripts/build-web-if-needed.ts';
import { type AppDependencies, buildApp } from '../../server/app.ts';
import { type Config, loadConfig } from '../../server/config.ts';
import { Keyring } from '../../server/crypto/keyring.ts';
import { createKeyProvider } from '../../server/crypto/providers/index.ts';
import { type Database, openDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { Lifecycle } from '../../server/lifecycle.ts';
import { createLogger } from '../../server/logger.ts';
import { createPostgresBlobStore } from '../../server/modules/documents/postgres-blob-store.ts';

// The app built in the test's own process on a fresh embedded database, listening on a free loopback port
// and serving the built web app: for browser tests that reach beneath the API (seed rows, move the server's
// clock, run a job). startTestServer (server.ts) is the same through main.ts, for tests that need nothing
// beneath it.

/** A free TCP port on the loopback address. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

export interface AppServer {
  baseUrl: string;
  config: Config;
  database: Database;
  keyring: Keyring;
  app: FastifyInstance;
  /** Stops the app, closes the database and keys, removes the data folder. */
  close(): Promise<void>;
}

type ReportingDependencies = NonNullable<AppDependencies['reporting']>;

/**
 * Starts the app for a browser test named `name` (the data folder's prefix). `reporting` adds to or
 * replaces the reporting side's dependencies (a clock, document limits).
 */
export async function startAppServer(
  name: string,
  options: { reporting?: Partial<ReportingDependencies> } = {},
): Promise<AppServer> {
  ensureWebBuild(() => {});
  const dataDir = mkdtempSync(path.join(tmpdir(), `tma-${name}-test-`));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    TMA_PUBLIC_URL: baseUrl,
  });
  const logger = createLogger('warn');
  const database = await openDatabase(config.database, { logger });
  let keyring: Keyring | undefined;
  let app: FastifyInstance | undefined;
  const close = async () => {
    await app?.close();
    await keyring?.provider.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(database);
    keyring = new Keyring(database, await createKeyProvider(config.keyProvider, logger));
    const lifecycle = new Lifecycle();
    lifecycle.schemaCurrent = true;
    app = await buildApp({
      config,
      database,
      lifecycle,
      logger,
      identity: { keyring, publicUrl: config.publicUrl },
      sso: { keyring, publicUrl: config.publicUrl },
      reporting: {
        keyring,
        blobStore: createPostgresBlobStore(database),
        attachments: config.attachments,
        ...options.reporting,
      },
    });
    await app.listen({ host: '127.0.0.1', port });
    return { baseUrl, config, database, keyring, app, close };
  } catch (error) {
    await close();
    throw error;
  }
}
