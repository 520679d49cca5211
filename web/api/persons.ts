import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { casesQueryKey } from './cases.ts';
import { apiGet, apiSend } from './client.ts';
import type {
  CasePerson,
  CasePersonChange,
  CasePersonMatches,
  CasePersonSuggestions,
  CasePersons,
  CreatedEntry,
  NewCasePerson,
  PersonDetails,
  PersonMatch,
  PersonSuggestion,
} from './types.ts';

// The persons of a case (server/modules/cases/persons-routes.ts): who is involved and in what role, names
// sealed with the case's key, a pseudonym ("Person A") for lists; suggestions from the case's reports; the
// same real person in other cases, found by blind index and linked by a threat manager. Every change is
// a journal entry, so the journal is loaded again with the persons.

export type { CasePerson, CasePersonChange, NewCasePerson, PersonDetails, PersonMatch, PersonSuggestion };

export type PersonRole = CasePerson['role'];
export const personRoles = [
  'person_of_concern',
  'affected_person',
  'witness',
  'reporter',
  'other',
] as const satisfies readonly PersonRole[];

/** The details a person may have, in the order the form and the list show them. */
export const personDetailFields = [
  'organisation',
  'jobTitle',
  'contact',
  'description',
] as const satisfies readonly (keyof PersonDetails)[];

const personsKey = (id: string) => [...casesQueryKey, 'persons', id] as const;
const suggestionsKey = (id: string) => [...casesQueryKey, 'person-suggestions', id] as const;
const matchesKey = (id: string, personId: string) =>
  [...casesQueryKey, 'person-matches', id, personId] as const;
const journalKey = (id: string) => [...casesQueryKey, 'journal', id] as const;
const personsPath = (id: string) => `/api/v1/cases/${encodeURIComponent(id)}/persons`;
const personPath = (id: string, personId: string) => `${personsPath(id)}/${encodeURIComponent(personId)}`;

/** The case's persons with their names (`can.read`), in the order they were added. */
export function useCasePersons(id: string) {
  return useQuery({
    queryKey: personsKey(id),
    queryFn: ({ signal }) => apiGet<CasePersons>(personsPath(id), { signal }).then((a) => a.persons),
  });
}

/** People the case's reports name who are not persons of the case yet (`can.write`). */
export function usePersonSuggestions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: suggestionsKey(id),
    enabled,
    queryFn: ({ signal }) =>
      apiGet<CasePersonSuggestions>(`/api/v1/cases/${encodeURIComponent(id)}/person-suggestions`, {
        signal,
      }).then((a) => a.suggestions),
  });
}

/** Persons of the same name in other cases the user manages (`can.manage`), asked for on demand. */
export function usePersonMatches(id: string, personId: string) {
  return useQuery({
    queryKey: matchesKey(id, personId),
    queryFn: ({ signal }) =>
      apiGet<CasePersonMatches>(`${personPath(id, personId)}/matches`, { signal }).then((a) => a.matches),
  });
}

/** After any change: the persons, the suggestions and the journal (which every change writes to). */
function usePersonMutation<I, O>(id: string, send: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: personsKey(id) }),
        queryClient.invalidateQueries({ queryKey: suggestionsKey(id) }),
        queryClient.invalidateQueries({ queryKey: [...casesQueryKey, 'person-matches', id] }),
        queryClient.invalidateQueries({ queryKey: journalKey(id) }),
      ]);
    },
  });
}

/** Adds a person, or takes one over from a report of the case (`fromReportId`); answers the new id. */
export function useAddPerson(id: string) {
  return usePersonMutation(id, (input: NewCasePerson) =>
    apiSend<CreatedEntry>('POST', personsPath(id), input).then((a) => a.id),
  );
}

/** Changes a person's role, name or details (what is left out stays; `details: null` clears them). */
export function useChangePerson(id: string) {
  return usePersonMutation(id, ({ personId, ...change }: CasePersonChange & { personId: string }) =>
    apiSend('PATCH', personPath(id, personId), change),
  );
}

/** Takes a person off the case (`can.manage`). */
export function useRemovePerson(id: string) {
  return usePersonMutation(id, (personId: string) => apiSend('DELETE', personPath(id, personId)));
}

/** Links the person with a person of another case as the same real person, or unlinks it (`null`). */
export function useLinkPerson(id: string) {
  return usePersonMutation(
    id,
    ({ personId, otherPersonId }: { personId: string; otherPersonId: string | null }) =>
      apiSend('PUT', `${personPath(id, personId)}/link`, { personId: otherPersonId }),
  );
}

/** Keeps the details that say something; null when none does (the server stores no empty details). */
export function detailsOf(values: Partial<Record<keyof PersonDetails, string>>): PersonDetails | null {
  const kept: PersonDetails = {};
  for (const field of personDetailFields) {
    const value = values[field]?.trim() ?? '';
    if (value !== '') kept[field] = value;
  }
  return Object.keys(kept).length > 0 ? kept : null;
}
