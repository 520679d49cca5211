import { Box, Button, Group, Paper, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CertificateObjectType,
  certificatePdfPath,
  type DeletionCertificate,
  seesCertificates,
  useDeletionCertificates,
} from '../api/deletion-certificates.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { NoticePage } from '../components/PageNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireSignIn } from '../components/RequireSignIn.tsx';
import { formatDateTime } from '../i18n/dates.ts';
import { currentLanguage } from '../i18n/index.ts';

/** `/admin/deletion-certificates`: every deletion's certificate, newest first, for admins and auditors. */
export function DeletionCertificatesPage() {
  const { t } = useTranslation();
  return (
    <RequireSignIn>
      {(session) =>
        seesCertificates(session) ? (
          <Certificates />
        ) : (
          <NoticePage title={t('certificates.access.title')}>{t('certificates.access.text')}</NoticePage>
        )
      }
    </RequireSignIn>
  );
}

type Filter = 'all' | CertificateObjectType;

function Certificates() {
  const { t } = useTranslation();
  const headingId = useId();
  const [filter, setFilter] = useState<Filter>('all');
  const list = useDeletionCertificates(filter === 'all' ? null : filter);
  const loaded = list.data?.pages.flatMap((page) => page.certificates);
  return (
    <Stack gap="lg" maw={1200}>
      <Stack gap={4}>
        <PageTitle>{t('certificates.title')}</PageTitle>
        <Text c="dimmed" maw={760}>
          {t('certificates.intro')}
        </Text>
      </Stack>
      <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
        <Stack gap="md">
          <Text id={headingId} fw={600}>
            {t('certificates.filter.label')}
          </Text>
          <SegmentedControl
            aria-labelledby={headingId}
            value={filter}
            onChange={(value) => setFilter(value as Filter)}
            data={(['all', 'case', 'report'] as const).map((value) => ({
              value,
              label: t(`certificates.filter.${value}`),
            }))}
            style={{ alignSelf: 'flex-start' }}
          />
          {list.error && (
            <ErrorNotice
              error={list.error}
              title={t('shell.error.loadFailed')}
              onRetry={() => void list.refetch()}
            />
          )}
          {list.isPending && <Loading label={t('certificates.loading')} />}
          {loaded?.length === 0 && <Text>{t('certificates.empty')}</Text>}
          {loaded && loaded.length > 0 && (
            <>
              {/* A table from a tablet's width on; cards on a phone, with the download in view. */}
              <Box visibleFrom="sm">
                <CertificateTable certificates={loaded} />
              </Box>
              <Box hiddenFrom="sm">
                <CertificateCards certificates={loaded} />
              </Box>
            </>
          )}
          <LoadMore list={list} label={t('certificates.loadMore')} />
        </Stack>
      </Paper>
    </Stack>
  );
}

function CertificateTable({ certificates }: { certificates: DeletionCertificate[] }) {
  const { t } = useTranslation();
  const loose = t as unknown as Translate;
  const language = currentLanguage();
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table verticalSpacing="sm" striped data-testid="certificate-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('certificates.columns.deletedAt')}</Table.Th>
            <Table.Th>{t('certificates.columns.object')}</Table.Th>
            <Table.Th>{t('certificates.columns.reason')}</Table.Th>
            <Table.Th>{t('certificates.columns.deletedBy')}</Table.Th>
            <Table.Th>{t('certificates.columns.approvedBy')}</Table.Th>
            <Table.Th>{t('certificates.columns.contents')}</Table.Th>
            <Table.Th>{t('certificates.columns.file')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {certificates.map((certificate) => (
            <Table.Tr key={certificate.id} data-testid="certificate-row">
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {formatDateTime(certificate.deletedAt, language)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" c="dimmed" span>
                  {t(`certificates.objectType.${certificate.objectType}`)}
                </Text>{' '}
                <Text size="sm" fw={600} span>
                  {certificate.reference}
                </Text>
              </Table.Td>
              <Table.Td>{reasonLabel(loose, certificate.reason)}</Table.Td>
              <Table.Td>{deleterLabel(loose, certificate)}</Table.Td>
              <Table.Td>{certificate.approvedBy ?? t('certificates.noApproval')}</Table.Td>
              <Table.Td>{countsLabel(loose, certificate.counts)}</Table.Td>
              <Table.Td>
                <Button
                  component="a"
                  href={certificatePdfPath(certificate.id)}
                  download
                  variant="default"
                  size="compact-sm"
                  aria-label={t('certificates.downloadLabel', { reference: certificate.reference })}
                  data-testid="certificate-download"
                >
                  {t('certificates.download')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The catalogue's lookup, loosely typed: the keys below are built from codes the server sends. */
function CertificateCards({ certificates }: { certificates: DeletionCertificate[] }) {
  const { t } = useTranslation();
  const loose = t as unknown as Translate;
  const language = currentLanguage();
  return (
    <Stack gap="sm" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {certificates.map((certificate) => (
        <Paper component="li" key={certificate.id} withBorder p="sm" data-testid="certificate-card">
          <Stack gap={4}>
            <Group gap="xs" justify="space-between" wrap="nowrap">
              <Text size="sm">
                <Text size="sm" c="dimmed" span>
                  {t(`certificates.objectType.${certificate.objectType}`)}
                </Text>{' '}
                <Text size="sm" fw={600} span>
                  {certificate.reference}
                </Text>
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(certificate.deletedAt, language)}
              </Text>
            </Group>
            <Text size="sm">
              {reasonLabel(loose, certificate.reason)} · {deleterLabel(loose, certificate)}
              {certificate.approvedBy ? ` · ${certificate.approvedBy}` : ''}
            </Text>
            <Text size="sm" c="dimmed">
              {countsLabel(loose, certificate.counts)}
            </Text>
            <Button
              component="a"
              href={certificatePdfPath(certificate.id)}
              download
              variant="default"
              size="compact-sm"
              mt={4}
              style={{ alignSelf: 'flex-start' }}
              aria-label={t('certificates.downloadLabel', { reference: certificate.reference })}
            >
              {t('certificates.download')}
            </Button>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

const REASONS = [
  'retention_expired',
  'unfounded',
  'data_subject_request',
  'duplicate',
  'legal_order',
  'other',
];

function reasonLabel(t: Translate, reason: string): string {
  return REASONS.includes(reason) ? t(`deletion.reasons.${reason}`) : reason;
}

/** Who deleted: the admin, the operator or a retention rule. */
function deleterLabel(t: Translate, certificate: DeletionCertificate): string {
  const { deletedBy } = certificate;
  if (deletedBy.kind === 'operator') return t('certificates.operator');
  if (deletedBy.kind === 'retention_policy')
    return t('certificates.retentionPolicy', { rule: deletedBy.retentionRule ?? '' });
  return deletedBy.name ?? t('certificates.unknownUser');
}

const SHOWN_COUNTS = ['reports', 'persons', 'documents', 'attachments', 'dialogueMessages'] as const;

/** The numbers that matter most, in words; the PDF lists every one. */
function countsLabel(t: Translate, counts: Record<string, number>): string {
  const parts = SHOWN_COUNTS.filter((key) => (counts[key] ?? 0) > 0).map((key) =>
    t(`certificates.counts.${key}`, { count: counts[key] ?? 0 }),
  );
  return parts.length > 0 ? parts.join(' · ') : t('certificates.counts.nothing');
}
