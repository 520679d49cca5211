import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../api/auth.ts';
import type { DeletableType, Tombstone } from '../api/deletion.ts';
import { certificatePdfPath, seesCertificates, useCertificateOf } from '../api/deletion-certificates.ts';
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
        <Group gap="sm">
          <Button component={Link} to={back.to} size="xs" variant="default">
            {back.label}
          </Button>
          <CertificateLink type={type} />
        </Group>
      </Stack>
    </Alert>
  );
}

/**
 * The deletion certificate of the deleted case or report of this page (`:id`), for admins and auditors; a
 * report deleted with its case links the case's certificate.
 */
function CertificateLink({ type }: { type: DeletableType }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { data: session } = useSession();
  const allowed = seesCertificates(session) && id !== '';
  const certificate = useCertificateOf(type, id, allowed);
  if (!allowed || certificate.isPending || certificate.isError) return null;
  if (!certificate.data)
    return (
      <Text size="xs" c="dimmed">
        {t('certificates.tombstone.none')}
      </Text>
    );
  return (
    <Button
      component="a"
      href={certificatePdfPath(certificate.data.id)}
      download
      size="xs"
      variant="light"
      data-testid="tombstone-certificate"
    >
      {t('certificates.tombstone.link')}
    </Button>
  );
}
