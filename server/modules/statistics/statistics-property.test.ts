// "Statistics never reveal a count below 5" (issue 16), shown over generated data. Two properties:
//
// 1. Over random populations broken down two ways (as reports are by channel and by anonymity), whatever
//    suppression.ts publishes shows no count of 1–4, shows every number truly, and leaves every count of
//    1–4 at least two possible values for a reader who knows the published totals, the shown cells and
//    the rules ("< 5" is 0–4; "x" is 5 or more under a shown total, anything under a withheld one). The
//    reader here is a solver of this file's own, not the rules run backwards.
// 2. Over random reports, cases (categories, first assessments at random levels, deleted ones) and
//    measures spread over several quarters, written straight into the database, the published quarter as
//    JSON, CSV and PDF text holds no count of 1–4, each table agrees with the counts worked out here from
//    the generated data, and the solver recovers none of the hidden ones.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { createTenant } from '../tenants/service.ts';
import { createUnit } from '../units/service.ts';
import { statisticsCsv } from './csv.ts';
import { parseQuarter } from './quarters.ts';
import { renderStatisticsPdf } from './render-pdf.ts';
import type { QuarterStatistics, StatisticsTable } from './schemas.ts';
import { publishedQuarter } from './service.ts';
import { CHANNELS, OUTCOMES } from './store.ts';
import { type PublishedCount, protectGroups } from './suppression.ts';

const SMALL_NUMBER = /^[1-4]$/;

/**
 * The values each cell of groups sharing one total could have, for a reader who sees what was published:
 * for every total the published figures allow, each group's hidden cells must make up the rest.
 */
function possibleValues(
  published: ReadonlyArray<{ total: PublishedCount; cells: PublishedCount[] }>,
  cap: number,
) {
  const total = published[0]?.total;
  const totals = typeof total === 'number' ? [total] : total === '< 5' ? [1, 2, 3, 4] : range(0, cap);
  const xLow = typeof total === 'number' ? 5 : 0;
  const bounds = (cell: PublishedCount): [number, number] =>
    typeof cell === 'number' ? [cell, cell] : cell === '< 5' ? [0, 4] : [xLow, Number.POSITIVE_INFINITY];
  const possible = published.map((group) => group.cells.map(() => new Set<number>()));
  for (const candidate of totals) {
    const groupBounds = published.map((group) => group.cells.map(bounds));
    const fits = groupBounds.every((cells) => {
      const low = cells.reduce((sum, [l]) => sum + l, 0);
      const high = cells.reduce((sum, [, h]) => sum + h, 0);
      return low <= candidate && candidate <= high;
    });
    if (!fits) continue;
    groupBounds.forEach((cells, g) => {
      cells.forEach(([low, high], c) => {
        const othersLow = cells.reduce((sum, [l], i) => (i === c ? sum : sum + l), 0);
        const othersHigh = cells.reduce((sum, [, h], i) => (i === c ? sum : sum + h), 0);
        const from = Math.max(low, candidate - othersHigh);
        const to = Math.min(high, candidate - othersLow, cap);
        for (let value = from; value <= to; value += 1) possible[g]?.[c]?.add(value);
      });
    });
  }
  return possible;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

/** Checks what was published of groups sharing a total against the true counts. */
function checkPublished(
  truth: ReadonlyArray<readonly number[]>,
  published: ReadonlyArray<{ total: PublishedCount; cells: PublishedCount[] }>,
): void {
  const trueTotal = truth[0]?.reduce((a, b) => a + b, 0) ?? 0;
  const totalShown = typeof published[0]?.total === 'number';
  for (const [g, group] of published.entries()) {
    expect(group.total).toEqual(published[0]?.total);
    if (typeof group.total === 'number') expect(group.total).toBe(trueTotal);
    if (group.total === '< 5') expect(trueTotal).toBeGreaterThanOrEqual(1);
    if (group.total === '< 5') expect(trueTotal).toBeLessThanOrEqual(4);
    for (const [c, cell] of group.cells.entries()) {
      const value = truth[g]?.[c] ?? -1;
      expect(String(cell)).not.toMatch(SMALL_NUMBER);
      if (typeof cell === 'number') expect(cell).toBe(value);
      if (cell === '< 5') expect(value).toBeLessThanOrEqual(4);
      if (cell === 'x' && totalShown) expect(value).toBeGreaterThanOrEqual(5);
    }
    // Secondary suppression: under a shown total, never exactly one hidden cell.
    if (totalShown) expect(group.cells.filter((cell) => typeof cell !== 'number').length).not.toBe(1);
  }
  const possible = possibleValues(published, trueTotal + 20);
  for (const [g, cells] of (truth ?? []).entries())
    for (const [c, value] of cells.entries()) {
      const values = possible[g]?.[c] ?? new Set();
      expect(values.has(value), `the true count ${value} must be possible`).toBe(true);
      if (value >= 1 && value <= 4)
        expect(
          values.size,
          `cell ${g}/${c} (${value}) of ${JSON.stringify(published)}`,
        ).toBeGreaterThanOrEqual(2);
    }
}

/** Counts of items by two attributes: the two breakdowns of one population. */
function breakdowns(items: ReadonlyArray<readonly [number, number]>, sizes: readonly [number, number]) {
  const first = Array.from({ length: sizes[0] }, () => 0);
  const second = Array.from({ length: sizes[1] }, () => 0);
  for (const [a, b] of items) {
    first[a] = (first[a] ?? 0) + 1;
    second[b] = (second[b] ?? 0) + 1;
  }
  return [first, second];
}

describe('small-count suppression', () => {
  it('never shows 1–4 and leaves every hidden small count at least two possible values', () => {
    const population = fc
      .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 2, max: 5 }))
      .chain(([a, b]) =>
        fc.tuple(
          fc.constant([a, b] as const),
          // Skewed towards few items per cell: small counts are what this is about.
          fc.array(fc.tuple(fc.nat({ max: a - 1 }), fc.nat({ max: b - 1 })), { maxLength: 60 }),
        ),
      );
    fc.assert(
      fc.property(population, ([sizes, items]) => {
        const truth = breakdowns(items, sizes);
        checkPublished(truth, protectGroups(truth));
        for (const group of truth) checkPublished([group], protectGroups([group]));
      }),
      { numRuns: 3000 },
    );
  });

  it('withholds a total no cell can protect, and with it every cell of the other breakdown', () => {
    const [anonymity, channels] = protectGroups([
      [4, 4],
      [8, 0, 0, 0, 0],
    ]);
    expect(anonymity).toEqual({ total: 'x', cells: ['< 5', '< 5'] });
    expect(channels).toEqual({ total: 'x', cells: ['x', 'x', 'x', 'x', 'x'] });
  });
});

