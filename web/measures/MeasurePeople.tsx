import { Alert, Loader, MultiSelect, Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { TFunction } from 'i18next';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseTeam, useTeamCandidates } from '../api/case-file.ts';
import type { ExpertSpecialty } from '../api/types.ts';
import { personOption } from '../cases/CandidateSelect.tsx';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { specialtyLabel } from '../components/labels.ts';

// Who carries a measure out and who takes part: anyone on the case's team, or anyone the case's team
// candidates offer (GET …/team/candidates, for whoever manages the team), who is then invited and joins the
// team only by accepting. Experts of the measure type's suggested specialty are offered first.

/** Someone who may carry out or take part in a measure, and whether they are on the case's team. */
export interface MeasurePerson {
  id: string;
  name: string;
  role: string;
  specialty: string | null;
  onTeam: boolean;
}

interface OptionGroup {
  group: string;
  items: { value: string; label: string }[];
}

/** "Eva Roth – Psychology", and for someone off the team "… · is invited". */
function labelOf(t: TFunction, person: MeasurePerson): string {
  const label = person.role ? personOption(t, person).label : person.name;
  return person.onTeam ? label : t('measures.dialog.offTeam', { label });
}

/**
 * The people to pick from: the team, and (for whoever may invite) the candidates the server finds by the
 * name typed, once in general and once of `specialty`. Everyone seen stays known, so that a pick keeps its
 * name while the search goes on; a pick's label in the field is no name to search for.
 */
function useMeasurePeople(
  caseId: string,
  {
    typed,
    specialty,
    mayInvite,
    seed,
  }: { typed: string; specialty: ExpertSpecialty | null; mayInvite: boolean; seed: readonly MeasurePerson[] },
) {
  const { t } = useTranslation();
  const known = useRef(new Map<string, MeasurePerson>());
  for (const person of seed) if (!known.current.has(person.id)) known.current.set(person.id, person);
  const team = useCaseTeam(caseId);
  for (const member of team.data ?? []) known.current.set(member.user.id, { ...member.user, onTeam: true });
  const [debounced] = useDebouncedValue(typed, 250);
  const isLabel = [...known.current.values()].some((person) => labelOf(t, person) === debounced);
  const query = isLabel ? '' : debounced;
  const others = useTeamCandidates(caseId, query, { enabled: mayInvite });
  const suggested = useTeamCandidates(caseId, query, {
    specialty: specialty ?? undefined,
    enabled: mayInvite && specialty !== null,
  });
  const found = [...(suggested.data ?? []), ...(others.data ?? [])];
  for (const candidate of found)
    if (!known.current.get(candidate.id)?.onTeam)
      known.current.set(candidate.id, { ...candidate, onTeam: false });
  const shown = new Set([...(team.data ?? []).map((member) => member.user.id), ...found.map((c) => c.id)]);
  return {
    known: known.current,
    shown,
    fetching: others.isFetching || suggested.isFetching,
    error: team.error ?? others.error ?? suggested.error,
  };
}

/** The picker's options in groups: the suggested specialty first, then the team, then everyone else. */
function groupsOf(
  t: TFunction,
  people: readonly MeasurePerson[],
  specialty: ExpertSpecialty | null,
): OptionGroup[] {
  const option = (person: MeasurePerson) => ({ value: person.id, label: labelOf(t, person) });
  const isSuggested = (person: MeasurePerson) => specialty !== null && person.specialty === specialty;
  const byTeamThenName = (a: MeasurePerson, b: MeasurePerson) =>
    Number(b.onTeam) - Number(a.onTeam) || a.name.localeCompare(b.name);
  const groups: OptionGroup[] = [
    {
      group: specialty
        ? t('measures.dialog.groupSuggested', { specialty: specialtyLabel(t, specialty) })
        : '',
      items: people.filter(isSuggested).sort(byTeamThenName).map(option),
    },
    {
      group: t('measures.dialog.groupTeam'),
      items: people
        .filter((person) => !isSuggested(person) && person.onTeam)
        .sort(byTeamThenName)
        .map(option),
    },
    {
      group: t('measures.dialog.groupOthers'),
      items: people
        .filter((person) => !isSuggested(person) && !person.onTeam)
        .sort(byTeamThenName)
        .map(option),
    },
  ];
  return groups.filter((group) => group.items.length > 0);
}

