import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../audit/service.ts';
import { createTenant } from '../tenants/service.ts';
import { resetSecondFactor, setRequiredSecondFactorRoles } from './second-factor.ts';
import { createUser } from './service.ts';
import { totpCode } from './totp.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const clock = { now: new Date('2026-11-23T08:00:05Z') };
const advance = (ms: number) => {
  clock.now = new Date(clock.now.getTime() + ms);
};
const nextStep = () => advance(30_000);

function sessionCookie(response: LightMyRequestResponse): string | undefined {
  return response.cookies.find((c) => c.name === 'tma_session')?.value;
}

describe.each(databaseTargets())('second factors on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let keyring: Keyring;
  let t: TestApp;
  const tenants: Record<string, string> = {};

  const login = (tenant: string, email: string, password = PASSWORD) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant, email, password } });
  const secondFactor = (payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload });
  const as = (who: { cookie: string; csrf: string }) => ({
    get: (url: string) => t.app.inject({ url, cookies: { tma_session: who.cookie } }),
    send: (method: 'POST' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({
        method,
        url,
        cookies: { tma_session: who.cookie },
        headers: { 'x-csrf-token': who.csrf },
        ...(payload ? { payload } : {}),
      }),
  });
  const signedIn = async (tenant: string, email: string) => {
    const response = await login(tenant, email);
    expect(response.statusCode, response.body).toBe(200);
    return { cookie: sessionCookie(response) as string, csrf: response.json().csrfToken as string };
  };
  const enrol = async (who: { cookie: string; csrf: string }) => {
    const setup = await as(who).send('POST', '/api/v1/account/totp/setup');
    expect(setup.statusCode, setup.body).toBe(200);
    const { secretBase32 } = setup.json();
    const confirm = await as(who).send('POST', '/api/v1/account/totp/confirm', {
      code: totpCode(secretBase32, clock.now),
    });
    expect(confirm.statusCode, confirm.body).toBe(200);
    return { secret: secretBase32 as string, recoveryCodes: confirm.json().recoveryCodes as string[] };
  };
  const auditOf = async (tenant: string) =>
    (
      await withTenant(database, { tenantId: tenants[tenant] as string, userId: null }, (trx) =>
        listAuditEvents(trx, { limit: 1000 }),
      )
    ).events;
  const addUser = (tenant: string, email: string, role: 'admin' | 'auditor' = 'admin') =>
    createUser(
      database,
      tenants[tenant] as string,
      { email, role, password: PASSWORD },
      { kind: 'operator' },
    );

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    for (const slug of ['acme', 'strict', 'lost'])
      tenants[slug] = (await createTenant(database.db, { slug, name: slug.toUpperCase() })).id;
    await addUser('acme', 'ada@acme.example');
    await addUser('acme', 'tom@acme.example');
    await addUser('strict', 'sam@strict.example');
    await addUser('strict', 'aud@strict.example', 'auditor');
    await addUser('lost', 'lou@lost.example');
    keyring = new Keyring(
      database,
      await createKeyProvider(
        { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
        pino({ level: 'silent' }),
      ),
    );
    t = await buildTestApp(database, {
      identity: {
        now: () => clock.now,
        keyring,
        throttle: { freeFailures: 2, baseDelaySeconds: 5, accountLockoutFailures: 5 },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await t?.app.close();
    await keyring?.provider.close();
    await cleanup();
  });

  it('enrols TOTP: setup gives a QR code, a wrong code is refused, a right one returns recovery codes once', async () => {
    const ada = await signedIn('acme', 'ada@acme.example');
    expect((await as(ada).get('/api/v1/account/totp')).json()).toEqual({
      enabled: false,
      confirmedAt: null,
      recoveryCodesLeft: 0,
      required: false,
    });
    const setup = await as(ada).send('POST', '/api/v1/account/totp/setup');
    expect(setup.statusCode, setup.body).toBe(200);
    expect(setup.headers['cache-control']).toBe('no-store');
    const { secretBase32, otpauthUri, qrCodeSvg } = setup.json();
    expect(secretBase32).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toContain(`secret=${secretBase32}`);
    expect(otpauthUri).toContain('issuer=TMA%20ACME');
    expect(qrCodeSvg).toMatch(/^<svg /);

    // The secret is stored sealed, never in clear.
    const row = await withTenant(database, { tenantId: tenants.acme as string, userId: null }, (trx) =>
      trx.selectFrom('user_totp').selectAll().executeTakeFirstOrThrow(),
    );
    expect(row.confirmed_at).toBeNull();
    expect(Buffer.from(row.secret_sealed).toString('latin1')).not.toContain(secretBase32);

    // Pending: login still needs only the password.
    expect((await login('acme', 'ada@acme.example')).json().csrfToken).toBeDefined();

    const wrong = await as(ada).send('POST', '/api/v1/account/totp/confirm', { code: '000000' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('totp_code_invalid');
    const right = await as(ada).send('POST', '/api/v1/account/totp/confirm', {
      code: totpCode(secretBase32, clock.now),
    });
    expect(right.statusCode, right.body).toBe(200);
    const { recoveryCodes } = right.json();
    expect(recoveryCodes).toHaveLength(10);
    const again = await as(ada).send('POST', '/api/v1/account/totp/setup');
    expect(again.statusCode).toBe(409);
    const status = (await as(ada).get('/api/v1/account/totp')).json();
    expect(status).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });

    const codes = await withTenant(database, { tenantId: tenants.acme as string, userId: null }, (trx) =>
      trx.selectFrom('recovery_codes').selectAll().execute(),
    );
    expect(JSON.stringify(codes)).not.toContain(recoveryCodes[0]);
    expect((await auditOf('acme')).map((e) => e.action)).toContain('auth.totp_enrolled');
  });

  it('logs in in two steps; wrong codes count as failed logins; a code works once', async () => {
    nextStep();
    const first = await login('acme', 'ada@acme.example');
    expect(first.statusCode).toBe(200);
    expect(first.cookies).toEqual([]);
    const body = first.json();
    expect(body).toEqual({
      secondFactorRequired: true,
      challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: new Date(clock.now.getTime() + 5 * 60_000).toISOString(),
    });
    const secret = (await enrolledSecret('acme', 'ada@acme.example')) as string;

    // Two free failures, then the account is delayed like after wrong passwords.
    for (let i = 0; i < 2; i++) {
      const wrong = await secondFactor({ challenge: body.challenge, code: '000000' });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error.code).toBe('second_factor_invalid');
    }
    expect((await secondFactor({ challenge: body.challenge, code: '000000' })).statusCode).toBe(401);
    const blocked = await secondFactor({ challenge: body.challenge, code: totpCode(secret, clock.now) });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('5');
    expect((await login('acme', 'ada@acme.example')).statusCode).toBe(429);
    advance(5_000);

    const code = totpCode(secret, clock.now);
    const done = await secondFactor({ challenge: body.challenge, code });
    expect(done.statusCode, done.body).toBe(200);
    const cookie = sessionCookie(done) as string;
    expect(done.json().user.email).toBe('ada@acme.example');
    expect(
      (await t.app.inject({ url: '/api/v1/auth/session', cookies: { tma_session: cookie } })).statusCode,
    ).toBe(200);

    // The challenge is used up, and the same code does not work for a new login either.
    expect((await secondFactor({ challenge: body.challenge, code })).json().error.code).toBe(
      'challenge_invalid',
    );
    const second = (await login('acme', 'ada@acme.example')).json();
    const replay = await secondFactor({ challenge: second.challenge, code });
    expect(replay.statusCode).toBe(401);
    nextStep();
    expect(
      (await secondFactor({ challenge: second.challenge, code: totpCode(secret, clock.now) })).statusCode,
    ).toBe(200);
    const events = await auditOf('acme');
    expect(events.filter((e) => e.action === 'auth.second_factor_failed').length).toBeGreaterThanOrEqual(4);
    expect(events.some((e) => e.action === 'auth.login' && e.reason === 'second_factor:totp')).toBe(true);
  });

  it('accepts each recovery code once', async () => {
    nextStep();
    const ada = await signedInWithTotp('acme', 'ada@acme.example');
    const { recoveryCodes } = await reenrol(ada);
    const challenge = (await login('acme', 'ada@acme.example')).json().challenge;
    const used = await secondFactor({ challenge, recoveryCode: (recoveryCodes[3] as string).toUpperCase() });
    expect(used.statusCode, used.body).toBe(200);
    const next = (await login('acme', 'ada@acme.example')).json().challenge;
    expect(
      (await secondFactor({ challenge: next, recoveryCode: recoveryCodes[3] as string })).statusCode,
    ).toBe(401);
    expect(
      (await secondFactor({ challenge: next, recoveryCode: recoveryCodes[4] as string })).statusCode,
    ).toBe(200);
    const bad = await secondFactor({ challenge: next, code: '123456', recoveryCode: 'x' });
    expect(bad.statusCode).toBe(422); // one of the two, never both
    const events = await auditOf('acme');
    expect(events.filter((e) => e.action === 'auth.recovery_code_used')).toHaveLength(2);
  });

  it('lets a challenge expire after five minutes and refuses garbage', async () => {
    nextStep();
    const challenge = (await login('acme', 'ada@acme.example')).json().challenge;
    advance(5 * 60_000 + 1_000);
    const secret = (await enrolledSecret('acme', 'ada@acme.example')) as string;
    const late = await secondFactor({ challenge, code: totpCode(secret, clock.now) });
    expect(late.statusCode).toBe(401);
    expect(late.json().error.code).toBe('challenge_invalid');
    for (const garbage of ['nonsense', 'A'.repeat(43)])
      expect((await secondFactor({ challenge: garbage, code: '123456' })).json().error.code).toBe(
        'challenge_invalid',
      );
    const neither = await secondFactor({ challenge });
    expect(neither.statusCode).toBe(422);
  });

  it('removes TOTP only with the password, audited', async () => {
    nextStep();
    const ada = await signedInWithTotp('acme', 'ada@acme.example');
    const wrong = await as(ada).send('DELETE', '/api/v1/account/totp', { password: 'not it at all' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('password_incorrect');
    const done = await as(ada).send('DELETE', '/api/v1/account/totp', { password: PASSWORD });
    expect(done.statusCode).toBe(204);
    expect((await login('acme', 'ada@acme.example')).json().csrfToken).toBeDefined();
    const removed = (await auditOf('acme')).filter((e) => e.action === 'auth.totp_removed');
    expect(removed.map((e) => e.outcome)).toEqual(expect.arrayContaining(['denied', 'success']));
  });

  it('restricts a session to enrolment while the tenant requires a second factor for the role', async () => {
    await setRequiredSecondFactorRoles(database, tenants.strict as string, ['admin'], { kind: 'operator' });
    const sam = await signedIn('strict', 'sam@strict.example');
    const session = await as(sam).get('/api/v1/auth/session');
    expect(session.statusCode).toBe(200);
    expect(session.json().secondFactorSetupRequired).toBe(true);
    const sessions = await as(sam).get('/api/v1/account/sessions');
    expect(sessions.statusCode).toBe(403);
    expect(sessions.json().error.code).toBe('second_factor_setup_required');
    expect((await as(sam).get('/api/v1/account/totp')).json().required).toBe(true);
    await enrol(sam);
    const after = await as(sam).get('/api/v1/auth/session');
    expect(after.json().secondFactorSetupRequired).toBeUndefined();
    expect((await as(sam).get('/api/v1/account/sessions')).statusCode).toBe(200);
    // Other roles are not affected.
    const aud = await signedIn('strict', 'aud@strict.example');
    expect((await as(aud).get('/api/v1/account/sessions')).statusCode).toBe(200);
    const events = await auditOf('strict');
    expect(events.find((e) => e.action === 'tenant.require_2fa')).toMatchObject({
      actorType: 'operator',
      reason: 'roles=admin',
    });
  });

  it('reset-2fa removes the factor and ends the sessions', async () => {
    const lou = await signedIn('lost', 'lou@lost.example');
    await enrol(lou);
    const result = await resetSecondFactor(database, tenants.lost as string, 'LOU@lost.example', {
      kind: 'operator',
    });
    expect(result).toEqual({ removed: true, sessionsRevoked: 1 });
    expect((await as(lou).get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await login('lost', 'lou@lost.example')).json().csrfToken).toBeDefined();
    expect((await auditOf('lost')).find((e) => e.action === 'user.reset_2fa')).toMatchObject({
      actorType: 'operator',
      outcome: 'success',
    });
  });

  it('keeps no browser with a login challenge', async () => {
    await addUser('acme', 'uma@acme.example');
    await enrol(await signedIn('acme', 'uma@acme.example'));
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: 'acme', email: 'uma@acme.example', password: PASSWORD },
      headers: { 'user-agent': 'ChallengeBrowser/7.1' },
    });
    expect(response.json()).toMatchObject({ secondFactorRequired: true });
    // Nothing reads a challenge's browser: it is not written (the column stays for the previous release).
    const agents = await withTenant(database, { tenantId: tenants.acme as string, userId: null }, (trx) =>
      trx.selectFrom('login_challenges').select('user_agent').execute(),
    );
    expect(agents.length).toBeGreaterThan(0);
    expect(agents.filter((row) => row.user_agent !== null)).toEqual([]);
  });

  it('answers 503 for TOTP setup when the app has no keyring', async () => {
    const bare = await buildTestApp(database, { identity: { now: () => clock.now } });
    try {
      const response = await bare.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: 'acme', email: 'tom@acme.example', password: PASSWORD },
      });
      const setup = await bare.app.inject({
        method: 'POST',
        url: '/api/v1/account/totp/setup',
        cookies: { tma_session: sessionCookie(response) as string },
        headers: { 'x-csrf-token': response.json().csrfToken },
      });
      expect(setup.statusCode).toBe(503);
      expect(setup.json().error.code).toBe('second_factor_unavailable');
    } finally {
      await bare.app.close();
    }
  });

  /** The TOTP secret as the server stores it, opened (tests only). */
  async function enrolledSecret(tenant: string, email: string): Promise<string | undefined> {
    const tenantId = tenants[tenant] as string;
    const keys = await keyring.forTenant(tenantId);
    return withTenant(database, { tenantId, userId: null }, async (trx) => {
      const user = await trx
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      const row = await trx
        .selectFrom('user_totp')
        .selectAll()
        .where('user_id', '=', user.id)
        .executeTakeFirst();
      if (!row) return undefined;
      const cipher = await keys.scope(trx, 'user', user.id);
      return cipher.openText(row.secret_sealed, {
        table: 'user_totp',
        column: 'secret_sealed',
        rowId: user.id,
      });
    });
  }

  async function signedInWithTotp(tenant: string, email: string) {
    const challenge = (await login(tenant, email)).json().challenge;
    const done = await secondFactor({
      challenge,
      code: totpCode((await enrolledSecret(tenant, email)) as string, clock.now),
    });
    expect(done.statusCode, done.body).toBe(200);
    return { cookie: sessionCookie(done) as string, csrf: done.json().csrfToken as string };
  }

  async function reenrol(who: { cookie: string; csrf: string }) {
    expect((await as(who).send('DELETE', '/api/v1/account/totp', { password: PASSWORD })).statusCode).toBe(
      204,
    );
    nextStep();
    const signedInAgain = await signedIn('acme', 'ada@acme.example');
    return enrol(signedInAgain);
  }
});
