// Changing one's own password (POST /api/v1/account/password) on both databases: the current password is
// checked and throttled like a login, the new one meets the reset's policy, and every session of the user
// ends; the answer is the session that replaces the current one.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../audit/service.ts';
import { createTenant } from '../tenants/service.ts';
import { createUser } from './service.ts';
import { updateUser } from './store.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const NEW_PASSWORD = 'Kettle-Harbour 417 softly';
const clock = { now: new Date('2026-12-07T08:00:00Z') };
const advance = (ms: number) => {
  clock.now = new Date(clock.now.getTime() + ms);
};
const cookieOf = (response: LightMyRequestResponse) =>
  response.cookies.find((c) => c.name === 'tma_session')?.value;

describe.each(databaseTargets())('changing one’s own password on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let t: TestApp;
  let tenantId: string;
  const users: Record<string, string> = {};

  const post = (url: string, payload: object, session?: { cookie: string; csrf?: string }) =>
    t.app.inject({
      method: 'POST',
      url,
      payload,
      ...(session ? { cookies: { tma_session: session.cookie } } : {}),
      ...(session?.csrf ? { headers: { 'x-csrf-token': session.csrf } } : {}),
    });
  const login = (email: string, password = PASSWORD) =>
    post('/api/v1/auth/login', { tenant: 'acme', email, password });
  const signIn = async (email: string, password = PASSWORD) => {
    const response = await login(email, password);
    expect(response.statusCode, response.body).toBe(200);
    return { cookie: cookieOf(response) as string, csrf: response.json().csrfToken as string };
  };
  const change = (session: { cookie: string; csrf: string }, currentPassword: string, newPassword: string) =>
    post('/api/v1/account/password', { currentPassword, newPassword }, session);
  const sessionStatus = async (cookie: string) =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies: { tma_session: cookie } }))
      .statusCode;
  const audit = () =>
    withTenant(database, { tenantId, userId: null }, (trx) => listAuditEvents(trx, { limit: 1000 })).then(
      (page) => page.events,
    );

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    tenantId = (await createTenant(database.db, { slug: 'acme', name: 'Acme Corp' })).id;
    for (const [email, displayName] of [
      ['ada@acme.example', 'Ada Lovelace'],
      ['tom@acme.example', 'Tom Tailor'],
      ['max@acme.example', 'Max Muster'],
      ['sso@acme.example', 'Sam Single'],
    ] as const) {
      const user = await createUser(
        database,
        tenantId,
        { email, displayName, role: 'threat_manager', password: PASSWORD },
        { kind: 'operator' },
      );
      users[email] = user.id;
    }
    t = await buildTestApp(database, {
      // The second wrong password of an account blocks the next attempt for a minute.
      identity: { now: () => clock.now, throttle: { freeFailures: 1, baseDelaySeconds: 60 } },
    });
  }, 60_000);

  afterAll(async () => {
    await t?.app.close();
    await cleanup?.();
  });

  beforeEach(() => advance(60_000));

  it('changes the password, ends every session and answers the one that replaces the current session', async () => {
    const here = await signIn('ada@acme.example');
    advance(1000);
    const elsewhere = await signIn('ada@acme.example');

    const withoutCsrf = await post(
      '/api/v1/account/password',
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      { cookie: here.cookie },
    );
    expect(withoutCsrf.statusCode).toBe(403);

    const changed = await change(here, PASSWORD, NEW_PASSWORD);
    expect(changed.statusCode, changed.body).toBe(200);
    const answer = changed.json();
    expect(answer.otherSessionsEnded).toBe(1);
    expect(answer.session.user.email).toBe('ada@acme.example');
    expect(answer.session).not.toHaveProperty('noPassword');
    const fresh = cookieOf(changed) as string;
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(here.cookie);
    expect(answer.session.csrfToken).not.toBe(here.csrf);

    // Both older sessions have ended, this browser's too; the new cookie works.
    expect(await sessionStatus(here.cookie)).toBe(401);
    expect(await sessionStatus(elsewhere.cookie)).toBe(401);
    expect(await sessionStatus(fresh)).toBe(200);
    const sessions = await t.app.inject({
      method: 'GET',
      url: '/api/v1/account/sessions',
      cookies: { tma_session: fresh },
    });
    expect(sessions.json().sessions).toEqual([expect.objectContaining({ current: true })]);

    // The old password no longer works, the new one does.
    expect((await login('ada@acme.example')).statusCode).toBe(401);
    expect((await login('ada@acme.example', NEW_PASSWORD)).statusCode).toBe(200);

    const events = (await audit()).filter((event) => event.actorId === users['ada@acme.example']);
    expect(events.find((event) => event.action === 'auth.password_changed')).toMatchObject({
      outcome: 'success',
      objectType: 'user',
      objectId: users['ada@acme.example'],
      reason: 'sessions_revoked=2',
    });
    expect(events.find((event) => event.reason === 'password_changed')).toMatchObject({
      action: 'auth.login',
      objectType: 'session',
      objectId: answer.session.session.id,
    });
  });

  it('refuses a wrong current password, a weak or unchanged new one, with the field that is wrong', async () => {
    const tom = await signIn('tom@acme.example');
    const wrong = await change(tom, 'not my password at all', NEW_PASSWORD);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error).toMatchObject({
      code: 'password_incorrect',
      fields: [{ path: 'currentPassword', message: 'The current password is not correct.' }],
    });
    const weak = await change(tom, PASSWORD, 'tom tailor 1');
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.code).toBe('password_too_weak');
    expect(weak.json().error.fields[0].path).toBe('newPassword');
    const same = await change(tom, PASSWORD, PASSWORD);
    expect(same.statusCode).toBe(422);
    expect(same.json().error).toMatchObject({
      code: 'password_unchanged',
      fields: [{ path: 'newPassword' }],
    });
    // Nothing changed: the session lives, the password is the old one.
    expect(await sessionStatus(tom.cookie)).toBe(200);
    const denied = (await audit()).filter(
      (event) => event.action === 'auth.password_changed' && event.actorId === users['tom@acme.example'],
    );
    expect(denied.map((event) => [event.outcome, event.reason])).toEqual([['denied', 'wrong_password']]);
  });

  it('throttles guesses of the current password like failed logins, for the change and the login alike', async () => {
    const max = await signIn('max@acme.example');
    expect((await change(max, 'guess number one', NEW_PASSWORD)).statusCode).toBe(422);
    expect((await change(max, 'guess number two', NEW_PASSWORD)).statusCode).toBe(422);
    // Even the right password waits now, and so does a login of the account.
    const blocked = await change(max, PASSWORD, NEW_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('login_throttled');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('max@acme.example')).statusCode).toBe(429);
    expect(await sessionStatus(max.cookie)).toBe(200);
    const reasons = (await audit())
      .filter(
        (event) => event.action === 'auth.password_changed' && event.actorId === users['max@acme.example'],
      )
      .map((event) => event.reason);
    expect(reasons).toContain('throttled');

    advance(61_000);
    const changed = await change(max, PASSWORD, NEW_PASSWORD);
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().otherSessionsEnded).toBeGreaterThanOrEqual(0);
  });

  it('tells a user without a TMA password (single sign-on) that they have none', async () => {
    const sam = await signIn('sso@acme.example');
    // As an account made by single sign-on: no password of its own.
    await withTenant(database, { tenantId, userId: null }, (trx) =>
      updateUser(trx, users['sso@acme.example'] as string, { password_hash: null }, clock.now),
    );
    // The session says so, so the Account page need not offer the change at all.
    const state = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      cookies: { tma_session: sam.cookie },
    });
    expect(state.json().noPassword).toBe(true);
    const refused = await change(sam, PASSWORD, NEW_PASSWORD);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('no_local_password');
    expect(refused.json().error.message).toMatch(/single sign-on/);
    expect(await sessionStatus(sam.cookie)).toBe(200);
  });

  it('needs a session', async () => {
    const anonymous = await post('/api/v1/account/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
