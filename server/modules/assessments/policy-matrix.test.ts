// Who takes part in assessments has one text in SQL (migration 0036: `tma_assesses`, applied by row-level
// security on `assessments`) and one in TypeScript (policy.ts: `takesPartInAssessments`). This test holds
// them against each other on both databases over the matrix: role (an admin holding the threat-manager
// role, a deactivated threat manager and expert) × specialty × the organisation's setting (the default,
// psychology; and one listing HR and security).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import type { Database } from '../../db/database.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { accessActor } from '../access/service.ts';
import { replaceContentRoles } from '../access/store.ts';
import { createUser } from '../identity/service.ts';
import { createTenant } from '../tenants/service.ts';
import { takesPartInAssessments } from './policy.ts';
import { settingsOf } from './settings.ts';
import { saveAssessmentSettings } from './store.ts';

const SPECIALTIES = [
  'labour_law',
  'compliance',
  'hr',
  'psychology',
  'security',
  'data_protection',
  'works_council',
] as const;

const KINDS: Array<{
  name: string;
  role: UserRole;
  specialty?: string;
  alsoThreatManager?: boolean;
  deactivated?: boolean;
}> = [
  { name: 'admin', role: 'admin' },
  { name: 'admin-tm', role: 'admin', alsoThreatManager: true },
  { name: 'tm', role: 'threat_manager' },
  { name: 'tm-off', role: 'threat_manager', deactivated: true },
  { name: 'auditor', role: 'auditor' },
  ...SPECIALTIES.map((specialty) => ({ name: `expert-${specialty}`, role: 'expert' as const, specialty })),
  { name: 'expert-psychology-off', role: 'expert', specialty: 'psychology', deactivated: true },
];

describe.each(databaseTargets())('who takes part in assessments, SQL against TypeScript, on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let tenantId: string;
  const users: Array<{ id: string; name: string; specialty: string | null }> = [];
  const asOperator = <T>(fn: (trx: TenantTransaction) => Promise<T>) =>
    withTenant(database, { tenantId, userId: null }, fn);

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    for (const kind of KINDS) {
      const user = await createUser(
        database,
        tenantId,
        { email: `${kind.name}@acme.example`, role: kind.role, specialty: (kind.specialty ?? null) as never },
        { kind: 'operator' },
      );
      await asOperator(async (trx) => {
        if (kind.alsoThreatManager) await replaceContentRoles(trx, tenantId, user.id, ['threat_manager']);
        if (kind.deactivated)
          await trx.updateTable('users').set({ status: 'deactivated' }).where('id', '=', user.id).execute();
      });
      users.push({ id: user.id, name: kind.name, specialty: kind.specialty ?? null });
    }
  });
  afterAll(async () => {
    await cleanup?.();
  });

  const compare = async () => {
    const settings = await asOperator(settingsOf);
    const bySql: Record<string, boolean> = {};
    const byTs: Record<string, boolean> = {};
    for (const user of users) {
      bySql[user.name] = await asOperator(async (trx) => {
        const { rows } = await sql<{
          takes_part: boolean;
        }>`SELECT tma_assesses(${user.id}::uuid) AS takes_part`.execute(trx);
        return rows[0]?.takes_part === true;
      });
      const actor = await withTenant(database, { tenantId, userId: user.id }, (trx) =>
        accessActor(trx, { tenantId, userId: user.id }),
      );
      byTs[user.name] = takesPartInAssessments(actor, user.specialty, settings.expertSpecialties);
    }
    expect(bySql).toEqual(byTs);
    return bySql;
  };

  it('agrees for the default setting: threat managers and psychology experts', async () => {
    const takesPart = await compare();
    expect(Object.keys(takesPart).filter((name) => takesPart[name])).toEqual([
      'admin-tm',
      'tm',
      'expert-psychology',
    ]);
  });

  it('agrees when the organisation lists other specialties', async () => {
    await asOperator((trx) =>
      saveAssessmentSettings(
        trx,
        tenantId,
        {
          expertSpecialties: ['hr', 'security'],
          reviewDays: { L1: 90, L2: 30, L3: 7, L4: 1 },
          signOffLevels: [],
          externalInstruments: [],
        },
        new Date(),
      ),
    );
    const takesPart = await compare();
    expect(Object.keys(takesPart).filter((name) => takesPart[name])).toEqual([
      'admin-tm',
      'tm',
      'expert-hr',
      'expert-security',
    ]);
  });
});
