import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { casesQueryKey } from './cases.ts';
import { apiGet, apiSend } from './client.ts';
import type {
  CaseRetentionRule,
  ClosingOutcome,
  LegalHold,
  RetentionPolicy,
  RetentionPreview,
  RetentionSettings,
} from './types.ts';

// The retention policy (admins) and legal holds on cases (server/modules/retention/routes.ts).

export type {
  CaseRetentionRule,
  ClosingOutcome,
  LegalHold,
  RetentionPolicy,
  RetentionPreview,
  RetentionSettings,
};

/** Why a closed case was closed, in the order the close dialog offers them. */
export const closingOutcomes: readonly ClosingOutcome[] = [
  'resolved',
  'no_threat',
  'unfounded',
  'referred',
  'other',
];

const settingsKey = ['retention-policy'] as const;
const path = '/api/v1/retention-policy';

export function useRetentionSettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => apiGet<RetentionSettings>(path, { signal }),
  });
}

/** Replaces the policy (admins; audited). */
export function useSaveRetentionPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (policy: RetentionPolicy) => apiSend<RetentionSettings>('PUT', path, policy),
    onSuccess: (settings) => queryClient.setQueryData(settingsKey, settings),
  });
}

/** What a policy, saved or not, would do at the next daily run (counts; changes nothing). */
export function usePreviewRetentionPolicy() {
  return useMutation({
    mutationFn: (policy: RetentionPolicy) => apiSend<RetentionPreview>('POST', `${path}/preview`, policy),
  });
}

/** Places the case under legal hold (`reason` set) or lifts it (`reason` null); the case is loaded again. */
export function useChangeLegalHold(caseId: string) {
  const queryClient = useQueryClient();
  const holdPath = `/api/v1/cases/${encodeURIComponent(caseId)}/legal-hold`;
  return useMutation({
    mutationFn: (reason: string | null) =>
      reason === null
        ? apiSend<LegalHold>('DELETE', holdPath)
        : apiSend<LegalHold>('POST', holdPath, { reason }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: casesQueryKey }),
  });
}
