import { type SelectQueryBuilder, sql } from 'kysely';
import { type DataKeyJson, dataKeyColumn } from '../../crypto/keyring.ts';
import { defineKeyset, type Keyset, type KeysetPosition, selectKeysetPage } from '../../db/keyset.ts';
import type { DB } from '../../db/schema.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import type { CaseStatus } from './schemas.ts';
import { casesWithEveryWord } from './search-terms.ts';
import { type CaseRow, caseQuery, isMember } from './store.ts';

// The case list with its filters, sorts and search. Row-level security narrows every page to the cases the
// viewer may see; the filters only narrow further. Search matches blind-index entries (keyed hashes of
// words: server/crypto/blind-index.ts) of the case's title and summary, its persons' names, its journal and
// its comments (search-terms.ts): every word must occur somewhere in the case, and a managers-only entry
// never finds a case for an expert.

export const CASE_SORTS = ['newest', 'oldest', 'updated'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

const keyset = (name: string, column: 'created_at' | 'updated_at', order: 'asc' | 'desc') =>
  defineKeyset({
    name,
    columns: [
      { ref: `cases.${column}`, type: 'timestamp' },
      { ref: 'cases.id', type: 'uuid' },
    ],
    order,
  });

/**
 * The list's orders. Newest first (`cases_list_idx`, migration 0024, for open cases and tombstones;
 * `cases_created_idx` for any status), oldest first (the same indexes backwards), last changed first
 * (`cases_updated_idx`). A cursor of one order is refused by another.
 */
export const CASE_ORDERS: Record<CaseSort, Keyset> = {
  newest: keyset('cases', 'created_at', 'desc'),
  oldest: keyset('cases-oldest', 'created_at', 'asc'),
  updated: keyset('cases-updated', 'updated_at', 'desc'),
};

/** The search words' blind-index entries: for each word, its entry in every indexed field. */
export interface CaseSearch {
  words: string[][];
}

export interface CaseFilters {
  /** Only these statuses (default: the open ones, and tombstones of deleted cases). */
  statuses?: readonly CaseStatus[] | undefined;
  levels?: readonly number[] | undefined;
  category?: string | undefined;
  ownerId?: string | undefined;
  tag?: string | undefined;
  unitId?: string | undefined;
  /** Cases the user owns or is on the team of. */
  mineOf?: string | undefined;
  /** Open cases whose due day is before `overdueBefore` (a day). */
  overdueBefore?: string | undefined;
  search?: CaseSearch | undefined;
}

type CaseListQuery = SelectQueryBuilder<DB, 'cases' | 'org_units' | 'users', CaseRow>;

function applyFilters(query: CaseListQuery, filters: CaseFilters): CaseListQuery {
  let filtered = query;
  if (filters.statuses && filters.statuses.length > 0)
    filtered = filtered.where('cases.status', 'in', filters.statuses).where('cases.deleted_at', 'is', null);
  else
    filtered = filtered.where((eb) =>
      eb.or([eb('cases.status', '<>', 'closed'), eb('cases.deleted_at', 'is not', null)]),
    );
  if (filters.levels && filters.levels.length > 0)
    filtered = filtered.where('cases.level', 'in', filters.levels);
  if (filters.category !== undefined) filtered = filtered.where('cases.category', '=', filters.category);
  if (filters.ownerId !== undefined) filtered = filtered.where('cases.owner_id', '=', filters.ownerId);
  if (filters.tag !== undefined)
    filtered = filtered.where(sql<boolean>`cases.tags @> ARRAY[${filters.tag}]::text[]`);
  if (filters.unitId !== undefined) filtered = filtered.where('cases.unit_id', '=', filters.unitId);
  if (filters.mineOf !== undefined) {
    const me = filters.mineOf;
    filtered = filtered.where((eb) =>
      eb.or([
        eb('cases.owner_id', '=', me),
        sql<boolean>`cases.id IN (SELECT team.id FROM tma_team_cases(${me}::uuid) AS team (id))`,
      ]),
    );
  }
  if (filters.overdueBefore !== undefined)
    filtered = filtered
      .where('cases.due_on', '<', filters.overdueBefore)
      .where('cases.status', '<>', 'closed')
      .where('cases.deleted_at', 'is', null);
  const search = filters.search;
  // The matches as an array: PostgreSQL then fetches just those cases by their index (18 ms for 2 000 matches
  // of 100 000 cases) where `IN (subquery)` let it hash-join against a scan of every case (106 ms). A word in
  // most cases would cost a probe each; searches are for names and rare words (bench/README.md, search).
  if (search)
    filtered = filtered.where(sql<boolean>`cases.id = ANY (ARRAY(${casesWithEveryWord(search.words)}))`);
  return filtered;
}

/**
 * A page of the cases the user sees, filtered, in `sort` order, after `page.after` (keyset: the 500th
 * page costs what the first does). `memberOf`: whose team membership each row tells (`actor_is_member`).
 * `teamsOf`: the viewer has no unit scope, so only their teams' cases can pass; saying so lets PostgreSQL
 * start from those few cases instead of walking the tenant's list.
 */
export function listCases(
  trx: TenantTransaction,
  page: { after: KeysetPosition | null; limit: number },
  options: { memberOf: string; teamsOf?: string | undefined; sort: CaseSort; filters: CaseFilters },
): Promise<{
  rows: Array<CaseRow & { actor_is_member: boolean; data_key: DataKeyJson }>;
  next: KeysetPosition | null;
}> {
  let query = applyFilters(caseQuery(trx), options.filters);
  const viewer = options.teamsOf;
  if (viewer !== undefined)
    query = query.where(sql<boolean>`cases.id IN (SELECT tma_team_cases(${viewer}::uuid))`);
  // Each case's data key in the same statement: the page opens its titles without another round trip.
  const withKeys = query
    .select(isMember(options.memberOf))
    .select((eb) => dataKeyColumn('case', eb.ref('cases.id')).as('data_key'));
  return selectKeysetPage(withKeys, CASE_ORDERS[options.sort], page);
}
