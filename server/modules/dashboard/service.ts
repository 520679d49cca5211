import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { accessActor } from '../access/service.ts';
import type { AssessmentService } from '../assessments/service.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { userNames } from '../cases/comments.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { canStatistics } from '../statistics/policy.ts';
import { authorizeDashboard, canDashboard } from './policy.ts';
import type { Dashboard, InsightAccess } from './schemas.ts';
import {
  measureOutcomes,
  openCasesByLevel,
  openCasesOverTime,
  overdueMeasures,
  overdueTasks,
  pendingAssessments,
  recentActivity,
  reportsAwaitingTriage,
  timeToTriage,
} from './store.ts';

// The threat managers' dashboard: their own view of the work, over the cases and reports they read, counted
// in their tenant transaction with their scope (row-level security and unit scope decide, nothing is
// lifted). Re-assessments due come from the assessments module's own due list. Audited as one
// `dashboard.read` naming the cases it shows by reference.

export interface DashboardDependencies {
  database: Database;
  assessments: AssessmentService;
  now?: () => Date;
}

/** How many of each list the dashboard shows (the counts count them all). */
const FEW = 5;
const ACTIVITY = 15;
const MONTHS = 12;

const LEVEL_KEYS = ['notAssessed', 'L1', 'L2', 'L3', 'L4'] as const;
const levelKey = (level: number | null) => LEVEL_KEYS[level ?? 0] ?? 'notAssessed';
const zeroLevels = () => ({ L1: 0, L2: 0, L3: 0, L4: 0, notAssessed: 0 });
const dayOf = (moment: Date) => moment.toISOString().slice(0, 10);
const monthOf = (moment: Date) => moment.toISOString().slice(0, 7);

/** The first instant of each of the last MONTHS months, oldest first, and of the month after the last. */
function monthStarts(now: Date): Date[] {
  return Array.from(
    { length: MONTHS + 1 },
    (_, index) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - MONTHS + 1 + index, 1)),
  );
}

const scopeOf = (auth: AuthContext) => ({ tenantId: auth.tenantId, userId: auth.userId });

/** The dashboard before the re-assessments due are added from the assessments module. */
type BeforeReviews = Omit<Dashboard, 'assessments'> & {
  assessments: Omit<Dashboard['assessments'], 'reviewsDue' | 'reviewsOverdue' | 'reviews'>;
};

export class DashboardService {
  readonly #deps: DashboardDependencies;
  readonly #now: () => Date;

