import type { Keyring, TenantKeys } from '../crypto/keyring.ts';
import type { Database } from '../db/database.ts';
import { type TenantTransaction, withTenant } from '../db/tenant-transaction.ts';
import { recordAuditEvent } from '../modules/audit/service.ts';
import { removeQueuedBlobs } from '../modules/deletion/remove-blobs.ts';
import { shredObject } from '../modules/deletion/request-deletion.ts';
import type { ShredInput } from '../modules/deletion/shred-report.ts';
import type { Vacuum } from '../modules/deletion/vacuum.ts';
import type { BlobStore } from '../modules/documents/blob-store.ts';
import { emailLocaleOf, enqueueEmail } from '../modules/mail/outbox.ts';
import { notifyAboutCase } from '../modules/notifications/service.ts';
import { addMonths as addMonthsToDay, dayOf } from '../modules/reports/days.ts';
import {
  type AppliedRule,
  caseFate,
  DAY_MS,
  dueDates,
  ruleForCase,
  ruleForDismissedReport,
} from '../modules/retention/rules.ts';
import type { RetentionPolicy } from '../modules/retention/schemas.ts';
import { retentionPolicyOf } from '../modules/retention/service.ts';
import {
  claimRun,
  closedCasesBefore,
  dismissedReportsClosedBy,
  finishRun,
  insertStatistic,
  lockDueCase,
  lockDueReport,
  recordWarning,
} from '../modules/retention/store.ts';

// The daily retention job (issue 17): for each tenant, once a day across any number of instances, it warns
// the owners of closed cases that are about to expire, then deletes (crypto-shreds) every closed case and
// dismissed report whose period has passed, keeping an anonymised statistics record first where the policy
// says so. Cases under legal hold are passed by. Each object is deleted in a transaction of its own, so one
// failure stops nothing else; whatever fails is due again the next day.

export interface RetentionJobDependencies {
  database: Database;
  keyring: Keyring;
  /** Where document and attachment blobs live; without it they stay queued for `tma deletion cleanup`. */
  blobStore?: BlobStore | undefined;
  vacuum?: Vacuum | undefined;
  /** Told of an object that could not be deleted, or of cleanup that failed; the run goes on. */
  onProblem?: (problem: { error?: unknown; message: string }) => void;
}

export interface RetentionCounts {
  deleted: number;
  anonymised: number;
  warned: number;
  held: number;
  failed: number;
}

const SYSTEM = { actorType: 'system', actorId: null, requestId: null } as const;
const month = (date: Date | string) => `${(typeof date === 'string' ? date : dayOf(date)).slice(0, 7)}-01`;

interface DueCase {
  id: string;
  closedAt: Date;
  rule: AppliedRule;
}
interface DueReport {
  id: string;
  rule: AppliedRule;
}

/**
 * Warns the owners of cases inside the warning window (once per closing); answers what is due now. A case
 * whose owner is to be warned is deleted no sooner than the warning period after the warning: a case already
 * past its period when the job first sees it (TMA just upgraded, the policy shortened, the job stopped for a
 * while) is warned about first, never deleted unannounced.
 */
async function survey(
  trx: TenantTransaction,
  tenantId: string,
  keys: TenantKeys,
  policy: RetentionPolicy,
  now: Date,
): Promise<{ cases: DueCase[]; reports: DueReport[]; warned: number; held: number }> {
  const cases: DueCase[] = [];
  let warned = 0;
  let held = 0;
  for (const row of await closedCasesBefore(trx, now)) {
    const rule = ruleForCase(policy, { outcome: row.closing_outcome, level: row.level });
    const fate = caseFate(row, rule, policy.warningDays, now);
    if (fate === 'held') held++;
    else if (fate === 'delete') cases.push({ id: row.id, closedAt: row.closed_at, rule });
    else if (fate === 'warn') {
      if (!(await recordWarning(trx, { tenantId, caseId: row.id, closedAt: row.closed_at, at: now })))
        continue;
      const { dueAt } = dueDates(row.closed_at, rule, policy.warningDays);
      const graceEnds = new Date(now.getTime() + policy.warningDays * DAY_MS);
      await warnOwner(trx, keys, {
        tenantId,
        caseId: row.id,
        ownerId: row.owner_id as string,
        dueOn: dayOf(dueAt > graceEnds ? dueAt : graceEnds),
        now,
      });
      warned++;
    }
  }
  const reportRule = ruleForDismissedReport(policy);
  const today = dayOf(now);
  const reports = (await dismissedReportsClosedBy(trx, today))
    .filter((report) => addMonthsToDay(report.closed_on, reportRule.months) <= today)
    .map((report) => ({ id: report.id, rule: reportRule }));
  return { cases, reports, warned, held };
}

