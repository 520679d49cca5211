// Retention and legal hold, on both databases: admins set the policy (validated, audited); closing a case
// records its outcome; a case's threat managers and admins place and lift a legal hold, which blocks deletion;
// and the daily job, on a fake clock, warns the owner once inside the warning window, then deletes a case
// closed long enough ago (keys shredded, documents gone, a tombstone and a statistics record left, the audit
// chain intact) while the same kind of case under legal hold survives, doing its work once however many
// instances run it the same day.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import { documentUpload } from '../../../test/support/multipart.ts';
import {
  openReportingApp,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';
import type { SignedInCall } from '../../../test/support/session.ts';
import { Keyring, ScopeShreddedError } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { runRetention } from '../../jobs/retention.ts';
import { linkAuditEvents } from '../audit/link.ts';
import { verifyAuditChain } from '../audit/verify.ts';
import { createPostgresBlobStore } from '../documents/postgres-blob-store.ts';
import { DEFAULT_RETENTION_POLICY } from './rules.ts';

const DAY = 24 * 60 * 60_000;

describe.each(databaseTargets())('retention on %s', (target) => {
  let reporting: ReportingApp;
  let database: Database;
  let keyring: Keyring;
  let tenantId: string;
  let unitId: string;
  let tom: SignedInCall; // threat manager of unit de
  let fay: SignedInCall; // threat manager of unit fr
  let eve: SignedInCall; // expert
  let ada: SignedInCall; // admin

  const scope = () => ({ tenantId, userId: null });
  const newCase = async (title: string) => {
    const [report] = (await recordPhoneReports(tom, unitId, [title])) as [string];
    const opened = await tom('POST', `/api/v1/reports/${report}/open-case`, { title });
    expect(opened.statusCode, opened.body).toBe(201);
    return { caseId: opened.json().id as string, reportId: report };
  };
  const close = async (caseId: string, outcome?: string) => {
    const closed = await tom('POST', `/api/v1/cases/${caseId}/status`, {
      status: 'closed',
      reason: 'Erledigt',
      ...(outcome ? { outcome } : {}),
    });
    expect(closed.statusCode, closed.body).toBe(200);
    return closed.json();
  };
  const auditOf = async (action: string) => {
    await linkAuditEvents(database, { tenantId, wait: true });
    return withTenant(database, scope(), (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'reason', 'object_id', 'actor_type', 'outcome'])
        .where('action', '=', action)
        .orderBy('seq')
        .execute(),
    );
  };

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    database = reporting.database;
    keyring = new Keyring(database, reporting.provider);
    tenantId = reporting.tenants.acme as string;
    unitId = reporting.units['acme/de'] as string;
    tom = await reporting.session('acme', 'tom@acme.example');
    fay = await reporting.session('acme', 'fay@acme.example');
    eve = await reporting.session('acme', 'eve@acme.example');
    ada = await reporting.session('acme', 'ada@acme.example');
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('shows admins the default policy, lets them change it with checks, and audits the change', async () => {
    const initial = await ada('GET', '/api/v1/retention-policy');
    expect(initial.statusCode, initial.body).toBe(200);
    expect(initial.json()).toMatchObject({
      policy: DEFAULT_RETENTION_POLICY,
      isDefault: true,
      lastRun: null,
    });
    expect((await tom('GET', '/api/v1/retention-policy')).json().error.code).toBe('retention_not_allowed');
    expect((await tom('PUT', '/api/v1/retention-policy', DEFAULT_RETENTION_POLICY)).statusCode).toBe(403);

    const everything = await ada('PUT', '/api/v1/retention-policy', {
      ...DEFAULT_RETENTION_POLICY,
      caseRules: [{ outcomes: [], levels: [], months: 6, action: 'delete' }],
    });
    expect([everything.statusCode, everything.json().error.code]).toEqual([
      422,
      'retention_rule_matches_everything',
    ]);
    const longWarning = await ada('PUT', '/api/v1/retention-policy', {
      ...DEFAULT_RETENTION_POLICY,
      warningDays: 200,
    });
    expect([longWarning.statusCode, longWarning.json().error.code]).toEqual([
      422,
      'retention_warning_too_long',
    ]);
    const badMonths = await ada('PUT', '/api/v1/retention-policy', {
      ...DEFAULT_RETENTION_POLICY,
      caseDefault: { months: 0, action: 'delete' },
    });
    expect(badMonths.statusCode).toBe(400);
    const badAction = await ada('PUT', '/api/v1/retention-policy', {
      ...DEFAULT_RETENTION_POLICY,
      dismissedReports: { months: 6, action: 'archive' },
    });
    expect(badAction.statusCode).toBe(400);

    const policy = {
      ...DEFAULT_RETENTION_POLICY,
      caseRules: [
        ...DEFAULT_RETENTION_POLICY.caseRules,
        { outcomes: ['referred'], levels: [1], months: 24, action: 'delete' },
      ],
    };
    const saved = await ada('PUT', '/api/v1/retention-policy', policy);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ policy, isDefault: false, updatedAt: expect.any(String) });
    expect((await ada('GET', '/api/v1/retention-policy')).json().policy).toEqual(policy);
    expect(await auditOf('retention.policy_update')).toEqual([
      expect.objectContaining({
        reason: 'case_rules=4:warning_days=30',
        object_id: tenantId,
        outcome: 'success',
      }),
    ]);
    // Back to the defaults for the job below.
    expect((await ada('PUT', '/api/v1/retention-policy', DEFAULT_RETENTION_POLICY)).statusCode).toBe(200);
  });

  it('records why a case was closed, and forgets it on reopening', async () => {
    const { caseId } = await newCase('Outcome');
    const wrong = await tom('POST', `/api/v1/cases/${caseId}/status`, {
      status: 'monitoring',
      reason: 'Ruhig',
      outcome: 'resolved',
    });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([422, 'outcome_only_when_closing']);
    const unknown = await tom('POST', `/api/v1/cases/${caseId}/status`, {
      status: 'closed',
      reason: 'x',
      outcome: 'forgotten',
    });
    expect(unknown.statusCode).toBe(400);
    expect(await close(caseId, 'referred')).toMatchObject({ status: 'closed', closingOutcome: 'referred' });
    const reopened = await tom('POST', `/api/v1/cases/${caseId}/status`, {
      status: 'management',
      reason: 'Neu',
    });
    expect(reopened.json()).toMatchObject({ status: 'management', closingOutcome: null, closedAt: null });
    // Without an outcome (older clients): `other`.
    expect(await close(caseId)).toMatchObject({ closingOutcome: 'other' });
    // A release that does not know the outcome reopens the case (a rolling deploy): the database forgets it.
    await withTenant(database, scope(), (trx) =>
      trx
        .updateTable('cases')
        .set({ status: 'management', closed_at: null })
        .where('id', '=', caseId)
        .execute(),
    );
    expect((await tom('GET', `/api/v1/cases/${caseId}`)).json()).toMatchObject({
      status: 'management',
      closingOutcome: null,
    });
  });

  it('lets the case’s threat managers and admins set and lift a legal hold, which blocks deletion', async () => {
    const { caseId } = await newCase('Hold');
    const detail = (await tom('GET', `/api/v1/cases/${caseId}`)).json();
    expect(detail.legalHold).toEqual({
      held: false,
      reason: null,
      setBy: null,
      setAt: null,
      mayChange: true,
    });
    // Another unit's threat manager does not see the case; an expert not on its team neither.
    expect((await fay('POST', `/api/v1/cases/${caseId}/legal-hold`, { reason: 'x' })).statusCode).toBe(404);
    expect((await eve('POST', `/api/v1/cases/${caseId}/legal-hold`, { reason: 'x' })).statusCode).toBe(404);
    expect((await tom('POST', `/api/v1/cases/${caseId}/legal-hold`, { reason: '' })).statusCode).toBe(400);

    const set = await tom('POST', `/api/v1/cases/${caseId}/legal-hold`, {
      reason: 'Gerichtsverfahren HoldMarker-5521',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({
      held: true,
      reason: 'Gerichtsverfahren HoldMarker-5521',
      setBy: { name: expect.any(String) },
      mayChange: true,
    });
    const again = await tom('POST', `/api/v1/cases/${caseId}/legal-hold`, { reason: 'noch einmal' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'legal_hold_already_set']);
    // The reason is sealed: not in the database in clear.
    const stored = await withTenant(database, scope(), (trx) =>
      trx
        .selectFrom('case_legal_holds')
        .select('reason_sealed')
        .where('case_id', '=', caseId)
        .executeTakeFirstOrThrow(),
    );
    expect(Buffer.from(stored.reason_sealed).toString('latin1')).not.toContain('HoldMarker');

    // The admin sees the case's metadata: that it is held, not why; and cannot delete it while it is.
    const adminView = (await ada('GET', `/api/v1/cases/${caseId}`)).json();
    expect(adminView.legalHold).toMatchObject({ held: true, reason: null, mayChange: true });
    const deletion = await ada('POST', `/api/v1/cases/${caseId}/deletion`, { reason: 'other' });
    expect([deletion.statusCode, deletion.json().error.code]).toEqual([409, 'case_under_legal_hold']);

    const lifted = await ada('DELETE', `/api/v1/cases/${caseId}/legal-hold`);
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(lifted.json()).toMatchObject({ held: false, mayChange: true });
    const liftAgain = await tom('DELETE', `/api/v1/cases/${caseId}/legal-hold`);
    expect([liftAgain.statusCode, liftAgain.json().error.code]).toEqual([409, 'legal_hold_not_set']);

    const set2 = await auditOf('case.legal_hold_set');
    const lift2 = await auditOf('case.legal_hold_lifted');
    expect(set2.filter((event) => event.object_id === caseId)).toEqual([
      {
        action: 'case.legal_hold_set',
        reason: null,
        object_id: caseId,
        actor_type: 'user',
        outcome: 'success',
      },
    ]);
    expect(lift2.filter((event) => event.object_id === caseId)).toHaveLength(1);
    // The case's journal shows both to the team, without the reason.
    const journal = (await tom('GET', `/api/v1/cases/${caseId}/journal`)).json().entries;
    const holds = journal.filter((entry: { kind: string }) => entry.kind.startsWith('legal_hold_'));
    expect(holds.map((entry: { kind: string; text: string | null }) => [entry.kind, entry.text])).toEqual([
      ['legal_hold_lifted', null],
      ['legal_hold_set', null],
    ]);
  });

  it('warns the owner once, then deletes the expired case and dismissed report, sparing the case under hold, once a day', async () => {
    // An unfounded case with a document (default policy: 6 months, anonymised), the same under legal hold,
    // and a dismissed report (6 months, deleted).
    const expiring = await newCase('Expiring RetentionMarker-3307');
    const image = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const body = documentUpload(
      'document',
      { title: 'Foto' },
      { name: 'foto.png', type: 'image/png', bytes: image },
    );
    const uploaded = await tom(
      'POST',
      `/api/v1/cases/${expiring.caseId}/documents`,
      body.payload,
      body.headers,
    );
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const blobIds = await withTenant(database, scope(), async (trx) =>
      (
        await trx
          .selectFrom('case_document_versions')
          .select('blob_id')
          .where('case_id', '=', expiring.caseId)
          .execute()
      ).map((row) => row.blob_id),
    );
    expect(blobIds.length).toBeGreaterThan(0);
    const closedAt = Date.parse((await close(expiring.caseId, 'unfounded')).closedAt);
    const held = await newCase('Held RetentionMarker-3308');
    await close(held.caseId, 'unfounded');
    expect(
      (await tom('POST', `/api/v1/cases/${held.caseId}/legal-hold`, { reason: 'Behörde' })).statusCode,
    ).toBe(200);
    const [dismissed] = (await recordPhoneReports(tom, unitId, ['Nicht relevant'])) as [string];
    const closedReport = await tom('POST', `/api/v1/reports/${dismissed}/close`, {
      reason: 'not_relevant',
      note: 'Kein Bezug',
    });
    expect(closedReport.statusCode, closedReport.body).toBe(200);

    const deps = { database, keyring, blobStore: createPostgresBlobStore(database) };
    const dueAt = new Date(closedAt);
    dueAt.setUTCMonth(dueAt.getUTCMonth() + 6);
    const notices = () =>
      withTenant(database, scope(), (trx) =>
        trx
          .selectFrom('notifications')
          .select(['case_id', 'user_id'])
          .where('kind', '=', 'case.retention_due')
          .execute(),
      );

    // 20 days before: inside the 30-day window. The owner (tom) is told once, in the app and by e-mail;
    // the held case is not warned about. Nothing is deleted.
    const warnDay = new Date(dueAt.getTime() - 20 * DAY);
    expect(await runRetention(deps, warnDay)).toEqual({
      deleted: 0,
      anonymised: 0,
      warned: 1,
      held: 0,
      failed: 0,
    });
    expect(await runRetention(deps, new Date(warnDay.getTime() + 60_000))).toEqual({
      deleted: 0,
      anonymised: 0,
      warned: 0,
      held: 0,
      failed: 0,
    });
    expect(await runRetention(deps, new Date(warnDay.getTime() + DAY))).toMatchObject({
      warned: 0,
      deleted: 0,
    });
    expect((await notices()).map((notice) => notice.case_id)).toEqual([expiring.caseId]);
    const mails = (await reporting.openedOutbox()).filter((mail) => mail.template === 'case.retention_due');
    expect(mails.map((mail) => mail.to)).toEqual(['tom@acme.example']);

    // A month after the due day, two instances at once: the work is done once.
    // At noon: the hour after stays the same day (the job runs once a day), the day after is another.
    const late = new Date(dueAt.getTime() + 31 * DAY);
    late.setUTCHours(12, 0, 0, 0);
    const runs = await Promise.all([runRetention(deps, late), runRetention(deps, late)]);
    const worked = runs.filter((run) => run.deleted > 0);
    expect(worked).toEqual([{ deleted: 2, anonymised: 1, warned: 0, held: 1, failed: 0 }]);
    expect(await runRetention(deps, new Date(late.getTime() + 3600_000))).toMatchObject({ deleted: 0 });

    // The expired case: a tombstone whose keys are shredded, with its report; its documents are gone.
    const tombstone = await withTenant(database, scope(), (trx) =>
      trx
        .selectFrom('cases')
        .select(['title_sealed', 'deleted_at', 'deleted_by', 'deletion_reason', 'reference'])
        .where('id', '=', expiring.caseId)
        .executeTakeFirstOrThrow(),
    );
    expect(tombstone).toMatchObject({
      title_sealed: null,
      deleted_by: null,
      deletion_reason: 'retention_expired',
    });
    expect(tombstone.deleted_at?.getTime()).toBe(late.getTime());
    const keys = await keyring.forTenant(tenantId);
    for (const [kind, id] of [
      ['case', expiring.caseId],
      ['report', expiring.reportId],
      ['report', dismissed],
    ] as const)
      await expect(withTenant(database, scope(), (trx) => keys.scope(trx, kind, id))).rejects.toBeInstanceOf(
        ScopeShreddedError,
      );
    const left = await withTenant(database, scope(), async (trx) => ({
      documents: await trx
        .selectFrom('case_documents')
        .select('id')
        .where('case_id', '=', expiring.caseId)
        .execute(),
      blobs: await trx.selectFrom('document_blobs').select('id').where('id', 'in', blobIds).execute(),
      queued: await trx.selectFrom('blob_deletions').select('blob_id').execute(),
    }));
    expect(left).toEqual({ documents: [], blobs: [], queued: [] });
    expect((await tom('GET', `/api/v1/cases/${expiring.caseId}`)).statusCode).toBe(410);
    const report = await withTenant(database, scope(), (trx) =>
      trx
        .selectFrom('reports')
        .select(['deleted_at', 'deletion_reason'])
        .where('id', '=', dismissed)
        .executeTakeFirstOrThrow(),
    );
    expect(report.deletion_reason).toBe('retention_expired');

    // Its deletion certificate names it and the rule that deleted it.
    const certificate = await ada('GET', `/api/v1/cases/${expiring.caseId}/deletion-certificate`);
    expect(certificate.statusCode, certificate.body).toBe(200);
    expect(certificate.json()).toMatchObject({
      objectType: 'case',
      objectId: expiring.caseId,
      reference: tombstone.reference,
      reason: 'retention_expired',
      deletedBy: {
        kind: 'retention_policy',
        retentionRule: 'case:outcomes=unfounded:levels=any:months=6:anonymise',
      },
    });

    // One anonymised statistics record: the unit, the outcome, months and counts; nothing else.
    const statistics = await withTenant(database, scope(), (trx) =>
      trx.selectFrom('retention_statistics').selectAll().execute(),
    );
    const month = (time: number) => `${new Date(time).toISOString().slice(0, 7)}-01`;
    expect(statistics).toEqual([
      {
        id: expect.any(String),
        tenant_id: tenantId,
        object_type: 'case',
        unit_id: unitId,
        category: null,
        level: null,
        outcome: 'unfounded',
        opened_month: month(closedAt),
        closed_month: month(closedAt),
        report_count: 1,
        person_count: 0,
        document_count: 1,
        measure_count: 0,
        recorded_month: month(late.getTime()),
      },
    ]);

    // The case under hold survives, readable, until the hold is lifted.
    const survivor = await tom('GET', `/api/v1/cases/${held.caseId}`);
    expect(survivor.statusCode).toBe(200);
    expect(survivor.json()).toMatchObject({ title: 'Held RetentionMarker-3308', legalHold: { held: true } });
    expect((await tom('DELETE', `/api/v1/cases/${held.caseId}/legal-hold`)).statusCode).toBe(200);
    // Long past its period, it is never deleted unannounced: its owner is warned first, and it goes once the
    // warning period (30 days) has passed since.
    const released = new Date(late.getTime() + DAY);
    expect(await runRetention(deps, released)).toMatchObject({ warned: 1, deleted: 0, held: 0 });
    expect(await runRetention(deps, new Date(released.getTime() + 29 * DAY))).toMatchObject({ deleted: 0 });
    expect((await tom('GET', `/api/v1/cases/${held.caseId}`)).statusCode).toBe(200);
    const graceEnds = new Date(released.getTime() + 30 * DAY);
    expect(await runRetention(deps, graceEnds)).toMatchObject({ deleted: 1, held: 0 });
    expect((await tom('GET', `/api/v1/cases/${held.caseId}`)).statusCode).toBe(410);

    // Audited: the deletions by the system with the reason code, and each run with its counts; the chain
    // still verifies after the shredding.
    const shreds = (await auditOf('case.shred')).filter((event) => event.object_id === expiring.caseId);
    expect(shreds).toEqual([expect.objectContaining({ actor_type: 'system', reason: 'retention_expired' })]);
    const runsAudited = await auditOf('retention.run');
    expect(runsAudited.map((event) => event.reason)).toEqual([
      'deleted=0:anonymised=0:warned=1:held=0:failed=0',
      'deleted=0:anonymised=0:warned=0:held=0:failed=0',
      'deleted=2:anonymised=1:warned=0:held=1:failed=0',
      'deleted=0:anonymised=0:warned=1:held=0:failed=0',
      'deleted=0:anonymised=0:warned=0:held=0:failed=0',
      'deleted=1:anonymised=1:warned=0:held=0:failed=0',
    ]);
    expect(runsAudited.every((event) => event.actor_type === 'system')).toBe(true);
    const lastRun = (await ada('GET', '/api/v1/retention-policy')).json().lastRun;
    expect(lastRun).toMatchObject({ deleted: 1, anonymised: 1, held: 0, failed: 0 });
    expect(await verifyAuditChain(database, tenantId)).toMatchObject({ ok: true });
  });
  it('previews what a policy would do at the next run, counting only and changing nothing', async () => {
    const policy = (await ada('GET', '/api/v1/retention-policy')).json().policy;
    const preview = async (body: object) => {
      const response = await ada('POST', '/api/v1/retention-policy/preview', body);
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const before = await preview(policy);
    const beforeNoWarning = await preview({ ...policy, warningDays: 0 });
    // A case closed as unfounded 400 days ago: past its six months.
    const old = await newCase('Old RetentionMarker-3309');
    await close(old.caseId, 'unfounded');
    await withTenant(database, scope(), (trx) =>
      trx
        .updateTable('cases')
        .set({ closed_at: new Date(Date.now() - 400 * DAY) })
        .where('id', '=', old.caseId)
        .execute(),
    );
    // Its owner has not been warned: the next run warns them, and would delete it only without warnings.
    expect(await preview(policy)).toEqual({ ...before, warnCases: before.warnCases + 1 });
    expect(await preview({ ...policy, warningDays: 0 })).toEqual({
      ...beforeNoWarning,
      deleteCases: beforeNoWarning.deleteCases + 1,
    });
    // Kept for five years, it is not due at all.
    const longer = { ...policy, caseRules: [], caseDefault: { months: 60, action: 'anonymise' } };
    expect((await preview({ ...longer, warningDays: 0 })).deleteCases).toBe(0);

    expect((await tom('POST', '/api/v1/retention-policy/preview', policy)).statusCode).toBe(403);
    const invalid = await ada('POST', '/api/v1/retention-policy/preview', {
      ...policy,
      caseRules: [{ outcomes: [], levels: [], months: 1, action: 'delete' }],
    });
    expect([invalid.statusCode, invalid.json().error.code]).toEqual([
      422,
      'retention_rule_matches_everything',
    ]);
    // Nothing was warned, deleted or saved.
    const warnings = await withTenant(database, scope(), (trx) =>
      trx.selectFrom('retention_warnings').select('case_id').where('case_id', '=', old.caseId).execute(),
    );
    expect(warnings).toEqual([]);
    expect((await tom('GET', `/api/v1/cases/${old.caseId}`)).statusCode).toBe(200);
    expect((await ada('GET', '/api/v1/retention-policy')).json().policy).toEqual(policy);
  });
});
