import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type PersonSuggestion, useAddPerson, usePersonSuggestions } from '../api/persons.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { PersonRoleBadge } from './PersonRoleBadge.tsx';

const keyOf = (suggestion: PersonSuggestion) =>
  `${suggestion.reportId}:${suggestion.role}:${suggestion.name}:${suggestion.description}`;

/**
 * "Named in reports": the people the case's reports name who are not persons of the case yet, each with
 * "Take over", which adds them with the report's role, name and description – nothing to retype. Shown
 * only while there is something to take over.
 */
export function PersonSuggestions({ caseId, onTaken }: { caseId: string; onTaken: (name: string) => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const suggestions = usePersonSuggestions(caseId, true);
  const add = useAddPerson(caseId);
  if (suggestions.isError)
    return <ErrorAlert error={suggestions.error} title={t('cases.personSuggestions.errorTitle')} />;
  if (!suggestions.data || suggestions.data.length === 0) return null;
  const taking = add.isPending ? add.variables : undefined;
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      bg="var(--mantine-color-blue-light)"
      data-testid="person-suggestions"
    >
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={3} size="h4" id={headingId}>
            {t('cases.personSuggestions.heading')}
          </Title>
          <Text size="sm">{t('cases.personSuggestions.intro')}</Text>
        </Stack>
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
          {suggestions.data.map((suggestion) => (
            <Paper component="li" key={keyOf(suggestion)} withBorder p="sm" data-testid="person-suggestion">
              <Group justify="space-between" align="flex-start" gap="sm">
                <Stack gap={2} miw={0} style={{ flex: '1 1 220px' }}>
                  <Group gap="xs" wrap="wrap">
                    <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {suggestion.name}
                    </Text>
                    <PersonRoleBadge role={suggestion.role} />
                  </Group>
                  {suggestion.description && (
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {suggestion.description}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed">
                    {t('cases.personSuggestions.from', { reference: suggestion.reportReference })}
                  </Text>
                </Stack>
                <Button
                  size="compact-sm"
                  loading={
                    taking?.fromReportId === suggestion.reportId &&
                    taking.name === suggestion.name &&
                    taking.role === suggestion.role
                  }
                  disabled={add.isPending}
                  onClick={() =>
                    add.mutate(
                      {
                        fromReportId: suggestion.reportId,
                        role: suggestion.role,
                        name: suggestion.name,
                        details: suggestion.description ? { description: suggestion.description } : null,
                      },
                      { onSuccess: () => onTaken(suggestion.name) },
                    )
                  }
                  aria-label={t('cases.personSuggestions.takeLabel', {
                    name: suggestion.name,
                    reference: suggestion.reportReference,
                  })}
                >
                  {t('cases.personSuggestions.take')}
                </Button>
              </Group>
            </Paper>
          ))}
        </Stack>
        <ErrorAlert error={add.error} />
      </Stack>
    </Paper>
  );
}
