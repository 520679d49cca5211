import { type RawBuilder, sql } from 'kysely';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

// The dashboard's SQL. Every query runs in the caller's tenant transaction WITH the user's scope: row-level
// security narrows each table to what the user may see, and `readable` narrows cases and reports further to
// those whose content the user reads (an admin holding the threat-manager role sees every unit's cases as
// metadata, but works on the cases of their own units). Nothing here reads a sealed column.

/** A case (alias `c`) whose content the user reads: the content policies' rule (migration 0029). */
const READABLE_CASE = sql<boolean>`(c.unit_id = ANY ((SELECT tma_readable_units(tma_viewer()))::uuid[])
  OR c.id IN (SELECT team.id FROM tma_team_cases(tma_viewer()) AS team (id)))`;
/** A report (alias `r`) whose content the user reads. */
const READABLE_REPORT = sql<boolean>`r.unit_id = ANY ((SELECT tma_readable_units(tma_viewer()))::uuid[])`;
/** A live, open case (alias `c`) the user reads. */
const OPEN_CASE = sql<boolean>`c.deleted_at IS NULL AND c.status <> 'closed' AND ${READABLE_CASE}`;

async function rows<T>(trx: TenantTransaction, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(trx)).rows;
}

/** Open cases by their current level (null: not assessed yet). */
export function openCasesByLevel(trx: TenantTransaction) {
  return rows(
    trx,
    sql<{ level: number | null; count: number }>`
      SELECT c.level, count(*)::int AS count FROM cases c WHERE ${OPEN_CASE} GROUP BY c.level`,
  );
}

/** Reports waiting for triage (new or acknowledged): how many, how many indicate danger, the oldest's day. */
export async function reportsAwaitingTriage(trx: TenantTransaction) {
  const [row] = await rows(
    trx,
    sql<{ count: number; danger: number; oldest: string | null }>`
      SELECT count(*)::int AS count, (count(*) FILTER (WHERE r.danger_indicated))::int AS danger,
        min(r.received_on) AS oldest
      FROM reports r
      WHERE r.status IN ('new', 'acknowledged') AND r.deleted_at IS NULL AND ${READABLE_REPORT}`,
  );
  return row ?? { count: 0, danger: 0, oldest: null };
}

/** Assessments not yet final in open cases: counts by status and the longest waiting, sign-offs first. */
export async function pendingAssessments(trx: TenantTransaction, limit: number) {
  const counts = await rows(
    trx,
    sql<{ status: 'draft' | 'awaiting_sign_off'; count: number }>`
      SELECT a.status, count(*)::int AS count
      FROM assessments a JOIN cases c ON c.id = a.case_id
      WHERE a.status IN ('draft', 'awaiting_sign_off') AND ${OPEN_CASE}
      GROUP BY a.status`,
  );
  const oldest = await rows(
    trx,
    sql<{
      id: string;
      case_id: string;
      reference: string;
      status: 'draft' | 'awaiting_sign_off';
      updated_at: Date;
    }>`
      SELECT a.id, a.case_id, c.reference, a.status, a.updated_at
      FROM assessments a JOIN cases c ON c.id = a.case_id
      WHERE a.status IN ('draft', 'awaiting_sign_off') AND ${OPEN_CASE}
      ORDER BY (a.status = 'awaiting_sign_off') DESC, a.updated_at, a.id
      LIMIT ${limit}`,
  );
  return { counts, oldest };
}

/** Planned or running measures due before `today`: how many, and the most overdue. */
export async function overdueMeasures(trx: TenantTransaction, today: string, limit: number) {
  const overdue = sql<boolean>`m.status IN ('planned', 'in_progress') AND m.due_on < ${today}::date`;
  const [count] = await rows(
    trx,
    sql<{ count: number }>`
      SELECT count(*)::int AS count FROM case_measures m JOIN cases c ON c.id = m.case_id
      WHERE ${overdue} AND ${OPEN_CASE}`,
  );
  const items = await rows(
    trx,
    sql<{
      id: string;
      case_id: string;
      reference: string;
      type_key: string;
      due_on: string;
      owner_id: string | null;
    }>`
      SELECT m.id, m.case_id, c.reference, m.type_key, m.due_on, m.owner_id
      FROM case_measures m JOIN cases c ON c.id = m.case_id
      WHERE ${overdue} AND ${OPEN_CASE}
      ORDER BY m.due_on, c.reference, m.seq
      LIMIT ${limit}`,
  );
  return { count: count?.count ?? 0, items };
}

