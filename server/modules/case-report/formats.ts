import type { Day, ReportLanguage } from './report-data.ts';

// Written out by hand rather than with Intl: the report is read beside other records, so a time must say its
// zone, and the same export must print the same text whatever ICU data the server runs with.

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

function isoDay(date: Date): string {
  return `${date.getUTCFullYear()}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}`;
}

/** A calendar day: `2026-12-06` in English, `06.12.2026` in German; other text as given. */
export function formatDay(day: Day, language: ReportLanguage): string {
  const match = DAY_PATTERN.exec(day);
  if (!match || language === 'en') return day;
  const [, year, month, date] = match;
  return `${date}.${month}.${year}`;
}

/** A moment in UTC, named as such: `2026-12-06 14:03 UTC` or `06.12.2026 14:03 UTC`. */
export function formatDateTime(moment: Date, language: ReportLanguage): string {
  const time = `${twoDigits(moment.getUTCHours())}:${twoDigits(moment.getUTCMinutes())}`;
  return `${formatDay(isoDay(moment), language)} ${time} UTC`;
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** A file size in 1024 steps with one decimal from KB on, with the language's decimal mark. */
export function formatBytes(byteLength: number, language: ReportLanguage): string {
  let value = byteLength;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = unit === 0 ? String(value) : value.toFixed(1);
  return `${language === 'de' ? number.replace('.', ',') : number} ${BYTE_UNITS[unit]}`;
}
