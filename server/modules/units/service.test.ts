import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import type { Database } from '../../db/database.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../audit/service.ts';
import { createUser, deactivateUser } from '../identity/service.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit, listUnits, setUserUnits, visibleUnitIds } from './service.ts';

const operator = { kind: 'operator' } as const;

// Units of acme: de with its child de-berlin, and fr. Membership is in the parent, the child or none.
type Membership = 'de' | 'de-berlin' | 'none';
const matrix: Array<{ role: UserRole; tenantWide: boolean; member: Membership; sees: string[] }> = [
  { role: 'admin', tenantWide: false, member: 'none', sees: ['de', 'de-berlin', 'fr'] },
  { role: 'admin', tenantWide: false, member: 'de', sees: ['de', 'de-berlin', 'fr'] },
  { role: 'threat_manager', tenantWide: true, member: 'none', sees: ['de', 'de-berlin', 'fr'] },
  { role: 'threat_manager', tenantWide: true, member: 'de-berlin', sees: ['de', 'de-berlin', 'fr'] },
  { role: 'threat_manager', tenantWide: false, member: 'de', sees: ['de', 'de-berlin'] },
  { role: 'threat_manager', tenantWide: false, member: 'de-berlin', sees: ['de-berlin'] },
  { role: 'threat_manager', tenantWide: false, member: 'none', sees: [] },
  { role: 'expert', tenantWide: false, member: 'de', sees: [] },
  { role: 'expert', tenantWide: false, member: 'none', sees: [] },
  { role: 'auditor', tenantWide: false, member: 'de', sees: [] },
  { role: 'auditor', tenantWide: false, member: 'none', sees: [] },
];

describe.each(databaseTargets())('units on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let acme: string;
  let globex: string;
  const unitIds: Record<string, string> = {};

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    acme = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    globex = (await createTenant(database.db, { slug: 'globex', name: 'Globex' })).id;
    for (const [slug, name, parentSlug] of [
      ['de', 'Germany', undefined],
      ['de-berlin', 'Berlin office', 'de'],
      ['fr', 'France', undefined],
    ] as const) {
      const unit = await createUnit(
        database,
        acme,
        { slug, name, ...(parentSlug ? { parentSlug } : {}) },
        operator,
      );
      unitIds[slug] = unit.id;
    }
    await createUnit(database, globex, { slug: 'de', name: 'Globex Germany' }, operator);
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it('lists a tenant’s units by name, never another tenant’s', async () => {
    const units = await listUnits(database, acme, operator);
    expect(units.map((u) => [u.slug, u.parentId])).toEqual([
      ['de-berlin', unitIds.de],
      ['fr', null],
      ['de', null],
    ]);
  });

  it('refuses a grandchild, an unknown parent and a duplicate slug', async () => {
    await expect(
      createUnit(database, acme, { slug: 'mitte', name: 'Mitte', parentSlug: 'de-berlin' }, operator),
    ).rejects.toMatchObject({ status: 422, code: 'unit_too_deep' });
    await expect(
      createUnit(database, acme, { slug: 'x', name: 'X', parentSlug: 'nowhere' }, operator),
    ).rejects.toMatchObject({ status: 422, code: 'unit_parent_not_found' });
    await expect(createUnit(database, acme, { slug: 'de', name: 'Again' }, operator)).rejects.toMatchObject({
      status: 409,
      code: 'unit_exists',
    });
    await expect(createUnit(database, acme, { slug: 'Bad Slug', name: 'B' }, operator)).rejects.toMatchObject(
      { status: 422, code: 'unit_invalid' },
    );
    // The portal's dialogue page lives at /report/<tenant>/dialogue: no unit may take that name.
    await expect(createUnit(database, acme, { slug: 'dialogue', name: 'D' }, operator)).rejects.toMatchObject(
      {
        status: 422,
        code: 'unit_slug_reserved',
      },
    );
  });

  it('refuses another tenant’s units as unknown when assigning', async () => {
    await createUser(database, acme, { email: 'tm@acme.example', role: 'threat_manager' }, operator);
    await expect(
      setUserUnits(database, acme, { email: 'tm@acme.example' }, { slugs: ['de', 'es'] }, operator),
    ).rejects.toMatchObject({ status: 422, code: 'unit_not_found' });
    const globexDe = (await listUnits(database, globex, operator))[0]?.id as string;
    await expect(
      setUserUnits(database, acme, { email: 'tm@acme.example' }, { ids: [globexDe] }, operator),
    ).rejects.toMatchObject({ status: 422, code: 'unit_not_found' });
    const audit = await withTenant(database, { tenantId: acme, userId: null }, (trx) =>
      listAuditEvents(trx, { limit: 100 }),
    );
    expect(audit.events.map((e) => e.action)).toEqual([
      'unit.create',
      'unit.create',
      'unit.create',
      'user.create',
    ]);
  });

  it.each(matrix.map((row, index) => ({ ...row, index })))(
    '$role tenantWide=$tenantWide member of $member sees $sees',
    async ({ role, tenantWide, member, sees, index }) => {
      const email = `m${index}@acme.example`;
      const user = await createUser(database, acme, { email, role, tenantWide }, operator);
      await setUserUnits(database, acme, { email }, { slugs: member === 'none' ? [] : [member] }, operator);
      const visible = await withTenant(database, { tenantId: acme, userId: user.id }, (trx) =>
        visibleUnitIds(trx, { userId: user.id }),
      );
      expect(visible).toEqual(sees.map((slug) => unitIds[slug]).sort());
      // Deactivated accounts see nothing, whatever their role.
      await deactivateUser(database, acme, email, operator);
      const after = await withTenant(database, { tenantId: acme, userId: user.id }, (trx) =>
        visibleUnitIds(trx, { userId: user.id }),
      );
      expect(after).toEqual([]);
    },
  );
});