  constructor(deps: DashboardDependencies) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  /** Which overview pages the user may open: the dashboard, the statistics. */
  access(auth: AuthContext): Promise<InsightAccess> {
    return withTenant(this.#deps.database, scopeOf(auth), async (trx) => {
      const actor = await accessActor(trx, auth);
      const subject = { tenantId: auth.tenantId };
      return {
        dashboard: canDashboard(actor, 'read', subject),
        statistics: canStatistics(actor, 'read', subject),
      };
    });
  }

  async read(auth: AuthContext, requestId: string): Promise<Dashboard> {
    const now = this.#now();
    const today = dayOf(now);
    const starts = monthStarts(now);
    const since = starts[0] as Date;
    // The state at the end of each month; the current month's is now.
    const moments = starts.slice(1).map((start) => (start < now ? start : now));
    const dashboard = await withTenant(this.#deps.database, scopeOf(auth), async (trx) => {
      authorizeDashboard(await accessActor(trx, auth), { tenantId: auth.tenantId });
      const byLevel = zeroLevels();
      for (const row of await openCasesByLevel(trx)) byLevel[levelKey(row.level)] += row.count;
      const reports = await reportsAwaitingTriage(trx);
      const assessments = await pendingAssessments(trx, FEW);
      const measures = await overdueMeasures(trx, today, FEW);
      const tasks = await overdueTasks(trx, today, FEW);
      const activity = await recentActivity(trx, auth.userId, ACTIVITY);
      const overTime = await openCasesOverTime(trx, moments);
      const triage = await timeToTriage(trx, dayOf(since));
      const outcomes = await measureOutcomes(trx, since);
      const names = await userNames(trx, [
        ...measures.items.flatMap((item) => (item.owner_id ? [item.owner_id] : [])),
        ...tasks.items.flatMap((item) => (item.assignee_id ? [item.assignee_id] : [])),
        ...activity.flatMap((entry) => (entry.author_id ? [entry.author_id] : [])),
      ]);
      const person = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
      const countOf = (status: string) => assessments.counts.find((row) => row.status === status)?.count ?? 0;
      const casesByLevel = moments.map((moment) => {
        const point = { month: monthOf(new Date(moment.getTime() - 1)), ...zeroLevels() };
        for (const row of overTime)
          if (row.at.getTime() === moment.getTime()) point[levelKey(row.level)] += row.count;
        return point;
      });
      const measureOutcomeCounts = {
        effective: 0,
        partly_effective: 0,
        not_effective: 0,
        too_early: 0,
        cancelled: 0,
      };
      for (const row of outcomes)
        if (row.outcome && row.outcome in measureOutcomeCounts)
          measureOutcomeCounts[row.outcome as keyof typeof measureOutcomeCounts] += row.count;
      const result: BeforeReviews = {
        generatedAt: now.toISOString(),
        today,
        openCases: { total: Object.values(byLevel).reduce((a, b) => a + b, 0), byLevel },
        reports: {
          awaitingTriage: reports.count,
          dangerIndicated: reports.danger,
          oldestReceivedOn: reports.oldest,
        },
        assessments: {
          drafts: countOf('draft'),
          awaitingSignOff: countOf('awaiting_sign_off'),
          pending: assessments.oldest.map((row) => ({
            assessmentId: row.id,
            caseId: row.case_id,
            reference: row.reference,
            status: row.status,
            since: row.updated_at.toISOString(),
          })),
        },
        overdueMeasures: {
          count: measures.count,
          items: measures.items.map((row) => ({
            measureId: row.id,
            caseId: row.case_id,
            reference: row.reference,
            typeKey: row.type_key,
            dueOn: row.due_on,
            owner: person(row.owner_id),
          })),
        },
        overdueTasks: {
          count: tasks.count,
          items: tasks.items.map((row) => ({
            taskId: row.id,
            caseId: row.case_id,
            reference: row.reference,
            dueOn: row.due_on,
            assignee: person(row.assignee_id),
          })),
        },
        activity: activity.map((row) => ({
          entryId: row.id,
          caseId: row.case_id,
          reference: row.reference,
          kind: row.kind,
          occurredAt: row.occurred_at.toISOString(),
          author: person(row.author_id),
        })),
        charts: {
          casesByLevel,
          timeToTriage: starts.slice(0, MONTHS).map((start) => {
            const row = triage.find((candidate) => candidate.month === monthOf(start));
            const median = row?.median_days;
            return {
              month: monthOf(start),
              triaged: row?.count ?? 0,
              medianDays: median === null || median === undefined ? null : Number(median),
            };
          }),
          measureOutcomes: measureOutcomeCounts,
        },
      };
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        requestId,
        action: 'dashboard.read',
        objectType: 'tenant',
        objectId: auth.tenantId,
        outcome: 'success',
        objectIds: shownCases(result),
      });
      return result;
    });
    // Re-assessments due: the assessments module's own list (its own transaction, audited as
    // `assessment.due_list`), after the dashboard's, so that a refused user sets off nothing.
    const due = await this.#deps.assessments.due(auth, 0, requestId);
    return {
      ...dashboard,
      assessments: {
        ...dashboard.assessments,
        reviewsDue: due.reviews.length,
        reviewsOverdue: due.reviews.filter((review) => review.overdue).length,
        reviews: due.reviews.slice(0, FEW).map((review) => ({
          assessmentId: review.assessmentId,
          caseId: review.caseId,
          reference: review.reference,
          dueOn: review.dueOn,
          overdue: review.overdue,
        })),
      },
    };
  }
}

/** The cases the dashboard names, for its audit event (null when it names none). */
function shownCases(dashboard: BeforeReviews): string[] | null {
  const ids = new Set([
    ...dashboard.assessments.pending.map((item) => item.caseId),
    ...dashboard.overdueMeasures.items.map((item) => item.caseId),
    ...dashboard.overdueTasks.items.map((item) => item.caseId),
    ...dashboard.activity.map((item) => item.caseId),
  ]);
  return ids.size > 0 ? [...ids] : null;
}
