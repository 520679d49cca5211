import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { spawnServer, waitForOk } from '../support/process.ts';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'tma-process-'));

describe('the server process', () => {
  it('becomes ready within 30 s on a new embedded database and exits 0 on SIGTERM', async () => {
    const server = spawnServer({ DATA_DIR: dataDir() });
    const started = Date.now();
    const url = await server.listening;
    await waitForOk(`${url}/readyz`, 30_000);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('stops with exit code 2 and one line naming a wrong setting', async () => {
    const server = spawnServer({ DATA_DIR: dataDir(), PORT: 'eighty' });
    expect((await server.exited).code).toBe(2);
    expect(server.stderr.filter(Boolean)).toEqual([
      'tma: configuration error: PORT must be a whole number from 0 to 65535 (got "eighty")',
    ]);
  });

  it('refuses to open an embedded database another process has open', async () => {
    const dir = dataDir();
    const first = spawnServer({ DATA_DIR: dir });
    await first.listening;
    const second = spawnServer({ DATA_DIR: dir });
    expect((await second.exited).code).toBe(1);
    expect(second.stdout.join('\n')).toMatch(/The embedded database is in use by process \d+/);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
  }, 60_000);

  it('finishes a slow in-flight request after SIGTERM, then exits 0', async () => {
    const server = spawnServer({ DATA_DIR: dataDir(), SLOW_MS: '2000' }, 'test/fixtures/slow-server.ts');
    const url = await server.listening;
    const inFlight = fetch(`${url}/api/v1/test/slow`);
    await sleep(300);
    server.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    expect(await server.exited).toEqual({ code: 0, signal: null });
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 60_000);

  it('exits 1 when in-flight requests outlast the shutdown timeout', async () => {
    const server = spawnServer(
      { DATA_DIR: dataDir(), SLOW_MS: '10000', TMA_SHUTDOWN_TIMEOUT: '1' },
      'test/fixtures/slow-server.ts',
    );
    const url = await server.listening;
    fetch(`${url}/api/v1/test/slow`).catch(() => {});
    await sleep(300);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(1);
    expect(server.stdout.join('\n')).toMatch(/did not finish within 1 s/);
  }, 60_000);
});
