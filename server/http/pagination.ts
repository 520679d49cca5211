import { type Static, type TProperties, Type } from 'typebox';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../db/page.ts';

// How every list of the API pages (docs/api.md, "Lists"): `?limit=…&after=…` in, `nextCursor` out. These
// are the schemas of the query string and the answer; the cursor codec is server/db/page.ts.

/** A query string is text (no type coercion, app.ts): 1 to 200, digits only. */
export const PageLimit = Type.String({
  pattern: '^(200|1[0-9]{2}|[1-9][0-9]?)$',
  title: 'PageLimit',
  description: `How many items a page holds at most: 1 to ${MAX_PAGE_LIMIT} (default ${DEFAULT_PAGE_LIMIT}).`,
});

export const PageCursor = Type.String({
  pattern: '^[A-Za-z0-9_-]+$',
  maxLength: 1000,
  title: 'PageCursor',
  description: 'The `nextCursor` of the page before; leave it out for the first page.',
});

export const NextCursor = Type.Union([Type.String(), Type.Null()], {
  title: 'NextCursor',
  description: 'Pass it as `after` for the next page; null on the last page.',
});

/** The query string of a list: its own filters, and `limit` and `after`. */
export function pageQuery<Filters extends TProperties>(filters: Filters) {
  return Type.Object(
    { ...filters, limit: Type.Optional(PageLimit), after: Type.Optional(PageCursor) },
    { additionalProperties: false },
  );
}

/** The query string of a list without filters of its own. */
export const PageQuery = pageQuery({});
export type PageQuery = Static<typeof PageQuery>;
