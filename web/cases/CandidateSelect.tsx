import { Loader, Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roles } from '../api/auth.ts';
import { type TeamCandidate, useTeamCandidates } from '../api/case-file.ts';
import type { ExpertSpecialty } from '../api/types.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { roleLabel, specialtyLabel } from '../components/labels.ts';

/** Someone to pick: a user's id, name and what they do. */
export interface PersonOption {
  value: string;
  name: string;
  label: string;
}

const isRole = (value: string): value is (typeof roles)[number] =>
  (roles as readonly string[]).includes(value);

/** "Eva Roth – Psychology", "Tom Berger – Threat manager": the specialty says more than the role. */
export function personOption(
  t: TFunction,
  user: { id: string; name: string; role: string; specialty: string | null },
): PersonOption {
  const what = user.specialty
    ? specialtyLabel(t, user.specialty)
    : isRole(user.role)
      ? roleLabel(t, user.role)
      : user.role;
  return { value: user.id, name: user.name, label: `${user.name} – ${what}` };
}

/**
 * A searchable pick from the case's team candidates (`GET …/team/candidates?q=`, for whoever manages the
 * team): typing asks the server by name, `specialty` asks it for experts of that specialty only. `include`
 * keeps only some of the answer (e.g. who may own the case);
 * `extra` adds people who are no candidates (e.g. team members who may own it). `empty` is said instead of
 * the field when nobody at all can be picked.
 */
export function CandidateSelect({
  caseId,
  label,
  description,
  placeholder,
  value,
  onChange,
  specialty,
  include = () => true,
  extra = [],
  empty,
  error,
  required = false,
  autoFocus = false,
}: {
  caseId: string;
  label: string;
  description?: string;
  placeholder: string;
  value: string | null;
  onChange: (option: PersonOption | null) => void;
  specialty?: ExpertSpecialty | undefined;
  include?: (candidate: TeamCandidate) => boolean;
  extra?: readonly PersonOption[];
  empty: string;
  error?: string | undefined;
  required?: boolean;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<PersonOption | null>(null);
  const [typed] = useDebouncedValue(search, 250);
  // Picking an option writes its label into the field: that is no name to search for.
  const query = typed === picked?.label || extra.some((option) => option.label === typed) ? '' : typed;
  const candidates = useTeamCandidates(caseId, query, { specialty });
  const found = (candidates.data ?? []).filter(include).map((candidate) => personOption(t, candidate));
  const options = [...extra, ...found.filter((option) => !extra.some((e) => e.value === option.value))];
  if (picked && !options.some((option) => option.value === picked.value)) options.push(picked);

  if (candidates.isSuccess && query === '' && options.length === 0)
    return (
      <Text size="sm" data-testid="no-candidates">
        {empty}
      </Text>
    );
  return (
    <>
      <Select
        label={label}
        description={description}
        placeholder={placeholder}
        data={options.map(({ value: id, label: text }) => ({ value: id, label: text }))}
        value={value}
        onChange={(id) => {
          const option = options.find((o) => o.value === id) ?? null;
          setPicked(option);
          onChange(option);
        }}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        nothingFoundMessage={
          candidates.isFetching ? t('cases.candidates.searching') : t('cases.candidates.noMatch')
        }
        rightSection={candidates.isFetching ? <Loader size="xs" aria-hidden="true" /> : undefined}
        error={error}
        required={required}
        comboboxProps={{ withinPortal: true }}
        data-autofocus={autoFocus || undefined}
      />
      <ErrorAlert error={candidates.error} title={t('cases.candidates.errorTitle')} />
    </>
  );
}
