import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { HttpBrowser } from '../../../test/support/http-browser.ts';
import {
  type ProviderAccount,
  startTestOidcProvider,
  type TestOidcProvider,
} from '../../../test/support/oidc-provider.ts';
import { type SignedInCall, signIn } from '../../../test/support/session.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../audit/service.ts';
import type { SessionState } from '../identity/schemas.ts';
import { createUser, deactivateUser } from '../identity/service.ts';
import { totpCode } from '../identity/totp.ts';
import { createTenant } from '../tenants/service.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const clock = { offsetMs: 0 };
const now = () => new Date(Date.now() + clock.offsetMs);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

describe.each(databaseTargets())('single sign-on with OpenID Connect on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let keyring: Keyring;
  let t: TestApp;
  let idp: TestOidcProvider;
  let publicUrl: string;
  const tenants: Record<string, string> = {};
  const admins: Record<string, SignedInCall> = {};

  const auditOf = async (tenant: string) =>
    (
      await withTenant(database, { tenantId: tenants[tenant] as string, userId: null }, (trx) =>
        listAuditEvents(trx, { limit: 1000 }),
      )
    ).events;
  const configure = (tenant: string, changes: Record<string, unknown> = {}) =>
    (admins[tenant] as SignedInCall)('PUT', '/api/v1/tenant/sso', {
      enabled: true,
      issuerUrl: idp.issuer,
      clientId: `tma-${tenant}`,
      clientSecret: `secret-of-${tenant}`,
      buttonLabel: 'Sign in with Contoso ID',
      roleClaim: 'groups',
      roleMapping: [
        { value: 'tma-admins', role: 'admin' },
        { value: 'tma-team', role: 'threat_manager' },
      ],
      defaultRole: null,
      createUsers: true,
      allowedDomains: [`${tenant}.example`],
      ...changes,
    });
  /** Plays a browser from TMA's start URL through the provider and back, until TMA sends it to the app. */
  const signInThroughProvider = async (
    tenant: string,
    account: ProviderAccount,
    browser = new HttpBrowser(),
  ) => {
    idp.account = account;
    const flow = await browser.follow(
      `${publicUrl}/api/v1/auth/sso/${tenant}/start`,
      (next) => next.origin === publicUrl && !next.pathname.startsWith('/api/'),
    );
    return { ...flow, browser };
  };
  const sessionOf = async (browser: HttpBrowser) => {
    const response = await browser.fetch(`${publicUrl}/api/v1/auth/session`);
    return { status: response.status, body: (await response.json()) as SessionState };
  };

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    for (const slug of ['acme', 'globex'])
      tenants[slug] = (await createTenant(database.db, { slug, name: slug.toUpperCase() })).id;
    keyring = new Keyring(
      database,
      await createKeyProvider(
        { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
        pino({ level: 'silent' }),
      ),
    );
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    const redirectUri = `${publicUrl}/api/v1/auth/sso/callback`;
    idp = await startTestOidcProvider({
      clients: [
        { clientId: 'tma-acme', clientSecret: 'secret-of-acme', redirectUri },
        { clientId: 'tma-globex', clientSecret: 'secret-of-globex', redirectUri },
      ],
      account: { sub: 'nobody', email: 'nobody@acme.example', groups: [] },
    });
    t = await buildTestApp(database, { identity: { keyring, now }, sso: { keyring, publicUrl } });
    await t.app.listen({ port, host: '127.0.0.1' });
    for (const slug of ['acme', 'globex']) {
      await createUser(
        database,
        tenants[slug] as string,
        { email: `admin@${slug}.example`, role: 'admin', password: PASSWORD },
        { kind: 'operator' },
      );
      admins[slug] = await signIn(t.app, {
        tenant: slug,
        email: `admin@${slug}.example`,
        password: PASSWORD,
      });
    }
  }, 60_000);
  afterAll(async () => {
    await t?.app.close();
    await idp?.stop();
    await keyring?.provider.close();
    await cleanup();
  });

  it('lets admins configure the provider; the secret is sealed and never returned; others may not', async () => {
    const saved = await configure('acme');
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.body).not.toContain('secret-of-acme');
    expect(saved.json()).toMatchObject({
      configured: true,
      enabled: true,
      clientId: 'tma-acme',
      clientSecretSet: true,
      callbackUrl: `${publicUrl}/api/v1/auth/sso/callback`,
    });
    const read = await (admins.acme as SignedInCall)('GET', '/api/v1/tenant/sso');
    expect(read.body).not.toContain('secret-of-acme');
    const raw = await withTenant(database, { tenantId: tenants.acme as string, userId: null }, (trx) =>
      sql<{ secret: Buffer }>`SELECT client_secret_sealed AS secret FROM tenant_sso_settings`.execute(trx),
    );
    expect(Buffer.from(raw.rows[0]?.secret ?? []).toString('latin1')).not.toContain('secret-of-acme');
    expect((await auditOf('acme')).filter((e) => e.action === 'tenant.sso_changed')).toHaveLength(1);

    // Saving again without a secret keeps it.
    const again = await configure('acme', { clientSecret: undefined });
    expect(again.json().clientSecretSet).toBe(true);

    await createUser(
      database,
      tenants.acme as string,
      { email: 'aud@acme.example', role: 'auditor', password: PASSWORD },
      { kind: 'operator' },
    );
    const auditor = await signIn(t.app, { tenant: 'acme', email: 'aud@acme.example', password: PASSWORD });
    expect((await auditor('GET', '/api/v1/tenant/sso')).statusCode).toBe(403);
    expect(
      (await auditor('PUT', '/api/v1/tenant/security', { requireSecondFactorRoles: [] })).statusCode,
    ).toBe(403);
    const bad = await configure('acme', { issuerUrl: 'http://idp.example.com' });
    expect(bad.statusCode).toBe(422);
  });

  it('tells the login page only whether an organisation offers single sign-on and the label', async () => {
    const acme = await t.app.inject({ url: '/api/v1/auth/sso/acme' });
    expect(acme.json()).toEqual({ enabled: true, buttonLabel: 'Sign in with Contoso ID' });
    expect((await t.app.inject({ url: '/api/v1/auth/sso/globex' })).json()).toEqual({
      enabled: false,
      buttonLabel: null,
    });
    expect((await t.app.inject({ url: '/api/v1/auth/sso/nowhere' })).json().enabled).toBe(false);
    // Not configured: the start sends the browser back to the login page.
    const start = await t.app.inject({ url: '/api/v1/auth/sso/globex/start' });
    expect(start.statusCode).toBe(303);
    expect(start.headers.location).toBe(`${publicUrl}/login?sso_error=unavailable&tenant=globex`);
  });

  it('logs a user in through the real provider, creating the account just in time with the mapped role', async () => {
    const flow = await signInThroughProvider('acme', {
      sub: 'nina-1',
      email: 'Nina@acme.example',
      name: 'Nina Berg',
      groups: ['staff', 'tma-team'],
    });
    // start → provider /auth → interaction → provider /auth/:uid → TMA callback → the app
    expect(flow.hops[0]).toContain('/api/v1/auth/sso/acme/start');
    expect(flow.hops.some((hop) => hop.startsWith(`${idp.issuer}/auth`))).toBe(true);
    expect(flow.hops.at(-1)).toContain('/api/v1/auth/sso/callback?code=');
    expect(flow.location.href).toBe(`${publicUrl}/`);
    const session = await sessionOf(flow.browser);
    expect(session.status).toBe(200);
    expect(session.body.user).toMatchObject({
      email: 'nina@acme.example',
      displayName: 'Nina Berg',
      role: 'threat_manager',
      tenant: { slug: 'acme' },
    });
    // The session works for the API like a password session (CSRF token included).
    const units = await flow.browser.fetch(`${publicUrl}/api/v1/account/sessions`);
    expect(units.status).toBe(200);
    const events = await auditOf('acme');
    expect(events.find((e) => e.action === 'user.create' && e.actorType === 'system')?.reason).toBe(
      'sso:just_in_time:role=threat_manager',
    );
    expect(events.filter((e) => e.action === 'auth.login' && e.outcome === 'success').at(-1)?.reason).toBe(
      'method:sso',
    );
  });

  it('changes the role when the claim changed at the next login (audited)', async () => {
    const flow = await signInThroughProvider('acme', {
      sub: 'nina-1',
      email: 'nina@acme.example',
      groups: ['tma-admins'],
    });
    expect(flow.location.href).toBe(`${publicUrl}/`);
    expect((await sessionOf(flow.browser)).body.user.role).toBe('admin');
    const changed = (await auditOf('acme')).filter((e) => e.action === 'user.role_changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]?.reason).toBe('sso:from=threat_manager:to=admin');
    // The same claim again changes nothing.
    await signInThroughProvider('acme', {
      sub: 'nina-1',
      email: 'nina@acme.example',
      groups: ['tma-admins'],
    });
    expect((await auditOf('acme')).filter((e) => e.action === 'user.role_changed')).toHaveLength(1);
  });

  it('refuses a wrong state, a state from another browser and a replayed callback', async () => {
    const account = { sub: 'nina-1', email: 'nina@acme.example', groups: ['tma-admins'] };
    const toCallback = (next: URL) => next.pathname === '/api/v1/auth/sso/callback';
    const failsWith = async (browser: HttpBrowser, url: string, kind: string) => {
      const response = await browser.fetch(url);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toMatch(
        new RegExp(`^${publicUrl}/login\\?sso_error=${kind}(&tenant=acme)?$`),
      );
      expect(browser.cookie('tma_session')).toBeUndefined();
    };

    idp.account = account;
    const first = new HttpBrowser();
    const callback = (await first.follow(`${publicUrl}/api/v1/auth/sso/acme/start`, toCallback)).location;
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'not-the-state');
    await failsWith(first, tampered.href, 'state_invalid');

    // The right state, but in a browser that did not start this sign-in (login CSRF).
    const second = new HttpBrowser();
    const other = (await second.follow(`${publicUrl}/api/v1/auth/sso/acme/start`, toCallback)).location;
    await failsWith(new HttpBrowser(), other.href, 'state_invalid');
    expect((await auditOf('acme')).some((e) => e.reason === 'sso:state_mismatch')).toBe(true);

    // A completed sign-in cannot be replayed, even with the state cookie put back.
    const third = new HttpBrowser();
    const done = (await third.follow(`${publicUrl}/api/v1/auth/sso/acme/start`, toCallback)).location;
    const state = done.searchParams.get('state') as string;
    const ok = await third.fetch(done.href);
    expect(ok.headers.get('location')).toBe(`${publicUrl}/`);
    const replay = new HttpBrowser();
    replay.setCookie(publicUrl, 'tma_sso_state', state, '/api/v1/auth/sso');
    await failsWith(replay, done.href, 'state_invalid');
    expect((await auditOf('acme')).some((e) => e.reason === 'sso:state_expired')).toBe(true);
  });

  it('refuses users without a mapped role, from other domains, unknown without just-in-time, or deactivated', async () => {
    const refused = async (tenant: string, account: ProviderAccount, reason: string) => {
      const flow = await signInThroughProvider(tenant, account);
      expect(flow.location.href).toBe(`${publicUrl}/login?sso_error=account_refused&tenant=${tenant}`);
      expect(flow.browser.cookie('tma_session')).toBeUndefined();
      const failure = (await auditOf(tenant)).filter((e) => e.action === 'auth.login').at(-1);
      expect(failure).toMatchObject({ outcome: 'failure', reason });
    };
    await refused('acme', { sub: 'x-1', email: 'xavier@acme.example', groups: ['staff'] }, 'sso:no_role');
    await refused(
      'acme',
      { sub: 'x-2', email: 'xavier@elsewhere.example', groups: ['tma-team'] },
      'sso:domain_not_allowed',
    );
    await configure('acme', { createUsers: false, clientSecret: undefined });
    await refused(
      'acme',
      { sub: 'x-3', email: 'xena@acme.example', groups: ['tma-team'] },
      'sso:unknown_user',
    );
    await configure('acme', { clientSecret: undefined });

    await deactivateUser(database, tenants.acme as string, 'nina@acme.example', { kind: 'operator' });
    await refused(
      'acme',
      { sub: 'nina-1', email: 'nina@acme.example', groups: ['tma-admins'] },
      'sso:user_deactivated',
    );
  });

  it("uses only the signing-in tenant's configuration and users", async () => {
    // globex: its own client, its own mapping; an account with the same e-mail address as in acme.
    await createUser(
      database,
      tenants.globex as string,
      { email: 'omar@acme.example', role: 'expert' },
      { kind: 'operator' },
    );
    const saved = await configure('globex', {
      buttonLabel: 'Globex login',
      roleMapping: [{ value: 'tma-team', role: 'auditor' }],
      createUsers: false,
      allowedDomains: [],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const acmeOmar = await signInThroughProvider('acme', {
      sub: 'omar',
      email: 'omar@acme.example',
      groups: ['tma-team'],
    });
    expect((await sessionOf(acmeOmar.browser)).body.user).toMatchObject({
      role: 'threat_manager',
      tenant: { slug: 'acme' },
    });
    // The code is issued to globex's client: with acme's client or secret the exchange would fail.
    const globexOmar = await signInThroughProvider('globex', {
      sub: 'omar',
      email: 'omar@acme.example',
      groups: ['tma-team'],
    });
    expect(globexOmar.location.href).toBe(`${publicUrl}/`);
    expect((await sessionOf(globexOmar.browser)).body.user).toMatchObject({
      role: 'auditor',
      tenant: { slug: 'globex' },
    });
    // Neither tenant's audit log holds the other's sign-ins.
    expect((await auditOf('acme')).filter((e) => e.action === 'user.role_changed')).toHaveLength(1);
    expect((await auditOf('globex')).filter((e) => e.action === 'user.role_changed')).toHaveLength(1);

    // Switched off at globex: its start and the public answer say so, acme's stays on.
    await configure('globex', { enabled: false, clientSecret: undefined });
    expect((await t.app.inject({ url: '/api/v1/auth/sso/globex' })).json().enabled).toBe(false);
    expect((await t.app.inject({ url: '/api/v1/auth/sso/acme' })).json().enabled).toBe(true);
    const off = await signInThroughProvider('globex', {
      sub: 'omar',
      email: 'omar@acme.example',
      groups: [],
    });
    expect(off.location.href).toBe(`${publicUrl}/login?sso_error=unavailable&tenant=globex`);
  });

  it("requires TMA's second factor for a role that needs one, unless the provider reports MFA", async () => {
    expect((await (admins.acme as SignedInCall)('GET', '/api/v1/tenant/security')).json()).toEqual({
      requireSecondFactorRoles: [],
    });
    const policy = await (admins.acme as SignedInCall)('PUT', '/api/v1/tenant/security', {
      requireSecondFactorRoles: ['admin'],
    });
    expect(policy.json()).toEqual({ requireSecondFactorRoles: ['admin'] });
    // The admin who set it has no second factor yet: from now on only enrolment is open to them.
    expect((await (admins.acme as SignedInCall)('GET', '/api/v1/tenant/security')).statusCode).toBe(403);
    expect((await auditOf('acme')).some((e) => e.action === 'tenant.require_2fa')).toBe(true);
    const rita = { sub: 'rita', email: 'rita@acme.example', groups: ['tma-admins'] };
    // Without TOTP: a session that can only enrol, as after a password.
    const first = await signInThroughProvider('acme', rita);
    const limited = await sessionOf(first.browser);
    expect(limited.body.secondFactorSetupRequired).toBe(true);
    const csrf = limited.body.csrfToken as string;
    const post = (url: string, body?: object) =>
      first.browser.fetch(`${publicUrl}${url}`, {
        method: 'POST',
        headers: { 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const setup = (await (await post('/api/v1/account/totp/setup')).json()) as { secretBase32: string };
    const confirmed = await post('/api/v1/account/totp/confirm', {
      code: totpCode(setup.secretBase32, now()),
    });
    expect(confirmed.status).toBe(200);

    // With TOTP and no MFA at the provider: TMA asks for the code; the challenge is in the fragment.
    clock.offsetMs += 31_000;
    const second = await signInThroughProvider('acme', { ...rita, amr: ['pwd'] });
    expect(second.location.pathname).toBe('/login');
    expect(second.browser.cookie('tma_session')).toBeUndefined();
    const challenge = new URLSearchParams(second.location.hash.slice(1)).get('sso-challenge') as string;
    const completed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login/second-factor',
      payload: { challenge, code: totpCode(setup.secretBase32, now()) },
    });
    expect(completed.statusCode, completed.body).toBe(200);
    expect(completed.json().user.email).toBe('rita@acme.example');

    // The provider reports MFA: its word is taken, no second step.
    const third = await signInThroughProvider('acme', { ...rita, amr: ['pwd', 'otp', 'mfa'] });
    expect(third.location.href).toBe(`${publicUrl}/`);
    expect((await sessionOf(third.browser)).body.secondFactorSetupRequired).toBeUndefined();
    const logins = (await auditOf('acme')).filter(
      (e) => e.action === 'auth.login' && e.outcome === 'success',
    );
    expect(logins.at(-1)?.reason).toBe('method:sso.amr:mfa');
  });
});
