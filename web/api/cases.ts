import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.ts';
import { type PageFilters, usePagedList } from './pages.ts';
import type {
  CaseDetail,
  CaseHandOver,
  CaseHandOverResult,
  CaseList,
  CaseStatus,
  CaseSummary,
  HandOverEntry,
} from './types.ts';

/**
 * A case in a list (`CaseSummary`: `title` null when it could not be verified, `unreadable` then; `deleted`
 * on the tombstone of a deleted case) and a case one may see (`CaseDetail`: `unreadableFields` lists what
 * failed verification and is left out). A hand-over's `reason` is null when it could not be verified. Both
 * carry `can`, what the user may do with the case; with `can.read` false (an admin, by default) the title is
 * null and there are no hand-overs: the user sees the case's metadata only.
 */
export type { CaseDetail, CaseStatus, CaseSummary, HandOverEntry };

export const casesQueryKey = ['cases'] as const;

/** The most cases one page of the API holds (server/db/page.ts). */
const maxPageSize = 200;

/**
 * The cases page: the cases the user can see, a page at a time (`fetchNextPage` while `hasNextPage`).
 * Without filters the open ones and the tombstones of deleted ones, newest first; `filters` are the API's
 * (`status`, `level`, `category`, `owner`, `tag`, `unit`, `mine`, `overdue`, `sort`, `q`).
 */
export function useCaseList(filters: PageFilters = {}) {
  return usePagedList<CaseList>({
    queryKey: [...casesQueryKey, 'pages', filters],
    path: '/api/v1/cases',
    filters,
  });
}

/** The newest open cases the user can see, one page of the most the API gives (to attach a report to). */
export function useCases() {
  return useQuery({
    queryKey: [...casesQueryKey, 'list'],
    queryFn: ({ signal }) =>
      apiGet<CaseList>(`/api/v1/cases?limit=${maxPageSize}`, { signal }).then((a) => a.cases),
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: [...casesQueryKey, 'detail', id],
    queryFn: ({ signal }) => apiGet<CaseDetail>(`/api/v1/cases/${encodeURIComponent(id)}`, { signal }),
  });
}

/** Hands the case and its reports to another unit. Answers the case, or null if the user cannot see it there. */
export function useCaseHandOver(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: CaseHandOver) =>
      (await apiSend<CaseHandOverResult>('POST', `/api/v1/cases/${encodeURIComponent(id)}/hand-over`, input))
        .case,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: casesQueryKey });
      await queryClient.invalidateQueries({ queryKey: ['reports'] });
    },
  });
}
