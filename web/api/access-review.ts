import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from './client.ts';
import { usePagedList } from './pages.ts';
import type { components } from './schema.d.ts';

// The access review (`/api/v1/access-review`, admins): who can see which cases, confirmed or revoked in one
// place. Every change refreshes the list, since a revocation changes counts the server computes.

type Schemas = components['schemas'];
export type AccessReviewOverview = Schemas['AccessReviewOverview'];
export type AccessReviewUser = Schemas['AccessReviewUser'];
export type AccessReview = Schemas['AccessReview'];
export type AccessReviewSettings = Schemas['AccessReviewSettings'];
export type AccessRevocation = Schemas['AccessRevocation'];
export type AccessRevoked = Schemas['AccessRevoked'];

export const accessReviewQueryKey = ['access-review'] as const;

/** The review's overview and its users, a page at a time (every page repeats the review's state). */
export function useAccessReview() {
  return usePagedList<AccessReviewOverview>({
    queryKey: accessReviewQueryKey,
    path: '/api/v1/access-review',
  });
}

function useReviewMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: accessReviewQueryKey });
      // Units, teams and accounts changed: pages that show them read again.
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
}

export function useConfirmAccess() {
  return useReviewMutation((userId: string) =>
    apiSend<AccessReviewUser>('POST', `/api/v1/access-review/users/${userId}/confirm`),
  );
}

export function useRevokeAccess() {
  return useReviewMutation((input: { userId: string; revocation: AccessRevocation }) =>
    apiSend<AccessRevoked>('POST', `/api/v1/access-review/users/${input.userId}/revoke`, input.revocation),
  );
}

export function useStartReview() {
  return useReviewMutation((period: { periodStart?: string; periodEnd?: string }) =>
    apiSend<AccessReview>('POST', '/api/v1/access-review/reviews', period),
  );
}

export function useCompleteReview() {
  return useReviewMutation((reviewId: string) =>
    apiSend<AccessReview>('POST', `/api/v1/access-review/reviews/${reviewId}/complete`),
  );
}

export function useSaveReviewSettings() {
  return useReviewMutation((settings: AccessReviewSettings) =>
    apiSend<AccessReviewSettings>('PUT', '/api/v1/access-review/settings', settings),
  );
}
