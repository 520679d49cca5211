import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiGet, apiSend } from './client.ts';
import { pagePath } from './pages.ts';
import type {
  DeletionBody,
  DeletionOutcome,
  DeletionReason,
  DeletionRequest,
  DeletionSettings,
  PendingDeletions,
  Tombstone,
} from './types.ts';

export type { DeletionOutcome, DeletionReason, DeletionRequest, Tombstone };

/** The reasons in the order the form offers them. */
export const DELETION_REASONS = [
  'retention_expired',
  'unfounded',
  'data_subject_request',
  'duplicate',
  'legal_order',
  'other',
] as const satisfies readonly DeletionReason[];
export type DeletableType = DeletionRequest['objectType'];

const isDeletionReason = (value: unknown): value is DeletionReason =>
  (DELETION_REASONS as readonly unknown[]).includes(value);

/** The tombstone a 410 answer carries, if `error` is one. */
export function goneTombstone(error: unknown): Tombstone | null {
  if (!(error instanceof ApiError) || error.status !== 410) return null;
  if (!error.deleted) return { on: new Date().toISOString().slice(0, 10), reason: null };
  const { on, reason } = error.deleted;
  return { on, reason: isDeletionReason(reason) ? reason : null };
}

const deletionKey = ['deletion'] as const;

/**
 * The deletion awaiting approval of one case or report, or null (admins only: pass `enabled` false for
 * others). Asked for by the object, so it is found however many others wait.
 */
export function usePendingDeletion(type: DeletableType, id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...deletionKey, 'pending', type, id],
    queryFn: ({ signal }) =>
      apiGet<PendingDeletions>(
        pagePath('/api/v1/deletion-requests', null, { objectType: type, objectId: id }),
        {
          signal,
        },
      ).then((answer) => answer.requests[0] ?? null),
    enabled,
  });
}

export function useDeletionSettings(enabled: boolean) {
  return useQuery({
    queryKey: [...deletionKey, 'settings'],
    queryFn: ({ signal }) => apiGet<DeletionSettings>('/api/v1/deletion-settings', { signal }),
    enabled,
  });
}

/** Require (or not) a second admin's approval for deletions. */
export function useSaveDeletionSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DeletionSettings) =>
      apiSend<DeletionSettings>('PUT', '/api/v1/deletion-settings', input),
    onSuccess: (saved) => queryClient.setQueryData([...deletionKey, 'settings'], saved),
  });
}

const path = (type: DeletableType, id: string) => `/api/v1/${type}s/${encodeURIComponent(id)}/deletion`;

/** Request, approve and withdraw a deletion; every answer refreshes cases, reports and pending requests. */
export function useDeletionActions(type: DeletableType, id: string) {
  const queryClient = useQueryClient();
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: deletionKey });
    await queryClient.invalidateQueries({ queryKey: ['cases'] });
    await queryClient.invalidateQueries({ queryKey: ['reports'] });
  };
  return {
    request: useMutation({
      mutationFn: (input: DeletionBody) => apiSend<DeletionOutcome>('POST', path(type, id), input),
      onSettled: refresh,
    }),
    approve: useMutation({
      mutationFn: () => apiSend<DeletionOutcome>('POST', `${path(type, id)}/approve`),
      onSettled: refresh,
    }),
    withdraw: useMutation({
      mutationFn: () => apiSend('DELETE', path(type, id)),
      onSettled: refresh,
    }),
  };
}
