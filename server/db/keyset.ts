import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';

// Keyset pagination for every list: a page is the rows after the last one of the page before, in one fixed
// order, found by comparing the sort key as a row value, `(created_at, id) < ($1, $2)`. Unlike OFFSET it
// costs the same on the 500th page as on the first (an index on the tenant and the key serves it), and a
// row added or removed meanwhile neither repeats nor hides another. The key ends with a unique column (the
// id), so two rows with the same timestamp still have one order. The cursor a client holds
// (server/db/page.ts) is this position, encoded.

/** How a key column is compared and read back: each keeps its full precision through the cursor. */
export type KeyType = 'timestamp' | 'uuid' | 'integer' | 'boolean';
export type KeyValue = string | number | boolean;
/** Where a page ends: the key of its last row, one value per key column. */
export type KeysetPosition = readonly KeyValue[];

/** The order of one list: its key columns (the last one unique) and the direction, shared by all of them. */
export interface Keyset {
  /** Names the list in its cursors: a cursor of one list is refused by another. */
  readonly name: string;
  readonly columns: ReadonlyArray<{ readonly ref: string; readonly type: KeyType }>;
  readonly order: 'asc' | 'desc';
}

export function defineKeyset(keyset: Keyset): Keyset {
  if (!/^[a-z][a-z0-9_.-]*$/.test(keyset.name)) throw new Error(`keyset name "${keyset.name}" is not valid`);
  if (keyset.columns.length === 0) throw new Error('a keyset needs at least one column');
  for (const column of keyset.columns)
    if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(column.ref))
      throw new Error(`keyset column "${column.ref}" is not a column reference`);
  return Object.freeze({
    ...keyset,
    columns: Object.freeze(keyset.columns.map((c) => Object.freeze({ ...c }))),
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** As readBack() writes it: UTC, microseconds. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const isValue: Record<KeyType, (value: unknown) => boolean> = {
  timestamp: (value) =>
    typeof value === 'string' && TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value.slice(0, 23))),
  uuid: (value) => typeof value === 'string' && UUID.test(value),
  integer: (value) => typeof value === 'number' && Number.isSafeInteger(value),
  boolean: (value) => typeof value === 'boolean',
};

/** Whether `value` is a position in this keyset's order: one value of the right type per key column. */
export function isPosition(keyset: Keyset, value: unknown): value is KeysetPosition {
  return (
    Array.isArray(value) &&
    value.length === keyset.columns.length &&
    keyset.columns.every((column, index) => isValue[column.type](value[index]))
  );
}

const casts: Record<KeyType, RawBuilder<unknown>> = {
  timestamp: sql.raw('timestamptz'),
  uuid: sql.raw('uuid'),
  integer: sql.raw('bigint'),
  boolean: sql.raw('boolean'),
};

/**
 * A key column as the cursor keeps it. A timestamp is read as text with its microseconds: as a JavaScript
 * Date it would lose them, and the next page would skip the rows within the same millisecond.
 */
function readBack(column: Keyset['columns'][number]): RawBuilder<KeyValue> {
  const ref = sql.ref(column.ref);
  if (column.type === 'timestamp')
    return sql<string>`to_char(${ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  if (column.type === 'uuid') return sql<string>`${ref}::text`;
  return sql<KeyValue>`${ref}`;
}

const keyAlias = (index: number) => `keyset_${index}`;

/**
 * One page of `query` in the keyset's order: up to `limit` rows after `after` (from the start when null),
 * and the position of the page's last row when more follow (null at the end). Adds the WHERE on the key,
 * the ORDER BY and LIMIT limit + 1 (the extra row says whether there is a next page); the query keeps its
 * own filters and joins, which combine with the cursor. Row-level security still narrows every page.
 */
export async function selectKeysetPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  keyset: Keyset,
  page: { after: KeysetPosition | null; limit: number },
): Promise<{ rows: O[]; next: KeysetPosition | null }> {
  if (!Number.isSafeInteger(page.limit) || page.limit < 1) throw new RangeError('limit must be 1 or more');
  if (page.after !== null && !isPosition(keyset, page.after))
    throw new RangeError(`not a position of the keyset "${keyset.name}"`);
  // biome-ignore lint/suspicious/noExplicitAny: the key columns are checked by defineKeyset, not by the types
  let built = query as unknown as SelectQueryBuilder<any, any, any>;
  const keys = keyset.columns.map((column) => sql.ref(column.ref));
  const after = page.after;
  if (after !== null) {
    const values = keyset.columns.map((column, index) => sql`${after[index]}::${casts[column.type]}`);
    const comparison = keyset.order === 'desc' ? sql.raw('<') : sql.raw('>');
    built = built.where(sql<boolean>`(${sql.join(keys)}) ${comparison} (${sql.join(values)})`);
  }
  for (const key of keys) built = built.orderBy(key, keyset.order);
  keyset.columns.forEach((column, index) => {
    built = built.select(readBack(column).as(keyAlias(index)));
  });
  const found = (await built.limit(page.limit + 1).execute()) as Array<Record<string, unknown>>;
  const rows = found.slice(0, page.limit);
  const last = rows.at(-1);
  const next =
    found.length > page.limit && last
      ? keyset.columns.map((_, index) => last[keyAlias(index)] as KeyValue)
      : null;
  for (const row of rows)
    for (let index = 0; index < keyset.columns.length; index++) delete row[keyAlias(index)];
  return { rows: rows as O[], next };
}
