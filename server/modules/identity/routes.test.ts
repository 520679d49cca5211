import { createHash, randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import { systemKeyLoader } from '../../crypto/system-keys.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../audit/service.ts';
import { createTenant } from '../tenants/service.ts';
import { createUser, deactivateUser, INVALID_CREDENTIALS_MESSAGE } from './service.ts';
import { throttleKeys } from './throttle.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const clock = { now: new Date('2026-11-23T08:00:00Z') };
const advance = (ms: number) => {
  clock.now = new Date(clock.now.getTime() + ms);
};

function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'tma_session');
  if (!cookie) throw new Error('no session cookie');
  return cookie.value;
}

describe.each(databaseTargets())('identity API on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let t: TestApp;
  const tenants: Record<string, string> = {};
  const users: Record<string, string> = {};

  const login = (
    body: { tenant: string; email: string; password: string },
    headers: Record<string, string> = {},
  ) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body, headers });
  const loggedIn = async (tenant: string, email: string, userAgent = 'test-agent') => {
    const response = await login({ tenant, email, password: PASSWORD }, { 'user-agent': userAgent });
    expect(response.statusCode, response.body).toBe(200);
    return {
      cookie: sessionCookie(response),
      csrf: response.json().csrfToken as string,
      body: response.json(),
    };
  };
  const auditOf = (tenant: string) =>
    withTenant(database, { tenantId: tenants[tenant] as string, userId: null }, (trx) =>
      listAuditEvents(trx, { limit: 1000 }),
    );

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    for (const slug of ['acme', 'globex', 'throttled', 'timeouts']) {
      tenants[slug] = (await createTenant(database.db, { slug, name: slug.toUpperCase() })).id;
    }
    const add = async (tenant: string, email: string, role: 'admin' | 'expert' = 'admin') => {
      const user = await createUser(
        database,
        tenants[tenant] as string,
        {
          email,
          role,
          password: PASSWORD,
          displayName: `User ${email}`,
          specialty: role === 'expert' ? 'hr' : null,
        },
        { kind: 'operator' },
      );
      users[`${tenant}/${email}`] = user.id;
    };
    await add('acme', 'ada@acme.example');
    await add('acme', 'bob@acme.example', 'expert');
    await add('acme', 'gone@acme.example');
    await deactivateUser(database, tenants.acme as string, 'gone@acme.example', { kind: 'operator' });
    await add('globex', 'gina@globex.example');
    await add('throttled', 'tom@throttled.example');
    await add('timeouts', 'tim@timeouts.example');
    t = await buildTestApp(database, {
      sessionIdleMinutes: 30,
      sessionMaxHours: 2,
      identity: {
        now: () => clock.now,
        throttle: {
          freeFailures: 2,
          baseDelaySeconds: 5,
          accountLockoutFailures: 5,
          addressLockoutFailures: 100,
        },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await t?.app.close();
    await cleanup();
  });

  it('logs in: a strict HttpOnly cookie, the user and a CSRF token; the session then works', async () => {
    const response = await login({ tenant: 'acme', email: ' Ada@ACME.example ', password: PASSWORD });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'tma_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeUndefined();
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const body = response.json();
    expect(body).toEqual({
      user: {
        id: users['acme/ada@acme.example'],
        email: 'ada@acme.example',
        displayName: 'User ada@acme.example',
        role: 'admin',
        specialty: null,
        tenantWide: false,
        tenant: { id: tenants.acme, slug: 'acme', name: 'ACME' },
      },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      areas: { inbox: true, cases: true, users: true, administration: true },
      session: {
        id: expect.any(String),
        expiresAt: new Date(clock.now.getTime() + 2 * 3_600_000).toISOString(),
        idleExpiresAt: new Date(clock.now.getTime() + 30 * 60_000).toISOString(),
      },
    });
    const session = await t.app.inject({
      url: '/api/v1/auth/session',
      cookies: { tma_session: cookie?.value ?? '' },
    });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toEqual(body);
  });

  it('marks the cookie Secure when the request came over HTTPS', async () => {
    // Behind a TLS-terminating proxy that TMA trusts, X-Forwarded-Proto tells the request's protocol.
    const behindProxy = await buildTestApp(database, {
      trustProxy: true,
      identity: { now: () => clock.now },
    });
    try {
      const response = await behindProxy.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: 'acme', email: 'ada@acme.example', password: PASSWORD },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.cookies.find((c) => c.name === 'tma_session')).toMatchObject({
        secure: true,
        httpOnly: true,
        sameSite: 'Strict',
      });
    } finally {
      await behindProxy.app.close();
    }
  });

  it('answers every kind of failed login with the identical 401', async () => {
    const attempts = [
      { tenant: 'acme', email: 'ada@acme.example', password: 'wrong password!' },
      { tenant: 'acme', email: 'nobody@acme.example', password: PASSWORD },
      { tenant: 'no-such-tenant', email: 'ada@acme.example', password: PASSWORD },
      { tenant: 'acme', email: 'gone@acme.example', password: PASSWORD },
    ];
    const bodies = [];
    for (const attempt of attempts) {
      const response = await login(attempt);
      expect(response.statusCode).toBe(401);
      expect(response.cookies).toEqual([]);
      const { error } = response.json();
      bodies.push({ code: error.code, message: error.message });
    }
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
    expect(bodies[0]).toEqual({ code: 'invalid_credentials', message: INVALID_CREDENTIALS_MESSAGE });
  });

  it('audits login successes and failures with reason codes, never the e-mail or password', async () => {
    const events = (await auditOf('acme')).events.filter((event) => event.action === 'auth.login');
    expect(events.filter((e) => e.outcome === 'success').length).toBeGreaterThanOrEqual(2);
    const reasons = events.filter((e) => e.outcome === 'failure').map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['wrong_password', 'unknown_user', 'user_deactivated']));
    const wrong = events.find((e) => e.reason === 'wrong_password');
    expect(wrong).toMatchObject({ actorType: 'user', actorId: users['acme/ada@acme.example'] });
    const text = JSON.stringify(events);
    expect(text).not.toContain('acme.example');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('wrong password!');
  });

  it('throttles an account: progressive delay, then a lockout that expires; success resets', async () => {
    const wrong = { tenant: 'throttled', email: 'tom@throttled.example', password: 'not the password' };
    const right = { ...wrong, password: PASSWORD };
    // Two free failures, then each failure blocks the next attempt for 5 s, 10 s, …
    expect((await login(wrong)).statusCode).toBe(401);
    expect((await login(wrong)).statusCode).toBe(401);
    expect((await login(wrong)).statusCode).toBe(401);
    let blocked = await login(right);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('login_throttled');
    expect(blocked.headers['retry-after']).toBe('5');
    advance(5_000);
    expect((await login(wrong)).statusCode).toBe(401);
    blocked = await login(wrong);
    expect(blocked.headers['retry-after']).toBe('10');
    advance(10_000);
    // The fifth failure locks the account for the lockout period (15 minutes).
    expect((await login(wrong)).statusCode).toBe(401);
    blocked = await login(right);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe(String(15 * 60));
    advance(15 * 60_000);
    expect((await login(right)).statusCode).toBe(200);
    // The success forgot the failures: the next wrong password costs nothing again.
    expect((await login(wrong)).statusCode).toBe(401);
    expect((await login(right)).statusCode).toBe(200);
    const reasons = (await auditOf('throttled')).events.map((e) => `${e.outcome}:${e.reason}`);
    expect(reasons).toContain('denied:throttled');
  });

  it('throttles a client address across accounts, keyed by the login-throttle system key', async () => {
    const provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    const loginThrottleKey = systemKeyLoader(database, provider, 'login-throttle');
    const app = await buildTestApp(database, {
      identity: {
        now: () => clock.now,
        throttle: { addressLockoutFailures: 3, freeFailures: 100 },
        loginThrottleKey,
      },
    });
    try {
      const from = (remoteAddress: string, email: string) =>
        app.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress,
          payload: { tenant: 'globex', email, password: 'not the password' },
        });
      for (const email of ['a@x.example', 'b@x.example', 'c@x.example'])
        expect((await from('198.51.100.7', email)).statusCode).toBe(401);
      const blocked = await from('198.51.100.7', 'd@x.example');
      expect(blocked.statusCode).toBe(429);
      expect((await from('198.51.100.8', 'd@x.example')).statusCode).toBe(401);
      const rows = await database.db.selectFrom('login_throttles').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain('198.51.100');
      // An HMAC under the system key, not a hash anyone can recompute by trying every IPv4 address.
      const stored = rows.filter((row) => row.kind === 'address').map((row) => Buffer.from(row.key));
      const address = '198.51.100.7';
      const plain = createHash('sha256').update(`tma-login-address\u0000${address}`).digest();
      expect(stored.some((key) => key.equals(plain))).toBe(false);
      const secret = await loginThrottleKey();
      const keyed = throttleKeys(secret, 'globex', 'd@x.example', address).address;
      expect(stored.some((key) => key.equals(keyed))).toBe(true);
      expect(throttleKeys(randomBytes(32), 'globex', 'd@x.example', address).address.equals(keyed)).toBe(
        false,
      );
    } finally {
      await app.app.close();
      await provider.close();
    }
  });

  it('ends a session after the idle timeout, and after the absolute timeout however active', async () => {
    const { cookie } = await loggedIn('timeouts', 'tim@timeouts.example');
    const get = () => t.app.inject({ url: '/api/v1/auth/session', cookies: { tma_session: cookie } });
    // Activity slides the idle expiry: 25 minutes apart, five times, stays logged in past the 30 minutes.
    for (let i = 0; i < 4; i++) {
      advance(25 * 60_000);
      expect((await get()).statusCode).toBe(200);
    }
    // … until the absolute end, 2 hours after login.
    advance(25 * 60_000);
    expect((await get()).statusCode).toBe(401);

    const second = await loggedIn('timeouts', 'tim@timeouts.example');
    advance(31 * 60_000);
    const idle = await t.app.inject({ url: '/api/v1/auth/session', cookies: { tma_session: second.cookie } });
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error.code).toBe('unauthenticated');
  });

  it('writes last_seen_at at most once a minute', async () => {
    const { cookie, body } = await loggedIn('timeouts', 'tim@timeouts.example');
    const lastSeen = () =>
      withTenant(database, { tenantId: tenants.timeouts as string, userId: null }, (trx) =>
        trx
          .selectFrom('sessions')
          .select('last_seen_at')
          .where('id', '=', body.session.id)
          .executeTakeFirstOrThrow(),
      );
    const start = (await lastSeen()).last_seen_at.getTime();
    advance(30_000);
    await t.app.inject({ url: '/api/v1/auth/session', cookies: { tma_session: cookie } });
    expect((await lastSeen()).last_seen_at.getTime()).toBe(start);
    advance(31_000);
    await t.app.inject({ url: '/api/v1/auth/session', cookies: { tma_session: cookie } });
    expect((await lastSeen()).last_seen_at.getTime()).toBe(start + 61_000);
  });

  it('requires the session’s CSRF token on state-changing requests', async () => {
    const { cookie, csrf } = await loggedIn('acme', 'ada@acme.example');
    const other = await loggedIn('acme', 'ada@acme.example');
    const logout = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { tma_session: cookie }, headers });
    for (const headers of [{}, { 'x-csrf-token': 'nonsense' }, { 'x-csrf-token': other.csrf }] as Array<
      Record<string, string>
    >) {
      const refused = await logout(headers);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('csrf_token_invalid');
    }
    expect(
      (await t.app.inject({ url: '/api/v1/auth/session', cookies: { tma_session: cookie } })).statusCode,
    ).toBe(200);
    const done = await logout({ 'x-csrf-token': csrf });
    expect(done.statusCode).toBe(204);
    const cleared = done.cookies.find((c) => c.name === 'tma_session');
    expect(cleared?.value).toBe('');
    // Logged out: the token no longer opens anything.
    const after = await t.app.inject({ url: '/api/v1/auth/session', cookies: { tma_session: cookie } });
    expect(after.statusCode).toBe(401);
    expect((await auditOf('acme')).events.map((e) => e.action)).toContain('auth.logout');
  });

  it('lists the user’s own sessions and revokes one of them, not anyone else’s', async () => {
    const ada1 = await loggedIn('acme', 'ada@acme.example', 'Browser one');
    const ada2 = await loggedIn('acme', 'ada@acme.example', `Browser two ${'x'.repeat(300)}`);
    const bob = await loggedIn('acme', 'bob@acme.example');
    const list = await t.app.inject({
      url: '/api/v1/account/sessions',
      cookies: { tma_session: ada1.cookie },
    });
    expect(list.statusCode).toBe(200);
    const sessions = list.json().sessions as Array<{ id: string; current: boolean; userAgent: string }>;
    expect(sessions.map((s) => s.id)).toEqual(
      expect.arrayContaining([ada1.body.session.id, ada2.body.session.id]),
    );
    expect(sessions.map((s) => s.id)).not.toContain(bob.body.session.id);
    expect(sessions.find((s) => s.current)?.id).toBe(ada1.body.session.id);
    expect(sessions.find((s) => s.id === ada2.body.session.id)?.userAgent).toHaveLength(200);

    const revoke = (who: { cookie: string; csrf: string }, id: string) =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/v1/account/sessions/${id}`,
        cookies: { tma_session: who.cookie },
        headers: { 'x-csrf-token': who.csrf },
      });
    const foreign = await revoke(bob, ada2.body.session.id);
    expect(foreign.statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: '/api/v1/auth/session', cookies: { tma_session: ada2.cookie } })).statusCode,
    ).toBe(200);
    expect((await revoke(ada1, ada2.body.session.id)).statusCode).toBe(204);
    expect(
      (await t.app.inject({ url: '/api/v1/auth/session', cookies: { tma_session: ada2.cookie } })).statusCode,
    ).toBe(401);
    expect((await revoke(ada1, ada2.body.session.id)).statusCode).toBe(404);
    const revoked = (await auditOf('acme')).events.filter((e) => e.action === 'auth.session_revoked');
    expect(revoked.at(-1)).toMatchObject({
      actorId: users['acme/ada@acme.example'],
      objectId: ada2.body.session.id,
    });
  });

  it('keeps tenants apart: a session of tenant A never shows tenant B', async () => {
    const gina = await loggedIn('globex', 'gina@globex.example');
    const ada = await loggedIn('acme', 'ada@acme.example');
    const session = await t.app.inject({
      url: '/api/v1/auth/session',
      cookies: { tma_session: gina.cookie },
    });
    expect(session.json().user.tenant.slug).toBe('globex');
    const list = await t.app.inject({
      url: '/api/v1/account/sessions',
      cookies: { tma_session: gina.cookie },
    });
    expect(list.json().sessions.map((s: { id: string }) => s.id)).not.toContain(ada.body.session.id);
    const cross = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/account/sessions/${ada.body.session.id}`,
      cookies: { tma_session: gina.cookie },
      headers: { 'x-csrf-token': gina.csrf },
    });
    expect(cross.statusCode).toBe(404);
    // Logging in to globex with acme's credentials fails.
    expect(
      (await login({ tenant: 'globex', email: 'ada@acme.example', password: PASSWORD })).statusCode,
    ).toBe(401);
    // Within globex's transaction, acme's users and sessions do not exist.
    const seen = await withTenant(
      database,
      { tenantId: tenants.globex as string, userId: null },
      async (trx) => ({
        users: await trx.selectFrom('users').select('email').execute(),
        sessions: await trx.selectFrom('sessions').select('tenant_id').distinct().execute(),
      }),
    );
    expect(seen.users.map((u) => u.email)).toEqual(['gina@globex.example']);
    expect(seen.sessions).toEqual([{ tenant_id: tenants.globex }]);
  });

  it('deactivating a user ends their sessions at once', async () => {
    await createUser(
      database,
      tenants.globex as string,
      { email: 'leaver@globex.example', role: 'auditor', password: PASSWORD },
      { kind: 'operator' },
    );
    const leaver = await loggedIn('globex', 'leaver@globex.example');
    const result = await deactivateUser(database, tenants.globex as string, 'leaver@globex.example', {
      kind: 'operator',
    });
    expect(result.sessionsRevoked).toBe(1);
    const after = await t.app.inject({
      url: '/api/v1/auth/session',
      cookies: { tma_session: leaver.cookie },
    });
    expect(after.statusCode).toBe(401);
  });

  it('stores only a hash of the session token', async () => {
    const { cookie, body } = await loggedIn('acme', 'ada@acme.example');
    const row = await withTenant(database, { tenantId: tenants.acme as string, userId: null }, (trx) =>
      trx.selectFrom('sessions').selectAll().where('id', '=', body.session.id).executeTakeFirstOrThrow(),
    );
    const raw = Buffer.from(cookie, 'base64url');
    const { createHash } = await import('node:crypto');
    expect(Buffer.from(row.token_hash)).toEqual(createHash('sha256').update(raw).digest());
    const everything = JSON.stringify(row, (_key, value) =>
      value instanceof Uint8Array || value?.type === 'Buffer'
        ? Buffer.from(value.data ?? value).toString('base64url')
        : value,
    );
    expect(everything).not.toContain(cookie);
    expect(everything).not.toContain(body.csrfToken);
  });

  it('answers 401 unauthenticated without a session, and ignores a garbage cookie', async () => {
    for (const cookies of [{}, { tma_session: 'garbage' }, { tma_session: 'A'.repeat(43) }] as Array<
      Record<string, string>
    >) {
      const response = await t.app.inject({ url: '/api/v1/auth/session', cookies });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthenticated');
    }
  });
});