/** Open tasks due before `today` (managers-only ones too, for threat managers): how many, the most overdue. */
export async function overdueTasks(trx: TenantTransaction, today: string, limit: number) {
  const overdue = sql<boolean>`t.status = 'open' AND t.due_on < ${today}::date`;
  const [count] = await rows(
    trx,
    sql<{ count: number }>`
      SELECT count(*)::int AS count FROM case_tasks t JOIN cases c ON c.id = t.case_id
      WHERE ${overdue} AND ${OPEN_CASE}`,
  );
  const items = await rows(
    trx,
    sql<{ id: string; case_id: string; reference: string; due_on: string; assignee_id: string | null }>`
      SELECT t.id, t.case_id, c.reference, t.due_on, t.assignee_id
      FROM case_tasks t JOIN cases c ON c.id = t.case_id
      WHERE ${overdue} AND ${OPEN_CASE}
      ORDER BY t.due_on, c.reference, t.created_at
      LIMIT ${limit}`,
  );
  return { count: count?.count ?? 0, items };
}

/**
 * The latest journal entries of the cases `userId` owns or is on the team of: kind, case, when and who,
 * never the sealed text. Managers-only entries only reach threat managers (row-level security).
 */
export function recentActivity(trx: TenantTransaction, userId: string, limit: number) {
  return rows(
    trx,
    sql<{
      id: string;
      case_id: string;
      reference: string;
      kind: string;
      occurred_at: Date;
      author_id: string | null;
    }>`
      SELECT j.id, j.case_id, c.reference, j.kind, j.occurred_at, j.author_id
      FROM case_journal j JOIN cases c ON c.id = j.case_id
      WHERE c.deleted_at IS NULL
        AND (c.owner_id = ${userId}
             OR EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = c.id AND m.user_id = ${userId}))
      ORDER BY j.occurred_at DESC, j.seq DESC
      LIMIT ${limit}`,
  );
}

/**
 * How many of the user's readable cases were open at each moment, by their level then: a case counts from
 * its opening until it was closed, at the level of its latest final assessment decided by then (the case's
 * level is exactly that: assessments/store.ts, setCaseLevelFromAssessments). A reopened case counts as open
 * over the time it was closed before (only the last closing is kept), and a case closed without a recorded
 * time counts as closed from its last change. Deleted cases are left out.
 */
export function openCasesOverTime(trx: TenantTransaction, moments: readonly Date[]) {
  const at = moments.map((moment) => moment.toISOString());
  return rows(
    trx,
    sql<{ at: Date; level: number | null; count: number }>`
      SELECT open_case.at, open_case.level, count(*)::int AS count
      FROM (
        SELECT point.at, (
            SELECT a.final_level FROM assessments a
            WHERE a.case_id = c.id AND a.status = 'final' AND a.decided_at <= point.at
            ORDER BY a.decided_at DESC, a.seq DESC LIMIT 1) AS level
        FROM unnest(${at}::timestamptz[]) AS point (at)
        JOIN cases c ON c.created_at <= point.at
          AND coalesce(c.closed_at, CASE WHEN c.status = 'closed' THEN c.updated_at END, 'infinity') > point.at
        WHERE c.deleted_at IS NULL AND ${READABLE_CASE}
      ) AS open_case
      GROUP BY open_case.at, open_case.level`,
  );
}

/**
 * Time to triage by month of receipt, from `since` (a day): the reports that became a case or were attached
 * to one, and the median days from receipt to that step (a case opened from the report: the case's
 * opening; attached: the journal's `report_linked` entry). Reports closed without a case keep no time of
 * the step and are not counted; a report keeps the day it came in, never the hour, so days are whole.
 */
export function timeToTriage(trx: TenantTransaction, since: string) {
  return rows(
    trx,
    sql<{ month: string; count: number; median_days: number | string | null }>`
      SELECT to_char(r.received_on, 'YYYY-MM') AS month, count(*)::int AS count,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY (step.at AT TIME ZONE 'UTC')::date - r.received_on) AS median_days
      FROM reports r
      CROSS JOIN LATERAL (SELECT CASE
          WHEN r.status = 'case_opened' THEN (SELECT c.created_at FROM cases c WHERE c.id = r.case_id)
          ELSE (SELECT min(j.occurred_at) FROM case_journal j
                WHERE j.case_id = r.case_id AND j.kind = 'report_linked' AND j.facts->>'reportId' = r.id::text)
        END AS at) step
      WHERE r.status IN ('case_opened', 'attached') AND r.deleted_at IS NULL AND r.received_on >= ${since}::date
        AND ${READABLE_REPORT} AND step.at IS NOT NULL
      GROUP BY 1 ORDER BY 1`,
  );
}

/** Measures of readable cases ended since `since`: done ones by effectiveness, and cancelled ones. */
export function measureOutcomes(trx: TenantTransaction, since: Date) {
  return rows(
    trx,
    sql<{ outcome: string | null; count: number }>`
      SELECT CASE WHEN m.status = 'cancelled' THEN 'cancelled' ELSE m.effectiveness END AS outcome,
        count(*)::int AS count
      FROM case_measures m JOIN cases c ON c.id = m.case_id
      WHERE m.completed_at >= ${since} AND c.deleted_at IS NULL AND ${READABLE_CASE}
      GROUP BY 1`,
  );
}
