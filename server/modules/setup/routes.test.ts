import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { signIn } from '../../../test/support/session.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../audit/service.ts';
import { createTenant } from '../tenants/service.ts';
import { fromThisMachine } from './service.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const setup = {
  tenant: { slug: 'acme', name: 'ACME Corporation' },
  admin: { email: 'Ada@ACME.example', displayName: 'Ada Admin', password: PASSWORD },
};
const local = { host: 'localhost:3001', origin: 'http://localhost:3001' };

describe('first-run setup: who counts as this machine', () => {
  const request = (over: Partial<Parameters<typeof fromThisMachine>[0]> = {}) => ({
    socketAddress: '127.0.0.1',
    ip: '127.0.0.1',
    headers: { host: 'localhost:3000' } as Record<string, string>,
    ...over,
  });

  it('admits a browser on a loopback address and nothing that relays or names another site', () => {
    expect(fromThisMachine(request())).toBe(true);
    expect(
      fromThisMachine(request({ headers: { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' } })),
    ).toBe(true);
    expect(
      fromThisMachine(request({ socketAddress: '::1', ip: '::1', headers: { host: '[::1]:3000' } })),
    ).toBe(true);
    expect(fromThisMachine(request({ socketAddress: '::ffff:127.0.0.1', ip: '::ffff:127.0.0.1' }))).toBe(
      true,
    );
    // Another computer, or a proxy on this one that relays someone else.
    expect(fromThisMachine(request({ socketAddress: '192.0.2.7', ip: '192.0.2.7' }))).toBe(false);
    expect(fromThisMachine(request({ ip: '192.0.2.7' }))).toBe(false);
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip', 'via'])
      expect(fromThisMachine(request({ headers: { host: 'localhost:3000', [header]: '192.0.2.7' } }))).toBe(
        false,
      );
    // DNS rebinding (a site's own name resolving to 127.0.0.1) and another site's page posting the form.
    expect(fromThisMachine(request({ headers: { host: 'evil.example:3000' } }))).toBe(false);
    expect(fromThisMachine(request({ headers: { host: 'localhost.evil.example' } }))).toBe(false);
    expect(
      fromThisMachine(request({ headers: { host: 'localhost:3000', origin: 'https://evil.example' } })),
    ).toBe(false);
    expect(fromThisMachine(request({ headers: { host: 'localhost:3000', origin: 'null' } }))).toBe(false);
    expect(fromThisMachine(request({ headers: {} }))).toBe(false);
  });
});

describe.each(databaseTargets())('first-run setup on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let t: TestApp;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    t = await buildTestApp(database);
  });
  afterAll(async () => {
    await t?.app.close();
    await cleanup?.();
  });

  const status = async (remoteAddress = '127.0.0.1', headers: Record<string, string> = local) =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/setup', remoteAddress, headers })).json();
  const post = (payload: object, remoteAddress = '127.0.0.1', headers: Record<string, string> = local) =>
    t.app.inject({ method: 'POST', url: '/api/v1/setup', remoteAddress, headers, payload });
  const tenantCount = async () => (await database.db.selectFrom('tenants').select('id').execute()).length;

  it.runIf(target === 'embedded')(
    'creates the first tenant and admin from this machine only, with the password policy, audited, once',
    async () => {
      expect(await status()).toEqual({ open: true });

      // From another computer, through a proxy, or from a page at another name: refused, nothing created.
      expect(await status('192.0.2.7')).toEqual({ open: false, reason: 'not_loopback' });
      const remote = await post(setup, '192.0.2.7');
      expect(remote.statusCode, remote.body).toBe(403);
      expect(remote.json().error.code).toBe('setup_not_local');
      const proxied = await post(setup, '127.0.0.1', { ...local, 'x-forwarded-for': '192.0.2.7' });
      expect(proxied.json().error.code).toBe('setup_not_local');
      const rebound = await post(setup, '127.0.0.1', {
        host: 'tma.evil.example',
        origin: 'http://tma.evil.example',
      });
      expect(rebound.json().error.code).toBe('setup_not_local');
      expect(await tenantCount()).toBe(0);

      // The password policy of everywhere else; a weak password leaves no tenant behind.
      const weak = await post({ ...setup, admin: { ...setup.admin, password: 'password1234' } });
      expect(weak.statusCode, weak.body).toBe(422);
      expect(weak.json().error.code).toBe('password_too_weak');
      const named = await post({ ...setup, admin: { ...setup.admin, password: 'ACME Corporation 1' } });
      expect(named.json().error.code).toBe('password_too_weak');
      const badSlug = await post({ ...setup, tenant: { slug: 'Not A Slug', name: 'x' } });
      expect(badSlug.statusCode).toBe(400);
      expect(await tenantCount()).toBe(0);
      expect(await status()).toEqual({ open: true });

      const done = await post(setup);
      expect(done.statusCode, done.body).toBe(201);
      expect(done.json()).toMatchObject({
        tenant: { slug: 'acme', name: 'ACME Corporation' },
        admin: { email: 'ada@acme.example' },
      });
      const { tenant, admin } = done.json() as { tenant: { id: string }; admin: { id: string } };

      // The admin signs in; the setup is closed for everyone, this machine included.
      const ada = await signIn(t.app, { tenant: 'acme', email: 'ada@acme.example', password: PASSWORD });
      expect((await ada('GET', '/api/v1/auth/session')).json()).toMatchObject({ user: { role: 'admin' } });
      expect(await status()).toEqual({ open: false, reason: 'tenant_exists' });
      const again = await post({ ...setup, tenant: { slug: 'other', name: 'Other' } });
      expect(again.statusCode, again.body).toBe(409);
      expect(again.json().error.code).toBe('setup_done');
      expect(await tenantCount()).toBe(1);

      const audit = await withTenant(database, { tenantId: tenant.id, userId: null }, (trx) =>
        listAuditEvents(trx, { limit: 100 }),
      );
      const setupEvents = audit.events.filter((e) => e.action !== 'auth.login');
      expect(setupEvents.map((e) => [e.actorType, e.action, e.objectId, e.reason])).toEqual([
        ['operator', 'user.create', admin.id, null],
        ['operator', 'tenant.setup', tenant.id, 'first_run:loopback'],
      ]);
    },
  );

  it.runIf(target === 'postgres')('leaves PostgreSQL to the tma command', async () => {
    expect(await status()).toEqual({ open: false, reason: 'external_database' });
    const refused = await post(setup);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error.code).toBe('setup_needs_command_line');
  });

  it('is closed once any tenant exists, whoever asks', async () => {
    if ((await tenantCount()) === 0) await createTenant(database.db, { slug: 'globex', name: 'Globex' });
    expect(await status()).toEqual({ open: false, reason: 'tenant_exists' });
    expect(await status('192.0.2.7')).toEqual({ open: false, reason: 'tenant_exists' });
    const refused = await post({ ...setup, tenant: { slug: 'third', name: 'Third' } });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.code).toBe('setup_done');
  });
});
