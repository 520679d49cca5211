import {
  keepPreviousData,
  type QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { casesQueryKey } from './cases.ts';
import { apiGet, apiSend } from './client.ts';
import { usePagedList } from './pages.ts';
import type {
  CaseDetail,
  CaseDetailsChange,
  CaseOwners,
  CaseStatus,
  CaseStatusChange,
  CaseTeam,
  CaseTeamCandidates,
  CreatedEntry,
  ExpertSpecialty,
  JournalEntry,
  JournalFacts,
  JournalPage,
  NewJournalEntry,
  NewTeamMember,
  TeamCandidate,
  TeamMember,
  TeamMembershipChange,
} from './types.ts';

// The case file (server/modules/cases/case-file-routes.ts): status and details, the journal and the team of
// one case. Every change answers what changed (the case, or the whole team), which replaces the cached copy;
// the journal, which every change writes to, is loaded again.

export type {
  CaseDetailsChange,
  CaseStatusChange,
  JournalEntry,
  JournalFacts,
  JournalPage,
  NewJournalEntry,
  NewTeamMember,
  TeamCandidate,
  TeamMember,
  TeamMembershipChange,
};

/** The statuses a case goes through; `closed` ends it, and a closed case is reopened into an open one. */
export const caseStatuses = [
  'intake',
  'assessment',
  'management',
  'monitoring',
  'closed',
] as const satisfies readonly CaseStatus[];
export const openStatuses = caseStatuses.filter((status) => status !== 'closed');

/**
 * The built-in categories (server/modules/cases/categories.ts), which the app names in every language; an
 * organisation's own come with their names from `useCaseCategories()`.
 */
export const builtInCategories = [
  'threat_email',
  'stalking',
  'violence',
  'self_harm',
  'extremism',
  'bullying',
  'other',
] as const;
export type BuiltInCategory = (typeof builtInCategories)[number];
export function isBuiltInCategory(value: unknown): value is BuiltInCategory {
  return typeof value === 'string' && (builtInCategories as readonly string[]).includes(value);
}

export type JournalKind = JournalEntry['kind'];
export const journalKinds = [
  'case_opened',
  'status_changed',
  'details_changed',
  'owner_changed',
  'note',
  'call',
  'meeting',
  'team_member_added',
  'team_member_removed',
  'team_member_expired',
  'report_linked',
  'correction',
  'person_added',
  'person_changed',
  'person_removed',
  'task_created',
  'task_done',
  'document_added',
  'document_version_added',
  'assessment_started',
  'assessment_finalised',
  'measure_planned',
  'measure_started',
  'measure_done',
  'measure_cancelled',
  'measure_reopened',
  'measure_overdue',
  'measure_expert_answered',
  'legal_hold_set',
  'legal_hold_lifted',
  'processing_restricted',
  'processing_restriction_lifted',
] as const satisfies readonly JournalKind[];

/** What people write by hand; the other entries are written by the case's actions. */
export type WrittenKind = NewJournalEntry['kind'];
export const writtenKinds = ['note', 'call', 'meeting'] as const satisfies readonly WrittenKind[];

/** Entries a person wrote (and so may correct): notes, calls, meetings and corrections of them. */
export function isWritten(entry: JournalEntry): boolean {
  return entry.kind === 'correction' || (writtenKinds as readonly string[]).includes(entry.kind);
}

const caseKey = (id: string) => [...casesQueryKey, 'detail', id] as const;
const journalKey = (id: string) => [...casesQueryKey, 'journal', id] as const;
const teamKey = (id: string) => [...casesQueryKey, 'team', id] as const;
const casePath = (id: string) => `/api/v1/cases/${encodeURIComponent(id)}`;

/** After a change of the case: its new state here, and the lists and journal that show it, loaded again. */
async function caseChanged(queryClient: QueryClient, detail: CaseDetail) {
  queryClient.setQueryData(caseKey(detail.id), detail);
  await queryClient.invalidateQueries({
    predicate: (query) => {
      const [root, part, id] = query.queryKey;
      return root === casesQueryKey[0] && !(part === 'detail' && id === detail.id);
    },
  });
}

/** Moves the case to another status with a reason (a closed case is reopened so); answers the case. */
export function useChangeCaseStatus(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CaseStatusChange) => apiSend<CaseDetail>('POST', `${casePath(id)}/status`, input),
    onSuccess: (detail) => caseChanged(queryClient, detail),
  });
}

