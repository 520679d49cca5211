import { type QueryClient, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionInfo } from './auth.ts';
import { casesQueryKey } from './cases.ts';
import { apiGet, apiSend } from './client.ts';
import type { components } from './schema.d.ts';

// The assessments of a case (server/modules/assessments/routes.ts): started with the organisation's active
// version of a model and pinned to it, answered with a live suggestion (decision support, not a decision),
// judged by a threat manager with a rationale, signed off where the organisation wants four eyes. A decided
// assessment never changes: re-assessing starts a new one that supersedes it. Every read is audited, so the
// case's live updates load these queries again only when the assessments changed (useCaseLiveUpdates).

type Schemas = components['schemas'];

export type Level = Schemas['Level'];
export type CaseAssessments = Schemas['CaseAssessments'];
export type AssessmentSummary = Schemas['AssessmentSummary'];
export type AssessmentDetail = Schemas['AssessmentDetail'];
export type AssessmentAnswer = Schemas['AssessmentAnswer'];
export type AssessmentAnswers = Schemas['AssessmentAnswers']['answers'];
export type AssessmentComputation = Schemas['AssessmentComputation'];
export type AssessmentJudgement = Schemas['AssessmentJudgement'];
export type AssessmentSettings = Schemas['AssessmentSettings'];
export type EvidenceLink = Schemas['EvidenceLink'];
export type NewAssessment = Schemas['NewAssessment'];
/** A licensed instrument the organisation records results of, each result mapped onto L1–L4. */
export type ExternalInstrument = Schemas['ExternalInstrument'];
export type NewExternalResult = Schemas['NewExternalResult'];
/** What was recorded for a result of an external instrument (the detail's `external`). */
export type ExternalRecord = NonNullable<AssessmentDetail['external']>;
/** The cases whose re-assessment is due (GET /api/v1/assessments/due). */
export type DueReviews = Schemas['DueReviews'];
export type DueReview = DueReviews['reviews'][number];
/** A model version's definition (models/model.schema.json), as an assessment's detail carries it. */
export type ModelDefinition = Schemas['AssessmentModel'];
export type ModelItem = Schemas['ModelItem'];
export type ModelSection = Schemas['ModelSection'];
export type ModelScale = Schemas['ModelScale'];

/** The organisation's criticality scale, low to critical. */
export const levels = ['L1', 'L2', 'L3', 'L4'] as const satisfies readonly Level[];
/** A level code as the case shows it (1–4). */
export const levelNumber = (level: Level): 1 | 2 | 3 | 4 => (levels.indexOf(level) + 1) as 1 | 2 | 3 | 4;

/**
 * Two assessments compared (GET …/assessments/compare?a=&b=, older first): item by item within a model's
 * major version, with the older answers re-scored under the newer version's rules (`rescored`: derived,
 * never stored); by concept across majors and models, with what cannot be compared listed as such.
 */
export type AssessmentComparison = Schemas['AssessmentComparison'];

const casePath = (caseId: string) => `/api/v1/cases/${encodeURIComponent(caseId)}`;
const assessmentsPath = (caseId: string) => `${casePath(caseId)}/assessments`;
const assessmentPath = (caseId: string, id: string) => `${assessmentsPath(caseId)}/${encodeURIComponent(id)}`;

// Keys follow the case's `['cases', part, caseId, …]`, so the case page's live updates find them.
const assessmentsKey = (caseId: string) => [...casesQueryKey, 'assessments', caseId] as const;
const detailKey = (caseId: string, id: string) => [...assessmentsKey(caseId), 'detail', id] as const;
const settingsKey = ['assessment-settings'] as const;
// An external result never changes once recorded: its record is kept apart from the case's keys, so that
// the history does not read it again (audited) with every change of the case.
const externalKey = (caseId: string, id: string) => ['assessment-external', caseId, id] as const;
const dueKey = (within: number) => ['assessments-due', within] as const;

/**
 * The case's assessments, the models to start one with and when the next is due. Refused (403
 * `assessment_not_allowed`) to whoever does not take part: the case page then shows no assessments tab.
 */
export function useCaseAssessments(caseId: string, enabled = true) {
  return useQuery({
    queryKey: assessmentsKey(caseId),
    queryFn: ({ signal }) => apiGet<CaseAssessments>(assessmentsPath(caseId), { signal }),
    enabled,
  });
}

/** One assessment: answers, the rule trace, the judgement and the definition of its model version. */
export function useAssessment(caseId: string, id: string | null) {
  return useQuery({
    queryKey: detailKey(caseId, id ?? ''),
    queryFn: ({ signal }) => apiGet<AssessmentDetail>(assessmentPath(caseId, id ?? ''), { signal }),
    enabled: id !== null,
  });
}

/** Everything of the case that an assessment's change touches: the case (its level), journal, assessments. */
function caseChanged(queryClient: QueryClient, caseId: string) {
  return queryClient.invalidateQueries({
    predicate: (query) =>
      query.queryKey[0] === casesQueryKey[0] &&
      query.queryKey[2] === caseId &&
      query.queryKey[1] !== 'documents',
  });
}

function useAssessmentChange<I>(caseId: string, send: (input: I) => Promise<AssessmentDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async (detail) => {
      queryClient.setQueryData(detailKey(caseId, detail.id), detail);
      await caseChanged(queryClient, caseId);
    },
  });
}

/** Starts an assessment with a model's active version, or re-assesses a final one (`supersedes`). */
export function useStartAssessment(caseId: string) {
  return useAssessmentChange(caseId, (input: NewAssessment) =>
    apiSend<AssessmentDetail>('POST', assessmentsPath(caseId), input),
  );
}

/**
 * Replaces the answers of a draft (the whole set); answers the recomputed suggestion and trace. Only the
 * assessment itself is updated here: the list follows through the case's live updates.
 */
