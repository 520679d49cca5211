import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/support/app.ts';
import { openTestDatabase } from '../../test/support/databases.ts';

describe('serving the web app', () => {
  let t: TestApp;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const webDir = mkdtempSync(path.join(tmpdir(), 'tma-web-'));
    mkdirSync(path.join(webDir, 'assets'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>TMA</title><div id="root"></div>');
    writeFileSync(path.join(webDir, 'assets', 'app-1a2b3c.js'), 'console.log(1)');
    const opened = await openTestDatabase('embedded');
    cleanup = opened.cleanup;
    t = await buildTestApp(opened.database, { webDir });
  });
  afterAll(async () => {
    await t.app.close();
    await cleanup();
  });

  it('serves index.html at the root, revalidated on every load', async () => {
    const response = await t.app.inject({ url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<div id="root">');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets as immutable', async () => {
    const response = await t.app.inject({ url: '/assets/app-1a2b3c.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers client-side routes with index.html when a browser asks for a page, dots in the path too', async () => {
    for (const url of ['/cases/42', '/assessment-models/acme.checklist/1.1.0']) {
      const response = await t.app.inject({ url, headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('<div id="root">');
    }
  });

  it('keeps 404 JSON for API paths, missing files and non-HTML clients', async () => {
    for (const [url, accept] of [
      ['/api/v1/nothing', 'text/html'],
      ['/assets/missing.js', 'text/html'],
      ['/missing.woff2', 'text/html'],
      ['/cases/42', 'application/json'],
    ] as const) {
      const response = await t.app.inject({ url, headers: { accept } });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toMatch(/not_found$/);
    }
  });
});
