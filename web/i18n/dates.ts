// The one way the staff app writes dates and times, per language: "4 Dec 2026" and "4 Dec 2026, 14:05" in
// English, "4. Dez. 2026" and "4. Dez. 2026, 14:05" in German. Every page formats through here, so a page
// never mixes "4 Dec 2026" with "Dec 4, 2026" or "04.12.2026".

import type { Language } from './language.ts';

const locales: Record<Language, string> = { en: 'en-GB', de: 'de-DE' };

const dayOptions: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const timeOptions: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hour12: false };

const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(
  language: Language,
  kind: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${language}:${kind}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locales[language], options);
    formats.set(key, format);
  }
  return format;
}

const calendarDay = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A day: "4 Dec 2026" / "4. Dez. 2026". A calendar day (`2026-12-04`) is the same day wherever the browser
 * is; a moment (ISO date-time) is shown on the browser's calendar.
 */
export function formatDate(value: string, language: Language): string {
  const day = calendarDay.test(value);
  const date = new Date(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  const format = day
    ? formatOf(language, 'day-utc', { ...dayOptions, timeZone: 'UTC' })
    : formatOf(language, 'day', dayOptions);
  return format.format(date);
}

/** A moment in the browser's time zone: "4 Dec 2026, 14:05" / "4. Dez. 2026, 14:05". */
export function formatDateTime(value: string | Date, language: Language): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return formatOf(language, 'moment', { ...dayOptions, ...timeOptions }).format(date);
}

/** A time of day alone, for moments already placed on a day: "14:05". */
export function formatTime(value: string | Date, language: Language): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return formatOf(language, 'time', timeOptions).format(date);
}

/** A day without its year, for chart axes: "4 Dec" / "4. Dez.". */
export function formatShortDate(value: string | Date, language: Language): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return formatOf(language, 'short-day', { day: 'numeric', month: 'short' }).format(date);
}

/** A month of the calendar (`2026-03`) for chart axes: "Mar 26" / "März 26". */
export function formatMonth(month: string, language: Language): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return month;
  return formatOf(language, 'month', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(date);
}

/**
 * How long ago, in whole days: "today", "yesterday", "3 days ago" / "heute", "gestern", "vor 3 Tagen".
 * Given a moment instead of a number, counts the days between it and `now`.
 */
export function formatRelative(value: number | string | Date, language: Language, now = new Date()): string {
  const days = typeof value === 'number' ? value : daysBetween(value, now);
  return new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(-days, 'day');
}

function daysBetween(value: string | Date, now: Date): number {
  const date =
    typeof value !== 'string'
      ? value
      : calendarDay.test(value)
        ? new Date(`${value}T00:00:00`)
        : new Date(value);
  const start = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return Math.round((start(now) - start(date)) / 86_400_000);
}
