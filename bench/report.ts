// What `npm run bench` prints and keeps: the table with TMA beside its bare counterpart, the JSON file in
// bench/results/ for comparing commits, and the comparison with an earlier file (`--compare`).
import { readFileSync } from 'node:fs';
import type { Measurement, Outcome, ScenarioResult } from './scenarios.ts';

export interface BenchReport {
  date: string;
  commit: { sha: string; short: string; dirty: boolean };
  machine: {
    cpus: number;
    /** 1, 5 and 15 minutes, before generation (or reuse) began and after the last scenario. */
    loadAverageAtStart: number[];
    loadAverage: number[];
    node: string;
    postgres: string;
  };
  options: Record<string, unknown>;
  database: { name: string; cases: number; reused: boolean };
  generation: {
    source: string;
    lanes: number;
    seconds: number;
    casesPerSecond: number;
    linkSeconds: number;
    auditEventsLinked: number;
  } | null;
  tma: { coldStartMs: number | null; embeddedColdStartMs?: number | null; poolSize: number };
  scenarios: ScenarioResult[];
}

const measured = (outcome: Outcome | null): outcome is Measurement =>
  outcome !== null && !('unavailable' in outcome);

const num = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const ms = (value: number) => (value >= 100 ? num(value) : num(value, 1));

/** The table: one line per scenario; a scenario TMA cannot serve shows why instead of figures. */
export function formatTable(results: ScenarioResult[]): string {
  const header = [
    'scenario',
    'TMA req/s',
    'p50 ms',
    'p99 ms',
    'err/non-2xx',
    'RSS→peak MiB',
    'bare req/s',
    'bare p99 ms',
    'TMA/bare',
  ];
  const rows: string[][] = [];
  const unavailable = new Map<number, string>();
  const notes: string[] = [];
  for (const result of results) {
    const { tma, bare } = result;
    const bareCells = measured(bare) ? [num(bare.rps), ms(bare.p99)] : ['–', '–'];
    if (measured(bare) && bare.non2xx > 0)
      notes.push(`${result.name}: bare status codes ${JSON.stringify(bare.statusCodes)}`);
    if (!measured(tma)) {
      const bareNote = measured(bare) ? `   (bare: ${bareCells[0]} req/s, p99 ${bareCells[1]} ms)` : '';
      unavailable.set(rows.length, `${tma.unavailable}${bareNote}`);
      rows.push([result.name]);
      continue;
    }
    const none = tma.requests === 0;
    rows.push([
      result.name,
      num(tma.rps, tma.rps < 10 ? 1 : 0),
      none ? '–' : ms(tma.p50),
      none ? '–' : ms(tma.p99),
      `${tma.errors}/${tma.non2xx}`,
      tma.peakRssMiB === null ? '–' : `${num(tma.rssBeforeMiB ?? Number.NaN)}→${num(tma.peakRssMiB)}`,
      ...bareCells,
      measured(bare) && bare.rps > 0 ? `${num(tma.rps / bare.rps, 3)}×` : '–',
    ]);
    if (tma.non2xx > 0) notes.push(`${result.name}: TMA status codes ${JSON.stringify(tma.statusCodes)}`);
    if (tma.note) notes.push(`${result.name}: ${tma.note}`);
  }
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const body = rows.map((row, index) => {
    const reason = unavailable.get(index);
    return reason === undefined ? line(row) : `${(row[0] ?? '').padEnd(widths[0] ?? 0)}  ${reason}`;
  });
  return [line(header), ...body, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/** Each scenario's TMA figures beside those of an earlier run's JSON file. */
export function formatComparison(current: BenchReport, file: string): string {
  const previous = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
  const before = new Map(previous.scenarios.map((result) => [result.name, result]));
  const lines = [`compared with ${file} (${previous.commit.short}, ${previous.date}):`];
  const change = (now: number, then: number) =>
    then > 0 ? `${now >= then ? '+' : ''}${num(((now - then) / then) * 100)} %` : '–';
  for (const result of current.scenarios) {
    const old = before.get(result.name);
    if (!measured(result.tma) || !old || !measured(old.tma) || old.tma.requests === 0) {
      lines.push(`  ${result.name}: nothing to compare`);
      continue;
    }
    const { tma } = result;
    const rps = (value: number) => num(value, value < 10 ? 1 : 0);
    const p99 = (m: Measurement) => (m.requests === 0 ? '–' : ms(m.p99));
    lines.push(
      `  ${result.name}: req/s ${rps(old.tma.rps)} → ${rps(tma.rps)} (${change(tma.rps, old.tma.rps)}), ` +
        `p99 ${p99(old.tma)} → ${p99(tma)} ms, peak RSS ${num(old.tma.peakRssMiB ?? Number.NaN)} → ${num(tma.peakRssMiB ?? Number.NaN)} MiB`,
    );
  }
  return lines.join('\n');
}
