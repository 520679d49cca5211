import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type TeamMember, useRemoveTeamMember } from '../api/case-file.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';

/** Asks before taking someone off the team: their access ends at once. */
export function RemoveMemberDialog({
  caseId,
  member,
  onClose,
  onDone,
}: {
  caseId: string;
  member: TeamMember;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const remove = useRemoveTeamMember(caseId);
  const name = member.user.name;
  return (
    <ActionDialog
      title={t('cases.removeMember.title', { name })}
      submitLabel={t('cases.removeMember.confirm')}
      submitColor="red"
      pending={remove.isPending}
      error={remove.error}
      onClose={onClose}
      onSubmit={() => remove.mutate(member.user.id, { onSuccess: onDone })}
    >
      <Text size="sm">{t('cases.removeMember.text', { name })}</Text>
    </ActionDialog>
  );
}
