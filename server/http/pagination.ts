import { type Static, type TProperties, Type } from 'typebox';
import { isPosition, type Keyset, type KeysetPosition } from '../db/keyset.ts';
import { BadRequest } from '../errors.ts';

// How every list of the API pages (docs/api.md, "Lists"): `?limit=…&after=…` in, `nextCursor` out. The
// cursor is the position of a page's last row in the list's keyset (server/db/keyset.ts), as base64url JSON
// with the list's name in front. It is opaque to clients, but not secret and not signed: it holds only what
// the page itself shows (a time, an id, a reference number), and whatever position it names, row-level
// security and the service's checks still decide what the next page holds. A cursor that is not one of
// this list's is refused with 400 `cursor_invalid`.

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

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

/** What a service asks the store for: where the page starts (null: at the beginning) and how long it is. */
export interface PageRequest {
  after: KeysetPosition | null;
  limit: number;
}

/** The answer to a cursor that names no position of the list (400 `cursor_invalid`). */
export const invalidCursor = () =>
  new BadRequest(
    'cursor_invalid',
    'The `after` cursor is not one this list gave out. Start from the first page.',
    [{ path: 'query.after', message: 'is not a cursor of this list' }],
  );

/** The position a cursor names in `keyset`; throws BadRequest `cursor_invalid` for anything else. */
export function decodeCursor(keyset: Keyset, cursor: string): KeysetPosition {
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(decoded) || decoded[0] !== keyset.name) throw invalidCursor();
  const position = decoded.slice(1);
  if (!isPosition(keyset, position)) throw invalidCursor();
  return position;
}

/** The cursor of a position in `keyset`; null stays null (the last page). */
export function encodeCursor(keyset: Keyset, position: KeysetPosition | null): string | null {
  if (position === null) return null;
  return Buffer.from(JSON.stringify([keyset.name, ...position])).toString('base64url');
}

/** The page a list's query string asks for (`limit` as checked by PageLimit, `after` by decodeCursor). */
export function readPage(
  keyset: Keyset,
  query: { limit?: string | undefined; after?: string | undefined },
): PageRequest {
  const limit = query.limit === undefined ? DEFAULT_PAGE_LIMIT : Number(query.limit);
  // The route's schema has checked it; this holds for callers that bypass a route (the CLI, tests).
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT)
    throw new BadRequest('validation_failed', `limit must be 1 to ${MAX_PAGE_LIMIT}.`, [
      { path: 'query.limit', message: `must be 1 to ${MAX_PAGE_LIMIT}` },
    ]);
  return { after: query.after === undefined ? null : decodeCursor(keyset, query.after), limit };
}
