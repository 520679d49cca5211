import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { ServerHealth } from '../components/ServerHealth.tsx';
import { MasterKeyStatus } from './MasterKeyStatus.tsx';

/**
 * `/admin/status`: this instance's version, database engine, migrations and readiness, and its master key's
 * schedule, for administrators.
 */
export function ServerStatusPage() {
  const { t } = useTranslation();
  return (
    <RequireArea area="administration">
      {() => (
        <Stack gap="lg">
          <Stack gap={4}>
            <PageTitle>{t('overview.statusTitle')}</PageTitle>
            <Text c="dimmed">{t('overview.intro')}</Text>
          </Stack>
          <ServerHealth />
          <MasterKeyStatus />
        </Stack>
      )}
    </RequireArea>
  );
}