interface PickerProps {
  caseId: string;
  specialty: ExpertSpecialty | null;
  /** Whether the user may list people off the team (`can.manage_team`); else only the team is offered. */
  mayInvite: boolean;
  /** People known beforehand (e.g. the measure's owner), in case neither the team nor a search has them. */
  seed?: readonly MeasurePerson[];
}

/** Who carries the measure out: one person, or no one yet. */
export function OwnerSelect({
  caseId,
  specialty,
  mayInvite,
  seed = [],
  value,
  onChange,
  exclude,
}: PickerProps & {
  value: string | null;
  onChange: (person: MeasurePerson | null) => void;
  exclude: ReadonlySet<string>;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const people = useMeasurePeople(caseId, { typed: search, specialty, mayInvite, seed });
  const offered = [...people.known.values()].filter(
    (person) => !exclude.has(person.id) && (people.shown.has(person.id) || person.id === value),
  );
  const groups = groupsOf(t, offered, specialty);
  return (
    <>
      <Select
        label={t('measures.dialog.owner')}
        description={t('measures.dialog.ownerHelp')}
        placeholder={t('measures.dialog.ownerPlaceholder')}
        data={groups}
        value={value}
        onChange={(id) => onChange(id ? (people.known.get(id) ?? null) : null)}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        clearable
        clearButtonProps={{ 'aria-label': t('measures.dialog.clearOwner') }}
        nothingFoundMessage={
          people.fetching ? t('cases.candidates.searching') : t('cases.candidates.noMatch')
        }
        rightSection={people.fetching ? <Loader size="xs" aria-hidden="true" /> : undefined}
        comboboxProps={{ withinPortal: true }}
        maxDropdownHeight={320}
      />
      <ErrorAlert error={people.error} title={t('cases.candidates.errorTitle')} />
    </>
  );
}

/** Further experts who take part; those already involved are named and not offered again. */
export function ExpertsSelect({
  caseId,
  specialty,
  mayInvite,
  value,
  onChange,
  exclude,
}: PickerProps & {
  value: readonly MeasurePerson[];
  onChange: (people: MeasurePerson[]) => void;
  exclude: ReadonlySet<string>;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const people = useMeasurePeople(caseId, { typed: search, specialty, mayInvite, seed: value });
  const chosen = new Set(value.map((person) => person.id));
  const offered = [...people.known.values()].filter(
    (person) => !exclude.has(person.id) && (people.shown.has(person.id) || chosen.has(person.id)),
  );
  return (
    <MultiSelect
      label={t('measures.dialog.experts')}
      description={t('measures.dialog.expertsHelp')}
      placeholder={value.length === 0 ? t('measures.dialog.expertsPlaceholder') : undefined}
      data={groupsOf(t, offered, specialty)}
      value={value.map((person) => person.id)}
      onChange={(ids) =>
        onChange(ids.flatMap((id) => people.known.get(id) ?? value.find((p) => p.id === id) ?? []))
      }
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      maxValues={10}
      hidePickedOptions
      nothingFoundMessage={people.fetching ? t('cases.candidates.searching') : t('cases.candidates.noMatch')}
      comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={320}
    />
  );
}

/** Says who will be invited (people not on the team), under the note on how invitations work. */
export function InvitationNote({ invited }: { invited: readonly MeasurePerson[] }) {
  const { t } = useTranslation();
  return (
    <Alert color="blue" variant="light" data-testid="invitation-note">
      <Text size="sm">{t('measures.dialog.invitationNote')}</Text>
      {invited.length > 0 && (
        <Text size="sm" fw={600} mt={6} data-testid="invited-people">
          {t('measures.dialog.invitationWho', { names: invited.map((person) => person.name).join(', ') })}
        </Text>
      )}
    </Alert>
  );
}
