import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionInfo } from './auth.ts';
import { fileNameFromDisposition } from './case-report.ts';
import { casesQueryKey } from './cases.ts';
import { apiGet, apiSend, apiSendForFile } from './client.ts';
import { usePagedList } from './pages.ts';
import type { components } from './schema.d.ts';

// Data subject requests and restriction of processing (server/modules/data-subjects): the data protection
// officer (an expert with the specialty "data protection") and admins record a request, confirm which
// matches are the person, export the ZIP and restrict processing. Every read is audited on the server.

type Schemas = components['schemas'];
export type DataSubjectRequestDetail = Schemas['DataSubjectRequestDetail'];
export type DataSubjectRequestSummary = Schemas['DataSubjectRequestSummary'];
export type DataSubjectRequestList = Schemas['DataSubjectRequestList'];
export type DataSubjectMatch = Schemas['DataSubjectMatch'];
export type NewDataSubjectRequest = Schemas['NewDataSubjectRequest'];
export type DataSubjectExportRequest = Schemas['DataSubjectExportRequest'];
export type NamesReason = NonNullable<DataSubjectExportRequest['namesReason']>;
export const namesReasons = [
  'consent_given',
  'already_known_to_subject',
  'legal_obligation',
  'other',
] as const satisfies readonly NamesReason[];

const key = ['data-subject-requests'] as const;
const base = '/api/v1/data-subject-requests';
const path = (id: string) => `${base}/${encodeURIComponent(id)}`;

/** Whether the navigation offers the page: admins and the data protection officer (the server decides). */
export function worksOnDataSubjects(session: SessionInfo | null | undefined): boolean {
  if (!session || session.secondFactorSetupRequired) return false;
  const { role, specialty } = session.user;
  return role === 'admin' || (role === 'expert' && specialty === 'data_protection');
}

/** The requests, newest first, a page at a time. */
export function useDataSubjectRequests() {
  return usePagedList<DataSubjectRequestList>({ queryKey: key, path: base });
}

/** A request with a fresh search (audited as a search on the server). */
export function useDataSubjectRequest(id: string | null) {
  return useQuery({
    queryKey: [...key, id],
    queryFn: ({ signal }) => apiGet<DataSubjectRequestDetail>(path(id ?? ''), { signal }),
    enabled: id !== null,
  });
}

export function useCreateDataSubjectRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewDataSubjectRequest) => apiSend<DataSubjectRequestDetail>('POST', base, input),
    onSuccess: (detail) => {
      queryClient.setQueryData([...key, detail.id], detail);
      void queryClient.invalidateQueries({ queryKey: key, exact: true });
    },
  });
}

export function useConfirmMatches(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { personIds: string[]; reportIds: string[] }) =>
      apiSend<DataSubjectRequestDetail>('PUT', `${path(id)}/confirmed`, input),
    onSuccess: (detail) => {
      queryClient.setQueryData([...key, id], detail);
      void queryClient.invalidateQueries({ queryKey: key, exact: true });
    },
  });
}

export function useExportDataSubject(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: DataSubjectExportRequest) => {
      const { blob, headers } = await apiSendForFile('POST', `${path(id)}/export`, input);
      return { blob, fileName: fileNameFromDisposition(headers.get('content-disposition')) ?? 'export.zip' };
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function useReleaseDataSubjectRequest(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend<DataSubjectRequestSummary>('POST', `${path(id)}/release`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
}

/** Restricts processing of a case person or lifts it; the case's persons are read again. */
export function useProcessingRestriction(requestId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { personId: string; restricted: boolean; reason?: string }) =>
      apiSend<Schemas['ProcessingRestriction']>(
        'PUT',
        `/api/v1/persons/${encodeURIComponent(input.personId)}/processing-restriction`,
        { restricted: input.restricted, ...(input.reason ? { reason: input.reason } : {}) },
      ),
    onSuccess: () => {
      if (requestId) void queryClient.invalidateQueries({ queryKey: [...key, requestId] });
      void queryClient.invalidateQueries({ queryKey: casesQueryKey });
    },
  });
}
