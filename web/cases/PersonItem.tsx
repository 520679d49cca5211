import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type CasePerson, personDetailFields } from '../api/persons.ts';
import type { CaseAllowedActions } from '../api/types.ts';
import { PersonRoleBadge } from './PersonRoleBadge.tsx';

export interface PersonActions {
  onEdit: () => void;
  onRemove: () => void;
  onFindMatches: () => void;
  onUnlink: () => void;
}

/**
 * One person of the case: pseudonym, role, name and details, the report they were taken over from, and
 * the same person in other cases. Edit for whoever writes to the case; remove, find in other cases and
 * unlink for its threat managers.
 */
export function PersonItem({
  person,
  can,
  reportReference,
  actions,
}: {
  person: CasePerson;
  can: Pick<CaseAllowedActions, 'write' | 'manage'>;
  /** The reference of the report the person was taken over from, when the case still has it. */
  reportReference: string | undefined;
  actions: PersonActions;
}) {
  const { t } = useTranslation();
  const who = person.name ? `${person.pseudonym} (${person.name})` : person.pseudonym;
  const details = personDetailFields.filter((field) => person.details?.[field]);
  // While processing is restricted the server refuses edits (409 processing_restricted): no buttons for them.
  const restricted = person.processingRestrictedAt !== null;
  return (
    <Paper component="li" withBorder p="md" data-testid="case-person">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} miw={0} style={{ flex: 1 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={700} data-testid="person-pseudonym">
              {person.pseudonym}
            </Text>
            <PersonRoleBadge role={person.role} />
            {person.processingRestrictedAt && (
              <Badge
                color="orange.9"
                variant="outline"
                title={t('dataSubjects.badgeHelp')}
                data-testid="person-restricted"
              >
                {t('dataSubjects.badge')}
              </Badge>
            )}
          </Group>
          {person.processingRestrictedAt && (
            <Text size="xs" c="dimmed">
              {t('dataSubjects.badgeHelp')}
            </Text>
          )}
          <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
            {person.name ?? (
              <Text span c="dimmed" size="sm">
                {t('cases.persons.unreadableName')}
              </Text>
            )}
          </Text>
          {details.length > 0 && (
            <Stack component="dl" gap={2} m={0}>
              {details.map((field) => (
                <Group key={field} gap={6} wrap="nowrap" align="flex-start">
                  <Text component="dt" size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                    {t(`cases.personDialog.${field}`)}:
                  </Text>
                  <Text
                    component="dd"
                    size="sm"
                    m={0}
                    style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                  >
                    {person.details?.[field]}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
          {person.fromReport && (
            <Text size="xs" c="dimmed">
              {reportReference
                ? t('cases.persons.fromReport', { reference: reportReference })
                : t('cases.persons.fromReportGone')}
            </Text>
          )}
          {person.linked.length > 0 && (
            <LinkedPersons person={person} manage={can.manage} actions={actions} />
          )}
        </Stack>
        {(can.write || can.manage) && !restricted && (
          <Group gap="xs">
            {can.write && (
              <Button
                variant="default"
                size="compact-sm"
                onClick={actions.onEdit}
                aria-label={t('cases.persons.editLabel', { who })}
              >
                {t('cases.persons.edit')}
              </Button>
            )}
            {can.manage && (
              <Button
                variant="default"
                size="compact-sm"
                onClick={actions.onFindMatches}
                aria-label={t('cases.persons.findLabel', { who })}
              >
                {t('cases.persons.find')}
              </Button>
            )}
            {can.manage && (
              <Button
                variant="outline"
                color="red"
                size="compact-sm"
                onClick={actions.onRemove}
                aria-label={t('cases.persons.removeLabel', { who })}
              >
                {t('cases.persons.remove')}
              </Button>
            )}
          </Group>
        )}
      </Group>
    </Paper>
  );
}

/** "Same person in: R-2026-0003 · Person B (witness)", each a link to that case, and Unlink. */
function LinkedPersons({
  person,
  manage,
  actions,
}: {
  person: CasePerson;
  manage: boolean;
  actions: PersonActions;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="wrap" align="center" data-testid="person-linked">
      <Text size="sm" fw={500}>
        {t('cases.persons.linked')}
      </Text>
      <Group component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
        {person.linked.map((other) => (
          <Text component="li" key={other.personId} size="sm">
            <Anchor component={Link} to={`/cases/${other.caseId}?tab=persons`} ff="monospace" fw={700}>
              {other.reference}
            </Anchor>{' '}
            · {other.pseudonym} ({t(`cases.personRoles.${other.role}`)})
          </Text>
        ))}
      </Group>
      {manage && (
        <Button
          variant="subtle"
          size="compact-xs"
          onClick={actions.onUnlink}
          aria-label={t('cases.persons.unlinkLabel', { pseudonym: person.pseudonym })}
        >
          {t('cases.persons.unlink')}
        </Button>
      )}
    </Group>
  );
}
