// The inbox's dates are calendar days (YYYY-MM-DD): reports keep no time of day. These rules have no React or
// i18next in them, so they can be tested in Node.

import type { InboxItem } from '../api/reports.ts';

/** A deadline this close (in days, today included) is highlighted as due soon. */
export const dueSoonDays = 2;

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const msPerDay = 86_400_000;

/** The day of `now` on the user's own calendar, as YYYY-MM-DD. */
export function localDay(now: Date = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}

function dayNumber(day: string): number {
  const match = dayPattern.exec(day);
  if (!match) throw new RangeError(`not a day: ${day}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / msPerDay;
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** How many days ago the report came in (0 on the day itself). */
export function ageInDays(receivedOn: string, today: string): number {
  return Math.max(0, daysBetween(receivedOn, today));
}

/**
 * - `met`: done on `metOn`;
 * - `overdue`: the day has passed;
 * - `due_soon`: today or within `dueSoonDays`;
 * - `pending`: later;
 * - `not_applicable`: the report is closed without it.
 */
export type DeadlineState = 'met' | 'overdue' | 'due_soon' | 'pending' | 'not_applicable';

export interface Deadline {
  dueOn: string;
  state: DeadlineState;
  metOn: string | null;
  /** Days from today to the due day; negative when overdue. */
  daysLeft: number;
}

function deadline(dueOn: string, metOn: string | null, closed: boolean, today: string): Deadline {
  const daysLeft = daysBetween(today, dueOn);
  let state: DeadlineState;
  if (metOn !== null) state = 'met';
  else if (closed) state = 'not_applicable';
  else if (daysLeft < 0) state = 'overdue';
  else if (daysLeft <= dueSoonDays) state = 'due_soon';
  else state = 'pending';
  return { dueOn, state, metOn, daysLeft };
}

type DeadlineFields = Pick<
  InboxItem,
  'status' | 'acknowledgedOn' | 'acknowledgeDueOn' | 'feedbackDueOn' | 'feedbackGivenOn'
>;

/** The reporter must hear within days (7 by default) that the report arrived. */
export function acknowledgeDeadline(report: DeadlineFields, today: string): Deadline {
  return deadline(report.acknowledgeDueOn, report.acknowledgedOn, report.status === 'closed', today);
}

/** The reporter must be told how the report is followed up (3 months after acknowledging, by default). */
export function feedbackDeadline(report: DeadlineFields, today: string): Deadline {
  return deadline(report.feedbackDueOn, report.feedbackGivenOn, report.status === 'closed', today);
}

/** The colour a deadline is shown in, or undefined for the ordinary text colour. */
export function deadlineColor(state: DeadlineState): 'red' | 'orange' | 'teal' | undefined {
  if (state === 'overdue') return 'red';
  if (state === 'due_soon') return 'orange';
  if (state === 'met') return 'teal';
  return undefined;
}
