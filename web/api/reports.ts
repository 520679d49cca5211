import {
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { Role, SessionInfo } from './auth.ts';
import type { CaseDetail, HandOverEntry } from './cases.ts';
import { apiGet, apiSend } from './client.ts';
import type { Tombstone } from './deletion.ts';

// The shapes of server/modules/reports/schemas.ts and form-definition.ts, written out for the web app.

export type Channel = 'portal' | 'phone' | 'in_person' | 'letter' | 'email';
export type StaffChannel = Exclude<Channel, 'portal'>;
export const staffChannels: readonly StaffChannel[] = ['phone', 'in_person', 'letter', 'email'];

export type ReportStatus = 'new' | 'acknowledged' | 'case_opened' | 'attached' | 'closed';
export type CloseReason = 'not_relevant' | 'handed_to_other_body';
export const closeReasons: readonly CloseReason[] = ['not_relevant', 'handed_to_other_body'];
export type InboxView = 'open' | 'closed' | 'all';
export const inboxViews: readonly InboxView[] = ['open', 'closed', 'all'];

/** A text in each language of the interface. */
export interface LocalisedText {
  en: string;
  de: string;
}

export interface AnswerOption {
  code: string;
  label: LocalisedText;
  help?: LocalisedText;
}

interface ItemBase {
  id: string;
  label: LocalisedText;
  help?: LocalisedText;
  required: boolean;
}

export type FormItem =
  | (ItemBase & { type: 'text'; multiline: boolean; maxLength: number })
  | (ItemBase & { type: 'date' })
  | (ItemBase & { type: 'choice'; scale: string })
  | (ItemBase & { type: 'multi_choice'; scale: string })
  | (ItemBase & { type: 'persons'; roleScale: string; maxPersons: number });

export interface FormSection {
  id: string;
  title: LocalisedText;
  help?: LocalisedText;
  items: FormItem[];
}

export interface ReportFormDefinition {
  kind: 'ReportForm';
  formId: string;
  version: string;
  title: LocalisedText;
  description?: LocalisedText;
  scales: Record<string, { options: AnswerOption[] }>;
  sections: FormSection[];
  danger?: { itemId: string; codes: string[] };
}

export interface PersonAnswer {
  role: string;
  name: string;
  description: string;
}

/** By item id: a text or a day, one code, several codes, or people. */
export type AnswerValue = string | string[] | PersonAnswer[];
export type ReportAnswers = Record<string, AnswerValue>;

export interface ReporterDetails {
  name: string;
  email?: string;
  phone?: string;
}

export interface AttachmentSummary {
  id: string;
  fileName: string;
  contentType: string;
  byteLength: number;
  addedOn: string;
}

export interface DialogueMessage {
  id: string;
  author: 'team' | 'reporter';
  kind: 'message' | 'acknowledgement' | 'feedback';
  body: string;
  /** The day only. */
  sentOn: string;
  /** Who of the team wrote it. */
  authorName?: string;
  attachments: AttachmentSummary[];
}

export interface ReportAllowedActions {
  read: boolean;
  reply: boolean;
  acknowledge: boolean;
  triage: boolean;
  hand_over: boolean;
}

export interface InboxItem {
  id: string;
  reference: string;
  unit: { id: string; name: string };
  channel: Channel;
  anonymous: boolean;
  dangerIndicated: boolean;
  status: ReportStatus;
  receivedOn: string;
  acknowledgedOn: string | null;
  acknowledgeDueOn: string;
  feedbackDueOn: string;
  feedbackGivenOn: string | null;
  /** The language the reporter wrote in: replies should be in it. */
  language: 'de' | 'en';
  /** Whether the reporter can read replies (a receipt was issued). */
  hasReceipt: boolean;
  /** The reporter wrote after the team's last message. */
  awaitingReply: boolean;
  caseId: string | null;
  /** Set on the tombstone of a deleted report (it answers 410; its content is gone). */
  deleted: Tombstone | null;
}

export interface InboxPage {
  reports: InboxItem[];
  next: string | null;
}

export interface ReportDetail extends InboxItem {
  form: ReportFormDefinition;
  answers: ReportAnswers;
  reporter: ReporterDetails | null;
  recordedBy: string | null;
  attachments: AttachmentSummary[];
  messages: DialogueMessage[];
  closedReason: CloseReason | null;
  closedNote: string | null;
  case: { id: string; reference: string } | null;
  handOvers: HandOverEntry[];
  /** Fields that failed verification and are left out: `answers`, `messages.<id>.body`, … */
  unreadableFields: string[];
  can: ReportAllowedActions;
}

export interface StaffReport {
  unitId: string;
  channel: StaffChannel;
  receivedOn: string;
  anonymous: boolean;
  reporter?: ReporterDetails;
  answers: ReportAnswers;
  issueReceipt?: boolean;
}

export interface StaffReportCreated {
  report: ReportDetail;
  /** Shown once; null when none was issued. */
  receipt: string | null;
}

/** `GET /api/v1/units`. */
export interface Unit {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
  createdAt: string;
}

/** Roles that work with the intake inbox; the server decides per report with `can`. */
export const inboxRoles: readonly Role[] = ['admin', 'threat_manager'];

/** Whether the signed-in user works with reports (and a full session: not one restricted to 2FA setup). */
export function usesInbox(session: SessionInfo | null | undefined): boolean {
  return !!session && !session.secondFactorSetupRequired && inboxRoles.includes(session.user.role);
}

export const reportsQueryKey = ['reports'] as const;
const inboxKey = (view: InboxView) => [...reportsQueryKey, 'inbox', view] as const;
export const reportQueryKey = (id: string) => [...reportsQueryKey, 'detail', id] as const;
const reportFormKey = [...reportsQueryKey, 'form'] as const;
const unitsKey = ['units'] as const;

const pageSize = 50;

/** The inbox, page by page (keyset: `next` of one page is `after` of the following). */
export function useInbox(view: InboxView) {
  return useInfiniteQuery({
    queryKey: inboxKey(view),
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ view, limit: String(pageSize) });
      if (pageParam) query.set('after', pageParam);
      return apiGet<InboxPage>(`/api/v1/reports?${query}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next,
  });
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
export function useUnits() {
  return useQuery({
    queryKey: unitsKey,
    queryFn: ({ signal }) => apiGet<{ units: Unit[] }>('/api/v1/units', { signal }).then((a) => a.units),
    staleTime: 5 * 60_000,
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
    mutationFn: (input: { body: string; kind: 'message' | 'feedback' }) =>
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
  return useReportAction<{ body: string }>(reportId, 'acknowledge');
}

export function useAttachToCase(reportId: string) {
  return useReportAction<{ caseId: string }>(reportId, 'attach-to-case');
}

export function useCloseReport(reportId: string) {
  return useReportAction<{ reason: CloseReason; note: string }>(reportId, 'close');
}

/** Moves the report to another unit. Answers the report, or null when the user cannot see it in its new unit. */
export function useHandOver(reportId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { unitId: string; reason: string }): Promise<ReportDetail | null> =>
      (await apiSend<{ report: ReportDetail | null }>('POST', reportPath(reportId, 'hand-over'), input))
        .report,
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
    mutationFn: (input: { title: string }) =>
      apiSend<CaseDetail>('POST', reportPath(reportId, 'open-case'), input),
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
