import type { AccessReviewSettings } from './schemas.ts';

/** No settings row: an account is inactive after 90 days without a session, a review is due quarterly. */
export const DEFAULT_ACCESS_REVIEW_SETTINGS: AccessReviewSettings = {
  inactiveAfterDays: 90,
  reviewEveryDays: 91,
};

const DAY_MS = 24 * 60 * 60_000;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/**
 * The day the next access review is due: `reviewEveryDays` after the last one was completed, or today when
 * none has been (the page and the admins' reminder agree on it).
 */
export function accessReviewDueOn(lastCompletedAt: Date | null, reviewEveryDays: number, now: Date): string {
  if (!lastCompletedAt) return dayOf(now);
  const completedDay = Date.parse(`${dayOf(lastCompletedAt)}T00:00:00Z`);
  return dayOf(new Date(completedDay + reviewEveryDays * DAY_MS));
}
