import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.ts';
import type { ContentAccessSettings } from './types.ts';

export type { ContentAccessSettings };

const settingsKey = ['access', 'settings'] as const;

/** Whether admins read the content of reports and cases (admins only: pass `enabled` false for others). */
export function useContentAccessSettings(enabled: boolean) {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => apiGet<ContentAccessSettings>('/api/v1/access-settings', { signal }),
    enabled,
  });
}

/** Lets admins read content, or not (audited). Reports and cases are fetched again: what they show changes. */
export function useSaveContentAccessSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ContentAccessSettings) =>
      apiSend<ContentAccessSettings>('PUT', '/api/v1/access-settings', input),
    onSuccess: async (saved) => {
      queryClient.setQueryData(settingsKey, saved);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['reports'] }),
        queryClient.invalidateQueries({ queryKey: ['cases'] }),
      ]);
    },
  });
}
