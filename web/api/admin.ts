import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type SessionInfo, worksIn } from './auth.ts';
import { apiGet, apiSend } from './client.ts';
import { usePagedList } from './pages.ts';
import type {
  ApiTokenList,
  ApiTokenScope,
  ApiTokenSummary,
  CreatedApiToken,
  NewApiToken,
  ReportFormDefinition,
  ReportSettings,
} from './types.ts';

// The admins' pages for the reporting portal (report-settings, report-form) and for API tokens.

export type { ApiTokenList, ApiTokenScope, ApiTokenSummary, NewApiToken, ReportSettings };

/** Whether the signed-in user administers the organisation (the server's `areas.administration`). */
export function isAdmin(session: SessionInfo | null | undefined): boolean {
  return worksIn(session, 'administration');
}

const settingsKey = ['report-settings'] as const;
const formKey = ['reports', 'form'] as const;
const apiTokensKey = ['api-tokens'] as const;

export function useReportSettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => apiGet<ReportSettings>('/api/v1/report-settings', { signal }),
  });
}

export function useSaveReportSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: ReportSettings) =>
      apiSend<ReportSettings>('PUT', '/api/v1/report-settings', settings),
    onSuccess: (saved) => queryClient.setQueryData(settingsKey, saved),
  });
}

/** The form the portal shows now (the same query the record-a-report page uses). */
export function useCurrentReportForm() {
  return useQuery({
    queryKey: formKey,
    queryFn: ({ signal }) => apiGet<ReportFormDefinition>('/api/v1/report-form', { signal }),
  });
}

export function usePublishReportForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (definition: unknown) =>
      apiSend<ReportFormDefinition>('PUT', '/api/v1/report-form', definition),
    onSuccess: (published) => queryClient.setQueryData(formKey, published),
  });
}

/** The organisation's API tokens, newest first, a page at a time. */
export function useApiTokens() {
  return usePagedList<ApiTokenList>({ queryKey: apiTokensKey, path: '/api/v1/api-tokens' });
}

/** Creates a token; the answer holds the token itself, which the page shows once and never stores. */
export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewApiToken) => apiSend<CreatedApiToken>('POST', '/api/v1/api-tokens', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokensKey }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/api/v1/api-tokens/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokensKey }),
  });
}
