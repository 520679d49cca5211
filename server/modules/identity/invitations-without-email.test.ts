// Invitations on a server that sends no e-mail (TMA_SMTP_URL unset): nothing waits in the outbox, and the
// answer carries the link for the admin to pass on. With e-mail on, the link is never in the answer.
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { type SignedInCall, signIn } from '../../../test/support/session.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../audit/service.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit } from '../units/service.ts';
import { createUser } from './service.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const publicUrl = 'https://tma.acme.example';
const clock = { now: new Date('2026-12-07T08:00:00Z') };
const advance = (ms: number) => {
  clock.now = new Date(clock.now.getTime() + ms);
};
const ada = { tenant: 'acme', email: 'ada@acme.example', password: PASSWORD };

describe.each(databaseTargets())('invitations without e-mail on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let keyring: Keyring;
  /** A server without TMA_SMTP_URL (and here without a keyring either: it needs none to invite). */
  let off: TestApp;
  /** A server that sends e-mail. */
  let on: TestApp;
  let tenantId: string;
  let unitId: string;

  const outboxRows = () =>
    withTenant(database, { tenantId, userId: null }, (trx) =>
      trx.selectFrom('email_outbox').select('id').execute(),
    ).then((rows) => rows.length);
  const invite = (call: SignedInCall, email: string) =>
    call('POST', '/api/v1/invitations', {
      email,
      displayName: 'Nina Neu',
      role: 'threat_manager',
      unitIds: [unitId],
      locale: 'en',
    });

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    tenantId = (await createTenant(database.db, { slug: 'acme', name: 'Acme Corp' })).id;
    unitId = (await createUnit(database, tenantId, { slug: 'de', name: 'Deutschland' }, { kind: 'operator' }))
      .id;
    await createUser(
      database,
      tenantId,
      { email: ada.email, displayName: 'Ada Admin', role: 'admin', password: PASSWORD },
      { kind: 'operator' },
    );
    keyring = new Keyring(
      database,
      await createKeyProvider(
        { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
        pino({ level: 'silent' }),
      ),
    );
    off = await buildTestApp(database, { identity: { now: () => clock.now, emailOff: true, publicUrl } });
    on = await buildTestApp(database, { identity: { now: () => clock.now, keyring, publicUrl } });
  }, 60_000);

  afterAll(async () => {
    await off?.app.close();
    await on?.app.close();
    await keyring?.provider.close();
    await cleanup?.();
  });

  beforeEach(() => advance(60_000));

  it('answers the link instead of queuing an e-mail, and the link lets the person in', async () => {
    const admin = await signIn(off.app, ada);
    const invited = await invite(admin, 'nina@acme.example');
    expect(invited.statusCode, invited.body).toBe(201);
    expect(invited.headers['cache-control']).toBe('no-store');
    const answer = invited.json();
    expect(answer).toMatchObject({ email: 'nina@acme.example', status: 'invited', delivery: 'link' });
    const { url, path, expiresAt } = answer.invitationLink;
    expect(path).toMatch(/^\/invitation#[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`${publicUrl}${path}`);
    expect(new Date(expiresAt).getTime()).toBe(clock.now.getTime() + 7 * 24 * 3_600_000);
    // Nothing waits for ever in the outbox.
    expect(await outboxRows()).toBe(0);
    const events = await withTenant(database, { tenantId, userId: null }, (trx) =>
      listAuditEvents(trx, { limit: 100 }),
    );
    const audited = events.events.find((event) => event.action === 'user.invite');
    expect(audited?.reason).toBe('invited:role=threat_manager:units=1:delivery=link');
    expect(JSON.stringify(events.events)).not.toContain(path.split('#')[1]);

    // Inviting again (the page's "Send invitation again") answers a new link; the older one stops working.
    advance(1000);
    const again = await invite(admin, 'nina@acme.example');
    expect(again.statusCode, again.body).toBe(201);
    const newer = again.json().invitationLink.path as string;
    expect(newer).not.toBe(path);
    const token = (link: string) => link.split('#')[1] as string;
    const stale = await off.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation/lookup',
      payload: { token: token(path) },
    });
    expect(stale.json().error.code).toBe('link_invalid');

    const accepted = await off.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation/accept',
      payload: { token: token(newer), password: 'Kettle-Harbour 417 softly' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().user.email).toBe('nina@acme.example');
    expect(await outboxRows()).toBe(0);
  });

  it('never answers the link when e-mail is on: it is only in the queued e-mail', async () => {
    const admin = await signIn(on.app, ada);
    const invited = await invite(admin, 'otto@acme.example');
    expect(invited.statusCode, invited.body).toBe(201);
    const answer = invited.json();
    expect(answer.delivery).toBe('email');
    expect(answer).not.toHaveProperty('invitationLink');
    expect(invited.body).not.toContain('/invitation');
    expect(await outboxRows()).toBe(1);
  });
});
