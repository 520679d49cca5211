import { Alert, Select, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/auth.ts';
import {
  candidatesForbidden,
  type TeamMember,
  useAddTeamMember,
  useTeamCandidates,
} from '../api/case-file.ts';
import { managesUsers } from '../api/users.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';
import { roleLabel, specialtyLabel } from '../components/labels.ts';
import { Loading } from '../reports/ReportBits.tsx';
import { membershipEnd } from './case-times.ts';
import { MembershipEndField, type MembershipEndValue } from './MembershipEndField.tsx';

/**
 * Adds someone to the case team, for good or for a while. The people to pick from come from the users list,
 * which only administrators may read today: anyone else is told to ask one.
 */
export function AddTeamMemberDialog({
  caseId,
  members,
  onClose,
  onDone,
}: {
  caseId: string;
  members: TeamMember[];
  onClose: () => void;
  onDone: (name: string) => void;
}) {
  const { t } = useTranslation();
  const add = useAddTeamMember(caseId);
  const { data: session } = useSession();
  // The users list is the administrators' (the server's `areas.users`): nobody else asks for it in vain.
  const mayList = managesUsers(session);
  const candidates = useTeamCandidates(mayList);
  const [userId, setUserId] = useState<string | null>(null);
  const [end, setEnd] = useState<MembershipEndValue>({ choice: 'none', day: '' });
  const [tried, setTried] = useState(false);
  const onTeam = new Set(members.map((member) => member.user.id));
  const options = (candidates.data ?? [])
    .filter((user) => !onTeam.has(user.id))
    .map((user) => ({
      value: user.id,
      label: `${user.displayName} – ${user.specialty ? specialtyLabel(t, user.specialty) : roleLabel(t, user.role)} (${user.email})`,
      name: user.displayName,
    }));
  const forbidden = !mayList || candidatesForbidden(candidates.error);
  const ends = membershipEnd(end.choice, end.day, new Date());
  return (
    <ActionDialog
      title={t('cases.addMember.title')}
      intro={t('cases.addMember.intro')}
      submitLabel={t('cases.addMember.submit')}
      pending={add.isPending}
      hideSubmit={forbidden}
      error={add.error ?? (forbidden ? null : candidates.error)}
      onClose={onClose}
      onSubmit={() => {
        setTried(true);
        if (userId === null || !ends.ok) return;
        const name = options.find((option) => option.value === userId)?.name ?? '';
        add.mutate({ userId, expiresAt: ends.expiresAt }, { onSuccess: () => onDone(name) });
      }}
    >
      {forbidden ? (
        <Alert
          color="yellow"
          variant="light"
          title={t('cases.addMember.forbiddenTitle')}
          data-testid="team-candidates-forbidden"
        >
          {t('cases.addMember.forbidden')}
        </Alert>
      ) : candidates.isPending ? (
        <Loading label={t('cases.addMember.loading')} />
      ) : candidates.isSuccess && options.length === 0 ? (
        <Text size="sm">{t('cases.addMember.noCandidates')}</Text>
      ) : (
        <Select
          label={t('cases.addMember.person')}
          placeholder={t('cases.addMember.personPlaceholder')}
          data={options.map(({ value, label }) => ({ value, label }))}
          value={userId}
          onChange={setUserId}
          searchable
          nothingFoundMessage={t('cases.addMember.noMatch')}
          disabled={!candidates.isSuccess}
          error={tried && userId === null ? t('reports.actions.required') : undefined}
          required
          comboboxProps={{ withinPortal: true }}
          data-autofocus
        />
      )}
      {!forbidden && (
        <MembershipEndField
          value={end}
          onChange={setEnd}
          error={tried && !ends.ok ? t(`cases.membershipEnd.${ends.problem}`) : undefined}
        />
      )}
    </ActionDialog>
  );
}
