import { BadRequest } from '../errors.ts';
import { isPosition, type Keyset, type KeysetPosition } from './keyset.ts';

// The cursor of a page, and the page a list's query asks for (docs/api.md, "Lists"). The cursor is the
// position of a page's last row in the list's keyset (keyset.ts), as base64url JSON with the list's name in
// front. It is opaque to clients, but not secret and not signed: it holds only what the page itself shows
// (a time, an id, a reference number), and whatever position it names, row-level security and the
// service's checks still decide what the next page holds. A cursor that is not one of this list's is
// refused with 400 `cursor_invalid`. The query-string schemas are the HTTP edge's (server/http/pagination.ts).

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

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
