import { type QueryKey, useInfiniteQuery } from '@tanstack/react-query';
import { apiGet } from './client.ts';

// Every list of the API pages by keyset (docs/api.md, "Lists"): the answer's `nextCursor` is the next
// request's `after`, null on the last page. A page here holds what the server's default does.

export const pageSize = 50;

/** A list's own filters; a list of values repeats the parameter (`?kind=note&kind=call`). */
export type PageFilters = Record<string, string | readonly string[]>;

/** `path` with a page's query string: the list's own filters, `limit`, and `after` past the first page. */
export function pagePath(path: string, after: string | null, filters: PageFilters = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters))
    for (const one of typeof value === 'string' ? [value] : value) query.append(name, one);
  query.set('limit', String(pageSize));
  if (after) query.set('after', after);
  return `${path}?${query}`;
}

/**
 * A list of the API as TanStack's infinite query: `data.pages` in order, `fetchNextPage()` for the next one
 * while `hasNextPage`. Refetching (after a change, or polling) asks for every loaded page again.
 */
export function usePagedList<Page extends { nextCursor: string | null }>(options: {
  queryKey: QueryKey;
  path: string;
  filters?: PageFilters;
  enabled?: boolean;
  refetchInterval?: number;
}) {
  return useInfiniteQuery({
    queryKey: options.queryKey,
    queryFn: ({ pageParam, signal }) =>
      apiGet<Page>(pagePath(options.path, pageParam, options.filters), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    ...(options.enabled === undefined ? {} : { enabled: options.enabled }),
    ...(options.refetchInterval === undefined ? {} : { refetchInterval: options.refetchInterval }),
  });
}
