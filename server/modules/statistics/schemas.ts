import { type Static, Type } from 'typebox';
import { QUARTER_PATTERN } from './quarters.ts';

// The management statistics: what the API takes and answers. Counts travel as published (suppression.ts):
// a number (0, or 5 and more), "< 5", or "x" (withheld); the true count of a hidden cell never leaves the
// server.

export const StatisticsQuery = Type.Object(
  {
    /** The quarter, e.g. `2026-Q3` (UTC calendar). */
    quarter: Type.String({ pattern: QUARTER_PATTERN }),
    /** The language of the labels (and of the CSV and PDF); English when left out. */
    language: Type.Optional(Type.Union([Type.Literal('de'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);
export type StatisticsQuery = Static<typeof StatisticsQuery>;

export const PublishedCount = Type.Union(
  [Type.Integer({ minimum: 0 }), Type.Literal('< 5'), Type.Literal('x')],
  {
    title: 'PublishedCount',
    description:
      'A count as published: 0, or 5 and more; "< 5" for 0–4 not shown; "x" withheld so that a small count cannot be worked out from a total',
  },
);

export const StatisticsRow = Type.Object(
  { key: Type.String(), label: Type.String(), count: PublishedCount },
  { title: 'StatisticsRow', additionalProperties: false },
);
export type StatisticsRow = Static<typeof StatisticsRow>;

/** One breakdown: its rows and their total. */
export const StatisticsTable = Type.Object(
  { total: PublishedCount, rows: Type.Array(StatisticsRow) },
  { title: 'StatisticsTable', additionalProperties: false },
);
export type StatisticsTable = Static<typeof StatisticsTable>;

export const QuarterStatistics = Type.Object(
  {
    quarter: Type.String({ pattern: QUARTER_PATTERN }),
    firstDay: Type.String({ format: 'date' }),
    lastDay: Type.String({ format: 'date' }),
    /** False while the quarter is still running: its figures will change. */
    complete: Type.Boolean(),
    generatedAt: Type.String({ format: 'date-time' }),
    language: Type.Union([Type.Literal('de'), Type.Literal('en')]),
    /** The smallest count shown as a number besides 0. */
    threshold: Type.Integer(),
    reports: Type.Object(
      { byChannel: StatisticsTable, byAnonymity: StatisticsTable },
      { additionalProperties: false },
    ),
    cases: Type.Object(
      {
        byCategory: StatisticsTable,
        /** By the level of each case's first final assessment. */
        byLevel: StatisticsTable,
        /** Median days from opening to the first final assessment; null when fewer than 5 cases have one. */
        medianDaysToFirstAssessment: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    measures: Type.Object(
      {
        /** Measures planned in the quarter. */
        byType: StatisticsTable,
        /** Measures ended in the quarter: done, by their effectiveness, or cancelled. */
        byOutcome: StatisticsTable,
      },
      { additionalProperties: false },
    ),
  },
  { title: 'QuarterStatistics', additionalProperties: false },
);
export type QuarterStatistics = Static<typeof QuarterStatistics>;
