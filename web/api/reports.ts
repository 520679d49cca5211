import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type SessionInfo, worksIn } from './auth.ts';
import type { CaseDetail } from './cases.ts';
import { apiGet, apiSend } from './client.ts';
import { usePagedList } from './pages.ts';
import type {
  Acknowledgement,
  AnswerOption,
  AttachmentSummary,
  AttachToCase,
  Channel,
  CloseReason,
  CloseReport,
  DialogueMessage,
  FormItem,
  FormSection,
  HandOver,
  HandOverResult,
  InboxItem,
  InboxPage,
  InboxQuery,
  LocalisedText,
  OpenCase,
  PersonAnswer,
  ReportAllowedActions,
  ReportAnswers,
  ReportDetail,
  ReporterDetails,
  ReportFormDefinition,
  ReportStatus,
  StaffChannel,
  StaffReport,
  StaffReportCreated,
  TeamMessage,
  Unit,
  UnitList,
} from './types.ts';

export type {
  AnswerOption,
  AttachmentSummary,
  Channel,
  CloseReason,
  DialogueMessage,
  FormItem,
  FormSection,
  InboxItem,
  InboxPage,
  LocalisedText,
  PersonAnswer,
  ReportAllowedActions,
  ReportAnswers,
  ReportDetail,
  ReporterDetails,
  ReportFormDefinition,
  ReportStatus,
  StaffChannel,
  StaffReport,
  StaffReportCreated,
  Unit,
};

export const staffChannels = [
  'phone',
  'in_person',
  'letter',
  'email',
] as const satisfies readonly StaffChannel[];
export const closeReasons = [
  'not_relevant',
  'handed_to_other_body',
] as const satisfies readonly CloseReason[];
export type InboxView = NonNullable<InboxQuery['view']>;
export const inboxViews = ['open', 'closed', 'all'] as const satisfies readonly InboxView[];

/** By item id: a text or a day, one code, several codes, or people. */
export type AnswerValue = ReportAnswers[string];

/** Whether the signed-in user works with reports (the server's `areas.inbox`); it decides per report with `can`. */
export function usesInbox(session: SessionInfo | null | undefined): boolean {
  return worksIn(session, 'inbox');
}

export const reportsQueryKey = ['reports'] as const;
const inboxKey = (query: Record<string, string>) => [...reportsQueryKey, 'inbox', query] as const;
export const reportQueryKey = (id: string) => [...reportsQueryKey, 'detail', id] as const;
const reportFormKey = [...reportsQueryKey, 'form'] as const;
const unitsKey = ['units'] as const;

/**
 * The inbox, page by page (keyset: `nextCursor` of one page is `after` of the next), in one view with its
 * filters and order as the API's query string (web/reports/inbox-filters.ts `apiFilters`).
 */
export function useInbox(query: Record<string, string>) {
  return usePagedList<InboxPage>({ queryKey: inboxKey(query), path: '/api/v1/reports', filters: query });
}

export function useReport(id: string) {
  return useQuery({
    queryKey: reportQueryKey(id),
    queryFn: ({ signal }) => apiGet<ReportDetail>(`/api/v1/reports/${encodeURIComponent(id)}`, { signal }),
  });
}

/** The tenant's current form, which staff-recorded reports are answered with. */
export function useReportForm() {
  return useQuery({
    queryKey: reportFormKey,
    queryFn: ({ signal }) => apiGet<ReportFormDefinition>('/api/v1/report-form', { signal }),
    staleTime: 5 * 60_000,
  });
}

/** The units the user may see. */
export function useUnits(enabled = true) {
  return useQuery({
    queryKey: unitsKey,
    queryFn: ({ signal }) => apiGet<UnitList>('/api/v1/units', { signal }).then((a) => a.units),
    staleTime: 5 * 60_000,
    enabled,
  });
}

/** Where an attachment of a report downloads from (the session cookie authorises it). */
export function attachmentUrl(reportId: string, attachmentId: string): string {
  return `/api/v1/reports/${encodeURIComponent(reportId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

/** Inbox, reports, cases and notices all change with a triage step. */
async function refreshAfterChange(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: reportsQueryKey }),
    queryClient.invalidateQueries({ queryKey: ['cases'] }),
    queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  ]);
}

function reportPath(id: string, action: string): string {
  return `/api/v1/reports/${encodeURIComponent(id)}/${action}`;
}

/** A reply to the reporter; `feedback` marks the message that tells them how the report is followed up. */
export function useReply(reportId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TeamMessage) =>
      apiSend<DialogueMessage>('POST', reportPath(reportId, 'messages'), input),
    onSuccess: () => refreshAfterChange(queryClient),
  });
}

/** A triage step that answers the updated report. */
function useReportAction<Input>(reportId: string, action: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) => apiSend<ReportDetail>('POST', reportPath(reportId, action), input),
    onSuccess: async (report) => {
      queryClient.setQueryData(reportQueryKey(reportId), report);
      await refreshAfterChange(queryClient);
    },
  });
}

export function useAcknowledge(reportId: string) {
  return useReportAction<Acknowledgement>(reportId, 'acknowledge');
}

export function useAttachToCase(reportId: string) {
  return useReportAction<AttachToCase>(reportId, 'attach-to-case');
}

export function useCloseReport(reportId: string) {
  return useReportAction<CloseReport>(reportId, 'close');
}

/** Moves the report to another unit. Answers the report, or null when the user cannot see it in its new unit. */
export function useHandOver(reportId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: HandOver): Promise<ReportDetail | null> =>
      (await apiSend<HandOverResult>('POST', reportPath(reportId, 'hand-over'), input)).report,
    onSuccess: async () => {
      // Not fetched again here: the page moves on to the inbox, and the report may answer 404 now.
      await queryClient.invalidateQueries({ queryKey: reportQueryKey(reportId), refetchType: 'none' });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: [...reportsQueryKey, 'inbox'] }),
        queryClient.invalidateQueries({ queryKey: ['cases'] }),
        queryClient.invalidateQueries({ queryKey: ['notifications'] }),
      ]);
    },
  });
}

/** Opens a case from the report; answers the new case. */
export function useOpenCase(reportId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OpenCase) => apiSend<CaseDetail>('POST', reportPath(reportId, 'open-case'), input),
    onSuccess: () => refreshAfterChange(queryClient),
  });
}

/** Records a report received by phone, in person, by letter or e-mail. */
export function useRecordReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: StaffReport) => apiSend<StaffReportCreated>('POST', '/api/v1/reports', input),
    onSuccess: async (created) => {
      queryClient.setQueryData(reportQueryKey(created.report.id), created.report);
      await refreshAfterChange(queryClient);
    },
  });
}
