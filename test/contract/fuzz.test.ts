// The API's error contract, held against its own OpenAPI document: every documented operation is sent
// malformed input (wrong types, huge and non-UTF-8 path parameters, bodies too large, of the wrong type or
// not JSON), signed out and signed in, and must answer with a status it documents, errors in TMA's shape
// `{ error: { code, message } }`, never a 5xx. Inputs are derived from the document, in its order, with no
// randomness: a failure names the request that caused it.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyProvider } from '../../server/crypto/key-provider.ts';
import { Keyring } from '../../server/crypto/keyring.ts';
import { createKeyProvider } from '../../server/crypto/providers/index.ts';
import type { Database } from '../../server/db/database.ts';
import { createPostgresBlobStore } from '../../server/modules/documents/postgres-blob-store.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit } from '../../server/modules/units/service.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { databaseTargets, openTestDatabase } from '../support/databases.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const BODY_LIMIT = 64 * 1024;
const SOME_UUID = '6f1c2a3e-8b4d-4c5e-9f60-7a8b9c0d1e2f';
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

type Schema = { [key: string]: unknown };
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}
interface Probe {
  label: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
}

const isObject = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The schema behind `$ref`s to the document's components. */
function resolve(document: Document, schema: unknown, depth = 0): Schema {
  if (!isObject(schema)) return {};
  const ref = schema.$ref;
  if (typeof ref !== 'string' || depth > 20) return schema;
  const name = ref.replace('#/components/schemas/', '');
  return resolve(document, document.components?.schemas?.[name], depth + 1);
}

const jsonType = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : typeof value === 'number'
        ? 'number'
        : typeof value;

/** The JSON types a schema admits (`integer` counts as `number`); undefined when it admits any. */
function typesOf(document: Document, raw: unknown): Set<string> | undefined {
  const schema = resolve(document, raw);
  const types = new Set<string>();
  const type = schema.type;
  for (const name of [type].flat())
    if (typeof name === 'string') types.add(name === 'integer' ? 'number' : name);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const variants = schema[key];
    if (!Array.isArray(variants)) continue;
    for (const variant of variants) {
      const inner = typesOf(document, variant);
      if (!inner) return undefined;
      for (const name of inner) types.add(name);
    }
  }
  if ('const' in schema) types.add(jsonType(schema.const));
  if (Array.isArray(schema.enum)) for (const value of schema.enum) types.add(jsonType(value));
  return types.size > 0 ? types : undefined;
}

/** A value of a JSON type the schema does not admit (undefined when it admits every type). */
function wrongTypeFor(document: Document, schema: unknown): unknown {
  const types = typesOf(document, schema);
  if (!types) return undefined;
  return [{ fuzz: true }, 12345, 'fuzz', true, ['fuzz'], null].find((value) => !types.has(jsonType(value)));
}

/** A value for a path or query parameter that its schema likely accepts. */
function plausibleParameter(document: Document, parameter: Parameter): string {
  const schema = resolve(document, parameter.schema);
  if (schema.format === 'uuid') return SOME_UUID;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return String(schema.enum[0]);
  const types = typesOf(document, schema);
  if (types?.has('number')) return String(typeof schema.minimum === 'number' ? schema.minimum : 1);
  return 'acme';
}

/** A query value its schema refuses: the wrong type, or too long. */
function wrongParameter(document: Document, parameter: Parameter): string[] {
  const schema = resolve(document, parameter.schema);
  const values = ['%FF', 'x'.repeat(10_000)];
  if (schema.format === 'uuid' || typesOf(document, schema)?.has('number'))
    values.push('not-a-number-or-uuid');
  if (Array.isArray(schema.enum)) values.push('zz-not-one-of-them');
  return values;
}

const json = (value: unknown) => ({
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify(value),
});

function multipartOf(
  parts: string[],
  boundary = 'fuzzboundary',
): { headers: Record<string, string>; payload: string } {
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: `${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('')}--${boundary}--\r\n`,
  };
}

