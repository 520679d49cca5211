// Days, ages and sizes in the interface language. Days are formatted on the UTC calendar, so "2026-11-22" is
// the 22nd wherever the browser is.

import { formatDate } from '../i18n/dates.ts';
import type { Language } from '../i18n/language.ts';

/** "22 Nov 2026" / "22. Nov. 2026" (the app's one day format, web/i18n/dates.ts). */
export function formatDay(day: string, language: Language): string {
  return formatDate(day, language);
}

/** "today", "yesterday", "3 days ago" / "heute", "gestern", "vor 3 Tagen". */
export function formatAge(days: number, language: Language): string {
  return new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(-days, 'day');
}

/** "2.4 MB" / "2,4 MB". */
export function formatBytes(bytes: number, language: Language): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);
  return `${number} ${units[unit]}`;
}
