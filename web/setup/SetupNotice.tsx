import { Alert, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSetupStatus } from '../api/setup.ts';

/**
 * On the sign-in page of a TMA without any organisation: the way to set it up (the setup page on this
 * machine, or what to run at the command line). Nothing once an organisation exists.
 */
export function SetupNotice() {
  const { t } = useTranslation();
  const { data } = useSetupStatus();
  if (!data || data.reason === 'tenant_exists') return null;
  return (
    <Alert
      color="blue"
      variant="light"
      title={data.open ? t('setup.notice.openTitle') : t('setup.notice.closedTitle')}
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{data.open ? t('setup.notice.open') : t('setup.notice.closed')}</Text>
        <Button component={Link} to="/setup" size="sm">
          {data.open ? t('setup.notice.openAction') : t('setup.notice.closedAction')}
        </Button>
      </Stack>
    </Alert>
  );
}
