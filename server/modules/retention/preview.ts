import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { addMonths as addMonthsToDay, dayOf } from '../reports/days.ts';
import { caseFate, ruleForCase, ruleForDismissedReport } from './rules.ts';
import type { RetentionPolicy, RetentionPreview } from './schemas.ts';
import { closedCasesBefore, dismissedReportsClosedBy } from './store.ts';

/**
 * What `policy` would do at the next daily run, in counts, over the cases and reports `trx` sees (the
 * caller lifts a user's scope, or runs as the operator). Reads no content and changes nothing.
 */
export async function previewRetention(
  trx: TenantTransaction,
  policy: RetentionPolicy,
  now: Date,
): Promise<RetentionPreview> {
  const preview: RetentionPreview = { deleteCases: 0, warnCases: 0, heldCases: 0, deleteReports: 0 };
  for (const row of await closedCasesBefore(trx, now)) {
    const rule = ruleForCase(policy, { outcome: row.closing_outcome, level: row.level });
    const fate = caseFate(row, rule, policy.warningDays, now);
    if (fate === 'delete') preview.deleteCases++;
    else if (fate === 'warn') preview.warnCases++;
    else if (fate === 'held') preview.heldCases++;
  }
  const months = ruleForDismissedReport(policy).months;
  const today = dayOf(now);
  for (const report of await dismissedReportsClosedBy(trx, today))
    if (addMonthsToDay(report.closed_on, months) <= today) preview.deleteReports++;
  return preview;
}
