// The access review reminder (issue 17) on both databases, with a fake clock: a tenant's active admins are
// told when a review falls due (never reviewed: at once; afterwards: the configured days after the last
// review was completed) and again every week it is left unstarted, not while a review is open, and never
// other roles.
import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import { Keyring } from '../crypto/keyring.ts';
import { createKeyProvider } from '../crypto/providers/index.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-transaction.ts';
import { createUser } from '../modules/identity/service.ts';
import { createTenant } from '../modules/tenants/service.ts';
import { runAccessReviewReminders } from './access-review-reminders.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const DAY = 24 * 60 * 60_000;

describe.each(databaseTargets())('access review reminders on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let keyring: Keyring;
  let tenantId = '';
  const users: Record<string, string> = {};
  const start = new Date('2027-01-04T08:00:00Z');
  const at = (days: number) => new Date(start.getTime() + days * DAY);

  /** The reminders queued for the tenant: the template, and to how many people (addresses are sealed). */
  const queued = () =>
    database.db
      .selectFrom('email_outbox')
      .select('template')
      .where('tenant_id', '=', tenantId)
      .where('template', '=', 'user.access_review_due')
      .execute();

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    const provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    keyring = new Keyring(database, provider);
    tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    for (const [email, role] of [
      ['ada@acme.example', 'admin'],
      ['adam@acme.example', 'admin'],
      ['gone@acme.example', 'admin'],
      ['tom@acme.example', 'threat_manager'],
      ['aud@acme.example', 'auditor'],
    ] as const)
      users[email] = (
        await createUser(database, tenantId, { email, role, password: PASSWORD }, { kind: 'operator' })
      ).id;
    await database.db
      .updateTable('users')
      .set({ status: 'deactivated' })
      .where('id', '=', users['gone@acme.example'] as string)
      .execute();
  });

  afterAll(async () => {
    await cleanup?.();
  });

  it('reminds the active admins once per cycle, only when due and no review is open', async () => {
    // Never reviewed: due at once, the two active admins are told, once.
    expect(await runAccessReviewReminders(database, start, keyring)).toBe(2);
    expect(await queued()).toHaveLength(2);
    expect(await runAccessReviewReminders(database, at(1), keyring)).toBe(0);
    expect(await queued()).toHaveLength(2);

    // A review started: nothing while it is open.
    const reviewId = randomUUID();
    const ada = users['ada@acme.example'] as string;
    await withTenant(database, { tenantId, userId: ada }, (trx) =>
      trx
        .insertInto('access_reviews')
        .values({
          id: reviewId,
          tenant_id: tenantId,
          period_start: '2026-10-01',
          period_end: '2026-12-31',
          started_by: ada,
          started_at: at(2),
        })
        .execute(),
    );
    expect(await runAccessReviewReminders(database, at(3), keyring)).toBe(0);

    // Completed on day 5: the next is due 91 days later (the default), not before.
    await withTenant(database, { tenantId, userId: ada }, (trx) =>
      trx
        .updateTable('access_reviews')
        .set({ completed_by: ada, completed_at: at(5) })
        .where('id', '=', reviewId)
        .execute(),
    );
    expect(await runAccessReviewReminders(database, at(95), keyring)).toBe(0);
    expect(await runAccessReviewReminders(database, at(96), keyring)).toBe(2);
    expect(await runAccessReviewReminders(database, at(97), keyring)).toBe(0);
    expect(await queued()).toHaveLength(4);
    // Left unstarted, the review is brought up again a week later, once.
    expect(await runAccessReviewReminders(database, at(102), keyring)).toBe(0);
    const again = await Promise.all([
      runAccessReviewReminders(database, at(103), keyring),
      runAccessReviewReminders(database, at(103), keyring),
    ]);
    expect(again.sort()).toEqual([0, 2]);
    expect(await runAccessReviewReminders(database, at(104), keyring)).toBe(0);
    expect(await queued()).toHaveLength(6);

    const reminders = await database.db
      .selectFrom('access_review_reminders')
      .select(['after_review', 'recipients'])
      .where('tenant_id', '=', tenantId)
      .orderBy('reminded_at')
      .execute();
    expect(reminders).toEqual([
      { after_review: null, recipients: 2 },
      { after_review: reviewId, recipients: 2 },
    ]);
  });

  it('follows the tenant’s interval', async () => {
    const ada = users['ada@acme.example'] as string;
    await withTenant(database, { tenantId, userId: ada }, async (trx) => {
      await trx
        .insertInto('access_review_settings')
        .values({ tenant_id: tenantId, review_every_days: 30, updated_by: ada, updated_at: at(100) })
        .execute();
      const id = randomUUID();
      await trx
        .insertInto('access_reviews')
        .values({
          id,
          tenant_id: tenantId,
          period_start: '2027-01-01',
          period_end: '2027-04-10',
          started_by: ada,
          started_at: at(100),
          completed_by: ada,
          completed_at: at(100),
        })
        .execute();
    });
    expect(await runAccessReviewReminders(database, at(129), keyring)).toBe(0);
    expect(await runAccessReviewReminders(database, at(130), keyring)).toBe(2);
  });
});
