import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureWebBuild } from '../../scripts/build-web-if-needed.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer } from '../../server/main.ts';

/**
 * A real TMA server on a random loopback port, on a fresh embedded database, serving the built web app
 * (built first if missing). For browser and HTTP-level tests.
 */
export async function startTestServer(): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  ensureWebBuild(() => {});
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tma-test-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: dataDir });
  const server = await startServer(config);
  return {
    baseUrl: server.url,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
