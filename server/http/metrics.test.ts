import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import { ConfigError, loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';

const TOKEN = 'a3f1c9e07b5d4e2f8a6c1b0d9e7f5a3c2b1d0e9f8a7b6c5d';

// A portal route and a staff route, standing in for the real ones.
async function routes(app: FastifyInstance): Promise<void> {
  app.post('/api/v1/portal/:tenant/reports', async () => ({ receipt: 'x' }));
  app.get('/api/v1/test/staff', async () => ({ ok: true }));
}

describe.each(databaseTargets())('/metrics on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let open: TestApp;
  let guarded: TestApp;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    open = await buildTestApp(database, { plugins: [routes] });
    guarded = await buildTestApp(database, { plugins: [routes], metricsToken: TOKEN });
  });
  afterAll(async () => {
    await open?.app.close();
    await guarded?.app.close();
    await cleanup?.();
  });

  it('never counts a request of the reporting portal, not even as an aggregate', async () => {
    await open.app.inject({ method: 'POST', url: '/api/v1/portal/acme/reports', payload: {} });
    await open.app.inject({ url: '/api/v1/portal/nosuch/challenge' });
    await open.app.inject({ url: '/report/acme', headers: { accept: 'text/html' } });
    await open.app.inject({ url: '/report/acme/dialogue?x=1' });
    await open.app.inject({ url: '/api/v1/test/staff' });
    const body = (await open.app.inject({ url: '/metrics' })).body;
    expect(body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/test\/staff",status_code="200"\} 1/,
    );
    const series = body.split('\n').filter((line) => line.startsWith('http_request'));
    expect(series.filter((line) => /portal|report/i.test(line))).toEqual([]);
    // The staff request and nothing else (the portal's four are not in any series).
    const counts = [...body.matchAll(/^http_request_duration_seconds_count\{.*\} (\d+)$/gm)].map((m) =>
      Number(m[1]),
    );
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(1);
  });

  it('is open by default, and requires the bearer token once TMA_METRICS_TOKEN is set', async () => {
    expect((await open.app.inject({ url: '/metrics' })).statusCode).toBe(200);
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, TOKEN]) {
      const refused = await guarded.app.inject({
        url: '/metrics',
        headers: authorization ? { authorization } : {},
      });
      expect(refused.statusCode, authorization).toBe(401);
      expect(refused.json().error.code).toBe('metrics_token_required');
      expect(refused.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(refused.body).not.toContain('process_cpu');
    }
    const allowed = await guarded.app.inject({
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body).toContain('process_cpu_seconds_total');
    expect(allowed.headers['www-authenticate']).toBeUndefined();
    // The other operations endpoints stay open for probes.
    expect((await guarded.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('TMA_METRICS_TOKEN', () => {
  it('is read from the setting or its file, and refuses a short token without showing it', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ TMA_METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
    const dir = mkdtempSync(path.join(tmpdir(), 'tma-metrics-'));
    try {
      const file = path.join(dir, 'token');
      writeFileSync(file, `${TOKEN}\n`);
      expect(loadConfig({ TMA_METRICS_TOKEN_FILE: file }).metricsToken).toBe(TOKEN);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const short = () => loadConfig({ TMA_METRICS_TOKEN: 'secret-but-short' });
    expect(short).toThrow(ConfigError);
    expect(short).not.toThrow(/secret-but-short/);
    expect(() => loadConfig({ TMA_METRICS_TOKEN: `${TOKEN} ${TOKEN}` })).toThrow(ConfigError);
  });
});
