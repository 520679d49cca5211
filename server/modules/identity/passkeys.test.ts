// Passkeys through the real API with real WebAuthn crypto: a software authenticator (ES256 keys, "none"
// attestation in CBOR) enrols, answers the second-factor step and signs in alone; replayed challenges,
// wrong origins, cloned counters, another organisation's credential and deactivated users are refused.
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { SoftwareAuthenticator } from '../../../test/support/webauthn-authenticator.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../audit/service.ts';
import { createTenant } from '../tenants/service.ts';
import { resetSecondFactor, setRequiredSecondFactorRoles } from './second-factor.ts';
import { createUser, deactivateUser } from './service.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const PUBLIC_URL = 'https://tma.example.com';

const cookieOf = (response: LightMyRequestResponse) =>
  response.cookies.find((c) => c.name === 'tma_session')?.value;

describe.each(databaseTargets())('passkeys on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let t: TestApp;
  const tenants: Record<string, string> = {};
  type Who = { cookie: string; csrf: string };

  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload });
  const login = (tenant: string, email: string) =>
    post('/api/v1/auth/login', { tenant, email, password: PASSWORD });
  const as = (who: Who) => ({
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
  const signedIn = async (tenant: string, email: string): Promise<Who> => {
    const response = await login(tenant, email);
    expect(response.statusCode, response.body).toBe(200);
    return { cookie: cookieOf(response) as string, csrf: response.json().csrfToken };
  };
  const auditOf = async (tenant: string) =>
    (
      await withTenant(database, { tenantId: tenants[tenant] as string, userId: null }, (trx) =>
        listAuditEvents(trx, { limit: 1000 }),
      )
    ).events;
  const enrol = async (who: Who, authenticator: SoftwareAuthenticator, name = 'Laptop') => {
    const options = await as(who).send('POST', '/api/v1/account/passkeys/options', { password: PASSWORD });
    expect(options.statusCode, options.body).toBe(200);
    const response = authenticator.register(options.json());
    const added = await as(who).send('POST', '/api/v1/account/passkeys', { name, response });
    expect(added.statusCode, added.body).toBe(201);
    return {
      options: options.json() as PublicKeyCredentialCreationOptionsJSON,
      response,
      added: added.json(),
    };
  };
  const passwordlessOptions = async (tenant: string) => {
    const options = await post('/api/v1/auth/login/passkey/options', { tenant });
    expect(options.statusCode, options.body).toBe(200);
    return options.json() as PublicKeyCredentialRequestOptionsJSON;
  };

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    for (const slug of ['acme', 'other', 'strict'])
      tenants[slug] = (await createTenant(database.db, { slug, name: slug.toUpperCase() })).id;
    for (const [tenant, email] of [
      ['acme', 'ada@acme.example'],
      ['acme', 'tom@acme.example'],
      ['acme', 'leo@acme.example'],
      ['other', 'ola@other.example'],
      ['strict', 'sam@strict.example'],
    ] as const)
      await createUser(
        database,
        tenants[tenant] as string,
        { email, role: 'admin', password: PASSWORD },
        {
          kind: 'operator',
        },
      );
    await setRequiredSecondFactorRoles(database, tenants.strict as string, ['admin'], { kind: 'operator' });
    t = await buildTestApp(database, { identity: { publicUrl: PUBLIC_URL } });
  });
  afterAll(async () => {
    await t?.app.close();
    await cleanup?.();
  });

  const ada = new SoftwareAuthenticator(PUBLIC_URL);

  it('enrols a passkey after the password, with a random user handle, and lists it', async () => {
    const who = await signedIn('acme', 'ada@acme.example');
    const wrong = await as(who).send('POST', '/api/v1/account/passkeys/options', { password: 'not it' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('password_incorrect');

    const { options, response, added } = await enrol(who, ada);
    expect(options.rp.id).toBe('tma.example.com');
    expect(options.user.name).toBe('ada@acme.example');
    expect(Buffer.from(options.user.id, 'base64url').toString('utf8')).not.toContain('ada');
    expect(Buffer.from(options.user.id, 'base64url')).toHaveLength(32);
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: 'preferred',
      userVerification: 'preferred',
    });
    expect(options.excludeCredentials).toEqual([]);
    expect(added).toMatchObject({ name: 'Laptop', lastUsedAt: null });

    // The challenge was used: the same answer again is refused.
    const replay = await as(who).send('POST', '/api/v1/account/passkeys', { name: 'Again', response });
    expect(replay.statusCode).toBe(422);

    const list = await as(who).get('/api/v1/account/passkeys');
    expect(list.json()).toMatchObject({
      passwordRequired: true,
      passkeys: [{ id: added.id, name: 'Laptop' }],
    });
    // The next enrolment excludes it, and the same user handle is used.
    const next = await as(who).send('POST', '/api/v1/account/passkeys/options', { password: PASSWORD });
    expect(next.json().excludeCredentials.map((c: { id: string }) => c.id)).toEqual([response.id]);
    expect(next.json().user.id).toBe(options.user.id);

    const events = (await auditOf('acme')).filter((e) => e.action === 'auth.passkey_enrolled');
    expect(events.map((e) => e.outcome)).toEqual(['denied', 'success', 'failure']);
  });

  it('refuses an enrolment from another origin', async () => {
    const who = await signedIn('acme', 'tom@acme.example');
    const options = await as(who).send('POST', '/api/v1/account/passkeys/options', { password: PASSWORD });
    const response = new SoftwareAuthenticator(PUBLIC_URL).register(options.json(), {
      origin: 'https://tma.example.com.evil.example',
    });
    const added = await as(who).send('POST', '/api/v1/account/passkeys', { name: 'Phished', response });
    expect(added.statusCode).toBe(422);
    expect((await as(who).get('/api/v1/account/passkeys')).json().passkeys).toEqual([]);
  });

  it('answers the second-factor step after the password with a passkey', async () => {
    const first = await login('acme', 'ada@acme.example');
    expect(first.json()).toMatchObject({ secondFactorRequired: true });
    expect(cookieOf(first)).toBeUndefined();
    const { challenge } = first.json();
    const options = await post('/api/v1/auth/login/second-factor/passkey-options', { challenge });
    expect(options.statusCode, options.body).toBe(200);
    expect(options.json().allowCredentials).toHaveLength(1);
    const passkey = ada.authenticate(options.json());
    const done = await post('/api/v1/auth/login/second-factor', { challenge, passkey });
    expect(done.statusCode, done.body).toBe(200);
    expect(cookieOf(done)).toBeDefined();
    const logins = (await auditOf('acme')).filter(
      (e) => e.action === 'auth.login' && e.outcome === 'success',
    );
    expect(logins.at(-1)?.reason).toBe('second_factor:passkey');

    // The login challenge is used up: the same assertion does not open a second session.
    const again = await post('/api/v1/auth/login/second-factor', { challenge, passkey });
    expect(again.statusCode).toBe(401);
  });

  it("refuses another user's passkey as the second factor", async () => {
    const tom = new SoftwareAuthenticator(PUBLIC_URL);
    const leo = await signedIn('acme', 'leo@acme.example');
    await enrol(leo, tom);
    const first = await login('acme', 'ada@acme.example');
    const { challenge } = first.json();
    const options = await post('/api/v1/auth/login/second-factor/passkey-options', { challenge });
    // Leo's authenticator answers Ada's options with its own credential.
    const passkey = tom.authenticate({ ...options.json(), allowCredentials: [] });
    const done = await post('/api/v1/auth/login/second-factor', { challenge, passkey });
    expect(done.statusCode).toBe(401);
    expect(done.json().error.code).toBe('second_factor_invalid');
    const failed = (await auditOf('acme')).filter((e) => e.action === 'auth.second_factor_failed');
    expect(failed.at(-1)?.reason).toBe('passkey_unknown');
  });

  it('signs in with a passkey alone (discoverable, user handle finds the user), once per challenge', async () => {
    const options = await passwordlessOptions('acme');
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options.userVerification).toBe('required');
    const response = ada.authenticate(options);
    const done = await post('/api/v1/auth/login/passkey', { tenant: 'acme', response });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().user.email).toBe('ada@acme.example');
    const who = { cookie: cookieOf(done) as string, csrf: done.json().csrfToken };
    expect((await as(who).get('/api/v1/auth/session')).statusCode).toBe(200);
    expect((await as(who).get('/api/v1/account/passkeys')).json().passkeys[0].lastUsedAt).not.toBeNull();
    const logins = (await auditOf('acme')).filter(
      (e) => e.action === 'auth.login' && e.outcome === 'success',
    );
    expect(logins.at(-1)?.reason).toBe('passkey');

    const replay = await post('/api/v1/auth/login/passkey', { tenant: 'acme', response });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('invalid_credentials');
    const failures = (await auditOf('acme')).filter(
      (e) => e.action === 'auth.login' && e.outcome === 'failure',
    );
    expect(failures.at(-1)?.reason).toBe('passkey:passkey_challenge_invalid');
  });

  it('refuses an assertion made for another origin', async () => {
    const response = ada.authenticate(await passwordlessOptions('acme'), { origin: 'https://evil.example' });
    const done = await post('/api/v1/auth/login/passkey', { tenant: 'acme', response });
    expect(done.statusCode).toBe(401);
    const failures = (await auditOf('acme')).filter(
      (e) => e.action === 'auth.login' && e.outcome === 'failure',
    );
    expect(failures.at(-1)?.reason).toBe('passkey:passkey_invalid');
  });

  it('refuses and audits a counter that went backwards (a cloned authenticator)', async () => {
    const response = ada.authenticate(await passwordlessOptions('acme'), { counter: 1 });
    const done = await post('/api/v1/auth/login/passkey', { tenant: 'acme', response });
    expect(done.statusCode).toBe(401);
    const events = await auditOf('acme');
    expect(events.filter((e) => e.action === 'auth.passkey_clone_suspected')).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/^counter=\d+:stored=\d+$/) }),
    ]);
    expect(events.filter((e) => e.action === 'auth.login').at(-1)?.reason).toBe(
      'passkey:passkey_counter_regressed',
    );
    // The real authenticator, ahead of the clone, still works.
    const next = ada.authenticate(await passwordlessOptions('acme'), { counter: 50 });
    expect((await post('/api/v1/auth/login/passkey', { tenant: 'acme', response: next })).statusCode).toBe(
      200,
    );
  });

  it("refuses another organisation's credential", async () => {
    const response = ada.authenticate(await passwordlessOptions('other'));
    const done = await post('/api/v1/auth/login/passkey', { tenant: 'other', response });
    expect(done.statusCode).toBe(401);
    const failures = (await auditOf('other')).filter((e) => e.action === 'auth.login');
    expect(failures.at(-1)?.reason).toBe('passkey:passkey_unknown');
    // Nor does an answer to one organisation's challenge count at another.
    const crossed = ada.authenticate(await passwordlessOptions('acme'));
    expect(
      (await post('/api/v1/auth/login/passkey', { tenant: 'other', response: crossed })).statusCode,
    ).toBe(401);
  });

  it('gives an unknown organisation options that never sign in', async () => {
    const response = ada.authenticate(await passwordlessOptions('nowhere'));
    expect((await post('/api/v1/auth/login/passkey', { tenant: 'nowhere', response })).statusCode).toBe(401);
  });

  it('satisfies the mandatory second factor, and removal needs the password', async () => {
    const who = await signedIn('strict', 'sam@strict.example');
    expect((await as(who).get('/api/v1/auth/session')).json().secondFactorSetupRequired).toBe(true);
    expect((await as(who).get('/api/v1/account/sessions')).statusCode).toBe(403);
    const sam = new SoftwareAuthenticator(PUBLIC_URL);
    const { added } = await enrol(who, sam, 'Phone');
    expect((await as(who).get('/api/v1/auth/session')).json().secondFactorSetupRequired).toBeUndefined();
    expect((await as(who).get('/api/v1/account/sessions')).statusCode).toBe(200);

    const wrong = await as(who).send('DELETE', `/api/v1/account/passkeys/${added.id}`, { password: 'nope' });
    expect(wrong.statusCode).toBe(422);
    const removed = await as(who).send('DELETE', `/api/v1/account/passkeys/${added.id}`, {
      password: PASSWORD,
    });
    expect(removed.statusCode).toBe(204);
    const gone = await as(who).send('DELETE', `/api/v1/account/passkeys/${added.id}`, { password: PASSWORD });
    // Without a second factor again, the session is back to enrolment only.
    expect(gone.statusCode).toBe(403);
    expect(gone.json().error.code).toBe('second_factor_setup_required');
    expect((await as(who).get('/api/v1/auth/session')).json().secondFactorSetupRequired).toBe(true);
    const events = (await auditOf('strict')).filter((e) => e.action === 'auth.passkey_removed');
    expect(events.map((e) => e.outcome)).toEqual(['denied', 'success']);
  });

  it('removes the passkeys with `tma user reset-2fa`', async () => {
    const who = await signedIn('other', 'ola@other.example');
    await enrol(who, new SoftwareAuthenticator(PUBLIC_URL));
    expect((await login('other', 'ola@other.example')).json()).toMatchObject({ secondFactorRequired: true });
    await resetSecondFactor(database, tenants.other as string, 'ola@other.example', { kind: 'operator' });
    const after = await login('other', 'ola@other.example');
    expect(cookieOf(after)).toBeDefined();
    const reset = (await auditOf('other')).filter((e) => e.action === 'user.reset_2fa');
    expect(reset.at(-1)?.reason).toBe('totp=none:passkeys_removed=1:sessions_revoked=1');
  });

  it('refuses a deactivated user', async () => {
    await deactivateUser(database, tenants.acme as string, 'ada@acme.example', { kind: 'operator' });
    const response = ada.authenticate(await passwordlessOptions('acme'));
    const done = await post('/api/v1/auth/login/passkey', { tenant: 'acme', response });
    expect(done.statusCode).toBe(401);
    const failures = (await auditOf('acme')).filter(
      (e) => e.action === 'auth.login' && e.outcome === 'failure',
    );
    expect(failures.at(-1)?.reason).toBe('passkey:user_deactivated');
  });
});
