import { describe, expect, it } from 'vitest';
import { formatWait } from './wait-time.ts';

describe('formatWait', () => {
  it('uses seconds below a minute', () => {
    expect(formatWait(1, 'en')).toBe('1 second');
    expect(formatWait(45, 'en')).toBe('45 seconds');
    expect(formatWait(45, 'de')).toBe('45 Sekunden');
  });

  it('rounds up to whole minutes and hours, so the user never tries too early', () => {
    expect(formatWait(60, 'en')).toBe('1 minute');
    expect(formatWait(61, 'en')).toBe('2 minutes');
    expect(formatWait(900, 'de')).toBe('15 Minuten');
    expect(formatWait(3600, 'de')).toBe('1 Stunde');
    expect(formatWait(3601, 'en')).toBe('2 hours');
  });

  it('never says zero', () => {
    expect(formatWait(0, 'en')).toBe('1 second');
    expect(formatWait(0.2, 'de')).toBe('1 Sekunde');
  });
});
