import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatMonth,
  formatRelative,
  formatShortDate,
  formatTime,
} from './dates.ts';

describe('dates', () => {
  it('writes a calendar day one way per language, the same day in every time zone', () => {
    expect(formatDate('2026-12-04', 'en')).toBe('4 Dec 2026');
    expect(formatDate('2026-12-04', 'de')).toBe('4. Dez. 2026');
    expect(formatDate('2026-05-31', 'de')).toBe('31. Mai 2026');
    expect(formatDate('not a day', 'en')).toBe('not a day');
  });

  it('writes a moment with its day in the same form, and the time of day on 24 hours', () => {
    const moment = new Date(2026, 11, 4, 14, 5);
    expect(formatDateTime(moment.toISOString(), 'en')).toBe('4 Dec 2026, 14:05');
    expect(formatDateTime(moment, 'de')).toBe('4. Dez. 2026, 14:05');
    expect(formatDate(moment.toISOString(), 'en')).toBe('4 Dec 2026');
    expect(formatTime(new Date(2026, 0, 1, 9, 7), 'en')).toBe('09:07');
    expect(formatDateTime('garbage', 'de')).toBe('garbage');
  });

  it('writes chart labels without the parts the axis already says', () => {
    expect(formatShortDate(new Date(2026, 11, 4, 12), 'en')).toBe('4 Dec');
    expect(formatShortDate(new Date(2026, 11, 4, 12), 'de')).toBe('4. Dez.');
    expect(formatMonth('2026-03', 'en')).toBe('Mar 26');
    expect(formatMonth('2026-03', 'de')).toBe('März 26');
  });

  it('says how long ago in days', () => {
    const now = new Date(2026, 11, 4, 8, 0);
    expect(formatRelative(0, 'en')).toBe('today');
    expect(formatRelative(1, 'de')).toBe('gestern');
    expect(formatRelative('2026-12-01', 'en', now)).toBe('3 days ago');
    expect(formatRelative(new Date(2026, 11, 3, 23, 0).toISOString(), 'de', now)).toBe('gestern');
  });
});
