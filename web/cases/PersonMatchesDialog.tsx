import { Anchor, Button, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type CasePerson, type PersonMatch, useLinkPerson, usePersonMatches } from '../api/persons.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PersonRoleBadge } from './PersonRoleBadge.tsx';

/**
 * "Find in other cases": persons whose name has every word of this person's name, in other cases the user
 * manages (found by blind index on the server), each with "Same person" to link them. Linking is a
 * judgement: the names match, the people may not.
 */
export function PersonMatchesDialog({
  caseId,
  person,
  onClose,
  onDone,
}: {
  caseId: string;
  person: CasePerson;
  onClose: () => void;
  onDone: (match: PersonMatch) => void;
}) {
  const { t } = useTranslation();
  const matches = usePersonMatches(caseId, person.id);
  const link = useLinkPerson(caseId);
  const who = person.name ? `${person.pseudonym} (${person.name})` : person.pseudonym;
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('cases.personMatches.title', { who })}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('cases.personMatches.close') }}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('cases.personMatches.intro')}
        </Text>
        {matches.isPending ? (
          <Loading label={t('cases.personMatches.loading')} />
        ) : matches.isError ? (
          <ErrorAlert error={matches.error} title={t('cases.personMatches.errorTitle')} />
        ) : matches.data.length === 0 ? (
          <Text size="sm" data-testid="person-matches-empty">
            {t('cases.personMatches.empty')}
          </Text>
        ) : (
          <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
            {matches.data.map((match) => (
              <Paper component="li" key={match.personId} withBorder p="sm" data-testid="person-match">
                <Group justify="space-between" gap="sm" wrap="wrap">
                  <Stack gap={2} miw={0}>
                    <Group gap="xs" wrap="wrap">
                      <Anchor
                        component={Link}
                        to={`/cases/${match.caseId}?tab=persons`}
                        ff="monospace"
                        fw={700}
                      >
                        {match.reference}
                      </Anchor>
                      <Text fw={600}>{match.pseudonym}</Text>
                      <PersonRoleBadge role={match.role} />
                    </Group>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {match.name ?? t('cases.persons.unreadableName')}
                    </Text>
                  </Stack>
                  <Button
                    size="compact-sm"
                    variant="default"
                    loading={link.isPending && link.variables?.otherPersonId === match.personId}
                    disabled={link.isPending}
                    onClick={() =>
                      link.mutate(
                        { personId: person.id, otherPersonId: match.personId },
                        { onSuccess: () => onDone(match) },
                      )
                    }
                    aria-label={t('cases.personMatches.linkLabel', {
                      pseudonym: match.pseudonym,
                      reference: match.reference,
                    })}
                  >
                    {t('cases.personMatches.link')}
                  </Button>
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
        <ErrorAlert error={link.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('cases.personMatches.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
