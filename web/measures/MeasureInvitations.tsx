import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  type MeasureInvitation,
  useAnswerInvitation,
  useMeasureInvitations,
  useMeasureTypeName,
} from '../api/measures.ts';
import { formatMoment } from '../cases/case-times.ts';
import { ActionDialog, ErrorAlert } from '../components/ActionDialog.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { localDay } from '../reports/deadlines.ts';
import { formatDay } from '../reports/format.ts';

/**
 * "My work": the user's open invitations to carry out or take part in a measure, with what they may know
 * before accepting (the case's reference, the kind of measure, the due day, who asked). Accepting adds them
 * to the case's team and opens its measures; declining asks first. Shown only while there are any.
 */
export function MeasureInvitations() {
  const { t } = useTranslation();
  const headingId = useId();
  const invitations = useMeasureInvitations();
  const answer = useAnswerInvitation();
  const navigate = useNavigate();
  const typeName = useMeasureTypeName();
  const [declining, setDeclining] = useState<MeasureInvitation | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = invitations.data ?? [];
  if (invitations.isPending || (invitations.isSuccess && list.length === 0 && !notice)) return null;

  const accept = (invitation: MeasureInvitation) =>
    answer.mutate(
      { measureId: invitation.measureId, answer: 'accept' },
      { onSuccess: ({ caseId }) => navigate(`/cases/${encodeURIComponent(caseId)}?tab=measures`) },
    );

  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p="md"
      data-testid="measure-invitations"
      style={{ borderLeft: '4px solid var(--mantine-color-blue-7)' }}
    >
      <Stack gap="sm">
        <Group gap="xs">
          <Title order={2} size="h4" id={headingId}>
            {t('measures.invitations.heading')}
          </Title>
          <Badge variant="light" color={list.length > 0 ? 'blue' : 'gray'} aria-hidden="true">
            {list.length}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t('measures.invitations.intro')}
        </Text>
        <div role="status">
          {notice && (
            <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)}>
              {notice}
            </Alert>
          )}
        </div>
        {invitations.isError && (
          <ErrorAlert error={invitations.error} title={t('measures.invitations.error')} />
        )}
        <ErrorAlert error={answer.error} />
        {list.length > 0 && (
          <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
            {list.map((invitation) => (
              <InvitationItem
                key={invitation.measureId}
                invitation={invitation}
                type={typeName(invitation.typeKey)}
                pending={answer.isPending && answer.variables?.measureId === invitation.measureId}
                onAccept={() => accept(invitation)}
                onDecline={() => setDeclining(invitation)}
              />
            ))}
          </Stack>
        )}
      </Stack>
      {declining && (
        <ActionDialog
          title={t('measures.invitations.declineTitle')}
          submitLabel={t('measures.invitations.declineConfirm')}
          submitColor="red"
          pending={answer.isPending}
          error={answer.error}
          onClose={() => setDeclining(null)}
          onSubmit={() => {
            const about = { type: typeName(declining.typeKey), reference: declining.caseReference };
            answer.mutate(
              { measureId: declining.measureId, answer: 'decline' },
              {
                onSuccess: () => {
                  setDeclining(null);
                  setNotice(t('measures.invitations.declined', about));
                },
              },
            );
          }}
        >
          <Text size="sm">
            {t('measures.invitations.declineText', {
              type: typeName(declining.typeKey),
              reference: declining.caseReference,
            })}
          </Text>
        </ActionDialog>
      )}
    </Paper>
  );
}

function InvitationItem({
  invitation,
  type,
  pending,
  onAccept,
  onDecline,
}: {
  invitation: MeasureInvitation;
  type: string;
  pending: boolean;
  onAccept: () => void;
  onDecline: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const reference = invitation.caseReference;
  const overdue = invitation.dueOn !== null && invitation.dueOn < localDay();
  const when = formatMoment(invitation.invitedAt, language);
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      data-testid="measure-invitation"
      data-measure={invitation.measureId}
    >
      <Group justify="space-between" align="center" gap="sm">
        <Stack gap={2} miw={0}>
          <Group gap="xs" wrap="wrap">
            <Text fw={700}>{reference}</Text>
            <Text size="sm">
              {t('measures.invitations.line', {
                type,
                role: t(
                  invitation.asOwner ? 'measures.invitations.asOwner' : 'measures.invitations.asExpert',
                ),
              })}
            </Text>
            {invitation.dueOn && (
              <Text size="sm" c={overdue ? 'red.8' : 'dimmed'} fw={overdue ? 600 : undefined}>
                {t('measures.invitations.due', { day: formatDay(invitation.dueOn, language) })}
              </Text>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {invitation.invitedBy
              ? t('measures.invitations.invitedBy', { name: invitation.invitedBy.name, when })
              : t('measures.invitations.invitedAt', { when })}
          </Text>
        </Stack>
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            disabled={pending}
            onClick={onDecline}
            aria-label={t('measures.invitations.declineLabel', { type, reference })}
          >
            {t('measures.invitations.decline')}
          </Button>
          <Button
            size="xs"
            loading={pending}
            onClick={onAccept}
            aria-label={t('measures.invitations.acceptLabel', { type, reference })}
          >
            {t('measures.invitations.accept')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
