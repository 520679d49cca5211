// Small-count suppression of the management statistics (docs/statistics.md, "Suppression"). Every table the
// statistics publish is one additive group: some cells and their total. What is published of a group:
//
// 1. Primary suppression: a count of 1 to 4 is shown as "< 5", never as its number. 0 is shown as 0: it
//    singles nobody out, and management needs to see that a channel or a measure was not used.
// 2. A total under 5 is "< 5" as well, and then so is every cell of the group, zeros included ("< 5" is
//    true of 0): with the total hidden, shown zeros would tell where the few are, and four cells of "< 5"
//    under a total of "< 5" could only be 1 each.
// 3. Secondary suppression, where the total is published: a reader who knows the total and every shown
//    cell knows the sum of the hidden ones. So a group never hides exactly one cell, and never hides only
//    "< 5" cells that could all be 4 and nothing else (k cells of "< 5" summing to 4k). While either holds,
//    the smallest shown cell is hidden too: a 0 as "< 5" (true), a larger one as "x" (withheld to protect
//    another cell). When no cell is left to hide (every cell of the group is 4), the total is withheld
//    ("x") instead.
//
// What that guarantees, for a reader who knows these rules, the total and each shown cell, and reads
// "< 5" as 0–4 and "x" as 5 or more: every cell whose count is 1–4 could have at least two values. Proof
// sketch: let R be the sum of the hidden cells. With an "x" among the others, any value v of the cell with
// v <= R - 5·(number of "x") is possible, and that bound is at least 1 because the cell itself is at least
// 1, so 0 and 1 both are. With only "< 5" cells (k >= 2), the cell ranges over [max(0, R - 4(k-1)),
// min(4, R)], a single value only when R = 4k. statistics-property.test.ts checks it over generated data
// with a solver of its own.
//
// Groups share a total where two tables break down the same count (reports by channel and by anonymity,
// cases by category and by level). With the total published they are independent of each other. When one
// of them must withhold the total, the others' cells would give it back, so protectGroups withholds the
// total in all of them and every cell of the others ("x"); an "x" under a withheld total says nothing
// about its size.

/** The smallest count other than 0 that is published as a number. */
export const THRESHOLD = 5;
/** A count of 0 to 4 that is not shown. */
export const SMALL = '< 5';
/**
 * A count withheld so that a small one cannot be worked out from a total: 5 or more where the total is
 * shown; any count where the total is withheld as well.
 */
export const WITHHELD = 'x';

export type PublishedCount = number | typeof SMALL | typeof WITHHELD;

export interface ProtectedGroup {
  total: PublishedCount;
  cells: PublishedCount[];
}

type Mark = 'shown' | 'small' | 'withheld';

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function publish(value: number, mark: Mark): PublishedCount {
  if (mark === 'small') return SMALL;
  if (mark === 'withheld') return WITHHELD;
  return value;
}

/** Whether the hidden cells of a group with a published total would give one of them away. */
function givesAway(cells: readonly number[], marks: readonly Mark[]): boolean {
  const hidden = marks.flatMap((mark, index) => (mark === 'shown' ? [] : [index]));
  if (hidden.length === 0) return false;
  if (hidden.length === 1) return true;
  const onlySmall = hidden.every((index) => marks[index] === 'small');
  return onlySmall && sum(hidden.map((index) => cells[index] ?? 0)) === 4 * hidden.length;
}

/** One group (cells and their total) as published: counts of 1–4 hidden, and what would give them away. */
export function protectGroup(cells: readonly number[]): ProtectedGroup & { totalWithheld: boolean } {
  for (const value of cells)
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a count: ${value}`);
  const total = sum(cells);
  if (total === 0) return { total: 0, cells: cells.map(() => 0), totalWithheld: false };
  if (total < THRESHOLD) return { total: SMALL, cells: cells.map(() => SMALL), totalWithheld: false };
  const marks: Mark[] = cells.map((value) => (value > 0 && value < THRESHOLD ? 'small' : 'shown'));
  let totalWithheld = false;
  while (givesAway(cells, marks)) {
    // The smallest shown cell (the first of equals): hiding it costs the reader least.
    let next = -1;
    for (const [index, value] of cells.entries())
      if (marks[index] === 'shown' && (next < 0 || value < (cells[next] ?? 0))) next = index;
    if (next < 0) {
      totalWithheld = true;
      break;
    }
    marks[next] = (cells[next] ?? 0) < THRESHOLD ? 'small' : 'withheld';
  }
  return {
    total: totalWithheld ? WITHHELD : total,
    cells: cells.map((value, index) => publish(value, marks[index] ?? 'shown')),
    totalWithheld,
  };
}

/**
 * Groups that break down the same count (their cells sum to the same total), each protected on its own.
 * When one of them cannot keep its total, the total is withheld in all of them and every cell of the others
 * too: their shown cells would add up to it again.
 */
export function protectGroups(groups: ReadonlyArray<readonly number[]>): ProtectedGroup[] {
  const totals = new Set(groups.map(sum));
  if (totals.size > 1) throw new RangeError('groups that share a total must sum to the same count');
  const protectedGroups = groups.map(protectGroup);
  const withheld = protectedGroups.some((group) => group.totalWithheld);
  return protectedGroups.map((group) => ({
    total: withheld ? WITHHELD : group.total,
    cells: withheld && !group.totalWithheld ? group.cells.map(() => WITHHELD) : group.cells,
  }));
}

/** A median published only over at least THRESHOLD values; null otherwise. */
export function protectedMedian(median: number | null, count: number): number | null {
  return count >= THRESHOLD && median !== null ? median : null;
}
