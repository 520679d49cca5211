import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../test/support/databases.ts';
import { type SignedInCall, signIn } from '../test/support/session.ts';
import type { Database } from './db/database.ts';
import { migrations } from './db/migrations/index.ts';
import { Conflict, Forbidden, Invalid, NotFound, Unauthorized } from './errors.ts';
import { createUser } from './modules/identity/service.ts';
import { createTenant } from './modules/tenants/service.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Routes that exist only in this test, to drive every error path through the real error handler.
async function errorRoutes(app: FastifyInstance): Promise<void> {
  const errors = {
    invalid: () =>
      new Invalid('case_invalid', 'The case is not valid.', [{ path: 'title', message: 'is empty' }]),
    unauthorized: () => new Unauthorized('login_required', 'Log in first.'),
    forbidden: () => new Forbidden('not_allowed', 'You may not do this.'),
    notfound: () => new NotFound('case_not_found', 'No such case.'),
    conflict: () => new Conflict('case_exists', 'That case exists.'),
  };
  app.get<{ Params: { kind: keyof typeof errors } }>('/api/v1/test/throw/:kind', async (request) => {
    throw errors[request.params.kind]();
  });
  app.get('/api/v1/test/crash', async () => {
    throw new Error('secret internal detail at /srv/tma/server/x.ts:12');
  });
  app.post(
    '/api/v1/test/echo',
    {
      schema: {
        body: {
          type: 'object',
          required: ['name', 'count'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1 }, count: { type: 'integer', minimum: 0 } },
        },
      },
    },
    async (request) => request.body,
  );
}