async function warnOwner(
  trx: TenantTransaction,
  keys: TenantKeys,
  warning: { tenantId: string; caseId: string; ownerId: string; dueOn: string; now: Date },
): Promise<void> {
  const owner = await trx
    .selectFrom('users')
    .select(['id', 'email', 'language'])
    .where('id', '=', warning.ownerId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!owner) return;
  await notifyAboutCase(trx, {
    tenantId: warning.tenantId,
    caseId: warning.caseId,
    kind: 'case.retention_due',
    userIds: [owner.id],
    day: dayOf(warning.now),
  });
  await enqueueEmail(trx, {
    to: owner.email,
    locale: emailLocaleOf(owner.language),
    template: 'case.retention_due',
    params: { path: `/cases/${warning.caseId}`, dueOn: warning.dueOn },
    sealWith: await keys.scope(trx, 'case', warning.caseId),
  });
}

const shredInput = (tenantId: string, rule: AppliedRule, now: Date): ShredInput => ({
  tenantId,
  actor: SYSTEM,
  tombstone: { deletedAt: now, deletedBy: null, approvedBy: null, reason: 'retention_expired' },
  retentionRule: rule.code,
});

/** Deletes one due case (after its statistics record, where anonymised); false when it is no longer due. */
async function expireCase(
  trx: TenantTransaction,
  tenantId: string,
  keys: TenantKeys,
  due: DueCase,
  now: Date,
): Promise<boolean> {
  const row = await lockDueCase(trx, due.id);
  // Reopened, held or deleted since the survey: not due any more.
  if (!row || row.deleted_at || row.held || row.status !== 'closed') return false;
  if (row.closed_at?.getTime() !== due.closedAt.getTime()) return false;
  if (due.rule.action === 'anonymise')
    await insertStatistic(trx, {
      tenant_id: tenantId,
      object_type: 'case',
      unit_id: row.unit_id,
      category: row.category,
      level: row.level,
      outcome: row.closing_outcome,
      opened_month: month(row.created_at),
      closed_month: month(due.closedAt),
      report_count: row.report_count,
      person_count: row.person_count,
      document_count: row.document_count,
      measure_count: row.measure_count,
      recorded_month: month(now),
    });
  await shredObject(trx, keys, { id: row.id, case_id: null }, 'case', shredInput(tenantId, due.rule, now));
  return true;
}

async function expireReport(
  trx: TenantTransaction,
  tenantId: string,
  keys: TenantKeys,
  due: DueReport,
  now: Date,
): Promise<boolean> {
  const row = await lockDueReport(trx, due.id);
  if (!row || row.deleted_at || row.status !== 'closed' || row.case_id !== null || !row.closed_on)
    return false;
  if (due.rule.action === 'anonymise')
    await insertStatistic(trx, {
      tenant_id: tenantId,
      object_type: 'report',
      unit_id: row.unit_id,
      category: null,
      level: null,
      outcome: null,
      opened_month: month(row.received_on),
      closed_month: month(row.closed_on),
      report_count: 1,
      person_count: 0,
      document_count: 0,
      measure_count: 0,
      recorded_month: month(now),
    });
  await shredObject(trx, keys, { id: row.id, case_id: null }, 'report', shredInput(tenantId, due.rule, now));
  return true;
}

