import { Alert, Box, Button, DataList, Group, Paper, Stack, Text, Title, useMatches } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, clientErrorCodes } from '../api/client.ts';
import { healthOf, type ServerStatus, statusRefreshMs, useServerStatus } from '../api/status.ts';
import { formatDateTime } from '../i18n/dates.ts';
import { currentLanguage } from '../i18n/index.ts';
import { HealthIcon, healthColor } from './HealthIcon.tsx';
import { Loading } from './PageSkeleton.tsx';

/** The server's health from `GET /api/v1/status`, checked again every 15 seconds. */
export function ServerHealth() {
  const { t } = useTranslation();
  const headingId = useId();
  const { data, error, isPending, isFetching, refetch, dataUpdatedAt } = useServerStatus();

  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }} maw={720}>
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Title order={2} size="h3" id={headingId}>
            {t('overview.health.heading')}
          </Title>
          {!isPending && (
            <Button variant="default" size="xs" loading={isFetching} onClick={() => void refetch()}>
              {t('overview.health.checkNow')}
            </Button>
          )}
        </Group>

        {isPending && !error && <Loading label={t('overview.health.loading')} />}

        {error && <StatusError error={error} stale={data !== undefined} />}

        {data && <StatusDetails status={data} checkedAt={dataUpdatedAt} />}

        <Text size="sm" c="dimmed">
          {t('overview.health.autoRefresh', { seconds: statusRefreshMs / 1000 })}
        </Text>
      </Stack>
    </Paper>
  );
}

function StatusError({ error, stale }: { error: Error; stale: boolean }) {
  const { t } = useTranslation();
  const apiError = error instanceof ApiError ? error : undefined;
  const message =
    apiError?.code === clientErrorCodes.network ? t('overview.health.networkError') : error.message;
  return (
    <Alert color="red" variant="light" title={t('overview.health.errorTitle')} role="alert">
      <Stack gap={4}>
        <Text size="sm">{message}</Text>
        {apiError?.requestId && (
          <Text size="sm">
            {t('overview.health.requestId')}:{' '}
            <Text span size="sm" ff="monospace">
              {apiError.requestId}
            </Text>
          </Text>
        )}
        {stale && <Text size="sm">{t('overview.health.stale')}</Text>}
      </Stack>
    </Alert>
  );
}

function StatusDetails({ status, checkedAt }: { status: ServerStatus; checkedAt: number }) {
  const { t } = useTranslation();
  const health = healthOf(status);
  const { engine, reachable, migrations } = status.database;
  const checked = new Date(checkedAt);
  // Label beside value where there is room, label above value on phones.
  const orientation = useMatches<'vertical' | 'horizontal'>(
    { base: 'vertical', xs: 'horizontal' },
    { getInitialValueInEffect: false },
  );

  return (
    <Stack gap="md">
      <Group gap="md" wrap="nowrap" align="flex-start" aria-live="polite">
        <HealthIcon health={health} />
        <Box>
          {/* 24 px bold is "large text" in WCAG terms, so the status colours need 3:1, which all have. */}
          <Text fz={24} fw={700} lh={1.4} c={`${healthColor[health]}.9`} data-testid="health-state">
            {t(`overview.health.${health}`)}
          </Text>
          <Text>{t(`overview.health.${health}Description`)}</Text>
        </Box>
      </Group>

      <DataList orientation={orientation} labelWidth={160}>
        <DataList.Item>
          <DataList.ItemLabel>{t('overview.health.database')}</DataList.ItemLabel>
          <DataList.ItemValue>
            {engine === 'postgres'
              ? t('overview.health.enginePostgres')
              : t('overview.health.engineEmbedded')}
            {', '}
            {reachable ? t('overview.health.reachable') : t('overview.health.unreachable')}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('overview.health.migrations')}</DataList.ItemLabel>
          <DataList.ItemValue>
            {t('overview.health.migrationsValue', {
              applied: migrations.applied,
              pending: migrations.pending,
            })}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('overview.health.version')}</DataList.ItemLabel>
          <DataList.ItemValue>{status.version}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('overview.health.lastChecked')}</DataList.ItemLabel>
          <DataList.ItemValue>
            <time dateTime={checked.toISOString()}>{formatDateTime(checked, currentLanguage())}</time>
          </DataList.ItemValue>
        </DataList.Item>
      </DataList>
    </Stack>
  );
}
