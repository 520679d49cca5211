import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.ts';

// The shapes of server/modules/cases/schemas.ts, written out for the web app.

export type CaseStatus = 'intake' | 'assessment' | 'management' | 'monitoring' | 'closed';

export interface CaseSummary {
  id: string;
  reference: string;
  title: string;
  status: CaseStatus;
  unit: { id: string; name: string };
  createdAt: string;
}

export interface CaseDetail extends CaseSummary {
  owner: { id: string; name: string } | null;
  reports: { id: string; reference: string; receivedOn: string }[];
}

export const casesQueryKey = ['cases'] as const;

/** The open cases the user can see (to attach a report to). */
export function useCases() {
  return useQuery({
    queryKey: [...casesQueryKey, 'list'],
    queryFn: ({ signal }) =>
      apiGet<{ cases: CaseSummary[] }>('/api/v1/cases', { signal }).then((a) => a.cases),
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
    mutationFn: async (input: { unitId: string; reason: string }) =>
      (
        await apiSend<{ case: CaseDetail | null }>(
          'POST',
          `/api/v1/cases/${encodeURIComponent(id)}/hand-over`,
          input,
        )
      ).case,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: casesQueryKey });
      await queryClient.invalidateQueries({ queryKey: ['reports'] });
    },
  });
}