// The database part: generated data of several quarters in a tenant of its own per run.

const QUARTERS = ['2025-Q1', '2025-Q2', '2025-Q3'] as const;
const CATEGORIES = [null, 'threat_email', 'stalking', 'violence', 'self_harm', 'bullying'] as const;
const TYPES = ['talk_person_of_concern', 'access_restriction', 'monitoring', 'own_type'] as const;

/** A moment in one of the quarters (or just before the first): days and seconds into it. */
const momentArb = fc
  .tuple(fc.integer({ min: -1, max: QUARTERS.length - 1 }), fc.nat({ max: 89 }), fc.nat({ max: 86_399 }))
  .map(([quarter, day, second]) => new Date(Date.UTC(2025, quarter * 3, 1 + day, 0, 0, second)));

/** Mostly the first of the values, now and then another: cells of 1–4 beside a large one are the hard case. */
const skewed = <T>(values: readonly T[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(values[0] as T) },
    { weight: 2, arbitrary: fc.constantFrom(...values) },
  );

const reportArb = fc.record({
  receivedAt: momentArb,
  channel: skewed<(typeof CHANNELS)[number]>(['phone', 'portal', 'in_person', 'letter', 'email']),
  anonymous: skewed([false, true]),
  deleted: fc.nat({ max: 4 }).map((n) => n === 0),
});
const caseArb = fc.record({
  openedAt: momentArb,
  category: skewed(CATEGORIES),
  deleted: fc.nat({ max: 9 }).map((n) => n === 0),
  // Final assessments: level and days after opening.
  assessments: fc.array(
    fc.tuple(
      skewed([2, 1, 3, 4]),
      fc.nat({ max: 40 * 24 * 60 }).map((minutes) => minutes / 1440),
    ),
    {
      maxLength: 2,
    },
  ),
  measures: fc.array(
    fc.record({
      type: skewed(TYPES),
      plannedAfterDays: fc.nat({ max: 60 }),
      ended: fc.option(fc.tuple(skewed(OUTCOMES), fc.nat({ max: 60 })), { nil: null }),
    }),
    { maxLength: 3 },
  ),
});
const datasetArb = fc.record({
  reports: fc.array(reportArb, { minLength: 10, maxLength: 60, size: 'medium' }),
  cases: fc.array(caseArb, { minLength: 10, maxLength: 40, size: 'medium' }),
  language: fc.constantFrom('de' as const, 'en' as const),
});
type Dataset = typeof datasetArb extends fc.Arbitrary<infer T> ? T : never;