describe.each(databaseTargets())('HTTP application on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let t: TestApp;
  let admin: SignedInCall;
  let expert: SignedInCall;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    t = await buildTestApp(database, { bodyLimitBytes: 2048, plugins: [errorRoutes] });
    const tenant = await createTenant(database.db, { slug: 'acme', name: 'ACME' });
    const password = 'Lantern-Orbit 92 quietly';
    for (const [email, role] of [
      ['ada@acme.example', 'admin'],
      ['eve@acme.example', 'expert'],
    ] as const)
      await createUser(database, tenant.id, { email, role, password }, { kind: 'operator' });
    admin = await signIn(t.app, { tenant: 'acme', email: 'ada@acme.example', password });
    expert = await signIn(t.app, { tenant: 'acme', email: 'eve@acme.example', password });
  });
  afterAll(async () => {
    await t.app.close();
    await cleanup();
  });

  it('answers liveness and readiness', async () => {
    const health = await t.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
  });

  it('reports not-ready with 503 while draining, and the status says so', async () => {
    t.lifecycle.draining = true;
    try {
      const ready = await t.app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'fail', reason: 'draining' });
      expect((await admin('GET', '/api/v1/status')).json()).toMatchObject({
        ready: false,
        draining: true,
      });
    } finally {
      t.lifecycle.draining = false;
    }
  });

  it('serves the instance status to administrators only', async () => {
    expect((await t.app.inject({ url: '/api/v1/status' })).statusCode).toBe(401);
    const refused = await expert('GET', '/api/v1/status');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain(target);
    const response = await admin('GET', '/api/v1/status');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      product: 'TMA',
      ready: true,
      draining: false,
      database: { engine: target, reachable: true, migrations: { applied: migrations.length, pending: 0 } },
    });
  });

  it('gives every response a request id, also in the log', async () => {
    const response = await t.app.inject({ url: '/healthz' });
    const requestId = response.headers['x-request-id'];
    expect(requestId).toMatch(uuid);
    expect(t.logs.some((line) => line.requestId === requestId && line.msg === 'request completed')).toBe(
      true,
    );
  });

  it('exports Prometheus metrics with request durations by route template and status', async () => {
    await t.app.inject({ url: '/api/v1/test/throw/notfound' });
    const response = await t.app.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toContain('process_cpu_seconds_total');
    expect(response.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/test\/throw\/:kind",status_code="404"\} 1/,
    );
  });

  it('publishes an OpenAPI 3 document and browsable docs', async () => {
    const document = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/api/v1/status']),
    );
    const docs = await t.app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it.each([
    ['invalid', 422, 'case_invalid'],
    ['unauthorized', 401, 'login_required'],
    ['forbidden', 403, 'not_allowed'],
    ['notfound', 404, 'case_not_found'],
    ['conflict', 409, 'case_exists'],
  ])('maps a %s error to %i with code %s', async (kind, status, code) => {
    const response = await t.app.inject({ url: `/api/v1/test/throw/${kind}` });
    expect(response.statusCode).toBe(status);
    expect(response.json().error).toMatchObject({
      code,
      message: expect.any(String),
      requestId: expect.stringMatching(uuid),
    });
  });

  it('answers 500 without any internal detail, and logs the error with its request id', async () => {
    const response = await t.app.inject({ url: '/api/v1/test/crash' });
    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe('internal_error');
    expect(response.body).not.toContain('secret internal detail');
    expect(response.body).not.toContain('.ts');
    const logged = t.logs.find(
      (line) => line.requestId === response.headers['x-request-id'] && line.level === 50,
    );
    expect(JSON.stringify(logged)).toContain('secret internal detail');
  });

  it('lists every invalid field of a request body', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/test/echo',
      payload: { name: '', count: -1, extra: 1 },
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('validation_failed');
    expect(error.fields.map((field: { path: string }) => field.path).sort()).toEqual([
      'body',
      'body.count',
      'body.name',
    ]);
  });

  it('does not coerce types: a string where a number belongs is an error', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/test/echo',
      payload: { name: 'x', count: '3' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual([{ path: 'body.count', message: 'must be integer' }]);
  });

  it.each([
    ['malformed JSON', { 'content-type': 'application/json' }, '{"name":', 400, 'invalid_json'],
    ['an unsupported media type', { 'content-type': 'text/xml' }, '<x/>', 415, 'unsupported_media_type'],
    [
      'a body over the limit',
      { 'content-type': 'application/json' },
      JSON.stringify({ name: 'x'.repeat(4096), count: 1 }),
      413,
      'payload_too_large',
    ],
  ])('rejects %s with a clear error', async (_name, headers, payload, status, code) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/test/echo', headers, payload });
    expect(response.statusCode).toBe(status);
    expect(response.json().error).toMatchObject({ code, message: expect.any(String) });
  });

  it('answers unknown API routes with 404 in the error format', async () => {
    const response = await t.app.inject({ url: '/api/v1/no-such-thing?token=abc' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({
      code: 'route_not_found',
      message: 'No resource at GET /api/v1/no-such-thing.',
    });
  });

  it('logs no client address, user agent, query string or cookie', async () => {
    await t.app.inject({
      url: '/api/v1/status?receipt=1234',
      headers: { 'user-agent': 'Secret-Agent/1.0', cookie: 'session=topsecret' },
      remoteAddress: '203.0.113.77',
    });
    const text = JSON.stringify(t.logs);
    for (const secret of ['203.0.113.77', 'Secret-Agent', 'receipt=1234', 'topsecret'])
      expect(text).not.toContain(secret);
  });
});

describe('rate limiting', () => {
  it('answers 429 in the error format once a client exceeds the limit, but never throttles health checks', async () => {
    const { database, cleanup } = await openTestDatabase('embedded');
    const t = await buildTestApp(database, { rateLimitPerMinute: 3 });
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await t.app.inject({ url: '/api/v1/status' })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429]);
      const limited = await t.app.inject({ url: '/api/v1/status' });
      expect(limited.json().error).toMatchObject({
        code: 'rate_limited',
        message: expect.stringMatching(/at most 3 a minute/),
      });
      expect(limited.headers['retry-after']).toBeDefined();
      for (let i = 0; i < 5; i++) expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200);
    } finally {
      await t.app.close();
      await cleanup();
    }
  });
});
