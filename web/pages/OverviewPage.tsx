import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/PageTitle.tsx';
import { ServerHealth } from '../components/ServerHealth.tsx';

export function OverviewPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <PageTitle>{t('overview.title')}</PageTitle>
        <Text c="dimmed">{t('overview.intro')}</Text>
      </Stack>
      <ServerHealth />
    </Stack>
  );
}
