import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { signIn } from '../../../test/support/session.ts';
import type { Database } from '../../db/database.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../audit/service.ts';
import { createUser } from '../identity/service.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit } from './service.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';

describe.each(databaseTargets())('units API on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let t: TestApp;
  const tenants: Record<string, string> = {};
  const users: Record<string, string> = {};
  let globexUnit: string;

  const session = (tenant: string, email: string) => signIn(t.app, { tenant, email, password: PASSWORD });

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    for (const slug of ['acme', 'globex'])
      tenants[slug] = (await createTenant(database.db, { slug, name: slug.toUpperCase() })).id;
    const add = async (tenant: string, email: string, role: UserRole) => {
      const user = await createUser(
        database,
        tenants[tenant] as string,
        { email, role, password: PASSWORD, specialty: role === 'expert' ? 'hr' : null },
        { kind: 'operator' },
      );
      users[email] = user.id;
    };
    await add('acme', 'ada@acme.example', 'admin');
    await add('acme', 'tom@acme.example', 'threat_manager');
    await add('acme', 'eve@acme.example', 'expert');
    await add('globex', 'gina@globex.example', 'admin');
    globexUnit = (
      await createUnit(database, tenants.globex as string, { slug: 'us', name: 'US' }, { kind: 'operator' })
    ).id;
    t = await buildTestApp(database);
  });
  afterAll(async () => {
    await t?.app.close();
    await cleanup?.();
  });

  it('lets an admin create, rename and assign units, audited, and anyone signed in list them', async () => {
    const ada = await session('acme', 'ada@acme.example');
    const de = await ada('POST', '/api/v1/units', { slug: 'de', name: 'Germany' });
    expect(de.statusCode, de.body).toBe(201);
    expect(de.json()).toMatchObject({ slug: 'de', name: 'Germany', parentId: null });
    const deId = de.json().id as string;
    const berlin = await ada('POST', '/api/v1/units', { slug: 'berlin', name: 'Berlin', parentId: deId });
    expect(berlin.statusCode, berlin.body).toBe(201);
    expect(berlin.json().parentId).toBe(deId);

    const grandchild = await ada('POST', '/api/v1/units', {
      slug: 'mitte',
      name: 'Mitte',
      parentId: berlin.json().id,
    });
    expect(grandchild.statusCode).toBe(422);
    expect(grandchild.json().error.code).toBe('unit_too_deep');
    const duplicate = await ada('POST', '/api/v1/units', { slug: 'de', name: 'Again' });
    expect(duplicate.statusCode).toBe(409);
    const foreignParent = await ada('POST', '/api/v1/units', { slug: 'x', name: 'X', parentId: globexUnit });
    expect(foreignParent.statusCode).toBe(422);

    const renamed = await ada('PATCH', `/api/v1/units/${deId}`, { name: 'Deutschland' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().name).toBe('Deutschland');
    expect((await ada('PATCH', `/api/v1/units/${globexUnit}`, { name: 'Mine' })).statusCode).toBe(404);

    const assigned = await ada('PUT', `/api/v1/users/${users['tom@acme.example']}/units`, {
      unitIds: [deId],
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toEqual({ unitIds: [deId] });
    const foreign = await ada('PUT', `/api/v1/users/${users['tom@acme.example']}/units`, {
      unitIds: [deId, globexUnit],
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().error.code).toBe('unit_not_found');
    expect(
      (await ada('PUT', `/api/v1/users/${users['gina@globex.example']}/units`, { unitIds: [] })).statusCode,
    ).toBe(404);

    const eve = await session('acme', 'eve@acme.example');
    const listed = await eve('GET', '/api/v1/units');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().units.map((u: { slug: string }) => u.slug)).toEqual(['berlin', 'de']);

    const audit = await withTenant(database, { tenantId: tenants.acme as string, userId: null }, (trx) =>
      listAuditEvents(trx, { limit: 1000 }),
    );
    const unitEvents = audit.events.filter((e) => /^(unit\.|user\.units)/.test(e.action));
    expect(unitEvents.map((e) => [e.action, e.actorId])).toEqual([
      ['unit.create', users['ada@acme.example']],
      ['unit.create', users['ada@acme.example']],
      ['unit.rename', users['ada@acme.example']],
      ['user.units_changed', users['ada@acme.example']],
    ]);
  });

  it('refuses writes by non-admins and everything without a session', async () => {
    const tom = await session('acme', 'tom@acme.example');
    expect((await tom('POST', '/api/v1/units', { slug: 'fr', name: 'France' })).statusCode).toBe(403);
    const units = (await tom('GET', '/api/v1/units')).json().units as Array<{ id: string }>;
    expect((await tom('PATCH', `/api/v1/units/${units[0]?.id}`, { name: 'Mine' })).statusCode).toBe(403);
    expect(
      (await tom('PUT', `/api/v1/users/${users['tom@acme.example']}/units`, { unitIds: [] })).statusCode,
    ).toBe(403);
    expect(
      (await tom('PUT', `/api/v1/users/${users['eve@acme.example']}/units`, { unitIds: [] })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/units' })).statusCode).toBe(401);
    const gina = await session('globex', 'gina@globex.example');
    expect((await gina('GET', '/api/v1/units')).json().units.map((u: { slug: string }) => u.slug)).toEqual([
      'us',
    ]);
  });
});
