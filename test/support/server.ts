import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureWebBuild } from '../../scripts/build-web-if-needed.ts';
import { loadConfig } from '../../server/config.ts';
import { type RunningServer, startServer } from '../../server/main.ts';

export interface TestServerOptions {
  /**
   * Runs on the fresh data folder before the server opens it, e.g. the `tma` command creating a tenant and a
   * user (the embedded database allows one process at a time). `env` holds the settings the server will use.
   */
  before?: (env: Record<string, string>) => Promise<void>;
  /** Further settings for the server, e.g. TMA_SMTP_URL of a test SMTP server and TMA_PUBLIC_URL. */
  env?: Record<string, string>;
}

/**
 * A real TMA server on a random loopback port, on a fresh embedded database, serving the built web app
 * (built first if missing). For browser and HTTP-level tests.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<{
  baseUrl: string;
  dataDir: string;
  /** The server's own database and keys, for tests that look beneath the API (same process). */
  database: RunningServer['database'];
  keyring: RunningServer['keyring'];
  stop(): Promise<void>;
}> {
  ensureWebBuild(() => {});
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tma-test-'));
  const env = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: dataDir, ...options.env };
  try {
    await options.before?.({ ...env });
    const server = await startServer(loadConfig(env));
    return {
      baseUrl: server.url,
      dataDir,
      database: server.database,
      keyring: server.keyring,
      async stop() {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
