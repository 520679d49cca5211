// Keyset pagination on every list that can grow (issue 18), through the HTTP API on both databases: each
// list pages in its order with no row twice and none left out, also where rows share a timestamp (down to
// the millisecond, apart by a microsecond, or equal); the last page says so; a cursor that is not the
// list's own is refused with 400 `cursor_invalid`; filters combine with the cursor; and every page keeps to
// the caller's tenant, units and own notices. The order each list promises is read from the database
// beside it, in SQL written here, not by the code under test.
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyProvider } from '../../server/crypto/key-provider.ts';
import { Keyring } from '../../server/crypto/keyring.ts';
import { createKeyProvider } from '../../server/crypto/providers/index.ts';
import type { Database } from '../../server/db/database.ts';
import { defineKeyset } from '../../server/db/keyset.ts';
import { decodeCursor, encodeCursor } from '../../server/db/page.ts';
import type { UserRole } from '../../server/db/schema-identity.ts';
import { createPostgresBlobStore } from '../../server/modules/documents/postgres-blob-store.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { databaseTargets, openTestDatabase } from '../support/databases.ts';
import { type SignedInCall, signIn } from '../support/session.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';

const answers = {
  immediate_danger: 'no',
  description: 'Anruf bei der Hotline: Drohung in der Kantine.',
  warning_signs: ['threat'],
  persons: [{ role: 'person_of_concern', name: 'K.', description: 'Lager' }],
};

/** Timestamps that collide: the same microsecond, one microsecond apart, the same millisecond. */
const CLASHING = [
  '2026-03-01T09:00:00.000000Z',
  '2026-03-01T09:00:00.000000Z',
  '2026-03-01T09:00:00.000000Z',
  '2026-03-01T09:00:00.000001Z',
  '2026-03-01T09:00:00.000001Z',
  '2026-03-01T09:00:00.000999Z',
  '2026-03-01T09:00:00.001000Z',
];

describe('cursor codec', () => {
  const users = defineKeyset({
    name: 'users',
    columns: [
      { ref: 'users.created_at', type: 'timestamp' },
      { ref: 'users.id', type: 'uuid' },
    ],
    order: 'desc',
  });
  const tokens = defineKeyset({ ...users, name: 'api-tokens' });
  const position = ['2026-03-01T09:00:00.000001Z', randomUUID()];

  it('gives out an opaque cursor and reads back the same position', () => {
    const cursor = encodeCursor(users, position) as string;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(users, cursor)).toEqual(position);
    expect(encodeCursor(users, null)).toBeNull();
  });

  it.each([
    ['not base64url', '%%%'],
    ['not JSON', Buffer.from('{"users"').toString('base64url')],
    ['another list’s', encodeCursor(tokens, position) as string],
    ['one value short', Buffer.from(JSON.stringify(['users', position[0]])).toString('base64url')],
    [
      'a Date without microseconds',
      Buffer.from(JSON.stringify(['users', '2026-03-01T09:00:00.000Z', position[1]])).toString('base64url'),
    ],
    ['a number for the id', Buffer.from(JSON.stringify(['users', position[0], 42])).toString('base64url')],
    [
      'an SQL fragment',
      Buffer.from(JSON.stringify(['users', "2026'); DROP TABLE users; --", position[1]])).toString(
        'base64url',
      ),
    ],
  ])('refuses a cursor that is %s with 400 cursor_invalid', (_what, cursor) => {
    expect(() => decodeCursor(users, cursor)).toThrowError(
      expect.objectContaining({ status: 400, code: 'cursor_invalid' }),
    );
  });
});

