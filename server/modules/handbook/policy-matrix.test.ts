// Who reads and who writes the handbook has one text in SQL (migration 0037: `tma_reads_handbook`,
// `tma_edits_handbook`, applied by restrictive row-level security policies) and one in TypeScript
// (policy.ts). This test holds them against each other on both databases, role by role (an admin with and
// without the threat-manager role, deactivated users, an auditor, an expert, and no user at all: a reporter
// or a job), and tries the database itself: what each can select, insert and update, and that nobody
// changes or removes a version.
import { randomUUID } from 'node:crypto';
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
import { canHandbook, editsHandbook, readsHandbook } from './policy.ts';
import { appendVersion, insertPage } from './store.ts';

const KINDS: Array<{ name: string; role: UserRole; alsoThreatManager?: boolean; deactivated?: boolean }> = [
  { name: 'admin', role: 'admin' },
  { name: 'admin-tm', role: 'admin', alsoThreatManager: true },
  { name: 'tm', role: 'threat_manager' },
  { name: 'tm-off', role: 'threat_manager', deactivated: true },
  { name: 'expert', role: 'expert' },
  { name: 'expert-off', role: 'expert', deactivated: true },
  { name: 'auditor', role: 'auditor' },
];

describe.each(databaseTargets())(
  'who reads and writes the handbook, SQL against TypeScript, on %s',
  (target) => {
    let database: Database;
    let cleanup: () => Promise<void>;
    let tenantId: string;
    let pageId: string;
    const users: Array<{ id: string; name: string }> = [];
    const as = <T>(userId: string | null, fn: (trx: TenantTransaction) => Promise<T>) =>
      withTenant(database, { tenantId, userId }, fn);
    const userId = (name: string) => users.find((user) => user.name === name)?.id as string;
    const version = (page: string, number: number, author: string) => ({
      tenant_id: tenantId,
      page_id: page,
      version: number,
      title_en: `Title ${number}`,
      body_en: 'Body',
      title_de: null,
      body_de: null,
      note: null,
      restored_from: null,
      author_id: author,
      created_at: new Date(),
    });

    beforeAll(async () => {
      ({ database, cleanup } = await openTestDatabase(target));
      tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
      for (const kind of KINDS) {
        const user = await createUser(
          database,
          tenantId,
          {
            email: `${kind.name}@acme.example`,
            role: kind.role,
            specialty: (kind.role === 'expert' ? 'hr' : null) as never,
          },
          { kind: 'operator' },
        );
        await as(null, async (trx) => {
          if (kind.alsoThreatManager) await replaceContentRoles(trx, tenantId, user.id, ['threat_manager']);
          if (kind.deactivated)
            await trx.updateTable('users').set({ status: 'deactivated' }).where('id', '=', user.id).execute();
        });
        users.push({ id: user.id, name: kind.name });
      }
      pageId = randomUUID();
      await as(userId('tm'), (trx) =>
        insertPage(
          trx,
          {
            id: pageId,
            tenant_id: tenantId,
            slug: 'first',
            created_by: userId('tm'),
            created_at: new Date(),
          },
          version(pageId, 1, userId('tm')),
        ),
      );
    });
    afterAll(async () => {
      await cleanup?.();
    });

    it('agrees on who reads and who edits: admins, threat managers and experts read; admins and threat managers edit', async () => {
      const bySql: Record<string, { reads: boolean; edits: boolean }> = {};
      const byTs: Record<string, { reads: boolean; edits: boolean }> = {};
      for (const user of users) {
        bySql[user.name] = await as(null, async (trx) => {
          const { rows } = await sql<{ reads: boolean; edits: boolean }>`
          SELECT tma_reads_handbook(${user.id}::uuid) AS reads, tma_edits_handbook(${user.id}::uuid) AS edits`.execute(
            trx,
          );
          return { reads: rows[0]?.reads === true, edits: rows[0]?.edits === true };
        });
        const actor = await as(user.id, (trx) => accessActor(trx, { tenantId, userId: user.id }));
        byTs[user.name] = { reads: readsHandbook(actor), edits: editsHandbook(actor) };
        expect(canHandbook(actor, 'read', { tenantId }), user.name).toBe(byTs[user.name]?.reads);
        expect(canHandbook(actor, 'edit', { tenantId }), user.name).toBe(byTs[user.name]?.edits);
        expect(canHandbook(actor, 'read', { tenantId: randomUUID() }), user.name).toBe(false);
      }
      expect(bySql).toEqual(byTs);
      expect(Object.keys(bySql).filter((name) => bySql[name]?.reads)).toEqual([
        'admin',
        'admin-tm',
        'tm',
        'expert',
      ]);
      expect(Object.keys(bySql).filter((name) => bySql[name]?.edits)).toEqual(['admin', 'admin-tm', 'tm']);
    });

    it('lets row-level security show pages to readers only, and never to a transaction without a user', async () => {
      for (const user of users) {
        const actor = await as(user.id, (trx) => accessActor(trx, { tenantId, userId: user.id }));
        const seen = await as(user.id, async (trx) => ({
          pages: (await trx.selectFrom('handbook_pages').select('id').execute()).length,
          versions: (await trx.selectFrom('handbook_page_versions').select('version').execute()).length,
        }));
        const expected = readsHandbook(actor) ? 1 : 0;
        expect(seen.pages, user.name).toBe(expected);
        expect(seen.versions, user.name).toBe(expected);
      }
      // A reporter with a receipt, or a job: the transaction has no user.
      const anonymous = await as(null, async (trx) => ({
        pages: (await trx.selectFrom('handbook_pages').select('id').execute()).length,
        versions: (await trx.selectFrom('handbook_page_versions').select('version').execute()).length,
      }));
      expect(anonymous).toEqual({ pages: 0, versions: 0 });
    });

    it('lets only editors insert pages and versions, and update pages', async () => {
      for (const user of users) {
        const actor = await as(user.id, (trx) => accessActor(trx, { tenantId, userId: user.id }));
        const id = randomUUID();
        const inserted = await as(user.id, (trx) =>
          insertPage(
            trx,
            { id, tenant_id: tenantId, slug: `by-${user.name}`, created_by: user.id, created_at: new Date() },
            version(id, 1, user.id),
          ),
        ).then(
          () => true,
          (error: Error) => {
            expect(error.message).toMatch(/row-level security/);
            return false;
          },
        );
        expect(inserted, user.name).toBe(editsHandbook(actor));
        // A new version of the shared page: the update of its pointer must pass the policy as well.
        const appended = await as(user.id, async (trx) => {
          const current = await trx
            .selectFrom('handbook_pages')
            .select('current_version')
            .where('id', '=', pageId)
            .executeTakeFirst();
          if (!current) return false;
          await appendVersion(trx, version(pageId, current.current_version + 1, user.id));
          return true;
        }).catch(() => false);
        expect(appended, user.name).toBe(editsHandbook(actor));
      }
      const anonymousInsert = await as(null, (trx) =>
        insertPage(
          trx,
          {
            id: randomUUID(),
            tenant_id: tenantId,
            slug: 'by-nobody',
            created_by: userId('tm'),
            created_at: new Date(),
          },
          version(randomUUID(), 1, userId('tm')),
        ),
      ).catch((error: Error) => error.message);
      expect(anonymousInsert).toMatch(/row-level security/);
    });

    it('keeps versions append-only: no role can change or delete one, and pages are never deleted', async () => {
      for (const statement of [
        sql`UPDATE handbook_page_versions SET title_en = 'changed'`,
        sql`DELETE FROM handbook_page_versions`,
        sql`DELETE FROM handbook_pages`,
      ]) {
        const failure = await as(userId('tm'), (trx) => statement.execute(trx)).catch(
          (error: Error) => error.message,
        );
        expect(failure).toMatch(/permission denied/);
      }
    });
  },
);
