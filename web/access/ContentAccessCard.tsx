import { Alert, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useContentAccessSettings, useSaveContentAccessSettings } from '../api/access.ts';
import { Loading } from '../components/PageSkeleton.tsx';

/** On the admins' security page: whether admins read the content of reports and cases (off by default). */
export function ContentAccessCard() {
  const { t } = useTranslation();
  const headingId = useId();
  const settings = useContentAccessSettings(true);
  const save = useSaveContentAccessSettings();
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="md">
        <Title order={2} size="h3" id={headingId}>
          {t('security.contentAccess.heading')}
        </Title>
        <Text size="sm">{t('security.contentAccess.help')}</Text>
        {settings.isPending && <Loading label={t('security.contentAccess.heading')} />}
        {settings.data && (
          <Switch
            label={t('security.contentAccess.adminsReadContent')}
            checked={settings.data.adminsReadContent}
            disabled={save.isPending}
            onChange={(event) => save.mutate({ adminsReadContent: event.currentTarget.checked })}
          />
        )}
        {(settings.error ?? save.error) && (
          <Alert color="red" variant="light" role="alert">
            {(settings.error ?? save.error)?.message}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
