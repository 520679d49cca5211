import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { currentLanguage } from '../i18n/index.ts';
import { casesQueryKey } from './cases.ts';
import { apiGet, apiSend } from './client.ts';
import { notificationsQueryKey } from './notifications.ts';
import type { components } from './schema.d.ts';

// Measures (server/modules/measures/routes.ts): the organisation's catalogue of measure types, kept by its
// admins; the measure plan of a case, planned and changed by the case's threat managers and carried out by
// a measure's owner and the experts taking part; and the invitations of people not on the case's team, who
// join it only by accepting. Every read of a plan is audited, so the case's live updates load it again only
// when the measures changed (useCaseLiveUpdates).

type Schemas = components['schemas'];

export type MeasureType = Schemas['MeasureType'];
export type MeasureTypeList = Schemas['MeasureTypeList'];
export type MeasureTypeDefinition = Schemas['MeasureTypeDefinition'];
export type NewMeasureType = Schemas['NewMeasureType'];
export type MeasureTypeChange = Schemas['MeasureTypeChange'];
export type MeasurePlan = Schemas['MeasurePlan'];
export type CaseMeasure = Schemas['CaseMeasure'];
export type MeasureStatus = Schemas['MeasureStatus'];
export type MeasureEffectiveness = Schemas['MeasureEffectiveness'];
export type MeasureExpert = Schemas['MeasureExpert'];
export type ExpertConsent = Schemas['MeasureExpertConsent'];
export type NewMeasure = Schemas['NewMeasure'];
export type MeasureChange = Schemas['MeasureChange'];
export type MeasureInvitation = Schemas['MeasureInvitation'];
type MeasureInvitations = Schemas['MeasureInvitations'];
export type MyMeasure = Schemas['MyMeasure'];
type MyMeasures = Schemas['MyMeasures'];
type HandbookPageList = Schemas['HandbookPageList'];
export type HandbookPageSummary = HandbookPageList['pages'][number];

export const measureStatuses = [
  'planned',
  'in_progress',
  'done',
  'cancelled',
] as const satisfies readonly MeasureStatus[];
export const effectivenessRatings = [
  'effective',
  'partly_effective',
  'not_effective',
  'too_early',
] as const satisfies readonly MeasureEffectiveness[];

/** Planned or in progress: work still to do. */
export const isOpenMeasure = (measure: Pick<CaseMeasure, 'status'>) =>
  measure.status === 'planned' || measure.status === 'in_progress';

const typesKey = ['measure-types'] as const;
// The plan follows the case's `['cases', part, caseId]`, so the case page's live updates find it.
const planKey = (caseId: string) => [...casesQueryKey, 'measures', caseId] as const;
const journalKey = (caseId: string) => [...casesQueryKey, 'journal', caseId] as const;
const invitationsKey = ['measure-invitations'] as const;
const casePath = (caseId: string) => `/api/v1/cases/${encodeURIComponent(caseId)}`;

/** The catalogue, switched-off types included (not for auditors); `can.configure` for admins. */
export function useMeasureTypes(enabled = true) {
  return useQuery({
    queryKey: typesKey,
    queryFn: ({ signal }) => apiGet<MeasureTypeList>('/api/v1/measure-types', { signal }),
    staleTime: 5 * 60_000,
    enabled,
  });
}

/**
 * A measure type's name in the interface language, from the catalogue; the key itself while the catalogue
 * loads or for a type it no longer has.
 */
export function useMeasureTypeName(enabled = true): (key: string) => string {
  const types = useMeasureTypes(enabled);
  const language = currentLanguage();
  return (key) => types.data?.types.find((type) => type.key === key)?.names[language] ?? key;
}

/** Adds an own measure type (admins; audited). */
export function useCreateMeasureType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewMeasureType) => apiSend<MeasureType>('POST', '/api/v1/measure-types', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: typesKey }),
  });
}

