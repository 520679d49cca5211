// Issue 18's embedded target: TMA started on an empty data folder (no DATABASE_URL), as `npm start` does on a
// fresh machine: PGlite creates its database, all migrations run, keys are made, the server listens.
// Measured as spawn → listening by the child itself (tma-server.ts), like the PostgreSQL cold start.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServerProcess } from './processes.ts';

/** Milliseconds from spawn to listening of a TMA on a fresh embedded data folder (removed afterwards). */
export async function embeddedColdStartMs(logFile: string): Promise<number | null> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tma-bench-embedded-'));
  try {
    const env: Record<string, string | undefined> = {
      ...process.env,
      DATABASE_URL: undefined,
      TMA_MIGRATION_DATABASE_URL: undefined,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      TMA_MASTER_KEY: randomBytes(32).toString('base64'),
    };
    const server = await startServerProcess(
      'TMA (embedded)',
      new URL('./tma-server.ts', import.meta.url),
      env,
      logFile,
      120_000,
    );
    await server.stop();
    return server.startMs;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
