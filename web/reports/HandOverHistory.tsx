import { Alert, Paper, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { HandOverEntry } from '../api/cases.ts';
import { Day } from './ReportBits.tsx';

/** The hand-overs of a report or case to other units, with the reasons given; nothing when there were none. */
export function HandOverHistory({ handOvers }: { handOvers: HandOverEntry[] }) {
  const { t } = useTranslation();
  const headingId = useId();
  if (handOvers.length === 0) return null;
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {t('reports.handOvers.heading')}
        </Title>
        <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
          {handOvers.map((handOver) => (
            <Stack component="li" key={handOver.id} gap={2}>
              <Text size="sm" fw={600}>
                {t('reports.handOvers.entry', { from: handOver.from.name, to: handOver.to.name })}
              </Text>
              <Text size="xs" c="dimmed">
                <Day day={handOver.on} />
                {handOver.by && <> · {t('reports.handOvers.by', { name: handOver.by.name })}</>}
              </Text>
              <Text
                size="sm"
                fs={handOver.reason === null ? 'italic' : undefined}
                style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
              >
                {handOver.reason ?? t('reports.integrity.unreadableReason')}
              </Text>
            </Stack>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}

/** Says that some stored data did not verify and is left out, when any did. */
export function UnreadableNotice({ fields }: { fields: string[] }) {
  const { t } = useTranslation();
  if (fields.length === 0) return null;
  return (
    <Alert color="red" variant="light" title={t('reports.integrity.title')}>
      {t('reports.integrity.text')}
    </Alert>
  );
}
