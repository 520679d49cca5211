import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.ts';
import type { DocumentSettings, DocumentSettingsChange } from './types.ts';

// The organisation's limit on a document's size (server/modules/case-documents/routes.ts): its own, or the
// server's, which it can only lower.

export type { DocumentSettings };

const settingsKey = ['document-settings'] as const;
const path = '/api/v1/document-settings';

/** The organisation's own limit (null: the server's), the server's limit and the size up to which files are cleaned. */
export function useDocumentSettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => apiGet<DocumentSettings>(path, { signal }),
  });
}

/** Sets the organisation's own limit, or null for the server's (admins; audited). */
export function useSaveDocumentSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: DocumentSettingsChange) => apiSend<DocumentSettings>('PUT', path, change),
    onSuccess: (settings) => queryClient.setQueryData(settingsKey, settings),
  });
}
