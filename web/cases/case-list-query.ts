import { caseStatuses } from '../api/case-file.ts';
import type { CaseStatus } from '../api/cases.ts';
import type { PageFilters } from '../api/pages.ts';

// The case list's filters as the page's query string holds them (so a filtered list can be bookmarked and
// shared) and as the API takes them (server/modules/cases/case-list-filters.ts). Values the API would
// refuse are dropped when the address is read, so an old or edited bookmark still opens a list.

export const caseSorts = ['newest', 'oldest', 'updated'] as const;
export type CaseSort = (typeof caseSorts)[number];
export const caseLevels = ['1', '2', '3', '4'] as const;
export type CaseLevel = (typeof caseLevels)[number];

export interface CaseListFilters {
  /** Search words: whole words of titles, summaries, persons' names, journal and comments. */
  q: string;
  /** Empty: the open cases (and the tombstones of deleted ones), the API's default. */
  statuses: CaseStatus[];
  levels: CaseLevel[];
  category: string | null;
  tag: string | null;
  /** Only cases this user owns (a user id). */
  owner: string | null;
  /** Only cases of this unit (a unit id). */
  unit: string | null;
  /** Only cases the user owns or is on the team of. */
  mine: boolean;
  /** Only open cases past their due date. */
  overdue: boolean;
  sort: CaseSort;
}

export const noFilters: CaseListFilters = {
  q: '',
  statuses: [],
  levels: [],
  category: null,
  tag: null,
  owner: null,
  unit: null,
  mine: false,
  overdue: false,
  sort: 'newest',
};

const categoryPattern = /^[a-z][a-z0-9_]{0,39}$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idOf = (value: string | null) => (value && uuidPattern.test(value) ? value : null);
const oneOf =
  <T extends string>(allowed: readonly T[]) =>
  (value: string): value is T =>
    (allowed as readonly string[]).includes(value);
const unique = <T>(values: T[]) => [...new Set(values)];

/** The filters an address's query string names; anything the API would refuse is left out. */
export function filtersFromSearch(search: URLSearchParams): CaseListFilters {
  const category = search.get('category');
  const tag = search.get('tag')?.trim().toLowerCase() ?? '';
  const sort = search.get('sort') ?? '';
  return {
    q: (search.get('q') ?? '').slice(0, 200),
    statuses: unique(search.getAll('status').filter(oneOf(caseStatuses))),
    levels: unique(search.getAll('level').filter(oneOf(caseLevels))),
    category: category && categoryPattern.test(category) ? category : null,
    tag: tag && tag.length <= 40 ? tag : null,
    owner: idOf(search.get('owner')),
    unit: idOf(search.get('unit')),
    mine: search.get('mine') === 'true',
    overdue: search.get('overdue') === 'true',
    sort: oneOf(caseSorts)(sort) ? sort : 'newest',
  };
}

/** The query string of the filters, without what is the default (an unfiltered list has none). */
export function searchOfFilters(filters: CaseListFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(apiFiltersOf(filters)))
    for (const one of typeof value === 'string' ? [value] : value) search.append(name, one);
  return search;
}

/** What `GET /api/v1/cases` is asked (repeating `status` and `level` for several). */
export function apiFiltersOf(filters: CaseListFilters): PageFilters {
  const api: Record<string, string | string[]> = {};
  const q = filters.q.trim();
  if (q) api.q = q;
  if (filters.statuses.length > 0) api.status = [...filters.statuses];
  if (filters.levels.length > 0) api.level = [...filters.levels];
  if (filters.category) api.category = filters.category;
  if (filters.tag) api.tag = filters.tag;
  if (filters.owner) api.owner = filters.owner;
  if (filters.unit) api.unit = filters.unit;
  if (filters.mine) api.mine = 'true';
  if (filters.overdue) api.overdue = 'true';
  if (filters.sort !== 'newest') api.sort = filters.sort;
  return api;
}

/** Whether the list is narrowed at all (the sort order narrows nothing). */
export function isFiltered(filters: CaseListFilters): boolean {
  return Object.keys(apiFiltersOf({ ...filters, sort: 'newest' })).length > 0;
}

/** Whether a search has a word to look for: the server indexes words of letters and digits only. */
export function hasSearchWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** An open case whose due day lies before `today` (both `YYYY-MM-DD`). */
export function isOverdue(dueOn: string | null, status: CaseStatus, today: string): boolean {
  return dueOn !== null && status !== 'closed' && dueOn < today;
}