/** Every malformed request for one operation, derived from what the document says it takes. */
function probesFor(document: Document, path: string, method: string, operation: Operation): Probe[] {
  const parameters = operation.parameters ?? [];
  const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = parameters.filter((parameter) => parameter.in === 'query');
  const urlWith = (pathValues: Record<string, string>, query: Record<string, string> = {}) => {
    const filled = path.replace(/\{([^}]+)\}/g, (_match, name: string) => pathValues[name] ?? 'acme');
    const required = Object.fromEntries(
      queryParameters
        .filter((parameter) => parameter.required)
        .map((parameter) => [parameter.name, plausibleParameter(document, parameter)]),
    );
    const search = Object.entries({ ...required, ...query })
      .map(([name, value]) => `${name}=${value}`)
      .join('&');
    return search ? `${filled}?${search}` : filled;
  };
  const plausiblePath = Object.fromEntries(
    pathParameters.map((parameter) => [parameter.name, plausibleParameter(document, parameter)]),
  );
  const baseUrl = urlWith(plausiblePath);
  const takesBody = BODY_METHODS.has(method);
  const probes: Probe[] = [{ label: 'as documented, no body', url: baseUrl }];

  for (const parameter of pathParameters)
    for (const [label, value] of [
      ['10 000 characters', 'a'.repeat(10_000)],
      ['overlong UTF-8 (%C0%AF)', '%C0%AF'],
      ['not UTF-8 (%FF)', '%FF'],
      ['truncated UTF-8 (%E2%82)', '%E2%82'],
      ['a NUL character', '%00'],
      ['spaces and markup', 'x%20y%3Cz%3E'],
      ['a dot segment', '..'],
    ] as const)
      probes.push({
        label: `path ${parameter.name}: ${label}`,
        url: urlWith({ ...plausiblePath, [parameter.name]: value }),
      });

  for (const parameter of queryParameters)
    for (const value of wrongParameter(document, parameter))
      probes.push({
        label: `query ${parameter.name}=${value.slice(0, 24)}`,
        url: urlWith(plausiblePath, { [parameter.name]: value }),
      });
  if (queryParameters.length > 0)
    probes.push({
      label: 'query parameters repeated',
      url: urlWith(
        plausiblePath,
        Object.fromEntries(queryParameters.map((parameter) => [parameter.name, `1&${parameter.name}=2`])),
      ),
    });

  if (!takesBody) return probes;
  const bodySchema = resolve(document, operation.requestBody?.content?.['application/json']?.schema);
  const properties = isObject(bodySchema.properties) ? bodySchema.properties : {};
  for (const [name, schema] of Object.entries(properties)) {
    const wrong = wrongTypeFor(document, schema);
    if (wrong !== undefined)
      probes.push({
        label: `body ${name}: ${JSON.stringify(wrong)}`,
        url: baseUrl,
        ...json({ [name]: wrong }),
      });
    probes.push({
      label: `body ${name}: 100 000 characters`,
      url: baseUrl,
      ...json({ [name]: 'x'.repeat(100_000) }),
    });
  }
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  probes.push(
    { label: 'body {}', url: baseUrl, ...json({}) },
    { label: 'body []', url: baseUrl, ...json([]) },
    { label: 'body "text"', url: baseUrl, ...json('text') },
    { label: 'body 42', url: baseUrl, ...json(42) },
    { label: 'body null', url: baseUrl, ...json(null) },
    {
      label: 'body not JSON',
      url: baseUrl,
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    },
    { label: 'body empty JSON', url: baseUrl, headers: { 'content-type': 'application/json' }, payload: '' },
    {
      label: 'body with __proto__',
      url: baseUrl,
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}',
    },
    {
      label: 'body nested 5000 deep',
      url: baseUrl,
      headers: { 'content-type': 'application/json' },
      payload: `{"a":${deep}}`,
    },
    {
      label: 'body not UTF-8',
      url: baseUrl,
      headers: { 'content-type': 'application/json' },
      payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xc0, 0xaf, 0x22, 0x7d]),
    },
    {
      label: 'body over the limit',
      url: baseUrl,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ a: 'x'.repeat(BODY_LIMIT) }),
    },
    { label: 'body text/plain', url: baseUrl, headers: { 'content-type': 'text/plain' }, payload: 'hello' },
    {
      label: 'body form-urlencoded',
      url: baseUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=1',
    },
    { label: 'body XML', url: baseUrl, headers: { 'content-type': 'application/xml' }, payload: '<a/>' },
    {
      label: 'body JSON in latin-1',
      url: baseUrl,
      headers: { 'content-type': 'application/json; charset=iso-8859-1' },
      payload: '{}',
    },
    { label: 'body without content type', url: baseUrl, payload: '{}' },
    {
      label: 'multipart without boundary',
      url: baseUrl,
      headers: { 'content-type': 'multipart/form-data' },
      payload: 'garbage',
    },
    {
      label: 'multipart truncated',
      url: baseUrl,
      headers: { 'content-type': 'multipart/form-data; boundary=fuzzboundary' },
      payload: '--fuzzboundary\r\nContent-Disposition: form-data; name="submission"\r\n\r\n{"a":',
    },
    {
      label: 'multipart garbage',
      url: baseUrl,
      headers: { 'content-type': 'multipart/form-data; boundary=fuzzboundary' },
      payload: 'not multipart at all',
    },
    { label: 'multipart empty', url: baseUrl, ...multipartOf([]) },
    {
      label: 'multipart, JSON part not JSON',
      url: baseUrl,
      ...multipartOf([
        'Content-Disposition: form-data; name="submission"\r\nContent-Type: application/json\r\n\r\n{"a":',
        'Content-Disposition: form-data; name="message"\r\n\r\n{"a":',
      ]),
    },
    {
      label: 'multipart, unexpected fields and a reserved name',
      url: baseUrl,
      ...multipartOf([
        'Content-Disposition: form-data; name="__proto__"\r\n\r\nx',
        'Content-Disposition: form-data; name="other"\r\n\r\nx',
      ]),
    },
    {
      label: 'multipart, too many files',
      url: baseUrl,
      ...multipartOf(
        Array.from(
          { length: 12 },
          (_, index) =>
            `Content-Disposition: form-data; name="attachments"; filename="f${index}.txt"\r\nContent-Type: text/plain\r\n\r\nx`,
        ),
      ),
    },
    {
      label: 'multipart, a file too large',
      url: baseUrl,
      ...multipartOf([
        `Content-Disposition: form-data; name="attachments"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n${'x'.repeat(300 * 1024)}`,
      ]),
    },
  );
  return probes;
}

