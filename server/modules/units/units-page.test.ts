import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { type SignedInCall, signIn } from '../../../test/support/session.ts';
import type { Database } from '../../db/database.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../audit/service.ts';
import { createUser, deactivateUser } from '../identity/service.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit, moveUnit, setUserUnits } from './service.ts';

// The endpoints behind the admins' Units page: the overview, a unit's members, and moving a unit in the tree.

const PASSWORD = 'Lantern-Orbit 92 quietly';
const operator = { kind: 'operator' } as const;

describe.each(databaseTargets())('units page API on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let t: TestApp;
  let acme: string;
  const users: Record<string, string> = {};
  const units: Record<string, string> = {};
  let globexUnit: string;
  let ada: SignedInCall;

  const unitEvents = async () =>
    (
      await withTenant(database, { tenantId: acme, userId: null }, (trx) =>
        listAuditEvents(trx, { limit: 1000 }),
      )
    ).events.filter((event) => event.action === 'unit.move');

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    acme = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    const globex = (await createTenant(database.db, { slug: 'globex', name: 'Globex' })).id;
    globexUnit = (await createUnit(database, globex, { slug: 'us', name: 'US' }, operator)).id;
    for (const [slug, name, parentSlug] of [
      ['de', 'Germany', undefined],
      ['de-berlin', 'Berlin', 'de'],
      ['fr', 'France', undefined],
      ['es', 'Spain', undefined],
    ] as const)
      units[slug] = (
        await createUnit(database, acme, { slug, name, ...(parentSlug ? { parentSlug } : {}) }, operator)
      ).id;
    const add = async (email: string, displayName: string, role: UserRole, unitSlugs: string[]) => {
      users[email] = (
        await createUser(
          database,
          acme,
          { email, displayName, role, password: PASSWORD, specialty: role === 'expert' ? 'hr' : null },
          operator,
        )
      ).id;
      await setUserUnits(database, acme, { email }, { slugs: unitSlugs }, operator);
    };
    await add('ada@acme.example', 'Ada Admin', 'admin', []);
    await add('tom@acme.example', 'Tom Manager', 'threat_manager', ['de']);
    await add('bea@acme.example', 'Bea Manager', 'threat_manager', ['de', 'fr']);
    await add('eve@acme.example', 'Eve Expert', 'expert', ['de']);
    await add('abe@acme.example', 'Abe Auditor', 'auditor', []);
    await add('old@acme.example', 'Old Manager', 'threat_manager', ['de']);
    await deactivateUser(database, acme, 'old@acme.example', operator);
    t = await buildTestApp(database);
    ada = await signIn(t.app, { tenant: 'acme', email: 'ada@acme.example', password: PASSWORD });
  });
  afterAll(async () => {
    await t?.app.close();
    await cleanup?.();
  });

  it('shows admins the tree with member counts, who is on duty and each portal link', async () => {
    const roster = await ada('PUT', `/api/v1/units/${units.de}/on-duty`, {
      userIds: [users['tom@acme.example']],
    });
    expect(roster.statusCode, roster.body).toBe(200);
    const overview = await ada('GET', '/api/v1/units/overview');
    expect(overview.statusCode, overview.body).toBe(200);
    const body = overview.json();
    expect(body.portalPath).toBe('/report/acme');
    expect(body.can).toEqual({ create: true, rename: true, move: true });
    expect(
      body.units.map((u: { slug: string; parentId: string | null; memberCount: number }) => [
        u.slug,
        u.parentId,
        u.memberCount,
      ]),
    ).toEqual([
      ['de-berlin', units.de, 0],
      ['fr', null, 1],
      ['de', null, 4],
      ['es', null, 0],
    ]);
    const de = body.units.find((u: { slug: string }) => u.slug === 'de');
    expect(de).toMatchObject({
      name: 'Germany',
      portalPath: '/report/acme/de',
      onDuty: [{ id: users['tom@acme.example'], name: 'Tom Manager' }],
    });
  });

  it('lists a unit’s members with name, e-mail, role and status, by name', async () => {
    const members = await ada('GET', `/api/v1/units/${units.de}/members`);
    expect(members.statusCode, members.body).toBe(200);
    expect(members.json().unitId).toBe(units.de);
    expect(
      members
        .json()
        .members.map((m: { displayName: string; email: string; role: string; status: string }) => [
          m.displayName,
          m.email,
          m.role,
          m.status,
        ]),
    ).toEqual([
      ['Bea Manager', 'bea@acme.example', 'threat_manager', 'active'],
      ['Eve Expert', 'eve@acme.example', 'expert', 'active'],
      ['Old Manager', 'old@acme.example', 'threat_manager', 'deactivated'],
      ['Tom Manager', 'tom@acme.example', 'threat_manager', 'active'],
    ]);
    expect(members.json().members[1]).toMatchObject({ specialty: 'hr', tenantWide: false });
    expect((await ada('GET', `/api/v1/units/${units['de-berlin']}/members`)).json().members).toEqual([]);
    const foreign = await ada('GET', `/api/v1/units/${globexUnit}/members`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('unit_not_found');
  });

  it('moves a unit under a top-level unit and back to the top, audited with ids only', async () => {
    const under = await ada('PUT', `/api/v1/units/${units.es}/parent`, { parentId: units.fr });
    expect(under.statusCode, under.body).toBe(200);
    expect(under.json()).toMatchObject({ id: units.es, slug: 'es', parentId: units.fr });
    // Upper-case ids are the same unit.
    const again = await ada('PUT', `/api/v1/units/${units.es}/parent`, {
      parentId: units.fr?.toUpperCase(),
    });
    expect(again.statusCode, again.body).toBe(200);
    const top = await ada('PUT', `/api/v1/units/${units.es}/parent`, { parentId: null });
    expect(top.statusCode, top.body).toBe(200);
    expect(top.json().parentId).toBeNull();
    // Nothing moved the second time: nothing recorded.
    expect((await unitEvents()).map((e) => [e.actorId, e.objectId, e.reason])).toEqual([
      [users['ada@acme.example'], units.es, `from=top:to=${units.fr}`],
      [users['ada@acme.example'], units.es, `from=${units.fr}:to=top`],
    ]);
  });

  it('changes whose threat managers see the unit', async () => {
    // Tom belongs to de: he sees its child de-berlin's duty roster until de-berlin hangs under es.
    const tom = await signIn(t.app, { tenant: 'acme', email: 'tom@acme.example', password: PASSWORD });
    expect((await tom('GET', `/api/v1/units/${units['de-berlin']}/on-duty`)).statusCode).toBe(200);
    await moveUnit(database, acme, units['de-berlin'] as string, units.es as string, operator);
    expect((await tom('GET', `/api/v1/units/${units['de-berlin']}/on-duty`)).statusCode).toBe(403);
    await moveUnit(database, acme, units['de-berlin'] as string, units.de as string, operator);
    expect((await tom('GET', `/api/v1/units/${units['de-berlin']}/on-duty`)).statusCode).toBe(200);
  });

  it('refuses cycles, a third level, unknown and foreign units with clear codes', async () => {
    const recorded = (await unitEvents()).length;
    const move = (id: string | undefined, parentId: string | null | undefined) =>
      ada('PUT', `/api/v1/units/${id}/parent`, { parentId });
    const refused = async (id: string | undefined, parentId: string | null | undefined) => {
      const response = await move(id, parentId);
      return [response.statusCode, response.json().error?.code];
    };
    expect(await refused(units.de, units.de)).toEqual([422, 'unit_cycle']);
    expect(await refused(units.de, units['de-berlin'])).toEqual([422, 'unit_cycle']);
    expect(await refused(units.fr, units['de-berlin'])).toEqual([422, 'unit_too_deep']);
    expect(await refused(units.de, units.fr)).toEqual([422, 'unit_has_children']);
    expect(await refused(units.fr, globexUnit)).toEqual([422, 'unit_parent_not_found']);
    expect(await refused(units.fr, '00000000-0000-4000-8000-000000000000')).toEqual([
      422,
      'unit_parent_not_found',
    ]);
    expect(await refused(globexUnit, units.fr)).toEqual([404, 'unit_not_found']);
    expect(await refused(globexUnit, null)).toEqual([404, 'unit_not_found']);
    // The schema: parentId is required (null for top-level), nothing else is taken.
    expect((await ada('PUT', `/api/v1/units/${units.fr}/parent`, {})).statusCode).toBe(400);
    expect((await move(units.fr, 'de')).statusCode).toBe(400);
    expect(
      (await ada('PUT', `/api/v1/units/${units.fr}/parent`, { parentId: null, name: 'x' })).statusCode,
    ).toBe(400);
    expect((await ada('PUT', '/api/v1/units/not-a-uuid/parent', { parentId: null })).statusCode).toBe(400);
    expect(await unitEvents()).toHaveLength(recorded);
  });

  it('keeps the tree two levels deep when two moves race', async () => {
    // fr under es while es goes under de: one of them must lose, whichever commits first.
    const [first, second] = await Promise.all([
      ada('PUT', `/api/v1/units/${units.fr}/parent`, { parentId: units.es }),
      ada('PUT', `/api/v1/units/${units.es}/parent`, { parentId: units.de }),
    ]);
    const statuses = [first.statusCode, second.statusCode].sort();
    expect(statuses, `${first.body} ${second.body}`).toEqual([200, 422]);
    const overview = (await ada('GET', '/api/v1/units/overview')).json().units as Array<{
      id: string;
      parentId: string | null;
    }>;
    const parentOf = new Map(overview.map((unit) => [unit.id, unit.parentId]));
    for (const unit of overview)
      if (unit.parentId) expect(parentOf.get(unit.parentId), `${unit.id} is too deep`).toBeNull();
    // Put both back at the top for the tests after this one.
    for (const slug of ['fr', 'es'])
      await ada('PUT', `/api/v1/units/${units[slug]}/parent`, { parentId: null });
  });

  it('lets only admins see members and the overview, and move units', async () => {
    for (const email of ['tom@acme.example', 'eve@acme.example', 'abe@acme.example']) {
      const call = await signIn(t.app, { tenant: 'acme', email, password: PASSWORD });
      expect((await call('GET', '/api/v1/units/overview')).statusCode, email).toBe(403);
      expect((await call('GET', `/api/v1/units/${units.de}/members`)).statusCode, email).toBe(403);
      const move = await call('PUT', `/api/v1/units/${units.es}/parent`, { parentId: units.de });
      expect(move.statusCode, email).toBe(403);
      expect(move.json().error.code).toBe('forbidden');
      // Listing units stays open to everyone signed in.
      expect((await call('GET', '/api/v1/units')).statusCode, email).toBe(200);
    }
    for (const [method, url, payload] of [
      ['GET', '/api/v1/units/overview', undefined],
      ['GET', `/api/v1/units/${units.de}/members`, undefined],
      ['PUT', `/api/v1/units/${units.es}/parent`, { parentId: null }],
    ] as const)
      expect((await t.app.inject({ method, url, ...(payload ? { payload } : {}) })).statusCode).toBe(401);
  });
});
