import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.ts';
import type { Tombstone } from './deletion.ts';

// The shapes of server/modules/cases/schemas.ts, written out for the web app.

export type CaseStatus = 'intake' | 'assessment' | 'management' | 'monitoring' | 'closed';

export interface CaseSummary {
  id: string;
  reference: string;
  /** Null when the title could not be verified (`unreadable`). */
  title: string | null;
  /** The stored title failed verification (altered or moved); the operator was alerted. */
  unreadable?: true;
  status: CaseStatus;
  unit: { id: string; name: string };
  createdAt: string;
  /** Set on the tombstone of a deleted case (`title` is then null). */
  deleted: Tombstone | null;
}

export interface CaseDetail extends Omit<CaseSummary, 'title' | 'deleted'> {
  title: string;
  owner: { id: string; name: string } | null;
  reports: { id: string; reference: string; receivedOn: string }[];
  handOvers: HandOverEntry[];
  /** Fields that failed verification and are left out, e.g. `handOvers.<id>.reason`. */
  unreadableFields: string[];
}

/** A hand-over to another unit, with the reason given (null when it could not be verified). */
export interface HandOverEntry {
  id: string;
  from: { id: string; name: string };
  to: { id: string; name: string };
  reason: string | null;
  by: { id: string; name: string } | null;
  /** The day, YYYY-MM-DD. */
  on: string;
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
