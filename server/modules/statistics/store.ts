import { sql } from 'kysely';
import { type TenantTransaction, withoutUserScope } from '../../db/tenant-transaction.ts';
import type { Quarter } from './quarters.ts';

// The counts behind the management statistics: aggregates only, never a row of a report, case, assessment
// or measure leaves this file.

export const CHANNELS = ['portal', 'phone', 'in_person', 'letter', 'email'] as const;
export const OUTCOMES = ['effective', 'partly_effective', 'not_effective', 'too_early', 'cancelled'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** What one quarter counts, before suppression (statistics/publish.ts decides what of it is shown). */
export interface QuarterCounts {
  /** Reports received in the quarter, deleted ones included: by channel and whether anonymous. */
  reports: Array<{ channel: string; anonymous: boolean; count: number }>;
  /** Cases opened in the quarter and still on record, by category (null: none). */
  casesByCategory: Array<{ category: string | null; count: number }>;
  /** The same cases by the level of their first final assessment (null: none yet). */
  casesByLevel: Array<{ level: number | null; count: number }>;
  /** Of those cases with a final assessment: how many, and the median of the days until the first. */
  firstAssessment: { count: number; medianDays: number | null };
  /** Measures planned in the quarter, by type. */
  measuresByType: Array<{ typeKey: string; count: number }>;
  /** Measures ended in the quarter: done (by effectiveness) or cancelled. */
  measuresByOutcome: Array<{ outcome: Outcome; count: number }>;
}

/**
 * Counts one quarter of the whole organisation, LIFTING THE USER'S SCOPE for these aggregate queries
 * alone. Who may read the statistics (statistics/policy.ts) sees anonymised figures of every unit, and
 * auditors among them may read no report or case row at all under row-level security, so counting under
 * their scope would count nothing. The lift (withoutUserScope) keeps the tenant's own policy: only this
 * organisation's rows are counted. It is undone when the counting ends, whatever happens, and nothing
 * but counts (and one median) is returned, which the service then suppresses before anyone sees them.
 */
export function aggregateQuarterWithoutUserScope(
  trx: TenantTransaction,
  quarter: Quarter,
): Promise<QuarterCounts> {
  return withoutUserScope(trx, async () => {
    const { start, end } = quarter;
    const reports = await trx
      .selectFrom('reports')
      .select(['channel', 'anonymous', sql<number>`count(*)::int`.as('count')])
      .where('received_on', '>=', quarter.firstDay)
      .where('received_on', '<=', quarter.lastDay)
      .groupBy(['channel', 'anonymous'])
      .execute();
    // Cases on record: a deleted case's assessments and measures are gone with it, so it is left out of
    // every case figure alike.
    const opened = trx
      .selectFrom('cases')
      .where('cases.created_at', '>=', start)
      .where('cases.created_at', '<', end)
      .where('cases.deleted_at', 'is', null);
    const casesByCategory = await opened
      .select(['cases.category', sql<number>`count(*)::int`.as('count')])
      .groupBy('cases.category')
      .execute();
    const firstFinal = sql<{ final_level: number; decided_at: Date }>`LATERAL (
      SELECT a.final_level, a.decided_at FROM assessments a
      WHERE a.case_id = cases.id AND a.status = 'final'
      ORDER BY a.decided_at, a.seq LIMIT 1)`;
    const byLevel = await sql<{ level: number | null; count: number }>`
      SELECT first.final_level AS level, count(*)::int AS count
      FROM cases LEFT JOIN ${firstFinal} AS first ON true
      WHERE cases.created_at >= ${start} AND cases.created_at < ${end} AND cases.deleted_at IS NULL
      GROUP BY first.final_level`.execute(trx);
    const timing = await sql<{ count: number; median_days: number | null }>`
      SELECT count(*)::int AS count,
        percentile_cont(0.5) WITHIN GROUP (
          ORDER BY extract(epoch FROM first.decided_at - cases.created_at) / 86400.0) AS median_days
      FROM cases JOIN ${firstFinal} AS first ON true
      WHERE cases.created_at >= ${start} AND cases.created_at < ${end} AND cases.deleted_at IS NULL`.execute(
      trx,
    );
    const measuresByType = await trx
      .selectFrom('case_measures')
      .select(['type_key as typeKey', sql<number>`count(*)::int`.as('count')])
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      .groupBy('type_key')
      .execute();
    const measuresByOutcome = await sql<{ outcome: Outcome | null; count: number }>`
      SELECT CASE WHEN status = 'cancelled' THEN 'cancelled' ELSE effectiveness END AS outcome,
        count(*)::int AS count
      FROM case_measures
      WHERE completed_at >= ${start} AND completed_at < ${end}
      GROUP BY 1`.execute(trx);
    const median = timing.rows[0]?.median_days;
    return {
      reports: reports.map((row) => ({ channel: row.channel, anonymous: row.anonymous, count: row.count })),
      casesByCategory: casesByCategory.map((row) => ({ category: row.category, count: row.count })),
      casesByLevel: byLevel.rows,
      firstAssessment: {
        count: timing.rows[0]?.count ?? 0,
        // percentile_cont answers double precision; some drivers hand it over as text.
        medianDays: median === null || median === undefined ? null : Number(median),
      },
      measuresByType,
      measuresByOutcome: measuresByOutcome.rows.flatMap((row) =>
        row.outcome === null ? [] : [{ outcome: row.outcome, count: row.count }],
      ),
    };
  });
}
