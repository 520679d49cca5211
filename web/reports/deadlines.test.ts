import { describe, expect, it } from 'vitest';
import {
  acknowledgeDeadline,
  ageInDays,
  daysBetween,
  deadlineColor,
  feedbackDeadline,
  localDay,
} from './deadlines.ts';

const report = {
  status: 'new' as const,
  acknowledgedOn: null,
  acknowledgeDueOn: '2026-11-27',
  feedbackDueOn: '2027-02-27',
  feedbackGivenOn: null,
};

describe('days', () => {
  it('counts calendar days across months, years and the change to summer time', () => {
    expect(daysBetween('2026-11-20', '2026-11-23')).toBe(3);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-11-23', '2026-11-20')).toBe(-3);
  });

  it('gives the age of a report in whole days, never negative', () => {
    expect(ageInDays('2026-11-20', '2026-11-23')).toBe(3);
    expect(ageInDays('2026-11-23', '2026-11-23')).toBe(0);
    expect(ageInDays('2026-11-24', '2026-11-23')).toBe(0);
  });

  it('takes today from the local calendar', () => {
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it('rejects what is not a day', () => {
    expect(() => daysBetween('2026-11-2', '2026-11-23')).toThrow(RangeError);
  });
});

describe('deadlines', () => {
  it('are pending when far, due soon within two days, overdue after the day', () => {
    expect(acknowledgeDeadline(report, '2026-11-20')).toMatchObject({ state: 'pending', daysLeft: 7 });
    expect(acknowledgeDeadline(report, '2026-11-24').state).toBe('pending');
    expect(acknowledgeDeadline(report, '2026-11-25')).toMatchObject({ state: 'due_soon', daysLeft: 2 });
    expect(acknowledgeDeadline(report, '2026-11-27')).toMatchObject({ state: 'due_soon', daysLeft: 0 });
    expect(acknowledgeDeadline(report, '2026-11-28')).toMatchObject({ state: 'overdue', daysLeft: -1 });
  });

  it('are met once done, even late', () => {
    const acknowledged = { ...report, status: 'acknowledged' as const, acknowledgedOn: '2026-11-29' };
    expect(acknowledgeDeadline(acknowledged, '2026-12-01')).toMatchObject({
      state: 'met',
      metOn: '2026-11-29',
    });
    expect(feedbackDeadline(acknowledged, '2026-12-01').state).toBe('pending');
  });

  it('no longer apply to a closed report', () => {
    const closed = { ...report, status: 'closed' as const };
    expect(acknowledgeDeadline(closed, '2026-12-30').state).toBe('not_applicable');
    expect(feedbackDeadline({ ...closed, feedbackGivenOn: '2026-12-01' }, '2027-05-01').state).toBe('met');
  });

  it('are coloured by urgency', () => {
    expect(deadlineColor('overdue')).toBe('red');
    expect(deadlineColor('due_soon')).toBe('orange');
    expect(deadlineColor('pending')).toBeUndefined();
    expect(deadlineColor('not_applicable')).toBeUndefined();
  });
});
