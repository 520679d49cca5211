import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/support/app.ts';
import { openTestDatabase } from '../../test/support/databases.ts';
import type { Database } from '../db/database.ts';

/** Parses a Content-Security-Policy header into directive → sources. */
function parsePolicy(header: unknown): Map<string, string[]> {
  expect(typeof header).toBe('string');
  const policy = new Map<string, string[]>();
  for (const part of String(header).split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy.set(name, sources);
  }
  return policy;
}

describe('security headers', () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let t: TestApp;

  beforeAll(async () => {
    const webDir = mkdtempSync(path.join(tmpdir(), 'tma-web-'));
    writeFileSync(
      path.join(webDir, 'index.html'),
      '<!doctype html><html><head><title>TMA</title></head><body><div id="root"></div></body></html>',
    );
    ({ database, cleanup } = await openTestDatabase('embedded'));
    t = await buildTestApp(database, { webDir });
  });
  afterAll(async () => {
    await t.app.close();
    await cleanup();
  });

  it('sends the strict policy and the other headers on API responses and the HTML page', async () => {
    for (const request of [
      { url: '/api/v1/status' },
      { url: '/' },
      { url: '/cases/42', headers: { accept: 'text/html' } },
      { url: '/api/v1/nothing' },
    ]) {
      const response = await t.app.inject(request);
      const policy = parsePolicy(response.headers['content-security-policy']);
      expect(policy.get('default-src'), request.url).toEqual(["'self'"]);
      expect(policy.get('script-src')).toEqual(["'self'"]);
      expect(policy.get('object-src')).toEqual(["'none'"]);
      expect(policy.get('base-uri')).toEqual(["'self'"]);
      expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
      expect(policy.get('form-action')).toEqual(["'self'"]);
      expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
      expect(String(response.headers['content-security-policy'])).not.toContain('unsafe-eval');
      expect(response.headers).toMatchObject({
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'x-frame-options': 'DENY',
      });
      expect(response.headers['permissions-policy']).toMatch(
        /camera=\(\).*geolocation=\(\).*microphone=\(\)/,
      );
      // Plain HTTP: a browser must never be told to insist on HTTPS by an answer it got without it.
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it("allows inline styles only with the page's own nonce, which index.html hands to the web app", async () => {
    const nonces = [];
    for (let i = 0; i < 2; i++) {
      const page = await t.app.inject({ url: '/' });
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const styleSrc = parsePolicy(page.headers['content-security-policy']).get('style-src') ?? [];
      expect(styleSrc).not.toContain("'unsafe-inline'");
      const nonce = /^'nonce-([A-Za-z0-9+/=]{24})'$/.exec(styleSrc[1] ?? '')?.[1];
      expect(styleSrc[0]).toBe("'self'");
      expect(page.body).toContain(`<meta name="csp-nonce" content="${nonce}" />`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
    // index.html is never served as a static file, which would carry no nonce.
    expect((await t.app.inject({ url: '/index.html' })).statusCode).toBe(404);
  });

  it('gives the Swagger UI its own policy and keeps scripts to TMA itself there too', async () => {
    const docs = await t.app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    const policy = parsePolicy(docs.headers['content-security-policy']);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('img-src')).toContain('blob:');
    expect(policy.get('object-src')).toEqual(["'none'"]);
    const app = await t.app.inject({ url: '/api/v1/status' });
    expect(app.headers['content-security-policy']).not.toBe(docs.headers['content-security-policy']);
  });

  it('ignores X-Forwarded-Proto from a proxy it does not trust', async () => {
    const response = await t.app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('behind a trusted TLS-terminating proxy', () => {
  it('sends HSTS when the original request was HTTPS, and only then', async () => {
    const { database, cleanup } = await openTestDatabase('embedded');
    const t = await buildTestApp(database, { trustProxy: true });
    try {
      const https = await t.app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
      expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const http = await t.app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'http' } });
      expect(http.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await t.app.close();
      await cleanup();
    }
  });
});

describe('rate limit on the login endpoints', () => {
  // A route declares that it checks a guessable secret (config.guessable) and gets the tight limit; this one
  // stands in for a later login step (second factor, passkey).
  async function loginStep(app: FastifyInstance): Promise<void> {
    app.post('/api/v1/auth/login/test-step', { config: { guessable: true } }, async () => ({ ok: true }));
    app.post('/api/v1/test-undeclared', async () => ({ ok: true }));
  }

  it('answers 429 after the auth limit per client and endpoint, while other API routes go on', async () => {
    const { database, cleanup } = await openTestDatabase('embedded');
    const t = await buildTestApp(database, { authRateLimitPerMinute: 3, plugins: [loginStep] });
    try {
      const login = async (remoteAddress: string) =>
        (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: {}, remoteAddress }))
          .statusCode;
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push(await login('203.0.113.1'));
      expect(codes.slice(0, 3)).not.toContain(429);
      expect(codes[3]).toBe(429);
      const limited = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: {},
        remoteAddress: '203.0.113.1',
      });
      expect(limited.json().error.code).toBe('rate_limited');
      expect(limited.headers['retry-after']).toBeDefined();
      // Another client is not affected.
      expect(await login('203.0.113.2')).not.toBe(429);

      const step = async () =>
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login/test-step',
            remoteAddress: '203.0.113.3',
          })
        ).statusCode;
      expect([await step(), await step(), await step(), await step()]).toEqual([200, 200, 200, 429]);
      // A route that does not declare it is not held to that limit, whatever its path.
      const undeclared = async () =>
        (await t.app.inject({ method: 'POST', url: '/api/v1/test-undeclared', remoteAddress: '203.0.113.3' }))
          .statusCode;
      expect([await undeclared(), await undeclared(), await undeclared(), await undeclared()]).toEqual([
        200, 200, 200, 200,
      ]);

      // No global limit is configured here: the rest of the API is not throttled.
      for (let i = 0; i < 6; i++) {
        const status = await t.app.inject({ url: '/api/v1/status', remoteAddress: '203.0.113.1' });
        expect(status.statusCode).toBe(401);
      }
    } finally {
      await t.app.close();
      await cleanup();
    }
  });
});