describe.each(databaseTargets())('list pagination on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let t: TestApp;
  const tenants: Record<string, string> = {};
  const units: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  let ada: SignedInCall;
  let tom: SignedInCall;
  let gil: SignedInCall;

  /** Walks a list page by page; each page's items and whether the page said more follow. */
  async function walk(
    call: SignedInCall,
    url: string,
    items: string,
    limit: number,
  ): Promise<{ ids: string[]; pages: Array<{ ids: string[]; nextCursor: string | null }> }> {
    const pages: Array<{ ids: string[]; nextCursor: string | null }> = [];
    let after: string | null = null;
    const join = url.includes('?') ? '&' : '?';
    do {
      const response = await call('GET', `${url}${join}limit=${limit}${after ? `&after=${after}` : ''}`);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      const ids = (body[items] as Array<{ id: string }>).map((item) => item.id);
      pages.push({ ids, nextCursor: body.nextCursor });
      after = body.nextCursor;
      expect(pages.length).toBeLessThan(100);
    } while (after);
    return { ids: pages.flatMap((page) => page.ids), pages };
  }

  /** Every full page has `limit` items, the last one at most that and no cursor; no id twice. */
  function expectWellFormed(result: Awaited<ReturnType<typeof walk>>, limit: number) {
    for (const page of result.pages.slice(0, -1)) {
      expect(page.ids).toHaveLength(limit);
      expect(page.nextCursor).toEqual(expect.any(String));
    }
    expect(result.pages.at(-1)?.nextCursor).toBeNull();
    expect(new Set(result.ids).size).toBe(result.ids.length);
  }

  const ordered = async (query: ReturnType<typeof sql<{ id: string }>>) =>
    (await query.execute(database.db)).rows.map((row) => row.id);

  const expectRefusedCursors = async (call: SignedInCall, url: string, foreignCursor: string) => {
    const join = url.includes('?') ? '&' : '?';
    for (const after of ['garbage', foreignCursor, Buffer.from('["x"]').toString('base64url')]) {
      const response = await call('GET', `${url}${join}after=${after}`);
      expect(response.statusCode, `${url} after=${after}`).toBe(400);
      expect(response.json().error.code).toBe('cursor_invalid');
    }
    for (const limit of ['0', '201', 'ten', '-1']) {
      const response = await call('GET', `${url}${join}limit=${limit}`);
      expect(response.statusCode, `${url} limit=${limit}`).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
  };

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    for (const slug of ['acme', 'globex'])
      tenants[slug] = (await createTenant(database.db, { slug, name: slug.toUpperCase() })).id;
    for (const [tenant, slug] of [
      ['acme', 'de'],
      ['acme', 'fr'],
      ['globex', 'us'],
    ] as const)
      units[`${tenant}/${slug}`] = (
        await createUnit(database, tenants[tenant] as string, { slug, name: slug }, { kind: 'operator' })
      ).id;
    const user = async (
      tenant: string,
      email: string,
      role: UserRole,
      password?: string,
      unitSlugs?: string[],
    ) => {
      const created = await createUser(
        database,
        tenants[tenant] as string,
        { email, role, ...(password ? { password } : {}) },
        { kind: 'operator' },
      );
      userIds[email] = created.id;
      if (unitSlugs)
        await setUserUnits(
          database,
          tenants[tenant] as string,
          { email },
          { slugs: unitSlugs },
          { kind: 'operator' },
        );
    };
    await user('acme', 'ada@acme.example', 'admin', PASSWORD);
    await user('acme', 'abe@acme.example', 'admin', PASSWORD);
    await user('acme', 'tom@acme.example', 'threat_manager', PASSWORD, ['de']);
    await user('globex', 'gil@globex.example', 'admin', PASSWORD);
    // Invited users (no password): the users list's rows, many on clashing timestamps.
    for (let index = 0; index < 13; index++) await user('acme', `invitee${index}@acme.example`, 'expert');
    for (let index = 0; index < 3; index++) await user('globex', `guest${index}@globex.example`, 'expert');
    const invitees = Object.entries(userIds).filter(([email]) => email.startsWith('invitee'));
    for (const [index, [, id]] of invitees.entries())
      if (index < CLASHING.length)
        await sql`UPDATE users SET created_at = ${CLASHING[index]}::timestamptz WHERE id = ${id}`.execute(
          database.db,
        );

    t = await buildTestApp(database, {
      reporting: {
        keyring: new Keyring(database, provider),
        blobStore: createPostgresBlobStore(database),
        attachments: { maxBytes: 1024 * 1024, maxFiles: 3 },
      },
    });
    ada = await signIn(t.app, { tenant: 'acme', email: 'ada@acme.example', password: PASSWORD });
    tom = await signIn(t.app, { tenant: 'acme', email: 'tom@acme.example', password: PASSWORD });
    gil = await signIn(t.app, { tenant: 'globex', email: 'gil@globex.example', password: PASSWORD });
  });
  afterAll(async () => {
    await t?.app.close();
    await provider?.close();
    await cleanup?.();
  });

  it('pages the users newest first, ties broken by id, within the tenant only', async () => {
    const expected = await ordered(
      sql<{
        id: string;
      }>`SELECT id FROM users WHERE tenant_id = ${tenants.acme} ORDER BY created_at DESC, id DESC`,
    );
    expect(expected).toHaveLength(16);
    for (const limit of [1, 3, 7, 16, 50]) {
      const result = await walk(ada, '/api/v1/users', 'users', limit);
      expectWellFormed(result, limit);
      expect(result.ids).toEqual(expected);
    }
    const globex = await walk(gil, '/api/v1/users', 'users', 2);
    expect(globex.ids).toHaveLength(4);
    expect(globex.ids.some((id) => expected.includes(id))).toBe(false);
    // A cursor of one tenant's list names a position, not rows: in another tenant it shows only that tenant's.
    const acmeCursor = (await ada('GET', '/api/v1/users?limit=2')).json().nextCursor as string;
    const across = (await gil('GET', `/api/v1/users?after=${acmeCursor}`)).json().users as Array<{
      id: string;
    }>;
    expect(across.every((user) => !expected.includes(user.id))).toBe(true);
    // Still admins only, on every page.
    expect((await tom('GET', `/api/v1/users?after=${acmeCursor}`)).statusCode).toBe(403);
    const tokensCursor = encodeCursor(
      defineKeyset({
        name: 'api-tokens',
        columns: [
          { ref: 'a.b', type: 'timestamp' },
          { ref: 'a.id', type: 'uuid' },
        ],
        order: 'desc',
      }),
      ['2026-03-01T09:00:00.000000Z', randomUUID()],
    ) as string;
    await expectRefusedCursors(ada, '/api/v1/users', tokensCursor);
    // Default 50 and no more than 200: 16 users fit on one default page.
    const all = (await ada('GET', '/api/v1/users')).json();
    expect(all.users).toHaveLength(16);
    expect(all.nextCursor).toBeNull();
    expect((await ada('GET', '/api/v1/users?limit=200')).statusCode).toBe(200);
  });

  it('pages the inbox danger first, then newest, per view, and only the units of the caller', async () => {
    const staffReport = (unit: string) => ({
      unitId: units[unit],
      channel: 'phone',
      receivedOn: new Date().toISOString().slice(0, 10),
      anonymous: true,
      answers,
      issueReceipt: false,
    });
    const created: Record<string, string[]> = { 'acme/de': [], 'acme/fr': [], 'globex/us': [] };
    for (const [unit, count] of [
      ['acme/de', 9],
      ['acme/fr', 4],
      ['globex/us', 2],
    ] as const)
      for (let index = 0; index < count; index++) {
        const response = await (unit === 'globex/us' ? gil : ada)(
          'POST',
          '/api/v1/reports',
          staffReport(unit),
        );
        expect(response.statusCode, response.body).toBe(201);
        created[unit]?.push(response.json().report.id);
      }
    const de = created['acme/de'] as string[];
    // Danger on some, closed on others: the order's first key and the views' filter.
    await sql`UPDATE reports SET danger_indicated = true WHERE id IN (${sql.join([de[1], de[4], de[7]])})`.execute(
      database.db,
    );
    await sql`UPDATE reports SET status = 'closed', closed_reason = 'not_relevant'
      WHERE id IN (${sql.join([de[0], de[4], de[5], de[8]])})`.execute(database.db);
    const inboxOrder = (where: ReturnType<typeof sql>) =>
      ordered(sql<{ id: string }>`SELECT id FROM reports WHERE tenant_id = ${tenants.acme}
        AND unit_id = ${units['acme/de']} AND ${where} ORDER BY danger_indicated DESC, number DESC`);
    const views = {
      all: await inboxOrder(sql`true`),
      open: await inboxOrder(sql`status IN ('new', 'acknowledged')`),
      closed: await inboxOrder(sql`status NOT IN ('new', 'acknowledged')`),
    };
    expect(views.all).toHaveLength(9);
    expect(views.open).toHaveLength(5);
    for (const [view, expected] of Object.entries(views))
      for (const limit of [1, 2, 4]) {
        const result = await walk(tom, `/api/v1/reports?view=${view}`, 'reports', limit);
        expectWellFormed(result, limit);
        // Tom's unit only, on every page: RLS and the unit filter hold whatever the cursor.
        expect(result.ids).toEqual(expected);
      }
    const first = (await tom('GET', '/api/v1/reports?view=all&limit=3')).json();
    expect(first.reports.slice(0, 3).map((r: { dangerIndicated: boolean }) => r.dangerIndicated)).toEqual([
      true,
      true,
      true,
    ]);
    // The admin sees both units of acme, never globex.
    const adminView = await walk(ada, '/api/v1/reports?view=all', 'reports', 5);
    expectWellFormed(adminView, 5);
    expect(new Set(adminView.ids)).toEqual(new Set([...de, ...(created['acme/fr'] as string[])]));
    const usersCursor = (await ada('GET', '/api/v1/users?limit=1')).json().nextCursor as string;
    await expectRefusedCursors(tom, '/api/v1/reports?view=all', usersCursor);
  });

  it('pages a user’s own notices newest first and refuses a cursor whose notice is gone', async () => {
    const day = '2026-03-01';
    const insert = (email: string, tenant: string, count: number) =>
      sql`INSERT INTO notifications (tenant_id, user_id, kind, created_on)
        SELECT ${tenants[tenant]}, ${userIds[email]}, 'report.received', ${day}::date
        FROM generate_series(1, ${count})`.execute(database.db);
    await insert('tom@acme.example', 'acme', 11);
    await insert('ada@acme.example', 'acme', 3);
    await insert('gil@globex.example', 'globex', 2);
    const expected = await ordered(
      sql<{
        id: string;
      }>`SELECT id FROM notifications WHERE user_id = ${userIds['tom@acme.example']} ORDER BY seq DESC`,
    );
    expect(expected.length).toBeGreaterThanOrEqual(11);
    for (const limit of [1, 4, 11]) {
      const result = await walk(tom, '/api/v1/notifications', 'notifications', limit);
      expectWellFormed(result, limit);
      expect(result.ids).toEqual(expected);
    }
    const page = (await tom('GET', '/api/v1/notifications?limit=2')).json();
    expect(page.unread).toBe(expected.length);
    // The cursor names a notice, not the sequence that numbers all tenants' notices.
    const cursor = page.nextCursor as string;
    expect(JSON.parse(Buffer.from(cursor, 'base64url').toString())).toEqual([
      'notifications',
      page.notifications[1].id,
    ]);
    // Another user's cursor names a notice that is not theirs: refused, nothing of it shown.
    const refused = await ada('GET', `/api/v1/notifications?after=${cursor}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('cursor_invalid');
    // The notice a cursor names is gone (its report was deleted): refused, so the client starts again.
    await sql`DELETE FROM notifications WHERE id = ${page.notifications[1].id}`.execute(database.db);
    expect((await tom('GET', `/api/v1/notifications?after=${cursor}`)).json().error.code).toBe(
      'cursor_invalid',
    );
    const usersCursor = (await ada('GET', '/api/v1/users?limit=1')).json().nextCursor as string;
    await expectRefusedCursors(tom, '/api/v1/notifications', usersCursor);
  });

  it('pages the pending deletions oldest first, alone or those about one object', async () => {
    const requests: Array<{ tenant: string; by: string; at: string; status: string }> = [
      ...CLASHING.map((at) => ({ tenant: 'acme', by: 'ada@acme.example', at, status: 'pending' })),
      { tenant: 'acme', by: 'abe@acme.example', at: '2026-02-01T00:00:00.5Z', status: 'pending' },
      { tenant: 'acme', by: 'abe@acme.example', at: '2026-04-01T00:00:00Z', status: 'pending' },
      { tenant: 'acme', by: 'abe@acme.example', at: '2026-04-01T00:00:00Z', status: 'withdrawn' },
      { tenant: 'globex', by: 'gil@globex.example', at: '2026-02-01T00:00:00Z', status: 'pending' },
    ];
    const objects: string[] = [];
    for (const request of requests) {
      const objectId = randomUUID();
      objects.push(objectId);
      await sql`INSERT INTO deletion_requests
          (tenant_id, object_type, object_id, reason, requested_by, requested_at, status, decided_by, decided_at)
        VALUES (${tenants[request.tenant]}, 'report', ${objectId}, 'other', ${userIds[request.by]},
          ${request.at}::timestamptz, ${request.status},
          ${request.status === 'pending' ? null : userIds[request.by]},
          ${request.status === 'pending' ? null : new Date()})`.execute(database.db);
    }
    const expected = await ordered(
      sql<{
        id: string;
      }>`SELECT id FROM deletion_requests WHERE tenant_id = ${tenants.acme} AND status = 'pending'
        ORDER BY requested_at, id`,
    );
    expect(expected).toHaveLength(9);
    for (const limit of [1, 2, 5, 9]) {
      const result = await walk(ada, '/api/v1/deletion-requests', 'requests', limit);
      expectWellFormed(result, limit);
      expect(result.ids).toEqual(expected);
    }
    // The filter for one object combines with paging.
    const one = (
      await ada('GET', `/api/v1/deletion-requests?objectType=report&objectId=${objects[3]}`)
    ).json();
    expect(one.requests.map((r: { objectId: string }) => r.objectId)).toEqual([objects[3]]);
    expect(one.nextCursor).toBeNull();
    expect(
      (await ada('GET', `/api/v1/deletion-requests?objectType=case&objectId=${objects[3]}`)).json().requests,
    ).toEqual([]);
    // Another tenant's request is not found by its object either.
    const foreign = objects.at(-1) as string;
    expect((await ada('GET', `/api/v1/deletion-requests?objectId=${foreign}`)).json().requests).toEqual([]);
    expect((await gil('GET', '/api/v1/deletion-requests')).json().requests).toHaveLength(1);
    expect((await tom('GET', '/api/v1/deletion-requests')).statusCode).toBe(403);
    const usersCursor = (await ada('GET', '/api/v1/users?limit=1')).json().nextCursor as string;
    await expectRefusedCursors(ada, '/api/v1/deletion-requests', usersCursor);
  });

  it('pages the API tokens newest first, ties broken by id, within the tenant only', async () => {
    const created: string[] = [];
    for (let index = 0; index < 9; index++) {
      const response = await ada('POST', '/api/v1/api-tokens', {
        name: `Export ${index}`,
        scopes: ['reports:read'],
        expiresInDays: 30,
      });
      expect(response.statusCode, response.body).toBe(201);
      created.push(response.json().apiToken.id);
    }
    expect(
      (await gil('POST', '/api/v1/api-tokens', { name: 'G', scopes: ['units:read'], expiresInDays: 5 }))
        .statusCode,
    ).toBe(201);
    for (const [index, id] of created.entries())
      if (index < CLASHING.length)
        await sql`UPDATE api_tokens SET created_at = ${CLASHING[index]}::timestamptz WHERE id = ${id}`.execute(
          database.db,
        );
    const expected = await ordered(
      sql<{
        id: string;
      }>`SELECT id FROM api_tokens WHERE tenant_id = ${tenants.acme} ORDER BY created_at DESC, id DESC`,
    );
    expect(expected).toHaveLength(9);
    for (const limit of [1, 2, 4, 9]) {
      const result = await walk(ada, '/api/v1/api-tokens', 'apiTokens', limit);
      expectWellFormed(result, limit);
      expect(result.ids).toEqual(expected);
    }
    expect((await gil('GET', '/api/v1/api-tokens')).json().apiTokens).toHaveLength(1);
    expect((await tom('GET', '/api/v1/api-tokens')).statusCode).toBe(403);
    const usersCursor = (await ada('GET', '/api/v1/users?limit=1')).json().nextCursor as string;
    await expectRefusedCursors(ada, '/api/v1/api-tokens', usersCursor);
  });
});