const addDays = (moment: Date, days: number) => new Date(moment.getTime() + days * 86_400_000);
const within = (moment: Date, quarter: ReturnType<typeof parseQuarter>) =>
  moment >= quarter.start && moment < quarter.end;

/** The true counts of a quarter, worked out from the generated data (not from the database). */
function expectedTables(data: Dataset, key: string) {
  const quarter = parseQuarter(key, new Date());
  const count = (keys: string[], all: readonly string[]) =>
    all.map((candidate) => keys.filter((k) => k === candidate).length);
  const reports = data.reports.filter((report) => within(report.receivedAt, quarter));
  const cases = data.cases.filter((item) => !item.deleted && within(item.openedAt, quarter));
  const firstLevel = (item: Dataset['cases'][number]) => {
    const first = [...item.assessments].sort((a, b) => a[1] - b[1])[0];
    return first ? `L${first[0]}` : 'not_assessed';
  };
  const measures = data.cases
    .filter((item) => !item.deleted)
    .flatMap((item) =>
      item.measures.map((measure) => {
        const planned = addDays(item.openedAt, measure.plannedAfterDays);
        const ended = measure.ended ? addDays(planned, measure.ended[1]) : null;
        return { type: measure.type, planned, ended, outcome: measure.ended?.[0] ?? null };
      }),
    );
  return {
    byChannel: count(
      reports.map((report) => report.channel),
      CHANNELS,
    ),
    byAnonymity: count(
      reports.map((report) => (report.anonymous ? 'anonymous' : 'named')),
      ['anonymous', 'named'],
    ),
    byCategory: (keys: readonly string[]) =>
      count(
        cases.map((item) => item.category ?? 'none'),
        keys,
      ),
    byLevel: count(cases.map(firstLevel), ['L1', 'L2', 'L3', 'L4', 'not_assessed']),
    byType: (keys: readonly string[]) =>
      count(
        measures.filter((measure) => within(measure.planned, quarter)).map((measure) => measure.type),
        keys,
      ),
    byOutcome: count(
      measures.flatMap((measure) =>
        measure.ended && measure.outcome && within(measure.ended, quarter) ? [measure.outcome] : [],
      ),
      OUTCOMES,
    ),
  };
}

async function pdfItems(bytes: Buffer): Promise<string[]> {
  const task = getDocument({ data: new Uint8Array(bytes), disableFontFace: true, verbosity: 0 });
  try {
    const document = await task.promise;
    const items: string[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const content = await (await document.getPage(number)).getTextContent();
      for (const item of content.items) if ('str' in item) items.push(item.str.trim());
    }
    return items;
  } finally {
    await task.destroy();
  }
}

const asGroup = (table: StatisticsTable) => ({
  total: table.total,
  cells: table.rows.map((row) => row.count),
});

