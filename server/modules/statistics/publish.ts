import { type StatisticsLanguage, statisticsLabels } from './labels.ts';
import type { Quarter } from './quarters.ts';
import type { QuarterStatistics, StatisticsTable } from './schemas.ts';
import { CHANNELS, OUTCOMES, type QuarterCounts } from './store.ts';
import { protectedMedian, protectGroups, THRESHOLD } from './suppression.ts';

// From the quarter's counts to what is published: every breakdown with a fixed list of rows (the same
// rows whatever was counted, so a row's presence tells nothing), protected by suppression.ts. The JSON,
// the CSV and the PDF are all made from this, never from the counts.

/** A row of a breakdown before suppression: its key, its name in the language, its count. */
interface RawRow {
  key: string;
  label: string;
  count: number;
}

export interface PublishOptions {
  quarter: Quarter;
  language: StatisticsLanguage;
  generatedAt: Date;
  /** The organisation's case categories in order, named in the language. */
  categories: ReadonlyArray<{ key: string; label: string }>;
  /** The organisation's measure types in order, named in the language. */
  measureTypes: ReadonlyArray<{ key: string; label: string }>;
}

/** Rows for every known key in order, then any key counted that the list does not know (named by itself). */
function rowsOf(
  known: ReadonlyArray<{ key: string; label: string }>,
  counted: ReadonlyMap<string, number>,
): RawRow[] {
  const rows = known.map(({ key, label }) => ({ key, label, count: counted.get(key) ?? 0 }));
  const listed = new Set(known.map(({ key }) => key));
  for (const [key, count] of counted) if (!listed.has(key)) rows.push({ key, label: key, count });
  return rows;
}

function tally<T>(rows: readonly T[], keyOf: (row: T) => string, countOf: (row: T) => number) {
  const counted = new Map<string, number>();
  for (const row of rows) counted.set(keyOf(row), (counted.get(keyOf(row)) ?? 0) + countOf(row));
  return counted;
}

/** Breakdowns of the same count, protected together (they share their total). */
function tables(...breakdowns: RawRow[][]): StatisticsTable[] {
  const protectedGroups = protectGroups(breakdowns.map((rows) => rows.map((row) => row.count)));
  return breakdowns.map((rows, index) => {
    const group = protectedGroups[index];
    if (!group) throw new Error('a breakdown was lost');
    return {
      total: group.total,
      rows: rows.map((row, position) => ({
        key: row.key,
        label: row.label,
        count: group.cells[position] ?? 'x',
      })),
    };
  });
}

const roundToTenth = (value: number) => Math.round(value * 10) / 10;

/** The quarter as published, in the language. */
export function publishQuarter(counts: QuarterCounts, options: PublishOptions): QuarterStatistics {
  const labels = statisticsLabels(options.language);
  const { quarter } = options;
  const byChannel = rowsOf(
    CHANNELS.map((key) => ({ key, label: labels.channels[key] ?? key })),
    tally(
      counts.reports,
      (row) => row.channel,
      (row) => row.count,
    ),
  );
  const byAnonymity = rowsOf(
    [
      { key: 'anonymous', label: labels.anonymous },
      { key: 'named', label: labels.named },
    ],
    tally(
      counts.reports,
      (row) => (row.anonymous ? 'anonymous' : 'named'),
      (row) => row.count,
    ),
  );
  const byCategory = rowsOf(
    [...options.categories, { key: 'none', label: labels.noCategory }],
    tally(
      counts.casesByCategory,
      (row) => row.category ?? 'none',
      (row) => row.count,
    ),
  );
  const byLevel = rowsOf(
    [
      ...([1, 2, 3, 4] as const).map((level) => ({ key: `L${level}`, label: labels.levels[level] })),
      { key: 'not_assessed', label: labels.notAssessed },
    ],
    tally(
      counts.casesByLevel,
      (row) => (row.level === null ? 'not_assessed' : `L${row.level}`),
      (row) => row.count,
    ),
  );
  const byType = rowsOf(
    options.measureTypes,
    tally(
      counts.measuresByType,
      (row) => row.typeKey,
      (row) => row.count,
    ),
  );
  const byOutcome = rowsOf(
    OUTCOMES.map((key) => ({ key, label: labels.outcomes[key] })),
    tally(
      counts.measuresByOutcome,
      (row) => row.outcome,
      (row) => row.count,
    ),
  );
  const [channelTable, anonymityTable] = tables(byChannel, byAnonymity);
  const [categoryTable, levelTable] = tables(byCategory, byLevel);
  const [typeTable] = tables(byType);
  const [outcomeTable] = tables(byOutcome);
  if (!channelTable || !anonymityTable || !categoryTable || !levelTable || !typeTable || !outcomeTable)
    throw new Error('a table was lost');
  const median = protectedMedian(counts.firstAssessment.medianDays, counts.firstAssessment.count);
  return {
    quarter: quarter.key,
    firstDay: quarter.firstDay,
    lastDay: quarter.lastDay,
    complete: options.generatedAt >= quarter.end,
    generatedAt: options.generatedAt.toISOString(),
    language: options.language,
    threshold: THRESHOLD,
    reports: { byChannel: channelTable, byAnonymity: anonymityTable },
    cases: {
      byCategory: categoryTable,
      byLevel: levelTable,
      medianDaysToFirstAssessment: median === null ? null : roundToTenth(median),
    },
    measures: { byType: typeTable, byOutcome: outcomeTable },
  };
}
