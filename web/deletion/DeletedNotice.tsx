import { Alert, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DeletableType, Tombstone } from '../api/deletion.ts';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';

/** What a deleted case or report page shows (the server answered 410): when, why, and a way back. */
export function DeletedNotice({
  type,
  tombstone,
  back,
}: {
  type: DeletableType;
  tombstone: Tombstone;
  back: { to: string; label: string };
}) {
  const { t } = useTranslation();
  const day = formatDay(tombstone.on, currentLanguage());
  return (
    <Alert
      color="gray"
      variant="light"
      title={t(type === 'case' ? 'deletion.gone.caseTitle' : 'deletion.gone.reportTitle')}
      maw={640}
      data-testid="deleted-notice"
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          {t(type === 'case' ? 'deletion.gone.caseText' : 'deletion.gone.reportText', { day })}
        </Text>
        {tombstone.reason && (
          <Text size="sm">
            {t('deletion.gone.reason', {
              reason: t(`deletion.reasons.${tombstone.reason}` as 'deletion.reasons.other'),
            })}
          </Text>
        )}
        <Button component={Link} to={back.to} size="xs" variant="default">
          {back.label}
        </Button>
      </Stack>
    </Alert>
  );
}
