// Times on the case page: moments in the browser's time zone, and the ends of time-limited team memberships
// chosen as "14 days", "30 days" or a last day.

import { formatDateTime } from '../i18n/dates.ts';
import type { Language } from '../i18n/language.ts';

/** "22 Nov 2026, 14:05" / "22. Nov. 2026, 14:05", in the browser's time zone (web/i18n/dates.ts). */
export function formatMoment(iso: string, language: Language): string {
  return formatDateTime(iso, language);
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The local calendar day of a moment, as `YYYY-MM-DD` (what `<input type="date">` holds). */
export function localDayOf(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A moment as `<input type="datetime-local">` holds it: local time, to the minute. */
export function localMinuteOf(date: Date): string {
  return `${localDayOf(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The last moment of a local day (`YYYY-MM-DD`), or null when it is not a day. */
export function endOfLocalDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59, 999);
  return Number.isNaN(date.getTime()) || localDayOf(date) !== day ? null : date;
}

/** How a membership ends: never, after 14 or 30 days, or at the end of a chosen day. */
export type MembershipEndChoice = 'none' | 'days14' | 'days30' | 'custom';
export const membershipEndChoices = [
  'none',
  'days14',
  'days30',
  'custom',
] as const satisfies readonly MembershipEndChoice[];

/** The server's limit for a time-limited membership (server/modules/cases/team.ts). */
const maxMembershipMs = 2 * 366 * 24 * 60 * 60_000;

export type MembershipEnd =
  | { ok: true; expiresAt: string | null }
  | { ok: false; problem: 'dateRequired' | 'datePast' | 'dateTooFar' };

/**
 * The `expiresAt` to send for a choice: null for no end, the end of the 14th or 30th day from today, or the
 * end of the chosen last day (which must be today or later, and within the server's two years).
 */
export function membershipEnd(choice: MembershipEndChoice, customDay: string, now: Date): MembershipEnd {
  if (choice === 'none') return { ok: true, expiresAt: null };
  let end: Date | null;
  if (choice === 'custom') {
    if (customDay.trim() === '') return { ok: false, problem: 'dateRequired' };
    end = endOfLocalDay(customDay);
    if (!end) return { ok: false, problem: 'dateRequired' };
  } else {
    const days = choice === 'days14' ? 14 : 30;
    const last = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
    end = endOfLocalDay(localDayOf(last));
    if (!end) return { ok: false, problem: 'dateRequired' };
  }
  if (end.getTime() <= now.getTime()) return { ok: false, problem: 'datePast' };
  if (end.getTime() - now.getTime() > maxMembershipMs) return { ok: false, problem: 'dateTooFar' };
  return { ok: true, expiresAt: end.toISOString() };
}
