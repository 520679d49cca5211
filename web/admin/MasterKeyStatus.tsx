import { Alert, Code, DataList, Paper, Stack, Text, Title, useMatches } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useServerStatus } from '../api/status.ts';
import { formatDate, formatDateTime } from '../i18n/dates.ts';
import { currentLanguage } from '../i18n/index.ts';

/**
 * The instance's master key and what its schedule asks of the operator: the same state the server logs and
 * exports as metrics (tma_master_key_rotation_due, tma_master_keys_destruction_due), for administrators.
 */
export function MasterKeyStatus() {
  const { t } = useTranslation();
  const headingId = useId();
  const language = currentLanguage();
  const { data } = useServerStatus();
  const orientation = useMatches<'vertical' | 'horizontal'>(
    { base: 'vertical', xs: 'horizontal' },
    { getInitialValueInEffect: false },
  );
  const key = data?.masterKey;
  if (!key) return null;
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }} maw={720}>
      <Stack gap="md">
        <Title order={2} size="h3" id={headingId}>
          {t('overview.masterKey.heading')}
        </Title>
        {key.rotationDue && (
          <Alert color="yellow" variant="light" title={t('overview.masterKey.rotationDueTitle')}>
            {t('overview.masterKey.rotationDue', { days: key.rotationDays })}
          </Alert>
        )}
        {key.destructionDue > 0 && (
          <Alert color="red" variant="light" title={t('overview.masterKey.destructionDueTitle')}>
            {t('overview.masterKey.destructionDue', { days: key.backupRetentionDays })}
          </Alert>
        )}
        <DataList orientation={orientation} labelWidth={200}>
          <DataList.Item>
            <DataList.ItemLabel>{t('overview.masterKey.key')}</DataList.ItemLabel>
            <DataList.ItemValue>
              {t(`overview.masterKey.providers.${key.provider}`)} <Code>{key.id}</Code>
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('overview.masterKey.since')}</DataList.ItemLabel>
            <DataList.ItemValue>
              {key.since ? (
                <time dateTime={key.since}>{formatDateTime(key.since, language)}</time>
              ) : (
                t('overview.masterKey.notRecorded')
              )}
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('overview.masterKey.rotation')}</DataList.ItemLabel>
            <DataList.ItemValue data-testid="master-key-rotation">
              {key.rotationDays === 0
                ? t('overview.masterKey.rotationOff')
                : key.rotationDueOn
                  ? t('overview.masterKey.rotationOn', {
                      date: formatDate(key.rotationDueOn, language),
                      days: key.rotationDays,
                    })
                  : t('overview.masterKey.notRecorded')}
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('overview.masterKey.retired')}</DataList.ItemLabel>
            <DataList.ItemValue>
              {t('overview.masterKey.retiredValue', {
                count: key.destructionDue,
                days: key.backupRetentionDays,
              })}
            </DataList.ItemValue>
          </DataList.Item>
        </DataList>
        <Text size="sm" c="dimmed">
          {t('overview.masterKey.help')}
        </Text>
      </Stack>
    </Paper>
  );
}
