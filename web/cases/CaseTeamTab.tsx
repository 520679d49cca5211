import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type TeamMember, useCaseTeam } from '../api/case-file.ts';
import type { CaseDetail } from '../api/cases.ts';
import type { ExpertSpecialty } from '../api/types.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { specialtyLabel } from '../components/labels.ts';
import { Loading } from '../components/PageSkeleton.tsx';
import { AddTeamMemberDialog } from './AddTeamMemberDialog.tsx';
import { ChangeMembershipDialog } from './ChangeMembershipDialog.tsx';
import { RemoveMemberDialog } from './RemoveMemberDialog.tsx';
import { TeamMemberItem } from './TeamMemberItem.tsx';

type Dialog =
  | { kind: 'add'; specialty?: ExpertSpecialty }
  | { kind: 'changeEnd' | 'remove'; member: TeamMember }
  | null;

/** Who works on the case: the owner first, then the members; adding, changing and removing for who may. */
export function CaseTeamTab({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  const team = useCaseTeam(detail.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const manage = detail.can.manage_team;
  const done = (text: string) => {
    setDialog(null);
    setNotice(text);
  };
  const members = team.data ?? [];
  const onlyOwner = team.isSuccess && members.every((member) => member.role === 'owner');
  // The specialties the case's template suggests that nobody on the team has yet.
  const present = new Set(members.map((member) => member.user.specialty));
  const missing = team.isSuccess ? detail.suggestedSpecialties.filter((wanted) => !present.has(wanted)) : [];
  const suggest = manage && missing.length > 0;

  return (
    <Stack component="section" aria-labelledby={headingId} gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={4} maw={640}>
          <Title order={2} size="h3" id={headingId}>
            {t('cases.team.heading')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('cases.team.intro')}
          </Text>
        </Stack>
        {manage && team.isSuccess && (
          <Button onClick={() => setDialog({ kind: 'add' })}>{t('cases.team.add')}</Button>
        )}
      </Group>
      <div role="status">
        {notice && (
          <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
      </div>
      {suggest && (
        <Alert
          color="indigo"
          variant="light"
          title={t('templates.suggestion.title')}
          data-testid="team-suggestion"
        >
          <Stack gap="sm">
            <Text size="sm">
              {t('templates.suggestion.text', {
                specialties: missing.map((specialty) => specialtyLabel(t, specialty)).join(', '),
              })}
            </Text>
            <Group gap="xs">
              {missing.map((specialty) => (
                <Button
                  key={specialty}
                  size="xs"
                  variant="white"
                  onClick={() => setDialog({ kind: 'add', specialty })}
                >
                  {t('templates.suggestion.invite', { specialty: specialtyLabel(t, specialty) })}
                </Button>
              ))}
            </Group>
          </Stack>
        </Alert>
      )}
      {team.isPending ? (
        <Loading label={t('cases.team.loading')} />
      ) : team.isError ? (
        <ErrorAlert error={team.error} title={t('cases.team.errorTitle')} />
      ) : (
        <>
          <Stack
            component="ul"
            gap="sm"
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
            aria-labelledby={headingId}
          >
            {members.map((member) => (
              <TeamMemberItem
                key={member.user.id}
                member={member}
                manage={manage}
                onChangeEnd={() => setDialog({ kind: 'changeEnd', member })}
                onRemove={() => setDialog({ kind: 'remove', member })}
              />
            ))}
          </Stack>
          {onlyOwner && !suggest && (
            <Alert color="blue" variant="light" data-testid="team-only-owner">
              {members.length === 0
                ? t('cases.team.empty')
                : manage
                  ? t('cases.team.onlyOwner')
                  : t('cases.team.onlyOwnerReadOnly')}
            </Alert>
          )}
        </>
      )}
      {dialog?.kind === 'add' && (
        <AddTeamMemberDialog
          caseId={detail.id}
          specialty={dialog.specialty}
          onClose={() => setDialog(null)}
          onDone={(name) => done(t('cases.team.memberAdded', { name }))}
        />
      )}
      {dialog?.kind === 'changeEnd' && (
        <ChangeMembershipDialog
          caseId={detail.id}
          member={dialog.member}
          onClose={() => setDialog(null)}
          onDone={() => done(t('cases.team.membershipChanged', { name: dialog.member.user.name }))}
        />
      )}
      {dialog?.kind === 'remove' && (
        <RemoveMemberDialog
          caseId={detail.id}
          member={dialog.member}
          onClose={() => setDialog(null)}
          onDone={() => done(t('cases.team.memberRemoved', { name: dialog.member.user.name }))}
        />
      )}
    </Stack>
  );
}
