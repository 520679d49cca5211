import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatDay } from './format.ts';

describe('formatting', () => {
  it('writes days in each language without shifting them by the time zone', () => {
    expect(formatDay('2026-11-22', 'en')).toBe('22 Nov 2026');
    expect(formatDay('2026-11-22', 'de')).toBe('22. Nov. 2026');
    expect(formatDay('not a day', 'en')).toBe('not a day');
  });

  it('says how long ago in words', () => {
    expect(formatAge(0, 'en')).toBe('today');
    expect(formatAge(1, 'en')).toBe('yesterday');
    expect(formatAge(3, 'en')).toBe('3 days ago');
    expect(formatAge(3, 'de')).toBe('vor 3 Tagen');
    expect(formatAge(1, 'de')).toBe('gestern');
  });

  it('gives file sizes in decimal units', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(2_400_000, 'de')).toBe('2,4 MB');
    expect(formatBytes(48_000, 'en')).toBe('48 kB');
  });
});
