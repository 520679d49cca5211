import { describe, expect, it } from 'vitest';
import { endOfLocalDay, localDayOf, localMinuteOf, membershipEnd } from './case-times.ts';

describe('membershipEnd', () => {
  const now = new Date(2026, 10, 22, 9, 30);

  it('sends null for no end', () => {
    expect(membershipEnd('none', '', now)).toEqual({ ok: true, expiresAt: null });
  });

  it('ends 14 or 30 days from today at the end of that day, local time', () => {
    const in14 = membershipEnd('days14', '', now);
    expect(in14.ok && in14.expiresAt).toBe(new Date(2026, 11, 6, 23, 59, 59, 999).toISOString());
    const in30 = membershipEnd('days30', '', now);
    expect(in30.ok && in30.expiresAt).toBe(new Date(2026, 11, 22, 23, 59, 59, 999).toISOString());
  });

  it('ends a chosen last day at its end; today is allowed, yesterday is not', () => {
    const today = membershipEnd('custom', '2026-11-22', now);
    expect(today.ok && today.expiresAt).toBe(new Date(2026, 10, 22, 23, 59, 59, 999).toISOString());
    expect(membershipEnd('custom', '2026-11-21', now)).toEqual({ ok: false, problem: 'datePast' });
    expect(membershipEnd('custom', '', now)).toEqual({ ok: false, problem: 'dateRequired' });
    expect(membershipEnd('custom', '2026-02-30', now)).toEqual({ ok: false, problem: 'dateRequired' });
    expect(membershipEnd('custom', '2029-01-01', now)).toEqual({ ok: false, problem: 'dateTooFar' });
  });
});

describe('local days and minutes', () => {
  it('format as the date inputs hold them', () => {
    const moment = new Date(2026, 0, 5, 7, 3);
    expect(localDayOf(moment)).toBe('2026-01-05');
    expect(localMinuteOf(moment)).toBe('2026-01-05T07:03');
    expect(endOfLocalDay('2026-01-05')?.getDate()).toBe(5);
    expect(endOfLocalDay('5.1.2026')).toBeNull();
  });
});
