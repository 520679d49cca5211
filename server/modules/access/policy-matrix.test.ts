// The rule of who sees and who reads a report or case has one text in SQL (migration 0022: tma_manages_unit,
// tma_unit_access, tma_case_access, applied by row-level security) and one in TypeScript (unit-access.ts and
// the report and case policies). This test holds them against each other, on both databases, over the whole
// matrix: role (and an admin holding the threat-manager role, a tenant-wide and a deactivated threat
// manager) × the user's unit against the object's (same, parent, child, sibling, none) × case-team
// membership × the tenant's setting for admins. For each user, what row-level security returns in a tenant
// transaction as that user must be exactly what the policies allow: rows for `see`, content rows (dialogue,
// hand-overs) for `read`. The units store (which units one sees; who manages a unit) is held against them too.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import type { Sealed } from '../../crypto/sealed.ts';
import type { Database } from '../../db/database.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { canCase } from '../cases/policy.ts';
import { createUser } from '../identity/service.ts';
import { canReport } from '../reports/policy.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit, setUserUnits } from '../units/service.ts';
import { selectUnitManagers, selectVisibleUnitIds } from '../units/store.ts';
import { accessActor } from './service.ts';
import { replaceContentRoles, setAdminsReadContent } from './store.ts';
import { type AccessActor, hasUnitScope, managesUnit, unitAccess } from './unit-access.ts';

/** The kinds of user of the matrix: a role, and what else about them decides. */
const KINDS = [
  { name: 'admin', role: 'admin' },
  { name: 'admin+threat_manager', role: 'admin', alsoThreatManager: true },
  { name: 'threat_manager', role: 'threat_manager' },
  { name: 'threat_manager.tenant_wide', role: 'threat_manager', tenantWide: true },
  { name: 'threat_manager.deactivated', role: 'threat_manager', deactivated: true },
  { name: 'expert', role: 'expert' },
  { name: 'auditor', role: 'auditor' },
] as const satisfies ReadonlyArray<{
  name: string;
  role: UserRole;
  alsoThreatManager?: boolean;
  tenantWide?: boolean;
  deactivated?: boolean;
}>;

// Units: Europe with Germany and France below it, and the US on its own. Reports and cases live in Europe
// and in Germany, so a user of Germany is in the same unit as one of each, and in the child unit of the
// other; one of Europe in the parent unit; one of France in a sibling; one of the US in an unrelated unit.
const UNIT_TREE = [
  { slug: 'eu', parent: null },
  { slug: 'de', parent: 'eu' },
  { slug: 'fr', parent: 'eu' },
  { slug: 'us', parent: null },
] as const;
const PLACEMENTS = ['eu', 'de', 'fr', 'us', 'none'] as const;
const HOMES = ['eu', 'de'] as const;

const bytes = (text: string) => Buffer.from(text) as Sealed;
const sorted = (ids: Iterable<string>) => [...ids].sort();

