// Passkeys when the browser is at another address than the public URL: on the embedded database without
// TMA_PUBLIC_URL (PORT=3001, say) the loopback address the browser used is the relying party, so adding a
// passkey works; with a TMA_PUBLIC_URL that names another port, or at an IP address, the refusal is a 422
// with a code and a message that says what to do, and the server log says why (codes and addresses, never a
// password or a challenge).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { SoftwareAuthenticator } from '../../../test/support/webauthn-authenticator.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { PublicAddress } from '../../public-url.ts';
import { listAuditEvents } from '../audit/service.ts';
import { createTenant } from '../tenants/service.ts';
import { createUser } from './service.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';

describe.each(databaseTargets())('passkeys at another address on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let tenantId: string;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    // One user per test: a passkey makes it the second factor of the next sign-in.
    for (const name of ['ada', 'ben', 'cai', 'dan'])
      await createUser(
        database,
        tenantId,
        { email: `${name}@acme.example`, role: 'admin', password: PASSWORD },
        { kind: 'operator' },
      );
  });
  afterAll(async () => {
    for (const t of apps) await t.app.close();
    await cleanup?.();
  });

  /** The app as main.ts builds it: TMA_PUBLIC_URL (`configured`) or the default of PORT=3000. */
  async function appWith(publicUrl: string, configured: boolean): Promise<TestApp> {
    const publicAddress = new PublicAddress({ base: publicUrl, configured, embedded: true });
    const t = await buildTestApp(database, { identity: { publicUrl, publicAddress } });
    apps.push(t);
    return t;
  }

  /** Signs a user in and returns a caller that sends the session, the CSRF token and the browser's address. */
  async function signedIn(t: TestApp, name: string, browserAt: string) {
    const headers = { host: new URL(browserAt).host, origin: browserAt };
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers,
      payload: { tenant: 'acme', email: `${name}@acme.example`, password: PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'tma_session')?.value as string;
    return (url: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url,
        cookies: { tma_session: cookie },
        headers: { ...headers, 'x-csrf-token': login.json().csrfToken },
        payload,
      });
  }

  const refusalsIn = (t: TestApp) =>
    t.logs.filter((line) => line.passkeyRefusal !== undefined).map((line) => line.passkeyRefusal);

  it('adds a passkey at the loopback address the browser used when TMA_PUBLIC_URL is unset', async () => {
    const t = await appWith('http://localhost:3000', false);
    const call = await signedIn(t, 'ada', 'http://localhost:3001');
    const options = await call('/api/v1/account/passkeys/options', { password: PASSWORD });
    expect(options.statusCode, options.body).toBe(200);
    expect(options.json().rp.id).toBe('localhost');
    const response = new SoftwareAuthenticator('http://localhost:3001').register(options.json());
    const added = await call('/api/v1/account/passkeys', { name: 'Laptop', response });
    expect(added.statusCode, added.body).toBe(201);
    expect(refusalsIn(t)).toEqual([]);
  });

  it('refuses with what to do, and logs why, when TMA_PUBLIC_URL names another port', async () => {
    const t = await appWith('http://localhost:3000', true);
    const call = await signedIn(t, 'ben', 'http://localhost:3001');
    const options = await call('/api/v1/account/passkeys/options', { password: PASSWORD });
    expect(options.statusCode, options.body).toBe(422);
    expect(options.json().error.code).toBe('passkey_origin_mismatch');
    expect(options.json().error.message).toBe(
      'This page is open at http://localhost:3001, but passkeys here belong to http://localhost:3000. Open TMA at http://localhost:3000, or set TMA_PUBLIC_URL to the address you use.',
    );

    // A registration made at the other port (its options came from elsewhere): refused the same way.
    const options3000 = await (await signedIn(t, 'ben', 'http://localhost:3000'))(
      '/api/v1/account/passkeys/options',
      {
        password: PASSWORD,
      },
    );
    const response = new SoftwareAuthenticator('http://localhost:3001').register(options3000.json());
    const added = await call('/api/v1/account/passkeys', { name: 'Laptop', response });
    expect(added.statusCode, added.body).toBe(422);
    expect(added.json().error.code).toBe('passkey_origin_mismatch');

    // An answer that does not verify (signed for another relying party): 422 passkey_invalid, logged too.
    const tampered = new SoftwareAuthenticator('http://localhost:3000').register({
      ...options3000.json(),
      rp: { ...options3000.json().rp, id: 'evil.example' },
    });
    const invalid = await (await signedIn(t, 'ben', 'http://localhost:3000'))('/api/v1/account/passkeys', {
      name: 'Laptop',
      response: tampered,
    });
    expect(invalid.statusCode, invalid.body).toBe(422);
    expect(invalid.json().error.code).toBe('passkey_invalid');

    expect(refusalsIn(t)).toEqual([
      {
        reason: 'registration_options:origin_mismatch',
        expectedOrigin: 'http://localhost:3000',
        expectedRpId: 'localhost',
        receivedOrigin: 'http://localhost:3001',
      },
      {
        reason: 'registration:origin_mismatch',
        expectedOrigin: 'http://localhost:3000',
        expectedRpId: 'localhost',
        receivedOrigin: 'http://localhost:3001',
      },
      expect.objectContaining({
        reason: 'registration:passkey_invalid',
        expectedRpId: 'localhost',
        receivedOrigin: 'http://localhost:3000',
        detail: expect.stringMatching(/RP ID/i),
      }),
    ]);
    const enrolments = await withTenant(database, { tenantId, userId: null }, (trx) =>
      listAuditEvents(trx, { limit: 1000 }),
    );
    expect(
      enrolments.events
        .filter((e) => e.action === 'auth.passkey_enrolled' && e.outcome === 'failure')
        .map((e) => e.reason),
    ).toEqual(['passkey_origin_mismatch', 'passkey_invalid']);
    const logged = JSON.stringify(t.logs);
    expect(logged).not.toContain(PASSWORD);
    expect(logged).not.toContain(options3000.json().challenge);
  });

  it('refuses a passkey under an IP address and names the host name to use', async () => {
    const t = await appWith('http://localhost:3000', false);
    const call = await signedIn(t, 'cai', 'http://127.0.0.1:3001');
    const options = await call('/api/v1/account/passkeys/options', { password: PASSWORD });
    expect(options.statusCode, options.body).toBe(422);
    expect(options.json().error).toMatchObject({
      code: 'passkey_needs_host_name',
      message:
        'Passkeys work only under a host name, not an IP address. Open TMA at http://localhost:3001, or set TMA_PUBLIC_URL to the address with a host name that you use.',
    });
    expect(refusalsIn(t)).toEqual([
      expect.objectContaining({
        reason: 'registration_options:rp_id_is_ip_address',
        expectedRpId: '127.0.0.1',
      }),
    ]);
  });

  it('takes no address from a Host header that is not a loopback name', async () => {
    const t = await appWith('http://localhost:3000', false);
    const call = await signedIn(t, 'dan', 'http://evil.example:3000');
    const options = await call('/api/v1/account/passkeys/options', { password: PASSWORD });
    // Options for the configured address; an answer made at the other site never verifies.
    expect(options.statusCode, options.body).toBe(200);
    expect(options.json().rp.id).toBe('localhost');
  });
});
