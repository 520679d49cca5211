import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.ts';
import type { ContentAccessSettings, ContentRoles } from './types.ts';

export type { ContentAccessSettings, ContentRoles };

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

const contentRolesKey = (userId: string) => ['access', 'content-roles', userId] as const;

/** The content roles an admin holds besides administration (admins asking about another admin). */
export function useContentRoles(userId: string | undefined) {
  return useQuery({
    queryKey: contentRolesKey(userId ?? ''),
    queryFn: ({ signal }) =>
      apiGet<ContentRoles>(`/api/v1/users/${encodeURIComponent(userId ?? '')}/content-roles`, { signal }),
    enabled: userId !== undefined,
  });
}

/** Gives another admin the threat-manager role for their units, or takes it (audited). */
export function useSaveContentRoles(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ContentRoles) =>
      apiSend<ContentRoles>('PUT', `/api/v1/users/${encodeURIComponent(userId)}/content-roles`, input),
    onSuccess: (saved) => queryClient.setQueryData(contentRolesKey(userId), saved),
  });
}
