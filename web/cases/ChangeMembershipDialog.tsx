import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type TeamMember, useChangeTeamMembership } from '../api/case-file.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatMoment, localDayOf, membershipEnd } from './case-times.ts';
import { MembershipEndField, type MembershipEndValue } from './MembershipEndField.tsx';

/** Changes when someone's time on the team ends: no end, 14 or 30 days from today, or a chosen last day. */
export function ChangeMembershipDialog({
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
  const change = useChangeTeamMembership(caseId);
  const [end, setEnd] = useState<MembershipEndValue>(
    member.expiresAt
      ? { choice: 'custom', day: localDayOf(new Date(member.expiresAt)) }
      : { choice: 'none', day: '' },
  );
  const [tried, setTried] = useState(false);
  const ends = membershipEnd(end.choice, end.day, new Date());
  const name = member.user.name;
  const current = member.expiresAt
    ? t('cases.team.until', { date: formatMoment(member.expiresAt, currentLanguage()) })
    : t('cases.team.noEnd');
  return (
    <ActionDialog
      title={t('cases.changeEnd.title', { name })}
      intro={t('cases.changeEnd.intro', { current })}
      submitLabel={t('cases.changeEnd.submit')}
      pending={change.isPending}
      error={change.error}
      onClose={onClose}
      onSubmit={() => {
        setTried(true);
        if (!ends.ok) return;
        change.mutate({ userId: member.user.id, expiresAt: ends.expiresAt }, { onSuccess: onDone });
      }}
    >
      <MembershipEndField
        value={end}
        onChange={setEnd}
        error={tried && !ends.ok ? t(`cases.membershipEnd.${ends.problem}`) : undefined}
      />
    </ActionDialog>
  );
}