export function useSaveAnswers(caseId: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (answers: AssessmentAnswers) =>
      apiSend<AssessmentDetail>('PUT', `${assessmentPath(caseId, id)}/answers`, { answers }),
    onSuccess: (detail) => queryClient.setQueryData(detailKey(caseId, id), detail),
  });
}

/** Records the final judgement; 422 `judgement_rationale_missing` / `judgement_deviation_unexplained`. */
export function useFinaliseAssessment(caseId: string, id: string) {
  return useAssessmentChange(caseId, (judgement: AssessmentJudgement) =>
    apiSend<AssessmentDetail>('POST', `${assessmentPath(caseId, id)}/finalise`, judgement),
  );
}

/** A second threat manager signs off a judgement that waits for four eyes. */
export function useSignOffAssessment(caseId: string, id: string) {
  return useAssessmentChange(caseId, () =>
    apiSend<AssessmentDetail>('POST', `${assessmentPath(caseId, id)}/sign-off`),
  );
}

/**
 * Sends a judgement waiting for sign-off back to a draft (a threat manager of the case): level and
 * judgement are cleared, the answers stay.
 */
export function useReturnAssessment(caseId: string, id: string) {
  return useAssessmentChange(caseId, () =>
    apiSend<AssessmentDetail>('POST', `${assessmentPath(caseId, id)}/return`),
  );
}

/**
 * Records the result of an external licensed instrument, mapped onto L1–L4 by the organisation's level
 * map; final at once. 422 `instrument_unknown`, `instrument_result_unknown`, `assessed_on_in_future`.
 */
export function useRecordExternalResult(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewExternalResult) =>
      apiSend<AssessmentDetail>('POST', `${casePath(caseId)}/external-assessments`, input),
    onSuccess: async (detail) => {
      queryClient.setQueryData(detailKey(caseId, detail.id), detail);
      if (detail.external) queryClient.setQueryData(externalKey(caseId, detail.id), detail.external);
      await caseChanged(queryClient, caseId);
    },
  });
}

/**
 * What was recorded for the external results among `assessments` (instrument, version, result, assessor),
 * by assessment id: the list's summaries do not carry it. Each is read once (the read is audited) and kept,
 * as the record never changes; one the detail view already read is taken from there.
 */
export function useExternalRecords(
  caseId: string,
  assessments: readonly AssessmentSummary[],
): ReadonlyMap<string, ExternalRecord> {
  const queryClient = useQueryClient();
  const ids = assessments.filter((summary) => summary.kind === 'external').map((summary) => summary.id);
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: externalKey(caseId, id),
      queryFn: async ({ signal }: { signal: AbortSignal }) => {
        const known = queryClient.getQueryData<AssessmentDetail>(detailKey(caseId, id));
        const detail = known ?? (await apiGet<AssessmentDetail>(assessmentPath(caseId, id), { signal }));
        return detail.external;
      },
      staleTime: Number.POSITIVE_INFINITY,
    })),
  });
  const records = new Map<string, ExternalRecord>();
  results.forEach((result, index) => {
    const id = ids[index];
    if (id && result.data) records.set(id, result.data);
  });
  return records;
}

/** Discards a draft. */
export function useDiscardAssessment(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', assessmentPath(caseId, id)),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: detailKey(caseId, id) });
      return caseChanged(queryClient, caseId);
    },
  });
}

/** Compares two assessments of the case (the server orders them, older first). */
export function useAssessmentComparison(caseId: string, pair: readonly [string, string] | null) {
  const [a, b] = pair ?? ['', ''];
  return useQuery({
    queryKey: [...assessmentsKey(caseId), 'compare', a, b],
    queryFn: ({ signal }) =>
      apiGet<AssessmentComparison>(`${assessmentsPath(caseId)}/compare?${new URLSearchParams({ a, b })}`, {
        signal,
      }),
    enabled: pair !== null,
  });
}

/**
 * Whether the signed-in user may take part in assessments, as far as the app can tell without asking for a
 * case's (audited) list: threat managers do, experts when the organisation lists their specialty, admins
 * perhaps (when they also work as threat managers; their list answers). The server decides all the same.
 */
export function useMayTakePart(session: SessionInfo | null | undefined): boolean {
  const role = session?.user.role;
  const settings = useAssessmentSettings(role === 'expert');
  if (role === 'threat_manager' || role === 'admin') return true;
  if (role !== 'expert') return false;
  const specialty = session?.user.specialty;
  return !!specialty && (settings.data?.expertSpecialties ?? []).some((listed) => listed === specialty);
}

/** Who takes part, the re-assessment interval per level, the levels that need four eyes. */
export function useAssessmentSettings(enabled = true) {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => apiGet<AssessmentSettings>('/api/v1/assessment-settings', { signal }),
    staleTime: 5 * 60_000,
    enabled,
  });
}

/**
 * The cases whose re-assessment is due today or overdue, or (`within` days) soon, among those the user
 * assesses, earliest first. Audited as `assessment.due_list`: read when the page opens, not polled.
 */
export function useDueReviews(within: number) {
  return useQuery({
    queryKey: dueKey(within),
    // Without `within` the server lists what is due today or overdue.
    queryFn: ({ signal }) =>
      apiGet<DueReviews>(
        within > 0
          ? `/api/v1/assessments/due?${new URLSearchParams({ within: String(within) })}`
          : '/api/v1/assessments/due',
        { signal },
      ),
  });
}

/** Changes the assessment settings (admins; audited). */
export function useSaveAssessmentSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: AssessmentSettings) =>
      apiSend<AssessmentSettings>('PUT', '/api/v1/assessment-settings', settings),
    onSuccess: (saved) => queryClient.setQueryData(settingsKey, saved),
  });
}