/** Everyone who can own a case, to filter the list by (for those who see cases by unit). */
export function useCaseOwners(enabled: boolean) {
  return useQuery({
    queryKey: [...casesQueryKey, 'owners'],
    queryFn: ({ signal }) => apiGet<CaseOwners>('/api/v1/case-owners', { signal }),
    staleTime: 5 * 60_000,
    enabled,
  });
}

/** Changes title, summary, category, tags, due date or owner (what is left out stays); answers the case. */
export function useUpdateCaseDetails(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: CaseDetailsChange) => apiSend<CaseDetail>('PATCH', casePath(id), change),
    onSuccess: (detail) => caseChanged(queryClient, detail),
  });
}

/**
 * The case's journal, newest first, a page at a time; only entries of `kinds` when given. Managers-only
 * entries come only to whoever may read them (the server leaves them out for everyone else).
 */
export function useJournal(id: string, kinds: readonly JournalKind[] | null, enabled = true) {
  return usePagedList<JournalPage>({
    queryKey: [...journalKey(id), kinds ?? 'all'],
    path: `${casePath(id)}/journal`,
    filters: kinds ? { kind: kinds } : {},
    enabled,
  });
}

/** Writes a note, call or meeting, or (with `correctsId`) a correction of a written entry. */
export function useWriteJournalEntry(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewJournalEntry) => apiSend<CreatedEntry>('POST', `${casePath(id)}/journal`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: journalKey(id) }),
  });
}

/** The case team, owner first; time-limited members until their end. */
export function useCaseTeam(id: string) {
  return useQuery({
    queryKey: teamKey(id),
    queryFn: ({ signal }) => apiGet<CaseTeam>(`${casePath(id)}/team`, { signal }).then((a) => a.members),
  });
}

function useTeamMutation<I>(id: string, send: (input: I) => Promise<CaseTeam>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async (team) => {
      queryClient.setQueryData(teamKey(id), team.members);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: journalKey(id) }),
        queryClient.invalidateQueries({ queryKey: [...casesQueryKey, 'team-candidates', id] }),
      ]);
    },
  });
}

/** Adds someone to the team, for good (`expiresAt` left out or null) or until a time. */
export function useAddTeamMember(id: string) {
  return useTeamMutation(id, (input: NewTeamMember) =>
    apiSend<CaseTeam>('POST', `${casePath(id)}/team`, input),
  );
}

/** Changes when a membership ends (null: until removed). */
export function useChangeTeamMembership(id: string) {
  return useTeamMutation(id, ({ userId, ...change }: TeamMembershipChange & { userId: string }) =>
    apiSend<CaseTeam>('PATCH', `${casePath(id)}/team/${encodeURIComponent(userId)}`, change),
  );
}

/** Takes someone off the team; their access ends at once. The owner cannot be removed. */
export function useRemoveTeamMember(id: string) {
  return useTeamMutation(id, (userId: string) =>
    apiSend<CaseTeam>('DELETE', `${casePath(id)}/team/${encodeURIComponent(userId)}`),
  );
}

/**
 * Who may join the case team (`can.manage_team`): the organisation's active users who work on cases and are
 * not on the team, by name, role and specialty (no e-mail addresses); `mayOwn` for those who may own the
 * case. `query` narrows by name and `specialty` to experts of it, both on the server; at most 50 come back.
 */
export function useTeamCandidates(
  id: string,
  query: string,
  { specialty, enabled = true }: { specialty?: ExpertSpecialty | undefined; enabled?: boolean } = {},
) {
  const words = query.trim();
  const search = new URLSearchParams();
  if (words) search.set('q', words);
  if (specialty) search.set('specialty', specialty);
  return useQuery<TeamCandidate[]>({
    queryKey: [...casesQueryKey, 'team-candidates', id, words, specialty ?? null],
    enabled,
    // While the next name is asked for, the last answer stays in the list.
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      apiGet<CaseTeamCandidates>(`${casePath(id)}/team/candidates${search.size > 0 ? `?${search}` : ''}`, {
        signal,
      }).then((a) => a.candidates),
  });
}
