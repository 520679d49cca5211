// API tokens end to end through the HTTP API, on both databases: shown once and stored hashed, the scopes
// that open endpoints and the 403s outside them, no way into session and account endpoints, revoked and
// expired tokens refused, another tenant out of reach, and api_token in the audit events a token causes.
import { createHash, randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { type SignedInCall, signIn } from '../../../test/support/session.ts';
import type { KeyProvider } from '../../crypto/key-provider.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import type { Database } from '../../db/database.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../audit/service.ts';
import { createPostgresBlobStore } from '../documents/postgres-blob-store.ts';
import { createUser, deactivateUser } from '../identity/service.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit, setUserUnits } from '../units/service.ts';
import { ApiTokenScope } from './schemas.ts';
import { API_TOKEN_SCOPES } from './scopes.ts';
import { hashApiToken, newApiToken, presentedApiToken } from './tokens.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const DAY_MS = 86_400_000;

const answers = {
  immediate_danger: 'no',
  description: 'Anruf bei der Hotline: Drohung in der Kantine.',
  warning_signs: ['threat'],
  persons: [{ role: 'person_of_concern', name: 'K.', description: 'Lager' }],
};

describe('API token format', () => {
  it('makes tma_ tokens of 32 random bytes and reads them only from a Bearer header', () => {
    const { token, tokenHash, displayPrefix } = newApiToken();
    expect(token).toMatch(/^tma_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
    expect(tokenHash.equals(createHash('sha256').update(token).digest())).toBe(true);
    expect(displayPrefix).toBe(token.slice(0, 12));
    expect(presentedApiToken(`Bearer ${token}`)).toBe(token);
    expect(presentedApiToken(`bearer  ${token} `)).toBe(token);
    expect(presentedApiToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(presentedApiToken('Bearer some-other-token')).toBeUndefined();
    expect(presentedApiToken(undefined)).toBeUndefined();
    expect(hashApiToken('tma_short')).toBeNull();
  });
});

describe('API token scopes', () => {
  it('lists the same scopes in the schema as in scopes.ts', () => {
    expect(ApiTokenScope.anyOf.map((literal: { const: string }) => literal.const)).toEqual([
      ...API_TOKEN_SCOPES,
    ]);
  });
});

describe.each(databaseTargets())('API tokens on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let t: TestApp;
  let clock = new Date();
  const tenants: Record<string, string> = {};
  const units: Record<string, string> = {};
  let ada: SignedInCall;

  const withToken = (
    token: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    extra: { cookies?: Record<string, string> } = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...extra,
      ...(payload ? { payload } : {}),
    });
  const staffReport = (unit: string) => ({
    unitId: units[unit],
    channel: 'phone',
    receivedOn: new Date().toISOString().slice(0, 10),
    anonymous: true,
    answers,
    issueReceipt: false,
  });
  const createToken = async (scopes: string[], name = 'Hotline', expiresInDays = 30) => {
    const response = await ada('POST', '/api/v1/api-tokens', { name, scopes, expiresInDays });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { token: string; apiToken: { id: string; prefix: string } };
  };
  const auditOf = (tenant: string) =>
    withTenant(database, { tenantId: tenants[tenant] as string, userId: null }, (trx) =>
      listAuditEvents(trx, { limit: 500 }),
    );

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    for (const slug of ['acme', 'globex'])
      tenants[slug] = (await createTenant(database.db, { slug, name: slug.toUpperCase() })).id;
    for (const [tenant, slug] of [
      ['acme', 'de'],
      ['acme', 'fr'],
      ['globex', 'us'],
    ] as const)
      units[`${tenant}/${slug}`] = (
        await createUnit(database, tenants[tenant] as string, { slug, name: slug }, { kind: 'operator' })
      ).id;
    const user = async (tenant: string, email: string, role: UserRole, unitSlugs: string[] = []) => {
      await createUser(
        database,
        tenants[tenant] as string,
        { email, role, password: PASSWORD },
        { kind: 'operator' },
      );
      if (unitSlugs.length > 0)
        await setUserUnits(
          database,
          tenants[tenant] as string,
          { email },
          { slugs: unitSlugs },
          { kind: 'operator' },
        );
    };
    await user('acme', 'ada@acme.example', 'admin');
    await user('acme', 'abe@acme.example', 'admin');
    await user('acme', 'tom@acme.example', 'threat_manager', ['de']);
    await user('globex', 'gil@globex.example', 'admin');
    t = await buildTestApp(database, {
      identity: { now: () => clock },
      reporting: {
        keyring: new Keyring(database, provider),
        blobStore: createPostgresBlobStore(database),
        attachments: { maxBytes: 1024 * 1024, maxFiles: 3 },
      },
    });
    ada = await signIn(t.app, { tenant: 'acme', email: 'ada@acme.example', password: PASSWORD });
  });
  afterAll(async () => {
    await t?.app.close();
    await provider?.close();
    await cleanup?.();
  });

  it('lets only admins create tokens, shows a token once and stores only its hash', async () => {
    const tom = await signIn(t.app, { tenant: 'acme', email: 'tom@acme.example', password: PASSWORD });
    const refused = await tom('POST', '/api/v1/api-tokens', {
      name: 'Mine',
      scopes: ['reports:read'],
      expiresInDays: 30,
    });
    expect(refused.statusCode).toBe(403);
    expect((await tom('GET', '/api/v1/api-tokens')).statusCode).toBe(403);
    const tooLong = await ada('POST', '/api/v1/api-tokens', {
      name: 'Forever',
      scopes: ['reports:read'],
      expiresInDays: 366,
    });
    expect(tooLong.statusCode).toBe(400);
    const unknownScope = await ada('POST', '/api/v1/api-tokens', {
      name: 'Root',
      scopes: ['users:write'],
      expiresInDays: 30,
    });
    expect(unknownScope.statusCode).toBe(400);

    const response = await ada('POST', '/api/v1/api-tokens', {
      name: '  Hotline export ',
      scopes: ['reports:read'],
      expiresInDays: 90,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const { token, apiToken } = response.json();
    expect(token).toMatch(/^tma_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({
      name: 'Hotline export',
      prefix: token.slice(0, 12),
      scopes: ['reports:read'],
      createdBy: { displayName: expect.any(String) },
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(Date.parse(apiToken.expiresAt) - Date.parse(apiToken.createdAt)).toBe(90 * DAY_MS);

    const list = await ada('GET', '/api/v1/api-tokens');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(token);
    expect(list.json().apiTokens.map((row: { id: string }) => row.id)).toContain(apiToken.id);
    expect(list.json().scopes).toEqual([...API_TOKEN_SCOPES]);

    const rows = await database.db.selectFrom('api_tokens').selectAll().execute();
    const row = rows.find((candidate) => candidate.id === apiToken.id);
    expect(Buffer.from(row?.token_hash ?? []).toString('hex')).toBe(
      createHash('sha256').update(token).digest('hex'),
    );
    expect(row?.token_prefix).toBe(token.slice(0, 12));
    // Nowhere in the table is the token itself, nor its random part.
    const stored = JSON.stringify(rows, (_key, value) =>
      value?.type === 'Buffer' ? Buffer.from(value.data).toString('base64url') : value,
    );
    expect(stored).not.toContain(token.slice(4));
    const events = await auditOf('acme');
    expect(events.events.find((event) => event.action === 'api_token.create')).toMatchObject({
      actorType: 'user',
      objectId: apiToken.id,
      reason: expect.stringMatching(/^days=\d+:scopes=[a-z:.]+$/),
    });
  });

  it('reads the whole tenant’s reports with reports:read and nothing outside that scope', async () => {
    const tom = await signIn(t.app, { tenant: 'acme', email: 'tom@acme.example', password: PASSWORD });
    const ownReport = await tom('POST', '/api/v1/reports', staffReport('acme/de'));
    expect(ownReport.statusCode, ownReport.body).toBe(201);
    const frReport = await ada('POST', '/api/v1/reports', staffReport('acme/fr'));
    expect(frReport.statusCode, frReport.body).toBe(201);
    const gil = await signIn(t.app, { tenant: 'globex', email: 'gil@globex.example', password: PASSWORD });
    const foreign = await gil('POST', '/api/v1/reports', staffReport('globex/us'));
    expect(foreign.statusCode, foreign.body).toBe(201);
    const foreignId = foreign.json().report.id as string;

    const { token, apiToken } = await createToken(['reports:read'], 'Inbox export');
    const inbox = await withToken(token, 'GET', '/api/v1/reports?view=all');
    expect(inbox.statusCode, inbox.body).toBe(200);
    const ids = inbox.json().reports.map((report: { id: string }) => report.id);
    // The creating admin's unit scope: every unit of the tenant, and no other tenant.
    expect(ids).toEqual(expect.arrayContaining([ownReport.json().report.id, frReport.json().report.id]));
    expect(ids).not.toContain(foreignId);
    // The token reads what its creator reads: an admin sees a report's metadata only, unless the tenant
    // lets admins read content (server/modules/access).
    const detailOf = () => withToken(token, 'GET', `/api/v1/reports/${frReport.json().report.id}`);
    expect((await detailOf()).json().answers).toBeNull();
    expect((await ada('PUT', '/api/v1/access-settings', { adminsReadContent: true })).statusCode).toBe(200);
    const detail = await detailOf();
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().answers.description).toBe(answers.description);
    expect((await ada('PUT', '/api/v1/access-settings', { adminsReadContent: false })).statusCode).toBe(200);
    expect((await withToken(token, 'GET', `/api/v1/reports/${foreignId}`)).statusCode).toBe(404);
    expect((await withToken(token, 'GET', '/api/v1/report-settings')).statusCode).toBe(200);

    const write = await withToken(token, 'POST', '/api/v1/reports', staffReport('acme/de'));
    expect(write.statusCode).toBe(403);
    expect(write.json().error.code).toBe('token_scope_missing');
    const unitList = await withToken(token, 'GET', '/api/v1/units');
    expect(unitList.json().error.code).toBe('token_scope_missing');
    const triage = await withToken(token, 'POST', `/api/v1/reports/${ownReport.json().report.id}/close`, {
      reason: 'no_concern',
      note: 'x',
    });
    expect(triage.statusCode).toBe(403);
    expect(triage.json().error.code).toBe('token_not_allowed');
    expect((await withToken(token, 'GET', '/api/v1/cases')).statusCode).toBe(403);

    // Reading with the token is audited as the token, not as the admin who made it.
    const read = (await auditOf('acme')).events.filter((event) => event.action === 'report.read');
    expect(read.filter((event) => event.outcome === 'success').at(-1)).toMatchObject({
      actorType: 'api_token',
      actorId: apiToken.id,
      objectId: frReport.json().report.id,
    });
    // Another tenant's report does not exist here: a failed read, not a denied one.
    expect(read.at(-1)).toMatchObject({
      actorType: 'api_token',
      objectId: foreignId,
      outcome: 'failure',
      reason: 'not_found',
    });
    const listed = (await ada('GET', '/api/v1/api-tokens')).json().apiTokens;
    expect(listed.find((row: { id: string }) => row.id === apiToken.id).lastUsedAt).not.toBeNull();
  });

  it('records a report with reports:write, without a CSRF token, audited as the token', async () => {
    const { token, apiToken } = await createToken(['reports:write'], 'Hotline');
    expect((await withToken(token, 'GET', '/api/v1/units')).statusCode).toBe(200);
    expect((await withToken(token, 'GET', '/api/v1/report-form')).statusCode).toBe(200);
    const recorded = await withToken(token, 'POST', '/api/v1/reports', staffReport('acme/fr'));
    expect(recorded.statusCode, recorded.body).toBe(201);
    const event = (await auditOf('acme')).events.find(
      (candidate) => candidate.action === 'report.record' && candidate.objectId === recorded.json().report.id,
    );
    expect(event).toMatchObject({ actorType: 'api_token', actorId: apiToken.id });
    expect((await withToken(token, 'GET', '/api/v1/reports')).json().error.code).toBe('token_scope_missing');
    const foreignUnit = await withToken(token, 'POST', '/api/v1/reports', staffReport('globex/us'));
    expect(foreignUnit.statusCode).toBe(422);
  });

  it('never opens the session, account, token or settings endpoints', async () => {
    const { token } = await createToken([...API_TOKEN_SCOPES], 'Everything');
    const calls: Array<['GET' | 'POST' | 'PUT' | 'DELETE', string, object?]> = [
      ['GET', '/api/v1/auth/session'],
      ['POST', '/api/v1/auth/logout'],
      ['GET', '/api/v1/account/sessions'],
      ['GET', '/api/v1/account/totp'],
      ['POST', '/api/v1/account/totp/setup'],
      ['GET', '/api/v1/api-tokens'],
      ['POST', '/api/v1/api-tokens', { name: 'More', scopes: ['reports:read'], expiresInDays: 1 }],
      ['PUT', '/api/v1/report-settings', { emergencyNotice: null, acknowledgeDays: 7, feedbackMonths: 3 }],
      ['GET', '/api/v1/notifications'],
    ];
    for (const [method, url, payload] of calls) {
      const response = await withToken(token, method, url, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().error.code, `${method} ${url}`).toBe('token_not_allowed');
    }
  });

  it('ignores the session cookie when a token is presented', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: 'acme', email: 'ada@acme.example', password: PASSWORD },
    });
    const cookie = login.cookies.find((c) => c.name === 'tma_session')?.value as string;
    const bogus = `tma_${randomBytes(32).toString('base64url')}`;
    const response = await withToken(bogus, 'GET', '/api/v1/auth/session', undefined, {
      cookies: { tma_session: cookie },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('token_invalid');
  });

  it('refuses revoked tokens, tokens of a deactivated admin and expired tokens with 401 token_invalid', async () => {
    const { token, apiToken } = await createToken(['reports:read'], 'Short-lived');
    expect((await withToken(token, 'GET', '/api/v1/reports')).statusCode).toBe(200);
    const revoked = await ada('DELETE', `/api/v1/api-tokens/${apiToken.id}`);
    expect(revoked.statusCode).toBe(204);
    const after = await withToken(token, 'GET', '/api/v1/reports');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('token_invalid');
    expect((await ada('DELETE', `/api/v1/api-tokens/${apiToken.id}`)).statusCode).toBe(404);
    const events = (await auditOf('acme')).events;
    expect(events.find((event) => event.action === 'api_token.revoke')).toMatchObject({
      actorType: 'user',
      objectId: apiToken.id,
    });
    expect(events.filter((event) => event.action === 'api_token.authenticate').at(-1)).toMatchObject({
      actorType: 'api_token',
      actorId: apiToken.id,
      outcome: 'denied',
      reason: 'revoked',
    });
    // Another tenant's admin cannot revoke it (or even find it).
    const gil = await signIn(t.app, { tenant: 'globex', email: 'gil@globex.example', password: PASSWORD });
    const other = await createToken(['reports:read'], 'Acme only');
    expect((await gil('DELETE', `/api/v1/api-tokens/${other.apiToken.id}`)).statusCode).toBe(404);
    expect((await gil('GET', '/api/v1/api-tokens')).json().apiTokens).toEqual([]);

    // A token works only while its creator is an active admin.
    const abe = await signIn(t.app, { tenant: 'acme', email: 'abe@acme.example', password: PASSWORD });
    const abeToken = (
      await abe('POST', '/api/v1/api-tokens', { name: 'Abe', scopes: ['reports:read'], expiresInDays: 5 })
    ).json().token as string;
    expect((await withToken(abeToken, 'GET', '/api/v1/reports')).statusCode).toBe(200);
    await deactivateUser(database, tenants.acme as string, 'abe@acme.example', { kind: 'operator' });
    expect((await withToken(abeToken, 'GET', '/api/v1/reports')).json().error.code).toBe('token_invalid');

    // 30 days on, the 30-day token has expired.
    expect((await withToken(other.token, 'GET', '/api/v1/reports')).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 30 * DAY_MS + 1000);
    const expired = await withToken(other.token, 'GET', '/api/v1/reports');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('token_invalid');
  });
});