describe.each(databaseTargets())('the published quarter over generated data on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let run = 0;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
  });
  afterAll(async () => {
    await cleanup?.();
  });

  async function write(data: Dataset): Promise<string> {
    run += 1;
    const { id: tenantId } = await createTenant(database.db, { slug: `gen${run}`, name: `Generated ${run}` });
    const unit = await createUnit(database, tenantId, { slug: 'hq', name: 'HQ' }, { kind: 'operator' });
    const sealed = Buffer.from('sealed elsewhere') as never;
    // Each table in one statement: the run's data goes in in a few round trips.
    const reports = data.reports.map((report, index) => ({
      id: randomUUID(),
      tenant_id: tenantId,
      unit_id: unit.id,
      reference: `R-${index}`,
      number: index + 1,
      channel: report.channel,
      anonymous: report.anonymous,
      received_on: report.receivedAt.toISOString().slice(0, 10),
      form_id: 'tma.default',
      form_version: '1.0.0',
      answers_sealed: report.deleted ? null : sealed,
      reporter_sealed: report.anonymous || report.deleted ? null : sealed,
      language: 'de' as const,
      danger_indicated: false,
      deleted_at: report.deleted ? new Date() : null,
      deletion_reason: report.deleted ? ('duplicate' as const) : null,
    }));
    const cases = data.cases.map((item, index) => ({
      id: randomUUID(),
      tenant_id: tenantId,
      unit_id: unit.id,
      reference: `C-${index}`,
      title_sealed: item.deleted ? null : sealed,
      category: item.category,
      created_at: item.openedAt,
      deleted_at: item.deleted ? new Date() : null,
      deletion_reason: item.deleted ? ('duplicate' as const) : null,
    }));
    const live = data.cases.flatMap((item, index) =>
      item.deleted ? [] : [{ item, caseId: cases[index]?.id ?? '' }],
    );
    const assessments = live.flatMap(({ item, caseId }) =>
      item.assessments.map(([level, days]) => ({
        id: randomUUID(),
        tenant_id: tenantId,
        case_id: caseId,
        kind: 'external' as const,
        status: 'final' as const,
        final_level: level,
        judgement_sealed: sealed,
        started_at: item.openedAt,
        decided_at: addDays(item.openedAt, days),
      })),
    );
    const measures = live.flatMap(({ item, caseId }) =>
      item.measures.map((measure) => {
        const planned = addDays(item.openedAt, measure.plannedAfterDays);
        const outcome = measure.ended?.[0] ?? null;
        return {
          id: randomUUID(),
          tenant_id: tenantId,
          case_id: caseId,
          type_key: measure.type,
          description_sealed: sealed,
          created_at: planned,
          status: outcome === null ? 'planned' : outcome === 'cancelled' ? 'cancelled' : 'done',
          effectiveness: outcome === null || outcome === 'cancelled' ? null : outcome,
          outcome_sealed: outcome === null || outcome === 'cancelled' ? null : sealed,
          completed_at: measure.ended ? addDays(planned, measure.ended[1]) : null,
        } as const;
      }),
    );
    await withTenant(database, { tenantId, userId: null }, async (trx) => {
      if (reports.length > 0) await trx.insertInto('reports').values(reports).execute();
      if (cases.length > 0) await trx.insertInto('cases').values(cases).execute();
      if (assessments.length > 0) await trx.insertInto('assessments').values(assessments).execute();
      if (measures.length > 0) await trx.insertInto('case_measures').values(measures).execute();
    });
    return tenantId;
  }

  it('never publishes a count of 1–4 in JSON, CSV or PDF, and hides nothing that can be worked out', async () => {
    await fc.assert(
      fc.asyncProperty(datasetArb, async (data) => {
        const tenantId = await write(data);
        for (const key of QUARTERS) {
          const quarter = parseQuarter(key, new Date());
          const statistics: QuarterStatistics = await withTenant(
            database,
            { tenantId, userId: null },
            (trx) => publishedQuarter(trx, quarter, data.language, new Date()),
          );
          const expected = expectedTables(data, key);
          const categoryKeys = statistics.cases.byCategory.rows.map((row) => row.key);
          const typeKeys = statistics.measures.byType.rows.map((row) => row.key);
          checkPublished(
            [expected.byChannel, expected.byAnonymity],
            [asGroup(statistics.reports.byChannel), asGroup(statistics.reports.byAnonymity)],
          );
          checkPublished(
            [expected.byCategory(categoryKeys), expected.byLevel],
            [asGroup(statistics.cases.byCategory), asGroup(statistics.cases.byLevel)],
          );
          checkPublished([expected.byType(typeKeys)], [asGroup(statistics.measures.byType)]);
          checkPublished([expected.byOutcome], [asGroup(statistics.measures.byOutcome)]);

          // The same figures as text: no count cell of 1–4 anywhere.
          const json = JSON.stringify(statistics);
          expect(json).not.toMatch(/"(count|total)":[1-4][,}]/);
          const csvCounts = statisticsCsv(statistics)
            .split('\r\n')
            .filter((line) => line.split(',').at(-2) === 'count')
            .map((line) => line.split(',').at(-1) ?? '');
          expect(csvCounts.length).toBeGreaterThan(20);
          expect(csvCounts.filter((value) => SMALL_NUMBER.test(value))).toEqual([]);
          const items = await pdfItems(await renderStatisticsPdf(statistics));
          expect(items.filter((item) => SMALL_NUMBER.test(item))).toEqual([]);
          expect(items.filter((item) => item === '< 5' || /^\d+$/.test(item)).length).toBeGreaterThan(20);
        }
      }),
      // Each run writes to the database: a failure is reported with its seed rather than shrunk at length.
      { numRuns: 20, endOnFailure: true },
    );
  }, 90_000);
});
