import { Invalid } from '../../errors.ts';

// Calendar quarters on the UTC calendar, as the statistics count them: a report by the day it was received,
// a case by the instant it was opened, a measure by when it was planned or ended.

export const QUARTER_PATTERN = '^[0-9]{4}-Q[1-4]$';

export interface Quarter {
  /** `2026-Q3`. */
  key: string;
  year: number;
  number: 1 | 2 | 3 | 4;
  /** First day, `2026-07-01`. */
  firstDay: string;
  /** Last day, `2026-09-30`. */
  lastDay: string;
  /** First instant, and the first instant of the next quarter (exclusive end). */
  start: Date;
  end: Date;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

function quarter(year: number, number: 1 | 2 | 3 | 4): Quarter {
  const start = new Date(Date.UTC(year, (number - 1) * 3, 1));
  const end = new Date(Date.UTC(year, number * 3, 1));
  return {
    key: `${year}-Q${number}`,
    year,
    number,
    firstDay: day(start),
    lastDay: day(new Date(end.getTime() - 86_400_000)),
    start,
    end,
  };
}

/** The quarter `moment` falls in. */
export function quarterOf(moment: Date): Quarter {
  return quarter(moment.getUTCFullYear(), (Math.floor(moment.getUTCMonth() / 3) + 1) as 1 | 2 | 3 | 4);
}

/**
 * The quarter a `2026-Q3` names, refusing one that has not begun by `now` (422 `quarter_in_future`): it has
 * nothing to count yet.
 */
export function parseQuarter(key: string, now: Date): Quarter {
  const match = /^(\d{4})-Q([1-4])$/.exec(key);
  if (!match) throw new Invalid('quarter_invalid', 'A quarter is written like 2026-Q3.');
  const parsed = quarter(Number(match[1]), Number(match[2]) as 1 | 2 | 3 | 4);
  if (parsed.start > now)
    throw new Invalid('quarter_in_future', 'This quarter has not begun yet.', [
      { path: 'quarter', message: 'has not begun yet' },
    ]);
  return parsed;
}
