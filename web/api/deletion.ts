import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiGet, apiSend } from './client.ts';

// The shapes of server/modules/deletion/schemas.ts, written out for the web app.

export const DELETION_REASONS = [
  'retention_expired',
  'unfounded',
  'data_subject_request',
  'duplicate',
  'legal_order',
  'other',
] as const;
export type DeletionReason = (typeof DELETION_REASONS)[number];
export type DeletableType = 'case' | 'report';

/** What is left of a deleted case or report. */
export interface Tombstone {
  /** The day it was deleted, YYYY-MM-DD. */
  on: string;
  reason: string | null;
}

export interface DeletionRequest {
  id: string;
  objectType: DeletableType;
  objectId: string;
  reference: string;
  reason: DeletionReason;
  note: string | null;
  requestedBy: { id: string; name: string };
  requestedAt: string;
  /** The signed-in admin may approve it (not the one who asked). */
  mayApprove: boolean;
}

export interface DeletionOutcome {
  state: 'deleted' | 'awaiting_approval';
  request: DeletionRequest | null;
  deleted: Tombstone | null;
}

/** The tombstone a 410 answer carries, if `error` is one. */
export function goneTombstone(error: unknown): Tombstone | null {
  if (!(error instanceof ApiError) || error.status !== 410) return null;
  return error.deleted ?? { on: new Date().toISOString().slice(0, 10), reason: null };
}

const deletionKey = ['deletion'] as const;

/** Deletions awaiting approval (admins only: pass `enabled` false for others). */
export function usePendingDeletions(enabled: boolean) {
  return useQuery({
    queryKey: [...deletionKey, 'pending'],
    queryFn: ({ signal }) =>
      apiGet<{ requests: DeletionRequest[] }>('/api/v1/deletion-requests', { signal }).then(
        (a) => a.requests,
      ),
    enabled,
  });
}

export function useDeletionSettings(enabled: boolean) {
  return useQuery({
    queryKey: [...deletionKey, 'settings'],
    queryFn: ({ signal }) => apiGet<{ requiresApproval: boolean }>('/api/v1/deletion-settings', { signal }),
    enabled,
  });
}

/** Require (or not) a second admin's approval for deletions. */
export function useSaveDeletionSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { requiresApproval: boolean }) =>
      apiSend<{ requiresApproval: boolean }>('PUT', '/api/v1/deletion-settings', input),
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
      mutationFn: (input: { reason: DeletionReason; note?: string }) =>
        apiSend<DeletionOutcome>('POST', path(type, id), input),
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