/**
 * The tenant's run of the day: null when another instance (or an earlier pass today) has claimed it.
 * Audited as `retention.run` with the counts (`deleted=…:anonymised=…:warned=…:held=…:failed=…`).
 */
export async function runRetentionForTenant(
  deps: RetentionJobDependencies,
  tenantId: string,
  now: Date,
): Promise<RetentionCounts | null> {
  const { database, keyring } = deps;
  const scope = { tenantId, userId: null };
  const day = dayOf(now);
  // Every instance asks every minute: the day's claim is looked at before the keys are loaded.
  const ranToday = await withTenant(database, scope, (trx) =>
    trx.selectFrom('retention_runs').select('run_on').where('run_on', '=', day).executeTakeFirst(),
  );
  if (ranToday) return null;
  const keys = await keyring.forTenant(tenantId);
  const surveyed = await withTenant(database, scope, async (trx) => {
    if (!(await claimRun(trx, tenantId, day, now))) return null;
    const policy = await retentionPolicyOf(trx);
    return survey(trx, tenantId, keys, policy, now);
  });
  if (!surveyed) return null;
  const counts: RetentionCounts = {
    deleted: 0,
    anonymised: 0,
    warned: surveyed.warned,
    held: surveyed.held,
    failed: 0,
  };
  const expire = async (type: 'case' | 'report', due: DueCase | DueReport) => {
    try {
      const done = await withTenant(database, scope, (trx) =>
        type === 'case'
          ? expireCase(trx, tenantId, keys, due as DueCase, now)
          : expireReport(trx, tenantId, keys, due, now),
      );
      if (!done) return;
      counts.deleted++;
      if (due.rule.action === 'anonymise') counts.anonymised++;
    } catch (error) {
      counts.failed++;
      deps.onProblem?.({ error, message: `retention could not delete a ${type}; it is due again tomorrow` });
    }
  };
  for (const due of surveyed.cases) await expire('case', due);
  for (const due of surveyed.reports) await expire('report', due);
  await withTenant(database, scope, async (trx) => {
    await finishRun(trx, day, counts, now);
    await recordAuditEvent(trx, {
      ...SYSTEM,
      action: 'retention.run',
      objectType: 'tenant',
      objectId: tenantId,
      outcome: counts.failed > 0 ? 'failure' : 'success',
      reason: Object.entries(counts)
        .map(([name, count]) => `${name}=${count}`)
        .join(':'),
    });
  });
  if (counts.deleted > 0) await cleanUp(deps, tenantId);
  return counts;
}

/** After the deletions: the blobs of documents and attachments go, and VACUUM reclaims the old rows. */
async function cleanUp(deps: RetentionJobDependencies, tenantId: string): Promise<void> {
  if (deps.blobStore)
    try {
      const { failed } = await removeQueuedBlobs(deps.database, deps.blobStore, tenantId);
      if (failed > 0)
        deps.onProblem?.({ message: `${failed} blobs of expired objects could not be removed yet` });
    } catch (error) {
      deps.onProblem?.({ error, message: 'removing the blobs of expired objects failed' });
    }
  if (deps.vacuum)
    try {
      await deps.vacuum();
    } catch (error) {
      deps.onProblem?.({ error, message: 'VACUUM after retention failed' });
    }
}

/**
 * Runs the retention policy of every active tenant that has not had its run today. Safe to call every
 * minute from every instance: each tenant's day is claimed once (`retention_runs`). Answers the sums of
 * the runs this call made.
 */
export async function runRetention(
  deps: RetentionJobDependencies,
  now: Date = new Date(),
): Promise<RetentionCounts> {
  const total: RetentionCounts = { deleted: 0, anonymised: 0, warned: 0, held: 0, failed: 0 };
  const tenants = await deps.database.db
    .selectFrom('tenants')
    .select('id')
    .where('status', '=', 'active')
    .execute();
  for (const tenant of tenants) {
    const counts = await runRetentionForTenant(deps, tenant.id, now);
    if (!counts) continue;
    for (const key of Object.keys(total) as Array<keyof RetentionCounts>) total[key] += counts[key];
  }
  return total;
}