/** Changes a type, switches it off or on, or resets one of TMA's to its default (admins; audited). */
export function useUpdateMeasureType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, change }: { key: string; change: MeasureTypeChange }) =>
      apiSend<MeasureType>('PATCH', `/api/v1/measure-types/${encodeURIComponent(key)}`, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: typesKey }),
  });
}

/** The case's measure plan, open measures first by due day; `can.plan` for its threat managers. */
export function useMeasurePlan(caseId: string, enabled = true) {
  return useQuery({
    queryKey: planKey(caseId),
    queryFn: ({ signal }) => apiGet<MeasurePlan>(`${casePath(caseId)}/measures`, { signal }),
    enabled,
  });
}

function usePlanChange<I, O>(caseId: string, send: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async () => {
      // A measure's change writes the journal; involving someone may change the team.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: planKey(caseId) }),
        queryClient.invalidateQueries({ queryKey: journalKey(caseId) }),
        queryClient.invalidateQueries({ queryKey: [...casesQueryKey, 'team', caseId] }),
      ]);
    },
  });
}

/** Plans a measure from the catalogue; people not on the team are invited. Answers its id. */
export function usePlanMeasure(caseId: string) {
  return usePlanChange(caseId, (input: NewMeasure) =>
    apiSend<{ id: string }>('POST', `${casePath(caseId)}/measures`, input).then((answer) => answer.id),
  );
}

/** Changes a measure, starts, completes, cancels or reopens it; answers the measure. */
export function useChangeMeasure(caseId: string) {
  return usePlanChange(caseId, ({ measureId, ...change }: MeasureChange & { measureId: string }) =>
    apiSend<CaseMeasure>('PATCH', `${casePath(caseId)}/measures/${encodeURIComponent(measureId)}`, change),
  );
}

/** The open measures the user carries out or takes part in, across cases (no text: type, case, due day). */
export function useMyMeasures() {
  return useQuery({
    queryKey: [...casesQueryKey, 'measures', 'mine'] as const,
    queryFn: ({ signal }) => apiGet<MyMeasures>('/api/v1/measures/mine', { signal }).then((a) => a.measures),
  });
}

/** The user's open invitations to carry out or take part in a measure (the case's reference only). */
export function useMeasureInvitations(enabled = true) {
  return useQuery({
    queryKey: invitationsKey,
    queryFn: ({ signal }) =>
      apiGet<MeasureInvitations>('/api/v1/measure-invitations', { signal }).then((a) => a.invitations),
    enabled,
  });
}

/** Accepts an invitation (the user joins the case's team) or declines it; answers the case's id. */
export function useAnswerInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ measureId, answer }: { measureId: string; answer: 'accept' | 'decline' }) =>
      apiSend<{ caseId: string }>('POST', `/api/v1/measure-invitations/${encodeURIComponent(measureId)}`, {
        answer,
      }),
    onSuccess: async () => {
      // Accepting opens a case: the user's case lists and notices change with it.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: invitationsKey }),
        queryClient.invalidateQueries({ queryKey: casesQueryKey }),
        queryClient.invalidateQueries({ queryKey: notificationsQueryKey }),
      ]);
    },
  });
}

/**
 * The handbook's pages (GET /api/v1/handbook/pages, its first 200), to name and link a measure type's
 * playbook by its slug. Refused to whoever does not read the handbook: the playbook is then linked by id.
 */
export function useHandbookPageIndex(enabled = true) {
  return useQuery({
    queryKey: ['handbook', 'pages', 'index'],
    queryFn: ({ signal }) =>
      apiGet<HandbookPageList>('/api/v1/handbook/pages?limit=200', { signal }).then((a) => a.pages),
    staleTime: 5 * 60_000,
    retry: false,
    enabled,
  });
}

/** The handbook address of a playbook page: by its slug when known, else by its id (both are accepted). */
export function playbookPath(pageId: string, pages: readonly HandbookPageSummary[] | undefined): string {
  const slug = pages?.find((page) => page.id === pageId)?.slug;
  return `/handbook/${encodeURIComponent(slug ?? pageId)}`;
}
