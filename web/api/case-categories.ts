import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.ts';
import type { CaseCategory, CaseCategoryChange, CaseCategoryList, NewCaseCategory } from './types.ts';

export type { CaseCategory, CaseCategoryList };

const categoriesKey = ['case-categories'] as const;

/** The organisation's case categories, built-in and its own, switched-off ones included. */
export function useCaseCategories() {
  return useQuery({
    queryKey: categoriesKey,
    queryFn: ({ signal }) => apiGet<CaseCategoryList>('/api/v1/case-categories', { signal }),
    staleTime: 5 * 60_000,
  });
}

/** Adds an own category (admins; audited). */
export function useCreateCaseCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewCaseCategory) => apiSend<CaseCategory>('POST', '/api/v1/case-categories', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: categoriesKey }),
  });
}

/** Renames an own category, or switches one off or on (admins; audited). */
export function useUpdateCaseCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, change }: { key: string; change: CaseCategoryChange }) =>
      apiSend<CaseCategory>('PATCH', `/api/v1/case-categories/${encodeURIComponent(key)}`, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: categoriesKey }),
  });
}
