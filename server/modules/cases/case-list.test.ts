// The case list pages by keyset (issue 18), through the HTTP API on both databases: newest first by
// (created_at, id), no case twice and none left out, also where cases share a timestamp or lie a
// microsecond apart; the last page says so; a cursor that is not the list's own is refused with 400
// `cursor_invalid`; need-to-know holds on every page, whoever's cursor is used; tombstones are listed;
// titles are opened; each page is one `case.list` audit event. The expected order is read from the
// database in SQL written here, not by the code under test.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { type SignedInCall, signIn } from '../../../test/support/session.ts';
import type { KeyProvider } from '../../crypto/key-provider.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import type { Database } from '../../db/database.ts';
import { defineKeyset } from '../../db/keyset.ts';
import { encodeCursor } from '../../db/page.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from '../audit/link.ts';
import { listAuditEvents } from '../audit/service.ts';
import { createPostgresBlobStore } from '../documents/postgres-blob-store.ts';
import { createUser } from '../identity/service.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit, setUserUnits } from '../units/service.ts';
import { openCase } from './service.ts';
import { addCaseMember } from './store.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';

interface Page {
  cases: Array<{ id: string; title: string | null; deleted: { on: string } | null; unit: { id: string } }>;
  nextCursor: string | null;
}

describe.each(databaseTargets())('the case list on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let keyring: Keyring;
  let t: TestApp;
  let tenantId = '';
  const units: Record<string, string> = {};
  const users: Record<string, string> = {};
  const titles = new Map<string, string>();
  let tom: SignedInCall; // threat manager of Germany
  let fay: SignedInCall; // threat manager of France
  let eve: SignedInCall; // expert on three French case teams
  const eveCases: string[] = [];
  let closedId = '';
  let deletedId = '';

  /** Every page of the list, walked with `limit`; fails on an answer that is not 200. */
  async function walk(call: SignedInCall, limit?: number): Promise<Page[]> {
    const pages: Page[] = [];
    let after: string | null = null;
    do {
      const query = new URLSearchParams();
      if (limit !== undefined) query.set('limit', String(limit));
      if (after) query.set('after', after);
      const response = await call('GET', `/api/v1/cases${query.size > 0 ? `?${query}` : ''}`);
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json() as Page;
      pages.push(page);
      after = page.nextCursor;
    } while (after && pages.length < 100);
    return pages;
  }

  /** The ids the list must show for these units, in its order: read here, in SQL of the test's own. */
  async function expected(unitIds: string[]): Promise<string[]> {
    const rows = await sql<{ id: string }>`
      SELECT id FROM cases
      WHERE tenant_id = ${tenantId} AND unit_id = ANY (${unitIds}::uuid[])
        AND (status <> 'closed' OR deleted_at IS NOT NULL)
      ORDER BY created_at DESC, id DESC
    `.execute(database.db);
    return rows.rows.map((row) => row.id);
  }

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    keyring = new Keyring(database, provider);
    tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    for (const [slug, name] of [
      ['de', 'Germany'],
      ['fr', 'France'],
    ] as const)
      units[slug] = (await createUnit(database, tenantId, { slug, name }, { kind: 'operator' })).id;
    const user = async (email: string, role: UserRole, unitSlugs: string[], extra = {}) => {
      users[email] = (
        await createUser(
          database,
          tenantId,
          { email, role, password: PASSWORD, ...extra },
          { kind: 'operator' },
        )
      ).id;
      if (unitSlugs.length > 0)
        await setUserUnits(database, tenantId, { email }, { slugs: unitSlugs }, { kind: 'operator' });
    };
    await user('tom@acme.example', 'threat_manager', ['de']);
    await user('fay@acme.example', 'threat_manager', ['fr']);
    await user('eve@acme.example', 'expert', [], { specialty: 'psychology' });

    // 57 German cases, 9 French ones; many share their second, and a few their millisecond.
    const keys = await keyring.forTenant(tenantId);
    const base = Date.UTC(2026, 10, 2, 9, 0, 0);
    await withTenant(database, { tenantId, userId: null }, async (trx) => {
      for (let index = 0; index < 66; index++) {
        const unit = index < 57 ? 'de' : 'fr';
        const title = `Fall ${unit} ${index}`;
        const id = await openCase(trx, keys, {
          tenantId,
          unitId: units[unit] as string,
          title,
          ownerId: users[unit === 'de' ? 'tom@acme.example' : 'fay@acme.example'] as string,
          now: new Date(base + Math.floor(index / 4) * 1000),
        });
        titles.set(id, title);
        if (unit === 'fr' && eveCases.length < 3) {
          eveCases.push(id);
          await addCaseMember(trx, {
            tenant_id: tenantId,
            case_id: id,
            user_id: users['eve@acme.example'] as string,
            role: 'member',
          });
        }
      }
    });
    // Some cases a microsecond apart (a JavaScript Date could not tell them), one closed, one deleted.
    const de = await expected([units.de as string]);
    closedId = de[3] as string;
    deletedId = de[10] as string;
    await sql`UPDATE cases SET created_at = created_at + interval '1 microsecond'
      WHERE id = ANY (${[de[20], de[30], de[31]]}::uuid[])`.execute(database.db);
    await sql`UPDATE cases SET status = 'closed' WHERE id = ${closedId}`.execute(database.db);
    await sql`UPDATE cases SET deleted_at = now(), deletion_reason = 'duplicate', title_sealed = NULL
      WHERE id = ${deletedId}`.execute(database.db);
    await withTenant(database, { tenantId, userId: null }, (trx) => keys.destroy(trx, 'case', deletedId));

    t = await buildTestApp(database, {
      reporting: {
        keyring,
        blobStore: createPostgresBlobStore(database),
        attachments: { maxBytes: 1024 * 1024, maxFiles: 3 },
      },
    });
    const session = (email: string) => signIn(t.app, { tenant: 'acme', email, password: PASSWORD });
    tom = await session('tom@acme.example');
    fay = await session('fay@acme.example');
    eve = await session('eve@acme.example');
  }, 120_000);

  afterAll(async () => {
    await t?.app.close();
    await provider?.close();
    await cleanup?.();
  });

  it('pages through every case of the unit once, newest first, and ends with a null cursor', async () => {
    const pages = await walk(tom, 7);
    const ids = pages.flatMap((page) => page.cases.map((item) => item.id));
    const want = await expected([units.de as string]);
    expect(want).toHaveLength(56); // 57 German cases, one of them closed
    expect(ids).toEqual(want);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toHaveLength(8);
    expect(pages.slice(0, -1).every((page) => page.cases.length === 7 && page.nextCursor !== null)).toBe(
      true,
    );
    expect(pages.at(-1)?.nextCursor).toBeNull();
    expect(ids).not.toContain(closedId);
    // Titles are opened with the cases' own keys; the deleted case is its tombstone.
    for (const item of pages.flatMap((page) => page.cases)) {
      if (item.id === deletedId) {
        expect(item.title).toBeNull();
        expect(item.deleted).toMatchObject({ on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      } else {
        expect(item.title).toBe(titles.get(item.id));
        expect(item.deleted).toBeNull();
      }
    }
  });

  it('holds 50 cases on a page by default and 200 at most', async () => {
    const pages = await walk(tom);
    expect(pages.map((page) => page.cases.length)).toEqual([50, 6]);
    expect((await walk(tom, 200)).map((page) => page.cases.length)).toEqual([56]);
    expect((await walk(tom, 56))[0]?.nextCursor).toBeNull();
  });

  it('keeps need-to-know on every page, whoever gave out the cursor', async () => {
    // The expert sees only the cases whose team they are on, one page after the other.
    const evePages = await walk(eve, 2);
    expect(evePages.flatMap((page) => page.cases.map((item) => item.id))).toEqual(
      (await expected([units.fr as string])).filter((id) => eveCases.includes(id)),
    );
    expect(evePages).toHaveLength(2);
    // Fay's French cases only; Tom's cursor names a place in the order, not what Fay may see.
    const fayIds = (await walk(fay, 4)).flatMap((page) => page.cases.map((item) => item.id));
    expect(fayIds).toEqual(await expected([units.fr as string]));
    const tomFirst = (await tom('GET', '/api/v1/cases?limit=5')).json() as Page;
    const withTomsCursor = await fay('GET', `/api/v1/cases?limit=200&after=${tomFirst.nextCursor}`);
    expect(withTomsCursor.statusCode, withTomsCursor.body).toBe(200);
    for (const item of (withTomsCursor.json() as Page).cases) expect(item.unit.id).toBe(units.fr);
  });

  it('refuses a cursor it did not give out, and a limit out of range, with 400', async () => {
    const other = encodeCursor(
      defineKeyset({ name: 'users', columns: [{ ref: 'users.id', type: 'uuid' }], order: 'asc' }),
      [users['tom@acme.example'] as string],
    ) as string;
    const forged = Buffer.from(JSON.stringify(['cases', 'yesterday', 'x'])).toString('base64url');
    for (const after of ['not-a-cursor', other, forged, 'a'.repeat(1001), 'abc$']) {
      const response = await tom('GET', `/api/v1/cases?after=${encodeURIComponent(after)}`);
      expect(response.statusCode, after).toBe(400);
      expect(['cursor_invalid', 'validation_failed']).toContain(response.json().error.code);
    }
    expect((await tom('GET', `/api/v1/cases?after=${other}`)).json().error.code).toBe('cursor_invalid');
    expect((await tom('GET', `/api/v1/cases?after=${forged}`)).json().error.code).toBe('cursor_invalid');
    for (const limit of ['0', '201', 'ten', '-1', '5.5']) {
      const response = await tom('GET', `/api/v1/cases?limit=${limit}`);
      expect(response.statusCode, limit).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
  });

  it('records one case.list event per page, naming its cases', async () => {
    const pages = await walk(tom, 20);
    await linkAuditEvents(database, { tenantId, wait: true });
    const events = (
      await withTenant(database, { tenantId, userId: null }, (trx) => listAuditEvents(trx, { limit: 1000 }))
    ).events.filter((event) => event.action === 'case.list');
    const lastThree = events.slice(-3);
    expect(lastThree.map((event) => event.objectIds)).toEqual(
      pages.map((page) => page.cases.map((item) => item.id)),
    );
    expect(lastThree.every((event) => event.actorId === users['tom@acme.example'])).toBe(true);
  });
});
