import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddTeamMember } from '../api/case-file.ts';
import type { ExpertSpecialty } from '../api/types.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';
import { specialtyLabel } from '../components/labels.ts';
import { CandidateSelect, type PersonOption } from './CandidateSelect.tsx';
import { membershipEnd } from './case-times.ts';
import { MembershipEndField, type MembershipEndValue } from './MembershipEndField.tsx';

/**
 * Adds someone to the case team, for good or for a while. The people to pick from are the case's team
 * candidates: whoever manages the team (its owner, the unit's threat managers) may list them. `specialty`
 * offers only experts of that specialty (e.g. one the case's template suggests), as the server answers them.
 */
export function AddTeamMemberDialog({
  caseId,
  specialty,
  onClose,
  onDone,
}: {
  caseId: string;
  specialty?: ExpertSpecialty | undefined;
  onClose: () => void;
  onDone: (name: string) => void;
}) {
  const { t } = useTranslation();
  const named = specialty ? specialtyLabel(t, specialty) : undefined;
  const add = useAddTeamMember(caseId);
  const [person, setPerson] = useState<PersonOption | null>(null);
  const [end, setEnd] = useState<MembershipEndValue>({ choice: 'none', day: '' });
  const [tried, setTried] = useState(false);
  const ends = membershipEnd(end.choice, end.day, new Date());
  return (
    <ActionDialog
      title={t('cases.addMember.title')}
      intro={t('cases.addMember.intro')}
      submitLabel={t('cases.addMember.submit')}
      pending={add.isPending}
      error={add.error}
      onClose={onClose}
      onSubmit={() => {
        setTried(true);
        if (person === null || !ends.ok) return;
        add.mutate(
          { userId: person.value, expiresAt: ends.expiresAt },
          { onSuccess: () => onDone(person.name) },
        );
      }}
    >
      <CandidateSelect
        caseId={caseId}
        label={t('cases.addMember.person')}
        description={named && t('templates.suggestion.personHelp', { specialty: named })}
        placeholder={t('cases.addMember.personPlaceholder')}
        value={person?.value ?? null}
        onChange={setPerson}
        specialty={specialty}
        empty={
          named
            ? t('templates.suggestion.noCandidates', { specialty: named })
            : t('cases.addMember.noCandidates')
        }
        error={tried && person === null ? t('reports.actions.required') : undefined}
        required
        autoFocus
      />
      <MembershipEndField
        value={end}
        onChange={setEnd}
        error={tried && !ends.ok ? t(`cases.membershipEnd.${ends.problem}`) : undefined}
      />
    </ActionDialog>
  );
}
