import { statisticsLabels } from './labels.ts';
import type { QuarterStatistics, StatisticsTable } from './schemas.ts';

// The published statistics as CSV (RFC 4180: CRLF line ends, fields quoted where they hold a comma, a
// quote or a line break, quotes doubled). One row per figure: `section,key,label,unit,value`, where unit is
// `count` (a published count: a number, "< 5" or "x"), `days` (the median) or `info` (what the file is).
// Sections and keys are stable codes for whoever reads the file with a program; labels are in the language.

const FIELD_NEEDS_QUOTES = /[",\r\n]/;
// An organisation names its own categories and measure types: a name a spreadsheet would take for a
// formula (=, +, -, @ first) is written with a leading apostrophe, so opening the file runs nothing.
const LOOKS_LIKE_FORMULA = /^[=+\-@\t\r]/;

function field(text: string): string {
  const value = LOOKS_LIKE_FORMULA.test(text) ? `'${text}` : text;
  return FIELD_NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function line(fields: string[]): string {
  return `${fields.map(field).join(',')}\r\n`;
}

export function statisticsCsv(statistics: QuarterStatistics): string {
  const labels = statisticsLabels(statistics.language);
  const rows: string[][] = [
    ['section', 'key', 'label', 'unit', 'value'],
    ['about', 'quarter', labels.title(statistics.quarter), 'info', statistics.quarter],
    ['about', 'first_day', '', 'info', statistics.firstDay],
    ['about', 'last_day', '', 'info', statistics.lastDay],
    ['about', 'complete', statistics.complete ? '' : labels.provisional, 'info', String(statistics.complete)],
    ['about', 'generated_at', '', 'info', statistics.generatedAt],
    ['about', 'legend_small', labels.legend.small, 'info', '< 5'],
    ['about', 'legend_withheld', labels.legend.withheld, 'info', 'x'],
  ];
  const table = (section: string, title: string, { rows: cells, total }: StatisticsTable) => {
    for (const row of cells) rows.push([section, row.key, row.label, 'count', String(row.count)]);
    rows.push([section, 'total', `${title}: ${labels.total}`, 'count', String(total)]);
  };
  table('reports_by_channel', labels.sections.reportsByChannel, statistics.reports.byChannel);
  table('reports_by_anonymity', labels.sections.reportsByAnonymity, statistics.reports.byAnonymity);
  table('cases_by_category', labels.sections.casesByCategory, statistics.cases.byCategory);
  table('cases_by_level', labels.sections.casesByLevel, statistics.cases.byLevel);
  const median = statistics.cases.medianDaysToFirstAssessment;
  rows.push([
    'cases_first_assessment',
    'median_days',
    `${labels.sections.firstAssessment}: ${labels.medianDays}`,
    'days',
    median === null ? 'x' : String(median),
  ]);
  table('measures_by_type', labels.sections.measuresByType, statistics.measures.byType);
  table('measures_by_outcome', labels.sections.measuresByOutcome, statistics.measures.byOutcome);
  return rows.map(line).join('');
}
