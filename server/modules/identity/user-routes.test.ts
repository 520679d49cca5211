// The admin users API, invitations and password resets, end to end on both databases: a real SMTP server on
// loopback receives what the mail dispatcher sends, and the tests follow the links in those e-mails.
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../../test/support/smtp-server.ts';
import { logStatements } from '../../../test/support/statement-log.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { createMailDispatcher, type MailDispatcher } from '../../jobs/mail-dispatcher.ts';
import { listAuditEvents } from '../audit/service.ts';
import { createSmtpTransport } from '../mail/transport.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit } from '../units/service.ts';
import { createUser } from './service.ts';
import { totpCode } from './totp.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const NEW_PASSWORD = 'Kettle-Harbour 417 softly';
const publicUrl = 'https://tma.acme.example';
const clock = { now: new Date('2026-11-23T08:00:05Z') };
const advance = (ms: number) => {
  clock.now = new Date(clock.now.getTime() + ms);
};

const cookieOf = (response: LightMyRequestResponse) =>
  response.cookies.find((c) => c.name === 'tma_session')?.value;

describe.each(databaseTargets())('users, invitations and password resets on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let smtp: TestSmtpServer;
  let dispatcher: MailDispatcher;
  let keyring: Keyring;
  let t: TestApp;
  const tenants: Record<string, string> = {};
  const users: Record<string, string> = {};
  let unitDe: string;
  let unitGlobex: string;

  const post = (url: string, payload: object, cookie?: string, csrf?: string) =>
    t.app.inject({
      method: 'POST',
      url,
      payload,
      ...(cookie ? { cookies: { tma_session: cookie } } : {}),
      ...(csrf ? { headers: { 'x-csrf-token': csrf } } : {}),
    });
  const login = async (tenant: string, email: string, password = PASSWORD) => {
    const response = await post('/api/v1/auth/login', { tenant, email, password });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = cookieOf(response) as string;
    const csrf = response.json().csrfToken as string;
    return {
      cookie,
      csrf,
      call: (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
        t.app.inject({
          method,
          url,
          cookies: { tma_session: cookie },
          headers: { 'x-csrf-token': csrf },
          ...(payload ? { payload } : {}),
        }),
    };
  };
  const auditOf = (tenant: string) =>
    withTenant(database, { tenantId: tenants[tenant] as string, userId: null }, (trx) =>
      listAuditEvents(trx, { limit: 1000 }),
    ).then((page) => page.events);
  /**
   * Works off queued reset requests, sends what the outbox holds, and returns the token of the newest link
   * to `to` under `path`.
   */
  const deliveredToken = async (to: string, path: '/invitation' | '/reset-password') => {
    await t.passwordResets.runOnce();
    await dispatcher.runOnce();
    const mail = smtp.received.filter((message) => message.to.includes(to)).at(-1);
    if (!mail) throw new Error(`no e-mail to ${to}`);
    const match = new RegExp(`${publicUrl}${path}#([A-Za-z0-9_-]{43})`).exec(mail.text);
    if (!match) throw new Error(`no ${path} link in: ${mail.text}`);
    return { token: match[1] as string, mail };
  };
  /** Every row of the outbox as text, sealed columns byte for byte: what a copy of the database holds. */
  const outboxText = async () =>
    JSON.stringify(await database.db.selectFrom('email_outbox').selectAll().execute(), (_key, value) =>
      value && typeof value === 'object' && value.type === 'Buffer'
        ? Buffer.from(value.data).toString('latin1')
        : value,
    );
  const session = (cookie: string) =>
    t.app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies: { tma_session: cookie } });

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    for (const slug of ['acme', 'globex']) {
      tenants[slug] = (await createTenant(database.db, { slug, name: `${slug.toUpperCase()} Corp` })).id;
    }
    const add = async (tenant: string, email: string, role: 'admin' | 'expert' | 'threat_manager') => {
      const user = await createUser(
        database,
        tenants[tenant] as string,
        {
          email,
          role,
          password: PASSWORD,
          displayName: `User ${email.split('@')[0]}`,
          specialty: role === 'expert' ? 'hr' : null,
        },
        { kind: 'operator' },
      );
      users[email] = user.id;
    };
    await add('acme', 'ada@acme.example', 'admin');
    await add('acme', 'eve@acme.example', 'expert');
    await add('acme', 'tim@acme.example', 'threat_manager');
    await add('acme', 'tess@acme.example', 'threat_manager');
    await add('globex', 'gina@globex.example', 'admin');
    unitDe = (
      await createUnit(
        database,
        tenants.acme as string,
        { slug: 'de', name: 'Deutschland' },
        { kind: 'operator' },
      )
    ).id;
    unitGlobex = (
      await createUnit(database, tenants.globex as string, { slug: 'us', name: 'USA' }, { kind: 'operator' })
    ).id;
    smtp = await startTestSmtpServer();
    const logger = pino({ level: 'silent' });
    keyring = new Keyring(
      database,
      await createKeyProvider({ kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null }, logger),
    );
    dispatcher = createMailDispatcher({
      database,
      transport: createSmtpTransport(
        { host: '127.0.0.1', port: smtp.port, secure: false, requireTls: false, auth: null },
        { name: 'TMA', address: 'tma@acme.example' },
      ),
      logger,
      keyring,
      publicUrl,
      messageIdDomain: 'acme.example',
    });
    t = await buildTestApp(database, { identity: { now: () => clock.now, keyring } });
  }, 60_000);

  afterAll(async () => {
    await t?.app.close();
    await dispatcher?.stop();
    await smtp?.close();
    await keyring?.provider.close();
    await cleanup?.();
  });

  beforeEach(() => {
    advance(60_000);
  });

  it('invites a user, who follows the e-mailed link, sets a password and is signed in', async () => {
    const ada = await login('acme', 'ada@acme.example');
    const invited = await ada.call('POST', '/api/v1/invitations', {
      email: 'Nina.Neu@acme.example',
      displayName: 'Nina Neu',
      role: 'expert',
      specialty: 'psychology',
      unitIds: [unitDe],
      locale: 'de',
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const nina = invited.json();
    expect(nina).toMatchObject({
      email: 'nina.neu@acme.example',
      status: 'invited',
      role: 'expert',
      specialty: 'psychology',
      unitIds: [unitDe],
    });
    expect(nina.can).toMatchObject({ deactivate: true, change_role: true });

    // While it waits (for ever, without SMTP), the outbox holds neither the link, the address nor a name.
    const queued = await outboxText();
    const { token, mail } = await deliveredToken('nina.neu@acme.example', '/invitation');
    for (const needle of [token, '/invitation', 'nina.neu@acme.example', 'Nina Neu', 'ACME Corp'])
      expect(queued.includes(needle), `the queued outbox holds ${needle}`).toBe(false);
    expect(mail.subject).toBe('Einladung zu TMA (ACME Corp)');
    expect(mail.text).toContain('7 Tage');
    // The token is random and stored only as its SHA-256.
    const stored = await withTenant(database, { tenantId: tenants.acme as string, userId: null }, (trx) =>
      trx.selectFrom('account_tokens').selectAll().where('user_id', '=', nina.id).execute(),
    );
    expect(stored).toHaveLength(1);
    expect(Buffer.from(stored[0]?.token_hash as Uint8Array).toString('base64url')).not.toBe(token);
    expect(stored[0]?.expires_at.getTime()).toBe(clock.now.getTime() + 7 * 24 * 3_600_000);

    // An invited user cannot log in yet.
    expect(
      (await post('/api/v1/auth/login', { tenant: 'acme', email: nina.email, password: NEW_PASSWORD }))
        .statusCode,
    ).toBe(401);

    const lookup = await post('/api/v1/auth/invitation/lookup', { token });
    expect(lookup.statusCode, lookup.body).toBe(200);
    expect(lookup.json()).toMatchObject({
      organisation: { slug: 'acme', name: 'ACME Corp' },
      email: 'nina.neu@acme.example',
      displayName: 'Nina Neu',
    });

    const weak = await post('/api/v1/auth/invitation/accept', { token, password: 'password1234' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.code).toBe('password_too_weak');

    const accepted = await post('/api/v1/auth/invitation/accept', { token, password: NEW_PASSWORD });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().user).toMatchObject({ email: 'nina.neu@acme.example', role: 'expert' });
    const cookie = cookieOf(accepted) as string;
    expect((await session(cookie)).json().user.displayName).toBe('Nina Neu');

    // Used once: the link is spent.
    const again = await post('/api/v1/auth/invitation/accept', { token, password: NEW_PASSWORD });
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('link_used');
    expect((await post('/api/v1/auth/invitation/lookup', { token })).json().error.code).toBe('link_used');

    await login('acme', 'nina.neu@acme.example', NEW_PASSWORD);
    const events = await auditOf('acme');
    expect(events.find((e) => e.action === 'user.invite' && e.objectId === nina.id)).toMatchObject({
      actorId: users['ada@acme.example'],
      outcome: 'success',
      reason: expect.stringMatching(/^invited:role=[a-z_]+:units=\d+$/),
    });
    expect(events.find((e) => e.action === 'user.invitation_accepted')).toMatchObject({
      actorId: nina.id,
      objectId: nina.id,
    });
    expect(events.find((e) => e.action === 'auth.login' && e.reason === 'invitation_accepted')).toBeDefined();
  });

  it('replaces the old link when inviting again, refuses expired links, and never invites an existing user', async () => {
    const ada = await login('acme', 'ada@acme.example');
    const invite = (email: string, extra: object = {}) =>
      ada.call('POST', '/api/v1/invitations', { email, role: 'auditor', locale: 'en', ...extra });
    expect((await invite('otto@acme.example')).statusCode).toBe(201);
    const first = await deliveredToken('otto@acme.example', '/invitation');
    expect(first.mail.subject).toBe('Invitation to TMA (ACME Corp)');
    const second = await invite('otto@acme.example', { role: 'threat_manager', tenantWide: true });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ role: 'threat_manager', tenantWide: true, status: 'invited' });
    const { token } = await deliveredToken('otto@acme.example', '/invitation');
    expect(token).not.toBe(first.token);
    const old = await post('/api/v1/auth/invitation/lookup', { token: first.token });
    expect(old.statusCode).toBe(404);
    expect(old.json().error.code).toBe('link_invalid');

    const existing = await invite('eve@acme.example');
    expect(existing.statusCode).toBe(409);
    expect(existing.json().error.code).toBe('user_exists');
    const mixed = await invite('mia@acme.example', { role: 'auditor', specialty: 'hr' });
    expect(mixed.statusCode).toBe(422);
    const foreignUnit = await invite('mia@acme.example', { unitIds: [unitGlobex] });
    expect(foreignUnit.statusCode).toBe(422);
    expect(foreignUnit.json().error.code).toBe('unit_not_found');
    advance(7 * 24 * 3_600_000 + 1000);
    const expired = await post('/api/v1/auth/invitation/accept', { token, password: NEW_PASSWORD });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('link_expired');
    expect((await post('/api/v1/auth/invitation/lookup', { token: 'x'.repeat(43) })).statusCode).toBe(404);
  });

  it('answers every reset request alike and e-mails only existing, active accounts', async () => {
    const sentBefore = smtp.received.length;
    const ask = (tenant: string, email: string) =>
      post('/api/v1/auth/password-reset', { tenant, email, locale: 'en' });
    const unknownUser = await ask('acme', 'nobody@acme.example');
    const unknownTenant = await ask('nowhere', 'ada@acme.example');
    const invitedUser = await ask('acme', 'mia@acme.example');
    for (const response of [unknownUser, unknownTenant, invitedUser]) expect(response.statusCode).toBe(202);
    expect(unknownUser.body).toBe(unknownTenant.body);
    await t.passwordResets.runOnce();
    await dispatcher.runOnce();
    expect(smtp.received.length).toBe(sentBefore);
    const requested = (await auditOf('acme')).filter((e) => e.action === 'auth.password_reset_requested');
    expect(requested).toHaveLength(0);

    const known = await ask('acme', 'TIM@acme.example');
    expect(known.statusCode).toBe(202);
    expect(known.body).toBe(unknownUser.body);
    const queued = await outboxText();
    const { token, mail } = await deliveredToken('tim@acme.example', '/reset-password');
    for (const needle of [token, '/reset-password', 'tim@acme.example', 'ACME Corp'])
      expect(queued.includes(needle), `the queued outbox holds ${needle}`).toBe(false);
    // Once sent, nothing of it is left, sealed or not.
    expect(
      await database.db
        .selectFrom('email_outbox')
        .select('id')
        .where('status', '=', 'sent')
        .where((eb) => eb.or([eb('recipient_sealed', 'is not', null), eb('params_sealed', 'is not', null)]))
        .execute(),
    ).toEqual([]);
    expect(mail.subject).toBe('Reset your TMA password');
    const after = (await auditOf('acme')).filter((e) => e.action === 'auth.password_reset_requested');
    expect(after).toHaveLength(1);
    expect(after[0]?.objectId).toBe(users['tim@acme.example']);
  });

  it('answers a reset at once with the same work for any address, and works it off after the answer, durably', async () => {
    // An instance that answers and stops before it works anything off: its answers are all it does.
    const answering = await buildTestApp(database, { identity: { now: () => clock.now, keyring } });
    await answering.passwordResets.stop();
    const statements = logStatements(database);
    const asks = [
      { tenant: 'acme', email: 'tim@acme.example' },
      { tenant: 'acme', email: 'nobody@acme.example' },
      { tenant: 'nowhere', email: 'tim@acme.example' },
    ];
    const answers: Array<{ status: number; body: string; requestId: string; statements: string[] }> = [];
    try {
      for (const ask of asks) {
        let response: LightMyRequestResponse | undefined;
        const sent = await statements.during(async () => {
          response = await answering.app.inject({
            method: 'POST',
            url: '/api/v1/auth/password-reset',
            payload: { ...ask, locale: 'en' },
          });
        });
        answers.push({
          status: response?.statusCode ?? 0,
          body: response?.body ?? '',
          requestId: String(response?.headers['x-request-id']),
          statements: sent,
        });
      }
    } finally {
      await answering.app.close();
    }
    // The same answer, and the same single statement (the queued request), whether or not the account exists.
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202]);
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
    expect(answers[0]?.statements).toEqual([expect.stringMatching(/^insert into "password_reset_requests"/)]);
    for (const answer of answers) expect(answer.statements).toEqual(answers[0]?.statements);
    // What was asked waits sealed: neither the address nor the organisation in clear.
    const queued = await database.db.selectFrom('password_reset_requests').selectAll().execute();
    expect(queued).toHaveLength(3);
    for (const row of queued)
      for (const text of ['tim@acme.example', 'nobody@acme.example', 'nowhere'])
        expect(Buffer.from(row.request_sealed).includes(text)).toBe(false);

    // Another instance works them off: the existing account gets its e-mail, the others nothing.
    const sentBefore = smtp.received.length;
    expect(await t.passwordResets.runOnce()).toBe(3);
    expect(await database.db.selectFrom('password_reset_requests').select('id').execute()).toEqual([]);
    const { mail } = await deliveredToken('tim@acme.example', '/reset-password');
    expect(mail.subject).toBe('Reset your TMA password');
    expect(smtp.received.length).toBe(sentBefore + 1);
    // The audit event names the request that asked, not the worker.
    const requested = (await auditOf('acme')).filter((e) => e.action === 'auth.password_reset_requested');
    expect(requested.at(-1)?.requestId).toBe(answers[0]?.requestId);
  });

  it('sets a new password with the link, ends every session, and keeps the second factor', async () => {
    // Tess has TOTP and two sessions open.
    const enrol = await login('acme', 'tess@acme.example');
    const setup = await enrol.call('POST', '/api/v1/account/totp/setup');
    const secret = setup.json().secretBase32 as string;
    expect(
      (await enrol.call('POST', '/api/v1/account/totp/confirm', { code: totpCode(secret, clock.now) }))
        .statusCode,
    ).toBe(200);
    const sessions = [enrol.cookie];
    advance(30_000);
    const challenge = await post('/api/v1/auth/login', {
      tenant: 'acme',
      email: 'tess@acme.example',
      password: PASSWORD,
    });
    const second = await post('/api/v1/auth/login/second-factor', {
      challenge: challenge.json().challenge,
      code: totpCode(secret, clock.now),
    });
    sessions.push(cookieOf(second) as string);
    for (const cookie of sessions) expect((await session(cookie)).statusCode).toBe(200);

    await post('/api/v1/auth/password-reset', { tenant: 'acme', email: 'tess@acme.example', locale: 'de' });
    const { token, mail } = await deliveredToken('tess@acme.example', '/reset-password');
    expect(mail.subject).toBe('Passwort für TMA zurücksetzen');
    const lookup = await post('/api/v1/auth/password-reset/lookup', { token });
    expect(lookup.json()).toMatchObject({ email: 'tess@acme.example', organisation: { slug: 'acme' } });
    const weak = await post('/api/v1/auth/password-reset/complete', { token, password: 'short' });
    expect(weak.json().error.code).toBe('password_too_weak');
    const done = await post('/api/v1/auth/password-reset/complete', { token, password: NEW_PASSWORD });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ sessionsRevoked: 2 });
    for (const cookie of sessions) expect((await session(cookie)).statusCode).toBe(401);
    expect(
      (await post('/api/v1/auth/password-reset/complete', { token, password: NEW_PASSWORD })).json().error
        .code,
    ).toBe('link_used');

    // The old password is gone; the new one still needs the code.
    const oldPassword = await post('/api/v1/auth/login', {
      tenant: 'acme',
      email: 'tess@acme.example',
      password: PASSWORD,
    });
    expect(oldPassword.statusCode).toBe(401);
    const newPassword = await post('/api/v1/auth/login', {
      tenant: 'acme',
      email: 'tess@acme.example',
      password: NEW_PASSWORD,
    });
    expect(newPassword.statusCode).toBe(200);
    expect(newPassword.json().secondFactorRequired).toBe(true);
    expect(cookieOf(newPassword)).toBeUndefined();
    const reset = (await auditOf('acme')).find((e) => e.action === 'auth.password_reset');
    expect(reset).toMatchObject({ objectId: users['tess@acme.example'], reason: 'sessions_revoked=2' });

    // A reset link lasts an hour.
    await post('/api/v1/auth/password-reset', { tenant: 'acme', email: 'tess@acme.example', locale: 'en' });
    const late = await deliveredToken('tess@acme.example', '/reset-password');
    advance(3_600_000 + 1000);
    const expired = await post('/api/v1/auth/password-reset/complete', {
      token: late.token,
      password: PASSWORD,
    });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('link_expired');
  });

  it('lets admins list users, change roles (audited), revoke sessions and deactivate, never on themselves', async () => {
    const ada = await login('acme', 'ada@acme.example');
    const list = await ada.call('GET', '/api/v1/users');
    expect(list.statusCode, list.body).toBe(200);
    const listed = list.json().users as Array<{ id: string; email: string; can: Record<string, boolean> }>;
    expect(listed.map((u) => u.email)).toContain('eve@acme.example');
    expect(listed.some((u) => u.email.endsWith('globex.example'))).toBe(false);
    const self = listed.find((u) => u.email === 'ada@acme.example');
    expect(self?.can).toMatchObject({ change_role: false, deactivate: false, revoke_all_sessions: true });

    const eveId = users['eve@acme.example'] as string;
    const changed = await ada.call('PATCH', `/api/v1/users/${eveId}`, {
      role: 'threat_manager',
      tenantWide: true,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ role: 'threat_manager', specialty: null, tenantWide: true });
    const audit = (await auditOf('acme')).find((e) => e.action === 'user.role_changed');
    expect(audit).toMatchObject({ objectId: eveId, reason: 'from=expert.hr:to=threat_manager.tenant_wide' });
    expect(
      (await ada.call('PATCH', `/api/v1/users/${eveId}`, { role: 'auditor', tenantWide: true })).statusCode,
    ).toBe(422);
    const own = await ada.call('PATCH', `/api/v1/users/${users['ada@acme.example']}`, { role: 'auditor' });
    expect(own.statusCode).toBe(403);

    const eve = await login('acme', 'eve@acme.example');
    const revoked = await ada.call('POST', `/api/v1/users/${eveId}/sessions/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().sessionsRevoked).toBeGreaterThanOrEqual(1);
    expect((await session(eve.cookie)).statusCode).toBe(401);
    expect((await auditOf('acme')).find((e) => e.action === 'user.sessions_revoked')?.objectId).toBe(eveId);

    const selfDeactivate = await ada.call('POST', `/api/v1/users/${users['ada@acme.example']}/deactivate`);
    expect(selfDeactivate.statusCode).toBe(403);
    const eveAgain = await login('acme', 'eve@acme.example');
    const deactivated = await ada.call('POST', `/api/v1/users/${eveId}/deactivate`);
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    expect(deactivated.json().status).toBe('deactivated');
    expect((await session(eveAgain.cookie)).statusCode).toBe(401);
    expect(
      (await post('/api/v1/auth/login', { tenant: 'acme', email: 'eve@acme.example', password: PASSWORD }))
        .statusCode,
    ).toBe(401);
  });

  it('refuses non-admins, and never reaches another tenant’s users', async () => {
    const tim = await login('acme', 'tim@acme.example');
    expect((await tim.call('GET', '/api/v1/users')).statusCode).toBe(403);
    const invite = await tim.call('POST', '/api/v1/invitations', {
      email: 'x@acme.example',
      role: 'admin',
      locale: 'en',
    });
    expect(invite.statusCode).toBe(403);
    const adaId = users['ada@acme.example'] as string;
    expect((await tim.call('PATCH', `/api/v1/users/${adaId}`, { role: 'auditor' })).statusCode).toBe(404);
    expect((await tim.call('POST', `/api/v1/users/${adaId}/sessions/revoke`)).statusCode).toBe(404);
    expect((await tim.call('POST', `/api/v1/users/${adaId}/deactivate`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users' })).statusCode).toBe(401);

    const gina = await login('globex', 'gina@globex.example');
    const timId = users['tim@acme.example'] as string;
    for (const [method, url, payload] of [
      ['PATCH', `/api/v1/users/${timId}`, { role: 'auditor' }],
      ['POST', `/api/v1/users/${timId}/sessions/revoke`, undefined],
      ['POST', `/api/v1/users/${timId}/deactivate`, undefined],
    ] as const) {
      const response = await gina.call(method, url, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error.code).toBe('user_not_found');
    }
    const ginaList = (await gina.call('GET', '/api/v1/users')).json().users as Array<{ email: string }>;
    expect(ginaList.map((u) => u.email)).toEqual(['gina@globex.example']);
    expect((await session(tim.cookie)).statusCode).toBe(200);
  });

  it('queues no account mail without the keyring that seals it (503), for any address alike', async () => {
    const bare = await buildTestApp(database, { identity: { now: () => clock.now } });
    try {
      for (const email of ['tim@acme.example', 'nobody@acme.example']) {
        const reset = await bare.app.inject({
          method: 'POST',
          url: '/api/v1/auth/password-reset',
          payload: { tenant: 'acme', email, locale: 'en' },
        });
        expect(reset.statusCode, email).toBe(503);
        expect(reset.json().error.code).toBe('mail_unavailable');
      }
      const ada = await bare.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: 'acme', email: 'ada@acme.example', password: PASSWORD },
      });
      const invited = await bare.app.inject({
        method: 'POST',
        url: '/api/v1/invitations',
        cookies: { tma_session: cookieOf(ada) as string },
        headers: { 'x-csrf-token': ada.json().csrfToken },
        payload: { email: 'kai@acme.example', role: 'auditor', locale: 'en' },
      });
      expect(invited.statusCode, invited.body).toBe(503);
      expect(invited.json().error.code).toBe('mail_unavailable');
      const kai = await database.db.selectFrom('users').select('id').where('email', '=', 'kai@acme.example');
      expect(await kai.execute()).toEqual([]);
    } finally {
      await bare.app.close();
    }
  });

  it('rate-limits the reset and invitation endpoints like the login', async () => {
    const limited = await buildTestApp(database, { authRateLimitPerMinute: 2, identity: { keyring } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/password-reset',
          payload: { tenant: 'acme', email: 'nobody@acme.example', locale: 'en' },
        });
        codes.push(response.statusCode);
      }
      expect(codes).toEqual([202, 202, 429]);
      const lookups: number[] = [];
      for (let i = 0; i < 3; i++)
        lookups.push(
          (
            await limited.app.inject({
              method: 'POST',
              url: '/api/v1/auth/invitation/lookup',
              payload: { token: 'x'.repeat(43) },
            })
          ).statusCode,
        );
      expect(lookups).toEqual([404, 404, 429]);
    } finally {
      await limited.app.close();
    }
  });
});