interface Failure {
  request: string;
  status: number;
  problem: string;
  body: string;
}

/** What is wrong with an answer, or undefined when it keeps the contract. */
function contractProblem(response: LightMyRequestResponse, documented: string[]): string | undefined {
  const status = response.statusCode;
  if (status >= 500) return 'a 5xx';
  if (!documented.includes(String(status)))
    return `status ${status} is not documented (${documented.join(', ')})`;
  if (status < 400) return undefined;
  if (!String(response.headers['content-type']).startsWith('application/json')) return 'not JSON';
  let body: unknown;
  try {
    body = response.json();
  } catch {
    return 'body is not JSON';
  }
  const error = isObject(body) ? body.error : undefined;
  if (!isObject(error) || typeof error.code !== 'string' || typeof error.message !== 'string')
    return 'not the error shape';
  if (!/^[a-z][a-z0-9_]*$/.test(error.code)) return `code ${error.code} is not machine-readable`;
  return undefined;
}

describe.each(databaseTargets())('the error contract of every documented operation on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let t: TestApp;
  let document: Document;

  const signInAsAdmin = async (app: FastifyInstance) => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: 'acme', email: 'ada@acme.example', password: PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
    return {
      cookies: {
        tma_session: login.cookies.find((cookie) => cookie.name === 'tma_session')?.value as string,
      },
      csrf: login.json().csrfToken as string,
    };
  };

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    const keyring = new Keyring(database, provider);
    const tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    await createUnit(database, tenantId, { slug: 'de', name: 'Germany' }, { kind: 'operator' });
    await createUser(
      database,
      tenantId,
      { email: 'ada@acme.example', role: 'admin', password: PASSWORD },
      { kind: 'operator' },
    );
    t = await buildTestApp(database, {
      bodyLimitBytes: BODY_LIMIT,
      identity: { keyring },
      sso: { keyring, publicUrl: 'http://127.0.0.1:9' },
      reporting: {
        keyring,
        blobStore: createPostgresBlobStore(database),
        attachments: { maxBytes: 256 * 1024, maxFiles: 3 },
      },
    });
    document = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
  }, 120_000);
  afterAll(async () => {
    await t?.app.close();
    await provider?.close();
    await cleanup?.();
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
    );

  it('documents the error answers of every operation, with the one error schema', () => {
    expect(document.components?.schemas?.ErrorResponse).toMatchObject({
      properties: { error: { required: expect.arrayContaining(['code', 'message']) } },
    });
    const without4xx: string[] = [];
    const otherErrorBodies: string[] = [];
    for (const { path, method, operation } of operations()) {
      const statuses = Object.keys(operation.responses ?? {});
      if (!statuses.some((status) => status.startsWith('4')))
        without4xx.push(`${method.toUpperCase()} ${path}`);
      for (const status of statuses.filter((status) => status.startsWith('4')))
        if (
          operation.responses?.[status]?.content?.['application/json']?.schema?.$ref !==
          '#/components/schemas/ErrorResponse'
        )
          otherErrorBodies.push(`${method.toUpperCase()} ${path} ${status}`);
    }
    // The probes of orchestrators take no input and answer every caller: they have no 4xx to document.
    expect(without4xx).toEqual(['GET /healthz', 'GET /readyz']);
    expect(otherErrorBodies).toEqual([]);
  });

  it.each(['signed out', 'signed in'] as const)(
    'answers malformed input %s with documented statuses in the error shape, never a 5xx',
    async (mode) => {
      const failures: Failure[] = [];
      let session = mode === 'signed in' ? await signInAsAdmin(t.app) : undefined;
      let requests = 0;
      for (const { path, method, operation } of operations()) {
        const documented = Object.keys(operation.responses ?? {});
        for (const probe of probesFor(document, path, method, operation)) {
          const response = await t.app.inject({
            method: method.toUpperCase() as 'GET',
            url: probe.url,
            headers: { ...(session ? { 'x-csrf-token': session.csrf } : {}), ...probe.headers },
            ...(session ? { cookies: session.cookies } : {}),
            ...(probe.payload !== undefined ? { payload: probe.payload } : {}),
          });
          requests += 1;
          const problem = contractProblem(response, documented);
          if (problem)
            failures.push({
              request: `${method.toUpperCase()} ${path} — ${probe.label}`,
              status: response.statusCode,
              problem,
              body: response.body.slice(0, 300),
            });
        }
        // A probe may have ended the session (logout, revoking one's sessions): sign in again.
        if (session) {
          const check = await t.app.inject({ url: '/api/v1/auth/session', cookies: session.cookies });
          if (check.statusCode !== 200) session = await signInAsAdmin(t.app);
        }
      }
      expect(requests).toBeGreaterThan(500);
      expect(failures).toEqual([]);
    },
    300_000,
  );

  it('answers URLs no route matches in the error shape, however malformed', async () => {
    for (const url of [
      '/api/v1/%FF',
      '/api/v1/%C0%AF/x',
      `/api/v1/${'a'.repeat(10_000)}`,
      '/api/v1/cases/%FF/x/y',
      '/%FF',
    ]) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, url).toBeLessThan(500);
      expect(response.json().error, url).toMatchObject({
        code: expect.any(String),
        message: expect.any(String),
      });
    }
    const tooLong = await t.app.inject({ url: `/api/v1/cases/${'a'.repeat(10_000)}` });
    expect(tooLong.statusCode).toBe(414);
    expect(tooLong.json().error).toMatchObject({
      code: 'path_parameter_too_long',
      requestId: expect.any(String),
    });
    expect(tooLong.body.length).toBeLessThan(500);
    expect(tooLong.headers['x-request-id']).toBe(tooLong.json().error.requestId);
    const notUtf8 = await t.app.inject({ url: '/api/v1/cases/%C0%AF' });
    expect(notUtf8.statusCode).toBe(400);
    expect(notUtf8.json().error.code).toBe('invalid_url');
  });

  it('refuses a state change without its CSRF token before it looks at the body', async () => {
    const session = await signInAsAdmin(t.app);
    const invalid = { slug: 42, name: ['not', 'a', 'name'] };
    const withoutToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      cookies: session.cookies,
      payload: invalid,
    });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json().error.code).toBe('csrf_token_invalid');
    expect(withoutToken.body).not.toContain('slug');
    const withToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      cookies: session.cookies,
      headers: { 'x-csrf-token': session.csrf },
      payload: invalid,
    });
    expect(withToken.statusCode).toBe(400);
    expect(withToken.json().error.code).toBe('validation_failed');
  });

  it('answers requests that are not HTTP in the error shape', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(request));
        let answer = '';
        socket.on('data', (chunk) => {
          answer += chunk;
        });
        socket.on('error', reject);
        socket.on('close', () => resolve(answer));
      });
    const garbage = await raw('NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { code: 'bad_request', message: expect.any(String) },
    });
    const hugeHeader = await raw(
      `GET /api/v1/status HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(hugeHeader).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(hugeHeader.slice(hugeHeader.indexOf('\r\n\r\n') + 4)).error.code).toBe(
      'headers_too_large',
    );
  });
});

describe('an instance that is shutting down', () => {
  it('refuses requests that still arrive, in the error shape', async () => {
    // Nothing here reads a table: an empty database will do.
    const { database, cleanup } = await openTestDatabase('embedded', { migrate: false });
    let entered!: () => void;
    let release!: () => void;
    const inFlight = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const t = await buildTestApp(database, {
      plugins: [
        async (app) => {
          app.get('/api/v1/test/slow', { schema: { hide: true } }, async () => {
            entered();
            await gate;
            return { done: true };
          });
        },
      ],
    });
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as { port: number };
      const socket = connect(port, '127.0.0.1');
      let answers = '';
      socket.on('data', (chunk) => {
        answers += chunk;
      });
      const ended = new Promise((resolve) => socket.on('close', resolve));
      socket.write('GET /api/v1/test/slow HTTP/1.1\r\nHost: x\r\n\r\n');
      await inFlight;
      const closed = t.app.close();
      // A second request on the same connection, pipelined while the first one still runs.
      const arrived = new Promise((resolve) =>
        t.app.server.on('request', (request) => request.url === '/api/v1/status' && resolve(undefined)),
      );
      socket.write('GET /api/v1/status HTTP/1.1\r\nHost: x\r\n\r\n');
      await arrived;
      release();
      await closed;
      await ended;
      const second = answers.slice(answers.indexOf('HTTP/1.1', 1));
      expect(answers).toMatch(/^HTTP\/1\.1 200 /);
      expect(second).toMatch(/^HTTP\/1\.1 503 /);
      expect(JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4)).error.code).toBe('shutting_down');
    } finally {
      await t.app.close();
      await cleanup();
    }
  });
});
