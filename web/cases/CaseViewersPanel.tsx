import { Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAdmin } from '../api/admin.ts';
import { type CaseViewers, useCaseViewers } from '../api/audit.ts';
import { useSession } from '../api/auth.ts';
import type { CaseDetail } from '../api/cases.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { formatDateTime } from '../i18n/dates.ts';
import { currentLanguage } from '../i18n/index.ts';

/**
 * "Who has seen this case" (GET /api/v1/cases/:id/viewers): for the case's owner and admins, who read,
 * exported or changed it, how often and when last, from the audit log. Looking is audited, so the list is
 * loaded when asked for, not with the page.
 */
export function CaseViewersPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const { data: session } = useSession();
  const [open, setOpen] = useState(false);
  const viewers = useCaseViewers(detail.id, open);
  const headingId = useId();
  const owner = !!session && detail.owner?.id === session.user.id;
  if (!owner && !isAdmin(session)) return null;
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p="md"
      radius="md"
      mt="lg"
      data-testid="case-viewers"
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id={headingId}>
          {t('audit.viewers.heading')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('audit.viewers.intro')}
        </Text>
        {!open ? (
          <div>
            <Button variant="default" onClick={() => setOpen(true)} data-testid="case-viewers-show">
              {t('audit.viewers.show')}
            </Button>
          </div>
        ) : viewers.isPending ? (
          <Loading label={t('audit.viewers.loading')} />
        ) : viewers.isError ? (
          <ErrorAlert
            error={viewers.error}
            title={t('audit.viewers.error')}
            onRetry={() => void viewers.refetch()}
          />
        ) : (
          <ViewerTable viewers={viewers.data.viewers} />
        )}
      </Stack>
    </Paper>
  );
}

function ViewerTable({ viewers }: { viewers: CaseViewers['viewers'] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  if (viewers.length === 0) return <Text c="dimmed">{t('audit.viewers.empty')}</Text>;
  return (
    <Table.ScrollContainer
      type="native"
      minWidth={520}
      tabIndex={0}
      role="region"
      aria-label={t('audit.viewers.tableLabel')}
    >
      <Table striped verticalSpacing="xs" data-testid="case-viewers-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('audit.viewers.person')}</Table.Th>
            <Table.Th ta="right">{t('audit.viewers.reads')}</Table.Th>
            <Table.Th ta="right">{t('audit.viewers.exports')}</Table.Th>
            <Table.Th ta="right">{t('audit.viewers.changes')}</Table.Th>
            <Table.Th>{t('audit.viewers.last')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {viewers.map((viewer) => (
            <Table.Tr key={`${viewer.actorType}:${viewer.actorId}`} data-testid="case-viewer">
              <Table.Td>
                {viewer.actorType === 'api_token'
                  ? t('audit.viewers.apiToken')
                  : (viewer.name ?? t('audit.viewers.unknown'))}
              </Table.Td>
              <Table.Td ta="right">{viewer.reads}</Table.Td>
              <Table.Td ta="right">{viewer.exports}</Table.Td>
              <Table.Td ta="right">{viewer.changes}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(viewer.lastAt, language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
