import type { InboxItem } from '../api/types.ts';
import { acknowledgeDeadline, feedbackDeadline } from '../reports/deadlines.ts';

/** The report-side of "My work": what needs the team's hand now, each report in the first bucket it fits. */
export interface ReportBuckets {
  /** New reports that indicate immediate danger. */
  danger: InboxItem[];
  /** Reporters waiting for the acknowledgement, due soon or overdue. */
  acknowledge: InboxItem[];
  /** Reporters waiting for feedback, due soon or overdue. */
  feedback: InboxItem[];
  /** Reporters who wrote after the team's last message. */
  unanswered: InboxItem[];
}

const pressing = (state: string) => state === 'overdue' || state === 'due_soon';

export function reportBuckets(reports: readonly InboxItem[], today: string): ReportBuckets {
  const buckets: ReportBuckets = { danger: [], acknowledge: [], feedback: [], unanswered: [] };
  for (const report of reports) {
    if (report.deleted || report.status === 'closed') continue;
    if (report.dangerIndicated && report.status === 'new') buckets.danger.push(report);
    else if (pressing(acknowledgeDeadline(report, today).state)) buckets.acknowledge.push(report);
    else if (report.hasReceipt && pressing(feedbackDeadline(report, today).state))
      buckets.feedback.push(report);
    if (report.awaitingReply) buckets.unanswered.push(report);
  }
  return buckets;
}