describe.each(databaseTargets())('the policies against row-level security on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let tenantId: string;
  const units: Record<string, { id: string; parentId: string | null }> = {};
  const users: Array<{ id: string; label: string }> = [];
  /** Per home unit: a case whose team every user is on, one with a team of nobody, and a report. */
  const cases: Array<{ id: string; unit: string; team: boolean }> = [];
  const reports: Array<{ id: string; unit: string }> = [];

  const asOperator = <T>(fn: (trx: TenantTransaction) => Promise<T>) =>
    withTenant(database, { tenantId, userId: null }, fn);
  const placement = (unit: string) => ({
    tenantId,
    unitId: units[unit]?.id as string,
    unitParentId: units[unit]?.parentId ?? null,
  });

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    for (const unit of UNIT_TREE) {
      const created = await createUnit(
        database,
        tenantId,
        {
          slug: unit.slug,
          name: unit.slug.toUpperCase(),
          ...(unit.parent ? { parentSlug: unit.parent } : {}),
        },
        { kind: 'operator' },
      );
      units[unit.slug] = { id: created.id, parentId: created.parentId };
    }
    for (const kind of KINDS)
      for (const place of PLACEMENTS) {
        const label = `${kind.name}@${place}`;
        const email = `${kind.name.replaceAll(/[^a-z]/g, '-')}.${place}@acme.example`;
        const user = await createUser(
          database,
          tenantId,
          {
            email,
            role: kind.role,
            specialty: kind.role === 'expert' ? 'hr' : null,
            tenantWide: 'tenantWide' in kind,
          },
          { kind: 'operator' },
        );
        if (place !== 'none')
          await setUserUnits(database, tenantId, { id: user.id }, { slugs: [place] }, { kind: 'operator' });
        await asOperator(async (trx) => {
          if ('alsoThreatManager' in kind)
            await replaceContentRoles(trx, tenantId, user.id, ['threat_manager']);
          if ('deactivated' in kind)
            await trx.updateTable('users').set({ status: 'deactivated' }).where('id', '=', user.id).execute();
        });
        users.push({ id: user.id, label });
      }
    await asOperator(async (trx) => {
      let number = 0;
      for (const home of HOMES) {
        const unitId = units[home]?.id as string;
        for (const team of [true, false]) {
          const id = randomUUID();
          number += 1;
          await trx
            .insertInto('cases')
            .values({
              id,
              tenant_id: tenantId,
              unit_id: unitId,
              reference: `C-${number}`,
              title_sealed: bytes('t'),
            })
            .execute();
          // The other case's team had everyone too, until yesterday: an ended membership lets nobody in.
          await trx
            .insertInto('case_members')
            .values(
              users.map((user) => ({
                tenant_id: tenantId,
                case_id: id,
                user_id: user.id,
                role: 'member' as const,
                expires_at: team ? null : new Date(Date.now() - 24 * 60 * 60_000),
              })),
            )
            .execute();
          // The journal: an entry for the team, and one for threat managers only.
          for (const managersOnly of [false, true])
            await trx
              .insertInto('case_journal')
              .values({
                id: randomUUID(),
                tenant_id: tenantId,
                case_id: id,
                kind: 'note',
                occurred_at: new Date(),
                recorded_at: new Date(),
                author_id: null,
                corrects_id: null,
                managers_only: managersOnly,
                body_sealed: bytes('n'),
              })
              .execute();
          // A content row of the case: its hand-over (reason sealed).
          await trx
            .insertInto('hand_overs')
            .values({
              id: randomUUID(),
              tenant_id: tenantId,
              case_id: id,
              from_unit_id: units.us?.id as string,
              to_unit_id: unitId,
              reason_sealed: bytes('r'),
              handed_on: '2026-11-01',
              position: 1,
            })
            .execute();
          cases.push({ id, unit: home, team });
        }
        const reportId = randomUUID();
        number += 1;
        await trx
          .insertInto('reports')
          .values({
            id: reportId,
            tenant_id: tenantId,
            unit_id: unitId,
            reference: `R-${number}`,
            number,
            channel: 'phone',
            anonymous: true,
            received_on: '2026-11-01',
            form_id: 'default',
            form_version: '1',
            answers_sealed: bytes('a'),
            language: 'de',
            danger_indicated: false,
          })
          .execute();
        // Content rows of the report: a message of the dialogue and a hand-over.
        await trx
          .insertInto('report_messages')
          .values({
            id: randomUUID(),
            tenant_id: tenantId,
            report_id: reportId,
            seq: 1,
            author_type: 'reporter',
            kind: 'message',
            body_sealed: bytes('m'),
            sent_on: '2026-11-01',
          })
          .execute();
        await trx
          .insertInto('hand_overs')
          .values({
            id: randomUUID(),
            tenant_id: tenantId,
            report_id: reportId,
            from_unit_id: units.us?.id as string,
            to_unit_id: unitId,
            reason_sealed: bytes('r'),
            handed_on: '2026-11-01',
            position: 1,
          })
          .execute();
        reports.push({ id: reportId, unit: home });
      }
    });
  }, 120_000);

  afterAll(async () => {
    await cleanup?.();
  });

  /** What row-level security lets the user see and read, and the policies' answers, side by side. */
  async function compare(user: { id: string; label: string }) {
    return withTenant(database, { tenantId, userId: user.id }, async (trx) => {
      const actor = await accessActor(trx, { userId: user.id, tenantId, apiToken: undefined });
      const ids = (rows: Array<{ id: string | null }>) => sorted(new Set(rows.map((row) => row.id ?? '')));
      const rls = {
        casesSeen: ids(await trx.selectFrom('cases').select('id').execute()),
        casesRead: ids(
          await trx
            .selectFrom('hand_overs')
            .select('case_id as id')
            .where('case_id', 'is not', null)
            .execute(),
        ),
        journalRead: ids(
          await trx
            .selectFrom('case_journal')
            .select('case_id as id')
            .where('managers_only', '=', false)
            .execute(),
        ),
        managersOnlyRead: ids(
          await trx
            .selectFrom('case_journal')
            .select('case_id as id')
            .where('managers_only', '=', true)
            .execute(),
        ),
        reportsSeen: ids(await trx.selectFrom('reports').select('id').execute()),
        reportsRead: ids(await trx.selectFrom('report_messages').select('report_id as id').execute()),
        reportHandOversRead: ids(
          await trx
            .selectFrom('hand_overs')
            .select('report_id as id')
            .where('report_id', 'is not', null)
            .execute(),
        ),
        unitsSeen: sorted(await selectVisibleUnitIds(trx, user.id)),
      };
      const rlsUnitScope = rls.unitsSeen.length > 0;
      const caseSubject = (item: (typeof cases)[number]) => ({
        ...placement(item.unit),
        actorIsMember: item.team,
        deleted: false,
        ownerId: null,
      });
      const reportSubject = (item: (typeof reports)[number]) => ({
        ...placement(item.unit),
        status: 'new' as const,
        acknowledged: false,
        hasReceipt: false,
        deleted: false,
      });
      const readable = reports.filter((item) => canReport(actor, 'read', reportSubject(item)));
      const policies = {
        casesSeen: sorted(
          cases.filter((item) => canCase(actor, 'see', caseSubject(item))).map((item) => item.id),
        ),
        casesRead: sorted(
          cases.filter((item) => canCase(actor, 'read', caseSubject(item))).map((item) => item.id),
        ),
        journalRead: sorted(
          cases.filter((item) => canCase(actor, 'read', caseSubject(item))).map((item) => item.id),
        ),
        managersOnlyRead: sorted(
          cases
            .filter((item) => canCase(actor, 'read_managers_only', caseSubject(item)))
            .map((item) => item.id),
        ),
        reportsSeen: sorted(
          reports.filter((item) => canReport(actor, 'see', reportSubject(item))).map((item) => item.id),
        ),
        reportsRead: sorted(readable.map((item) => item.id)),
        reportHandOversRead: sorted(readable.map((item) => item.id)),
        unitsSeen: sorted(
          Object.keys(units)
            .filter((slug) => unitAccess(actor, placement(slug)) !== null)
            .map((slug) => units[slug]?.id as string),
        ),
      };
      expect(hasUnitScope(actor), `${user.label}: unit scope`).toBe(rlsUnitScope);
      return { actor, rls, policies };
    });
  }

  for (const adminsReadContent of [false, true])
    it(`agrees for every user when admins ${adminsReadContent ? '' : 'do not '}read content`, async () => {
      await asOperator((trx) => setAdminsReadContent(trx, tenantId, adminsReadContent));
      const seen: Record<string, { cases: number; casesRead: number; reports: number; reportsRead: number }> =
        {};
      const managersOnly: Record<string, number> = {};
      for (const user of users) {
        const { rls, policies } = await compare(user);
        expect(policies, user.label).toEqual(rls);
        managersOnly[user.label] = rls.managersOnlyRead.length;
        seen[user.label] = {
          cases: rls.casesSeen.length,
          casesRead: rls.casesRead.length,
          reports: rls.reportsSeen.length,
          reportsRead: rls.reportsRead.length,
        };
      }
      // The rule itself, pinned at a few points so that both texts cannot drift together. Two cases and one
      // report per home unit (Europe, Germany); every user is on the team of one case in each.
      const expected = (cases: number, casesRead: number, reports: number, reportsRead: number) => ({
        cases,
        casesRead,
        reports,
        reportsRead,
      });
      const admin = adminsReadContent ? expected(4, 4, 2, 2) : expected(4, 2, 2, 0);
      expect(seen['admin@none']).toEqual(admin);
      expect(seen['admin@us']).toEqual(admin);
      // Threat manager of Europe: Europe and its child Germany; of Germany: Germany only (not the parent).
      expect(seen['threat_manager@eu']).toEqual(expected(4, 4, 2, 2));
      expect(seen['threat_manager@de']).toEqual(expected(3, 3, 1, 1));
      expect(seen['threat_manager@fr']).toEqual(expected(2, 2, 0, 0));
      expect(seen['admin+threat_manager@de']).toEqual(
        adminsReadContent ? expected(4, 4, 2, 2) : expected(4, 3, 2, 1),
      );
      expect(seen['threat_manager.tenant_wide@none']).toEqual(expected(4, 4, 2, 2));
      expect(seen['threat_manager.deactivated@eu']).toEqual(expected(0, 0, 0, 0));
      // Experts through the case team alone; auditors never, not even on a team.
      expect(seen['expert@eu']).toEqual(expected(2, 2, 0, 0));
      // Managers-only entries: threat managers of the cases they read; never an expert on the team, nor an
      // admin who reads content by the tenant's setting.
      expect(managersOnly['expert@eu']).toBe(0);
      expect(managersOnly['admin@none']).toBe(0);
      expect(managersOnly['threat_manager@fr']).toBe(2);
      expect(managersOnly['admin+threat_manager@de']).toBe(adminsReadContent ? 4 : 3);
      expect(seen['auditor@eu']).toEqual(expected(0, 0, 0, 0));
    });

  it('names the same threat managers of a unit as the policies (notifications and duty rosters)', async () => {
    const actors = await Promise.all(users.map(async (user) => (await compare(user)).actor));
    await withTenant(database, { tenantId, userId: null }, async (trx) => {
      for (const slug of Object.keys(units)) {
        const unit = units[slug] as { id: string; parentId: string | null };
        const managers = await selectUnitManagers(trx, { id: unit.id, parent_id: unit.parentId });
        const expected = actors.filter((actor: AccessActor) => managesUnit(actor, placement(slug)));
        expect(sorted(managers.map((manager) => manager.id)), slug).toEqual(
          sorted(expected.map((actor) => actor.id)),
        );
      }
    });
  });
});
