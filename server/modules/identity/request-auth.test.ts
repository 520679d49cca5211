// The one-statement authentication of migration 0020 (tma_authenticate_session, tma_authenticate_api_token):
// who may call it, that it answers only the presented row and keeps every rule, that it works where row-level
// security binds its owner too, and that it leaves the caller's settings as they were.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { authenticateApiToken } from '../api-tokens/store.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit, setUserUnits } from '../units/service.ts';
import { createUser } from './service.ts';
import { authenticateSession } from './store.ts';

const IDLE = 30 * 60;
const TOUCH = 60;
const MINUTE = 60_000;
const FUNCTIONS = [
  'tma_authenticate_session(bytea, timestamptz, interval, interval)',
  'tma_authenticate_api_token(bytea, timestamptz, interval)',
];

describe.each(databaseTargets())('request authentication in one statement on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  const tenants: Record<string, string> = {};
  const users: Record<string, string> = {};
  const start = new Date('2026-12-05T08:00:00Z');

  const hash = () => createHash('sha256').update(randomBytes(32)).digest();
  /** A session as login writes it, straight into the table as its owner; answers the token hash. */
  const session = async (tenant: string, email: string, changes: Record<string, unknown> = {}) => {
    const tokenHash = hash();
    await database.db
      .insertInto('sessions')
      .values({
        tenant_id: tenants[tenant] as string,
        user_id: users[email] as string,
        token_hash: tokenHash,
        csrf_secret: randomBytes(32),
        created_at: start,
        last_seen_at: start,
        expires_at: new Date(start.getTime() + 12 * 60 * MINUTE),
        user_agent: 'Test/1',
        ...changes,
      })
      .execute();
    return tokenHash;
  };
  const lastSeen = async (tokenHash: Buffer) =>
    (
      await database.db
        .selectFrom('sessions')
        .select('last_seen_at')
        .where('token_hash', '=', tokenHash)
        .executeTakeFirstOrThrow()
    ).last_seen_at;
  const apiToken = async (email: string, changes: Record<string, unknown> = {}) => {
    const tokenHash = hash();
    await database.db
      .insertInto('api_tokens')
      .values({
        tenant_id: tenants.acme as string,
        name: 'Hotline',
        token_hash: tokenHash,
        token_prefix: 'tma_abcdefgh',
        scopes: JSON.stringify(['units:read']),
        created_by: users[email] as string,
        created_at: start,
        expires_at: new Date(start.getTime() + 30 * 24 * 60 * MINUTE),
        ...changes,
      })
      .execute();
    return tokenHash;
  };

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    for (const slug of ['acme', 'globex'])
      tenants[slug] = (await createTenant(database.db, { slug, name: slug.toUpperCase() })).id;
    for (const [tenant, email, role] of [
      ['acme', 'tom@acme.example', 'threat_manager'],
      ['acme', 'ada@acme.example', 'admin'],
      ['acme', 'dan@acme.example', 'threat_manager'],
      ['globex', 'gil@globex.example', 'admin'],
    ] as const)
      users[email] = (
        await createUser(database, tenants[tenant] as string, { email, role }, { kind: 'operator' })
      ).id;
    await database.db
      .updateTable('users')
      .set({ status: 'deactivated' })
      .where('email', '=', 'dan@acme.example')
      .execute();
  });
  afterAll(() => cleanup());

  it('may be executed by the app role and the owner only, not by PUBLIC', async () => {
    for (const signature of FUNCTIONS) {
      const { rows } = await sql<{ app: boolean; public: boolean; definer: boolean }>`
        SELECT has_function_privilege('tma_app', ${signature}, 'EXECUTE') AS app,
               coalesce((SELECT bool_or(a.grantee = 0) FROM pg_proc p, aclexplode(p.proacl) a
                         WHERE p.oid = ${signature}::regprocedure), false) AS public,
               (SELECT prosecdef FROM pg_proc WHERE oid = ${signature}::regprocedure) AS definer
      `.execute(database.db);
      expect(rows[0], signature).toEqual({ app: true, public: false, definer: true });
    }
    const tokenHash = await session('acme', 'ada@acme.example');
    const as = (role: string) =>
      database.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL ROLE ${sql.id(role)}`.execute(trx);
        return authenticateSession(trx, tokenHash, start, IDLE, TOUCH);
      });
    expect((await as('tma_app'))?.user.email).toBe('ada@acme.example');
    const stranger = `tma_stranger_${randomBytes(4).toString('hex')}`;
    await sql`CREATE ROLE ${sql.id(stranger)} NOLOGIN`.execute(database.db);
    try {
      await expect(as(stranger)).rejects.toThrow(/permission denied/);
    } finally {
      await sql`DROP ROLE ${sql.id(stranger)}`.execute(database.db);
    }
  });

  it('answers the presented session only, with its user, tenant and the second-factor state', async () => {
    const mine = await session('acme', 'tom@acme.example');
    await session('acme', 'ada@acme.example');
    await session('globex', 'gil@globex.example');
    const found = await authenticateSession(database.db, mine, start, IDLE, TOUCH);
    expect(found).toMatchObject({
      session: { tenant_id: tenants.acme, user_id: users['tom@acme.example'], user_agent: 'Test/1' },
      user: {
        id: users['tom@acme.example'],
        email: 'tom@acme.example',
        role: 'threat_manager',
        status: 'active',
      },
      tenant: { id: tenants.acme, slug: 'acme', name: 'ACME' },
      secondFactorSetupRequired: false,
    });
    expect(Buffer.from(found?.session.token_hash ?? [])).toEqual(mine);
    expect(await authenticateSession(database.db, hash(), start, IDLE, TOUCH)).toBeUndefined();
    const { rows } = await sql`SELECT * FROM tma_authenticate_session(${Buffer.alloc(3)}, ${start},
      interval '30 minutes', interval '1 minute')`.execute(database.db);
    expect(rows).toEqual([]);
  });

  it('refuses revoked, idle, expired sessions, deactivated users and suspended tenants', async () => {
    const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
    const revoked = await session('acme', 'tom@acme.example', { revoked_at: start });
    expect(await authenticateSession(database.db, revoked, start, IDLE, TOUCH)).toBeUndefined();
    const idle = await session('acme', 'tom@acme.example');
    expect(await authenticateSession(database.db, idle, at(29), IDLE, TOUCH)).toBeDefined();
    const idle2 = await session('acme', 'tom@acme.example');
    expect(await authenticateSession(database.db, idle2, at(30), IDLE, TOUCH)).toBeUndefined();
    const ended = await session('acme', 'tom@acme.example', { expires_at: at(10) });
    expect(await authenticateSession(database.db, ended, at(10), IDLE, TOUCH)).toBeUndefined();
    const deactivated = await session('acme', 'dan@acme.example');
    expect(await authenticateSession(database.db, deactivated, start, IDLE, TOUCH)).toBeUndefined();
    const suspended = await session('globex', 'gil@globex.example');
    await database.db
      .updateTable('tenants')
      .set({ status: 'suspended' })
      .where('slug', '=', 'globex')
      .execute();
    try {
      expect(await authenticateSession(database.db, suspended, start, IDLE, TOUCH)).toBeUndefined();
    } finally {
      await database.db
        .updateTable('tenants')
        .set({ status: 'active' })
        .where('slug', '=', 'globex')
        .execute();
    }
  });

  it('writes last_seen_at only once it is a minute old, and slides the idle expiry with it', async () => {
    const tokenHash = await session('acme', 'tom@acme.example');
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    expect(
      (await authenticateSession(database.db, tokenHash, at(59), IDLE, TOUCH))?.session.last_seen_at,
    ).toEqual(start);
    expect(await lastSeen(tokenHash)).toEqual(start);
    expect(
      (await authenticateSession(database.db, tokenHash, at(60), IDLE, TOUCH))?.session.last_seen_at,
    ).toEqual(at(60));
    expect(await lastSeen(tokenHash)).toEqual(at(60));
    // 29 minutes after that touch, though 30 after the start: still live.
    expect(await authenticateSession(database.db, tokenHash, at(60 + 29 * 60), IDLE, TOUCH)).toBeDefined();
  });

  it('tells whether the tenant requires a second factor the user has not enrolled', async () => {
    await database.db
      .insertInto('tenant_security_settings')
      .values({
        tenant_id: tenants.acme as string,
        require_second_factor_roles: sql`'{threat_manager}'::text[]`,
      })
      .execute();
    try {
      const tom = await session('acme', 'tom@acme.example');
      expect(
        (await authenticateSession(database.db, tom, start, IDLE, TOUCH))?.secondFactorSetupRequired,
      ).toBe(true);
      const ada = await session('acme', 'ada@acme.example');
      expect(
        (await authenticateSession(database.db, ada, start, IDLE, TOUCH))?.secondFactorSetupRequired,
      ).toBe(false);
      await database.db
        .insertInto('user_totp')
        .values({
          tenant_id: tenants.acme as string,
          user_id: users['tom@acme.example'] as string,
          secret_sealed: randomBytes(40) as never,
          confirmed_at: start,
          created_at: start,
        })
        .execute();
      expect(
        (await authenticateSession(database.db, tom, start, IDLE, TOUCH))?.secondFactorSetupRequired,
      ).toBe(false);
    } finally {
      await database.db.deleteFrom('user_totp').execute();
      await database.db.deleteFrom('tenant_security_settings').execute();
    }
  });

  it('answers API tokens with their creator, or the refusal for the audit log', async () => {
    const good = await apiToken('ada@acme.example');
    const found = await authenticateApiToken(database.db, good, start, TOUCH);
    expect(found).toMatchObject({
      tenantId: tenants.acme,
      scopes: ['units:read'],
      refusal: null,
      creator: { id: users['ada@acme.example'], role: 'admin' },
      tenant: { slug: 'acme' },
    });
    const used = await database.db
      .selectFrom('api_tokens')
      .select('last_used_at')
      .where('token_hash', '=', good)
      .executeTakeFirstOrThrow();
    expect(used.last_used_at).toEqual(start);
    const refusal = async (tokenHash: Buffer, now = start) =>
      (await authenticateApiToken(database.db, tokenHash, now, TOUCH))?.refusal;
    expect(await refusal(await apiToken('ada@acme.example', { revoked_at: start }))).toBe('revoked');
    expect(await refusal(good, new Date(start.getTime() + 31 * 24 * 60 * MINUTE))).toBe('expired');
    expect(await refusal(await apiToken('tom@acme.example'))).toBe('creator_inactive');
    expect(await authenticateApiToken(database.db, hash(), start, TOUCH)).toBeUndefined();
  });

  it('answers what the access policies need of the user, as stored at the call (migration 0051)', async () => {
    const operator = { kind: 'operator' } as const;
    const acme = tenants.acme as string;
    const unit = await createUnit(database, acme, { slug: 'berlin', name: 'Berlin' }, operator);
    const tokenHash = await session('acme', 'tom@acme.example');
    const access = async () =>
      (await authenticateSession(database.db, tokenHash, start, IDLE, TOUCH))?.access;
    expect(await access()).toEqual({
      role: 'threat_manager',
      status: 'active',
      tenantWide: false,
      alsoThreatManager: false,
      adminsReadContent: false,
      unitIds: [],
    });
    // A change holds from the next call on: nothing is cached.
    await setUserUnits(database, acme, { email: 'tom@acme.example' }, { ids: [unit.id] }, operator);
    expect((await access())?.unitIds).toEqual([unit.id]);
    await database.db
      .insertInto('access_settings')
      .values({ tenant_id: acme, admins_read_content: true, updated_at: start })
      .execute();
    await database.db
      .insertInto('user_content_roles')
      .values({
        tenant_id: acme,
        user_id: users['ada@acme.example'] as string,
        role: 'threat_manager',
        granted_at: start,
      })
      .execute();
    expect(await access()).toMatchObject({
      adminsReadContent: true,
      alsoThreatManager: false,
      unitIds: [unit.id],
    });
    const token = await authenticateApiToken(database.db, await apiToken('ada@acme.example'), start, TOUCH);
    expect(token && 'access' in token ? token.access : null).toEqual({
      role: 'admin',
      status: 'active',
      tenantWide: false,
      alsoThreatManager: true,
      adminsReadContent: true,
      unitIds: [],
    });
    // Another tenant's setting is not this one's.
    const gil = await authenticateSession(
      database.db,
      await session('globex', 'gil@globex.example'),
      start,
      IDLE,
      TOUCH,
    );
    expect(gil?.access).toMatchObject({ adminsReadContent: false, alsoThreatManager: false, unitIds: [] });
  });

  it('leaves the settings of a calling transaction as they were', async () => {
    const other = await session('globex', 'gil@globex.example');
    const scope = { tenantId: tenants.acme as string, userId: users['tom@acme.example'] as string };
    const seen = await withTenant(database, scope, async (trx) => {
      const { rows } = await sql<{ tenant_slug: string }>`
        SELECT tenant_slug FROM tma_authenticate_session(${other}, ${start}, interval '30 minutes', interval '1 minute')
      `.execute(trx);
      const settings = await sql<{ tenant: string; user: string; hash: string | null; role: string }>`
        SELECT current_setting('app.tenant_id') AS tenant, current_setting('app.user_id') AS user,
               current_setting('app.session_token_hash', true) AS hash, current_user AS role
      `.execute(trx);
      return { found: rows.map((row) => row.tenant_slug), ...settings.rows[0] };
    });
    expect(seen).toMatchObject({
      found: ['globex'],
      tenant: scope.tenantId,
      user: scope.userId,
      role: 'tma_app',
    });
    expect(['', null]).toContain(seen.hash);
  });

  it('works where row-level security binds its owner: it presents the hash and scopes itself', async () => {
    const owner = `tma_auth_owner_${randomBytes(4).toString('hex')}`;
    const original = (
      await sql<{
        owner: string;
      }>`SELECT pg_get_userbyid(proowner) AS owner FROM pg_proc WHERE proname = 'tma_authenticate_session'`.execute(
        database.db,
      )
    ).rows[0]?.owner as string;
    const tables = [
      'sessions',
      'users',
      'tenants',
      'tenant_security_settings',
      'user_totp',
      'passkeys',
      'api_tokens',
      'user_content_roles',
      'access_settings',
      'user_units',
    ];
    await sql`CREATE ROLE ${sql.id(owner)} NOLOGIN NOBYPASSRLS`.execute(database.db);
    try {
      await sql`GRANT SELECT ON ${sql.raw(tables.join(', '))} TO ${sql.id(owner)}`.execute(database.db);
      await sql`GRANT UPDATE ON sessions, api_tokens TO ${sql.id(owner)}`.execute(database.db);
      await sql`GRANT USAGE, CREATE ON SCHEMA public TO ${sql.id(owner)}`.execute(database.db);
      for (const signature of FUNCTIONS)
        await sql`ALTER FUNCTION ${sql.raw(signature)} OWNER TO ${sql.id(owner)}`.execute(database.db);
      const tokenHash = await session('acme', 'tom@acme.example');
      const later = new Date(start.getTime() + 2 * MINUTE);
      const found = await authenticateSession(database.db, tokenHash, later, IDLE, TOUCH);
      expect(found?.user.email).toBe('tom@acme.example');
      expect(await lastSeen(tokenHash)).toEqual(later);
      const token = await apiToken('ada@acme.example');
      expect((await authenticateApiToken(database.db, token, start, TOUCH))?.creator?.email).toBe(
        'ada@acme.example',
      );
      // Bound by the policies, the owner sees no session whose hash it was not given.
      const leaked = await database.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL ROLE ${sql.id(owner)}`.execute(trx);
        return sql<{ n: number }>`SELECT count(*)::int AS n FROM sessions`.execute(trx);
      });
      expect(leaked.rows[0]?.n).toBe(0);
    } finally {
      for (const signature of FUNCTIONS)
        await sql`ALTER FUNCTION ${sql.raw(signature)} OWNER TO ${sql.id(original)}`.execute(database.db);
      await sql`REVOKE ALL ON ${sql.raw(tables.join(', '))} FROM ${sql.id(owner)}`.execute(database.db);
      await sql`REVOKE ALL ON SCHEMA public FROM ${sql.id(owner)}`.execute(database.db);
      await sql`DROP ROLE ${sql.id(owner)}`.execute(database.db);
    }
  });
});
