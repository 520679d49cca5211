import { Alert, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeletionSettings, useSaveDeletionSettings } from '../api/deletion.ts';
import { Loading } from '../components/PageSkeleton.tsx';

/** On the admins' security page: whether deleting a case or report needs a second admin's approval. */
export function DeletionApprovalCard() {
  const { t } = useTranslation();
  const headingId = useId();
  const settings = useDeletionSettings(true);
  const save = useSaveDeletionSettings();
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="md">
        <Title order={2} size="h3" id={headingId}>
          {t('deletion.settings.heading')}
        </Title>
        <Text size="sm">{t('deletion.settings.help')}</Text>
        {settings.isPending && <Loading label={t('deletion.settings.heading')} />}
        {settings.data && (
          <Switch
            label={t('deletion.settings.requiresApproval')}
            checked={settings.data.requiresApproval}
            disabled={save.isPending}
            onChange={(event) => save.mutate({ requiresApproval: event.currentTarget.checked })}
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
