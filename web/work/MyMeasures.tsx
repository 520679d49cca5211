import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMeasureTypeName, useMyMeasures } from '../api/measures.ts';
import { Loading } from '../components/PageSkeleton.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';
import { WorkError } from './WorkError.tsx';

/** The open measures the user carries out or takes part in, soonest due first; overdue ones in red. */
export function MyMeasures() {
  const { t } = useTranslation();
  const headingId = useId();
  const language = currentLanguage();
  const measures = useMyMeasures();
  const typeName = useMeasureTypeName();
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md">
      <Stack gap="sm">
        <Group gap="xs">
          <Title order={2} size="h4" id={headingId}>
            {t('work.myMeasures')}
          </Title>
          {measures.data && (
            <Badge variant="light" color={measures.data.length > 0 ? 'blue' : 'gray'} aria-hidden="true">
              {measures.data.length}
            </Badge>
          )}
        </Group>
        {measures.isPending ? (
          <Loading label={t('work.loading')} />
        ) : measures.isError ? (
          <WorkError error={measures.error} title={t('work.measuresError')} />
        ) : measures.data.length === 0 ? (
          <Text c="dimmed">{t('work.myMeasuresNone')}</Text>
        ) : (
          <Stack component="ul" gap={6} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {measures.data.map((measure) => (
              <li key={measure.id}>
                <Group gap="xs" wrap="wrap">
                  <Anchor component={Link} to={`/cases/${measure.case.id}?tab=measures`} fw={600}>
                    {typeName(measure.typeKey)}
                  </Anchor>
                  <Text size="sm" c="dimmed">
                    {measure.case.reference} ·{' '}
                    {t(measure.asOwner ? 'work.measureOwner' : 'work.measureExpert')}
                  </Text>
                  {measure.dueOn && (
                    <Text size="sm" c={measure.overdue ? 'red.8' : 'dimmed'} fw={measure.overdue ? 600 : 400}>
                      {t(measure.overdue ? 'work.overdueSince' : 'work.dueOn', {
                        day: formatDay(measure.dueOn, language),
                      })}
                    </Text>
                  )}
                </Group>
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
