// The access review (issue 17) through the HTTP API on both databases: per user, the cases they see by
// unit scope (tenant-wide, unit-scoped, none) and by case team (an expert only those), counted in a fixed
// number of statements whatever the number of users; inactive accounts by the review's clock; a
// revocation goes through the owning service and ends access (the user then gets 404 on the case); a
// review is started, confirmed in and completed, each audited with ids only.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { type SignedInCall, signIn } from '../../../test/support/session.ts';
import { logStatements, type StatementLog } from '../../../test/support/statement-log.ts';
import type { KeyProvider } from '../../crypto/key-provider.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import type { Database } from '../../db/database.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from '../audit/link.ts';
import { openCase } from '../cases/service.ts';
import { addCaseMember } from '../cases/store.ts';
import { createPostgresBlobStore } from '../documents/postgres-blob-store.ts';
import type { AuthContext } from '../identity/service.ts';
import { createUser } from '../identity/service.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit, setUserUnits } from '../units/service.ts';
import type { AccessReviewOverview, AccessReviewUser } from './schemas.ts';
import { AccessReviewService } from './service.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const DAY = 24 * 60 * 60_000;

describe.each(databaseTargets())('the access review on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let t: TestApp;
  let tenantId = '';
  let log: StatementLog;
  const units: Record<string, string> = {};
  const users: Record<string, string> = {};
  const cases: Record<string, string> = {};
  let ada: SignedInCall; // admin, the reviewer
  const started = new Date();

  const session = (email: string) => signIn(t.app, { tenant: 'acme', email, password: PASSWORD });
  const overview = async (call: SignedInCall = ada, query = '?limit=200') => {
    const response = await call('GET', `/api/v1/access-review${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as AccessReviewOverview;
  };
  const userIn = (page: AccessReviewOverview, email: string) =>
    page.users.find((user) => user.email === email) as AccessReviewUser;
  /** An admin's request context, for the service with its own clock. */
  const adminAuth = () =>
    ({
      tenantId,
      userId: users['ada@acme.example'],
      id: users['ada@acme.example'],
      role: 'admin',
    }) as AuthContext;
  const auditOf = async (action: string) => {
    await linkAuditEvents(database, { tenantId, wait: true });
    const { rows } = await sql<{
      object_type: string;
      object_id: string;
      case_id: string | null;
      reason: string | null;
      actor_id: string;
    }>`
      SELECT object_type, object_id, case_id, reason, actor_id FROM audit_events
      WHERE tenant_id = ${tenantId} AND action = ${action} ORDER BY seq`.execute(database.db);
    return rows;
  };

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    log = logStatements(database);
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    const keyring = new Keyring(database, provider);
    tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    const globex = (await createTenant(database.db, { slug: 'globex', name: 'GLOBEX' })).id;
    for (const [slug, name] of [
      ['de', 'Germany'],
      ['fr', 'France'],
    ] as const)
      units[slug] = (await createUnit(database, tenantId, { slug, name }, { kind: 'operator' })).id;
    const user = async (
      email: string,
      role: UserRole,
      unitSlugs: string[] = [],
      extra = {},
      tenant = tenantId,
    ) => {
      users[email] = (
        await createUser(
          database,
          tenant,
          { email, role, password: PASSWORD, ...extra },
          { kind: 'operator' },
        )
      ).id;
      if (unitSlugs.length > 0)
        await setUserUnits(database, tenant, { email }, { slugs: unitSlugs }, { kind: 'operator' });
    };
    await user('ada@acme.example', 'admin');
    await user('adam@acme.example', 'admin');
    await user('tom@acme.example', 'threat_manager', ['de']);
    await user('tess@acme.example', 'threat_manager', ['de']);
    await user('tina@acme.example', 'threat_manager', [], { tenantWide: true });
    await user('fay@acme.example', 'threat_manager', ['fr']);
    await user('eve@acme.example', 'expert', [], { specialty: 'psychology' });
    await user('otto@acme.example', 'expert', [], { specialty: 'hr' });
    await user('aud@acme.example', 'auditor');
    await user('gil@globex.example', 'threat_manager', [], { tenantWide: true }, globex);

    // Germany: 5 open, 2 closed, 1 deleted (owner tom); France: 3 open, 1 closed (owner fay).
    const keys = await keyring.forTenant(tenantId);
    await withTenant(database, { tenantId, userId: null }, async (trx) => {
      const open = async (name: string, unit: string, owner: string) => {
        cases[name] = await openCase(trx, keys, {
          tenantId,
          unitId: units[unit] as string,
          title: `Fall ${name}`,
          ownerId: users[owner] as string,
          now: new Date(),
        });
      };
      for (let index = 1; index <= 8; index++) await open(`de${index}`, 'de', 'tom@acme.example');
      for (let index = 1; index <= 4; index++) await open(`fr${index}`, 'fr', 'fay@acme.example');
      const member = (name: string, email: string, expiresAt: Date | null = null) =>
        addCaseMember(trx, {
          tenant_id: tenantId,
          case_id: cases[name] as string,
          user_id: users[email] as string,
          role: 'member',
          expires_at: expiresAt,
        });
      // Eve (expert): two French open cases (one for 30 days), one German closed case, one that ended.
      await member('fr1', 'eve@acme.example');
      await member('fr2', 'eve@acme.example', new Date(Date.now() + 30 * DAY));
      await member('de6', 'eve@acme.example');
      await member('fr3', 'eve@acme.example');
      // Fay (France) on a German case's team; the auditor on a team reads nothing through it.
      await member('de1', 'fay@acme.example');
      await member('de2', 'aud@acme.example');
      await member('de3', 'otto@acme.example');
    });
    await sql`UPDATE cases SET status = 'closed', closed_at = now()
      WHERE id = ANY (${[cases.de6, cases.de7, cases.fr4]}::uuid[])`.execute(database.db);
    await sql`UPDATE cases SET deleted_at = now(), deletion_reason = 'duplicate', title_sealed = NULL
      WHERE id = ${cases.de8}`.execute(database.db);
    // Eve's membership of fr3 ended yesterday (the expiry job has not removed it yet).
    await sql`UPDATE case_members SET expires_at = now() - interval '1 day'
      WHERE case_id = ${cases.fr3} AND user_id = ${users['eve@acme.example']}`.execute(database.db);

    t = await buildTestApp(database, {
      identity: { keyring },
      reporting: {
        keyring,
        blobStore: createPostgresBlobStore(database),
        attachments: { maxBytes: 1024 * 1024, maxFiles: 3 },
      },
    });
    ada = await session('ada@acme.example');
  }, 120_000);

  afterAll(async () => {
    await t?.app.close();
    await provider?.close();
    await cleanup?.();
  });

  it('counts the cases each user sees by unit scope and by case team', async () => {
    const page = await overview();
    expect(page.users.map((user) => user.email).sort()).toEqual(
      [
        'ada@acme.example',
        'adam@acme.example',
        'aud@acme.example',
        'eve@acme.example',
        'fay@acme.example',
        'otto@acme.example',
        'tess@acme.example',
        'tina@acme.example',
        'tom@acme.example',
      ].sort(),
    );
    // A unit-scoped threat manager: Germany's cases (the deleted one not counted), and his own as owner.
    const tom = userIn(page, 'tom@acme.example');
    expect(tom.scope).toBe('units');
    expect(tom.units.map((unit) => unit.name)).toEqual(['Germany']);
    expect(tom.unitScope).toEqual({ open: 5, closed: 2, access: 'content' });
    expect(tom.team).toMatchObject({ open: 5, closed: 2, onlyByTeam: { open: 0, closed: 0 }, expiring: 0 });
    // Tenant-wide: every unit.
    const tina = userIn(page, 'tina@acme.example');
    expect(tina.scope).toBe('tenant');
    expect(tina.unitScope).toEqual({ open: 8, closed: 3, access: 'content' });
    expect(tina.team.open + tina.team.closed).toBe(0);
    // France by unit, and one German case only through its team.
    const fay = userIn(page, 'fay@acme.example');
    expect(fay.unitScope).toEqual({ open: 3, closed: 1, access: 'content' });
    expect(fay.team).toMatchObject({ open: 4, closed: 1, onlyByTeam: { open: 1, closed: 0 } });
    const de1 = fay.team.cases.find((item) => item.caseId === cases.de1);
    expect(de1).toMatchObject({ role: 'member', alsoByUnitScope: false, status: 'intake' });
    expect(de1?.reference).toMatch(/^C-/);
    // An expert sees only team cases: the ended membership is gone, the expiring one listed first.
    const eve = userIn(page, 'eve@acme.example');
    expect(eve.scope).toBe('none');
    expect(eve.unitScope).toEqual({ open: 0, closed: 0, access: null });
    expect(eve.team).toMatchObject({
      open: 2,
      closed: 1,
      onlyByTeam: { open: 2, closed: 1 },
      expiring: 1,
      more: 0,
    });
    expect(eve.team.cases.map((item) => item.caseId)).toEqual(
      expect.arrayContaining([cases.fr1, cases.fr2, cases.de6]),
    );
    expect(eve.team.cases[0]).toMatchObject({ caseId: cases.fr2, expiresAt: expect.any(String) });
    expect(eve.team.cases.map((item) => item.caseId)).not.toContain(cases.fr3);
    // An admin sees every case as metadata; an auditor nothing, not even through a team.
    const adam = userIn(page, 'adam@acme.example');
    expect(adam).toMatchObject({ scope: 'tenant', unitScope: { open: 8, closed: 3, access: 'metadata' } });
    const aud = userIn(page, 'aud@acme.example');
    expect(aud.unitScope).toEqual({ open: 0, closed: 0, access: null });
    expect(aud.team).toMatchObject({ open: 0, closed: 0, cases: [] });
    // Nobody of another tenant; the reviewer may not decide on their own access.
    expect(page.users.some((user) => user.email.endsWith('globex.example'))).toBe(false);
    expect(userIn(page, 'ada@acme.example').can).toEqual({ confirm: false, revoke: false });
    expect(tom.can).toEqual({ confirm: true, revoke: true });
  });

  it('asks the same number of statements for a page of 2 users as for 9', async () => {
    const small = await log.during(() => overview(ada, '?limit=2'));
    const large = await log.during(() => overview(ada, '?limit=200'));
    expect(large.length).toBe(small.length);
  });

  it('pages by keyset: every user once, newest account first; a foreign cursor is refused', async () => {
    const all = (await overview()).users.map((user) => user.id);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: AccessReviewOverview = await overview(ada, `?limit=2${after ? `&after=${after}` : ''}`);
      expect(page.users.length).toBeLessThanOrEqual(2);
      seen.push(...page.users.map((user) => user.id));
      after = page.nextCursor;
    } while (after && seen.length < 100);
    expect(seen).toEqual(all);
    const usersCursor = (await ada('GET', '/api/v1/users?limit=1')).json().nextCursor as string;
    const refused = await ada('GET', `/api/v1/access-review?after=${usersCursor}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('cursor_invalid');
  });

  it('flags accounts without a session seen for the tenant’s days, by the review’s clock', async () => {
    await session('tom@acme.example'); // a session seen now
    const at = (days: number) =>
      new AccessReviewService({ database, now: () => new Date(started.getTime() + days * DAY) }).overview(
        adminAuth(),
        { limit: '200' },
      );
    const soon = await at(30);
    expect(userIn(soon, 'tom@acme.example')).toMatchObject({ inactive: false, neverSignedIn: false });
    expect(userIn(soon, 'otto@acme.example')).toMatchObject({ inactive: false, neverSignedIn: true });
    const later = await at(91);
    expect(userIn(later, 'tom@acme.example')).toMatchObject({ inactive: true, neverSignedIn: false });
    expect(userIn(later, 'otto@acme.example')).toMatchObject({ inactive: true, neverSignedIn: true });
    expect(userIn(later, 'tom@acme.example').lastSeenAt).not.toBeNull();
    // The tenant's setting moves the line.
    const set = await ada('PUT', '/api/v1/access-review/settings', {
      inactiveAfterDays: 120,
      reviewEveryDays: 91,
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(userIn(await at(91), 'tom@acme.example').inactive).toBe(false);
    expect(userIn(await at(121), 'tom@acme.example').inactive).toBe(true);
    await ada('PUT', '/api/v1/access-review/settings', { inactiveAfterDays: 90, reviewEveryDays: 91 });
    expect(await auditOf('access_review.settings_changed')).toHaveLength(2);
  });

  it('shows an invitation not yet accepted', async () => {
    const invited = await ada('POST', '/api/v1/invitations', {
      email: 'ivy@acme.example',
      role: 'expert',
      specialty: 'hr',
      locale: 'en',
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const ivy = userIn(await overview(), 'ivy@acme.example');
    expect(ivy).toMatchObject({ status: 'invited', neverSignedIn: true, inactive: false });
    expect(ivy.invitation).toMatchObject({ expired: false, sentAt: expect.any(String) });
  });

  it('revokes a team membership through the case team: the expert then gets 404 on the case', async () => {
    const eve = await session('eve@acme.example');
    expect((await eve('GET', `/api/v1/cases/${cases.fr1}`)).statusCode).toBe(200);
    const response = await ada('POST', `/api/v1/access-review/users/${users['eve@acme.example']}/revoke`, {
      what: 'team_membership',
      caseId: cases.fr1,
    });
    expect(response.statusCode, response.body).toBe(200);
    const user = response.json().user as AccessReviewUser;
    expect(user.team.cases.map((item) => item.caseId)).not.toContain(cases.fr1);
    expect((await eve('GET', `/api/v1/cases/${cases.fr1}`)).statusCode).toBe(404);
    // The case team's own event and the review's, ids only.
    expect(await auditOf('case.team_remove')).toContainEqual(
      expect.objectContaining({ object_id: users['eve@acme.example'], case_id: cases.fr1 }),
    );
    expect(await auditOf('access_review.revoked')).toContainEqual(
      expect.objectContaining({
        object_id: users['eve@acme.example'],
        case_id: cases.fr1,
        reason: 'what=team_membership',
      }),
    );
    // The owner stays on the team: the case team's rule answers.
    const owner = await ada('POST', `/api/v1/access-review/users/${users['fay@acme.example']}/revoke`, {
      what: 'team_membership',
      caseId: cases.fr1,
    });
    expect(owner.statusCode).toBe(409);
    expect(owner.json().error.code).toBe('owner_membership');
  });

  it('revokes a unit and an account through their services', async () => {
    const tess = await session('tess@acme.example');
    expect((await tess('GET', `/api/v1/cases/${cases.de2}`)).statusCode).toBe(200);
    const unit = await ada('POST', `/api/v1/access-review/users/${users['tess@acme.example']}/revoke`, {
      what: 'unit',
      unitId: units.de,
    });
    expect(unit.statusCode, unit.body).toBe(200);
    expect(unit.json().user).toMatchObject({ scope: 'none', units: [], unitScope: { open: 0, closed: 0 } });
    expect((await tess('GET', `/api/v1/cases/${cases.de2}`)).statusCode).toBe(404);
    expect(await auditOf('user.units_changed')).toContainEqual(
      expect.objectContaining({ object_id: users['tess@acme.example'], reason: 'units=0' }),
    );
    const again = await ada('POST', `/api/v1/access-review/users/${users['tess@acme.example']}/revoke`, {
      what: 'unit',
      unitId: units.de,
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('unit_not_assigned');

    const otto = await session('otto@acme.example');
    const account = await ada('POST', `/api/v1/access-review/users/${users['otto@acme.example']}/revoke`, {
      what: 'account',
    });
    expect(account.statusCode, account.body).toBe(200);
    expect(account.json().user).toBeNull();
    expect((await otto('GET', `/api/v1/cases/${cases.de3}`)).statusCode).toBe(401);
    expect(userIn(await overview(), 'otto@acme.example')).toBeUndefined();
    expect(await auditOf('user.deactivate')).toContainEqual(
      expect.objectContaining({ object_id: users['otto@acme.example'] }),
    );
  });

  it('runs a review: started, confirmed, completed, each audited; one open at a time', async () => {
    const before = await overview();
    expect(before.review).toBeNull();
    expect(before.due).toBe(true);
    const start = await ada('POST', '/api/v1/access-review/reviews', {
      periodStart: '2026-09-01',
      periodEnd: '2026-11-30',
    });
    expect(start.statusCode, start.body).toBe(201);
    const review = start.json();
    expect(review).toMatchObject({ periodStart: '2026-09-01', periodEnd: '2026-11-30', completedAt: null });
    expect((await ada('POST', '/api/v1/access-review/reviews', {})).statusCode).toBe(409);
    const total = review.progress.total;

    const confirm = await ada('POST', `/api/v1/access-review/users/${users['tom@acme.example']}/confirm`);
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect(confirm.json()).toMatchObject({
      lastConfirmed: { by: { id: users['ada@acme.example'] } },
      currentReview: { confirmedAt: expect.any(String), revocations: 0 },
    });
    const during = await overview();
    expect(during.review?.progress).toEqual({ reviewed: 1, total });
    expect(during.due).toBe(false);
    expect(userIn(during, 'tom@acme.example').lastConfirmed?.by.id).toBe(users['ada@acme.example']);

    const done = await ada('POST', `/api/v1/access-review/reviews/${review.id}/complete`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ completedBy: { id: users['ada@acme.example'] } });
    expect((await ada('POST', `/api/v1/access-review/reviews/${review.id}/complete`)).statusCode).toBe(409);
    const after = await overview();
    expect(after.review).toBeNull();
    expect(after.lastCompleted?.id).toBe(review.id);
    expect(after.due).toBe(false);

    expect(await auditOf('access_review.started')).toEqual([
      expect.objectContaining({
        object_type: 'access_review',
        object_id: review.id,
        reason: 'from=2026-09-01:to=2026-11-30',
      }),
    ]);
    expect(await auditOf('access_review.confirmed')).toEqual([
      expect.objectContaining({ object_id: users['tom@acme.example'], reason: `review=${review.id}` }),
    ]);
    expect(await auditOf('access_review.completed')).toEqual([
      expect.objectContaining({ object_id: review.id, reason: `reviewed=1:total=${total}` }),
    ]);
    // Decisions are evidence: the application role cannot change or remove one.
    await expect(
      withTenant(database, { tenantId, userId: users['ada@acme.example'] as string }, (trx) =>
        trx.deleteFrom('access_review_decisions').execute(),
      ),
    ).rejects.toThrow();
  });

  it('lets only admins in, and no admin decide on their own access', async () => {
    for (const email of ['tom@acme.example', 'tina@acme.example', 'eve@acme.example', 'aud@acme.example']) {
      const call = await session(email);
      const target = users['fay@acme.example'];
      const answers = [
        await call('GET', '/api/v1/access-review'),
        await call('PUT', '/api/v1/access-review/settings', { inactiveAfterDays: 30, reviewEveryDays: 30 }),
        await call('POST', '/api/v1/access-review/reviews', {}),
        await call('POST', `/api/v1/access-review/users/${target}/confirm`),
        await call('POST', `/api/v1/access-review/users/${target}/revoke`, { what: 'account' }),
      ];
      expect(
        answers.map((answer) => answer.statusCode),
        email,
      ).toEqual([403, 403, 403, 403, 403]);
    }
    const self = await ada('POST', `/api/v1/access-review/users/${users['ada@acme.example']}/confirm`);
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('review_self');
    // Another tenant's user is not under review.
    const foreign = await ada('POST', `/api/v1/access-review/users/${users['gil@globex.example']}/confirm`);
    expect(foreign.statusCode).toBe(404);
  });
});
