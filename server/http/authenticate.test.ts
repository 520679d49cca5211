// Who is calling is decided before what they send is looked at: a signed-out client gets 401 whatever its
// body, a signed-in one without its CSRF token 403, and only a caller who passes both learns whether the body
// fits the schema (400 with the fields).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import type { Database } from '../db/database.ts';
import { createUser } from '../modules/identity/service.ts';
import { createTenant } from '../modules/tenants/service.ts';
import { authOf, requireAuth } from './authenticate.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
/** Fits no unit: the wrong types, and a field the schema does not know. */
const INVALID_UNIT = { slug: 42, name: ['not', 'a', 'name'], colour: 'red' };

describe.each(databaseTargets())('authentication before validation on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let t: TestApp;
  let session: { cookies: { tma_session: string }; csrf: string };
  /** The preHandlers of the probe route that ran, in order. */
  const ran: string[] = [];

  // A route as an integration would reach it with a `reports:write` token (scopes.ts opens this method and
  // path); the app has no reporting side here, so the probe takes its place.
  const probe = async (app: FastifyInstance) => {
    app.post(
      '/api/v1/reports',
      {
        preHandler: [
          requireAuth,
          async (request: FastifyRequest) => {
            ran.push(`after validation, by ${authOf(request).user.email}`);
          },
        ],
        schema: {
          hide: true,
          body: Type.Object({ title: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
        },
      },
      async (request) => ({
        by: authOf(request).user.email,
        title: (request.body as { title: string }).title,
      }),
    );
  };

  const post = (
    url: string,
    payload: object,
    options: { session?: boolean; csrf?: boolean; headers?: Record<string, string> } = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url,
      payload,
      ...(options.session ? { cookies: session.cookies } : {}),
      headers: { ...(options.csrf ? { 'x-csrf-token': session.csrf } : {}), ...options.headers },
    });

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    const tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    await createUser(
      database,
      tenantId,
      { email: 'ada@acme.example', role: 'admin', password: PASSWORD },
      { kind: 'operator' },
    );
    t = await buildTestApp(database, { plugins: [probe] });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: 'acme', email: 'ada@acme.example', password: PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    session = {
      cookies: { tma_session: login.cookies.find((c) => c.name === 'tma_session')?.value as string },
      csrf: login.json().csrfToken,
    };
  });
  afterAll(async () => {
    await t?.app.close();
    await cleanup?.();
  });

  it('answers a signed-out client 401 whatever its body, without a word about the schema', async () => {
    const requests = [
      () => post('/api/v1/units', INVALID_UNIT),
      () => post('/api/v1/units', INVALID_UNIT, { csrf: true }),
      // A cookie that looks like a session's but opens none.
      () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/units',
          payload: INVALID_UNIT,
          cookies: { tma_session: randomBytes(32).toString('base64url') },
        }),
      // Identity's own routes are guarded the same way.
      () => post('/api/v1/account/totp/confirm', { code: 42 }),
      () => t.app.inject({ method: 'DELETE', url: '/api/v1/account/totp', payload: { password: [] } }),
    ];
    for (const request of requests) {
      const refused = await request();
      expect(refused.statusCode, refused.body).toBe(401);
      expect(refused.json().error).toMatchObject({ code: 'unauthenticated' });
      expect(refused.json().error.fields).toBeUndefined();
      expect(refused.body).not.toMatch(/slug|colour|password|must/);
    }
  });

  it('validates the body of a signed-in caller: 400 with the fields', async () => {
    const answer = await post('/api/v1/units', INVALID_UNIT, { session: true, csrf: true });
    expect(answer.statusCode, answer.body).toBe(400);
    expect(answer.json().error.code).toBe('validation_failed');
    expect(answer.json().error.fields.length).toBeGreaterThan(0);
    const valid = await post('/api/v1/units', { slug: 'de', name: 'Germany' }, { session: true, csrf: true });
    expect(valid.statusCode, valid.body).toBe(201);
  });

  it('refuses a signed-in state change without its CSRF token with 403, before the body', async () => {
    const wrong: Array<Record<string, string>> = [{}, { 'x-csrf-token': 'nonsense' }];
    for (const headers of wrong) {
      const refused = await post('/api/v1/units', INVALID_UNIT, { session: true, headers });
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().error.code).toBe('csrf_token_invalid');
      expect(refused.body).not.toMatch(/slug|colour/);
    }
  });

  it('puts API tokens through the same guard, after the token is checked and before validation', async () => {
    const created = await post(
      '/api/v1/api-tokens',
      { name: 'Hotline', scopes: ['reports:write'], expiresInDays: 30 },
      { session: true, csrf: true },
    );
    expect(created.statusCode, created.body).toBe(201);
    const bearer = { authorization: `Bearer ${created.json().token}` };
    const invalid = await post('/api/v1/reports', { title: 7 }, { headers: bearer });
    expect(invalid.statusCode, invalid.body).toBe(400);
    expect(invalid.json().error.code).toBe('validation_failed');
    const valid = await post('/api/v1/reports', { title: 'Call' }, { headers: bearer });
    expect(valid.statusCode, valid.body).toBe(200);
    expect(valid.json()).toEqual({ by: 'ada@acme.example', title: 'Call' });
    const unknown = await post(
      '/api/v1/reports',
      { title: 7 },
      { headers: { authorization: `Bearer tma_${randomBytes(32).toString('base64url')}` } },
    );
    expect(unknown.statusCode, unknown.body).toBe(401);
    expect(unknown.json().error.code).toBe('token_invalid');
  });

  it('runs the guard before validation and leaves the route’s other preHandlers after it', async () => {
    ran.length = 0;
    expect((await post('/api/v1/reports', { title: 7 })).statusCode).toBe(401);
    expect((await post('/api/v1/reports', { title: 7 }, { session: true, csrf: true })).statusCode).toBe(400);
    expect(ran).toEqual([]);
    const valid = await post('/api/v1/reports', { title: 'Walk-in' }, { session: true, csrf: true });
    expect(valid.statusCode, valid.body).toBe(200);
    expect(ran).toEqual(['after validation, by ada@acme.example']);
  });

  it('still documents the 401 of a guarded operation as a signed-out answer', async () => {
    const document = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    const responses = document.paths['/api/v1/units'].post.responses;
    expect(responses['401'].description).toMatch(/^Not signed in/);
    const login = document.paths['/api/v1/auth/login'].post.responses;
    expect(login['401'].description).not.toMatch(/^Not signed in/);
  });
});
