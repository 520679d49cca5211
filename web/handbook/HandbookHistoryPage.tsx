import { Anchor, Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  type HandbookPage,
  type HandbookVersionSummary,
  useHandbookDiff,
  useHandbookPage,
  useHandbookVersion,
  useHandbookVersions,
  useRestoreHandbookVersion,
} from '../api/handbook.ts';
import { formatMoment } from '../cases/case-times.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { currentLanguage } from '../i18n/index.ts';
import {
  LanguageColumns,
  Loading,
  PageLoadError,
  RequireHandbook,
  titleOf,
  useLanguageOrder,
} from './common.tsx';
import { DiffView } from './DiffView.tsx';

/** `/handbook/:slug/history`: every version of a page; compare two, view one, restore an old one. */
export function HandbookHistoryPage() {
  return <RequireHandbook>{() => <History />}</RequireHandbook>;
}

function History() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const page = useHandbookPage(slug);
  if (page.isPending) return <Loading label={t('handbook.page.loading')} />;
  if (page.error || !page.data) return <PageLoadError error={page.error ?? new Error('')} />;
  // Keyed by the current version: after a restore, the choices start again from the new current version.
  return <Versions key={page.data.version} page={page.data} />;
}

function Versions({ page }: { page: HandbookPage }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [first] = useLanguageOrder();
  const language = currentLanguage();
  const versions = useHandbookVersions(page.slug);
  const list = versions.data?.pages.flatMap((answer) => answer.versions) ?? [];
  const [from, setFrom] = useState<number | null>(page.version > 1 ? page.version - 1 : null);
  const [to, setTo] = useState<number | null>(page.version > 1 ? page.version : null);
  const [viewing, setViewing] = useState<number | null>(null);
  const [restoring, setRestoring] = useState<HandbookVersionSummary | null>(null);
  const diff = useHandbookDiff(page.slug, from !== null && from !== to ? from : null, to);
  const shown = useHandbookVersion(page.slug, viewing);
  const restore = useRestoreHandbookVersion();
  const title = titleOf({ en: page.en?.title ?? null, de: page.de?.title ?? null }, first);
  const option = (version: HandbookVersionSummary) => ({
    value: String(version.version),
    label: t('handbook.history.versionOption', {
      version: version.version,
      date: formatMoment(version.createdAt, language),
    }),
  });

  return (
    <Stack gap="lg" maw={1400}>
      <Anchor component={Link} to={`/handbook/${page.slug}`} size="sm">
        {title}
      </Anchor>
      <Stack gap={4}>
        <PageTitle>{t('handbook.history.title', { title })}</PageTitle>
        <Text c="dimmed">{t('handbook.history.intro')}</Text>
      </Stack>
      {versions.isPending && <Loading label={t('handbook.page.loading')} />}
      {list.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover verticalSpacing="xs" aria-label={t('handbook.history.versions')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('handbook.history.version')}</Table.Th>
                <Table.Th>{t('handbook.history.date')}</Table.Th>
                <Table.Th>{t('handbook.history.author')}</Table.Th>
                <Table.Th>{t('handbook.history.note')}</Table.Th>
                <Table.Th>{t('handbook.history.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((version) => (
                <Table.Tr key={version.version} data-version={version.version}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text fw={600}>{version.version}</Text>
                      {version.version === page.version && (
                        <Badge size="sm" color="teal" variant="light">
                          {t('handbook.history.current')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{formatMoment(version.createdAt, language)}</Table.Td>
                  <Table.Td>{version.author?.name ?? t('handbook.history.unknownAuthor')}</Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      {version.note && <Text size="sm">{version.note}</Text>}
                      {version.restoredFrom !== null && (
                        <Text size="xs" c="dimmed">
                          {t('handbook.history.restoreOf', { version: version.restoredFrom })}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={t('handbook.history.viewVersion', { version: version.version })}
                        aria-pressed={viewing === version.version}
                        onClick={() => setViewing(viewing === version.version ? null : version.version)}
                      >
                        {t('handbook.history.view')}
                      </Button>
                      {page.can.restore && version.version !== page.version && (
                        <Button
                          size="xs"
                          variant="light"
                          aria-label={t('handbook.history.restoreVersion', { version: version.version })}
                          onClick={() => setRestoring(version)}
                        >
                          {t('handbook.history.restore')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore list={versions} />
      {viewing !== null && (
        <Paper
          withBorder
          p="md"
          radius="md"
          component="section"
          aria-label={t('handbook.history.showing', { version: viewing })}
        >
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={2} size="h3">
                {t('handbook.history.showing', { version: viewing })}
              </Title>
              <Button size="xs" variant="subtle" onClick={() => setViewing(null)}>
                {t('handbook.history.closeVersion')}
              </Button>
            </Group>
            {shown.isPending && <Loading label={t('handbook.page.loading')} />}
            {shown.data && <LanguageColumns texts={shown.data} />}
          </Stack>
        </Paper>
      )}
      {list.length > 1 && (
        <Stack gap="md" component="section" aria-label={t('handbook.history.compare')}>
          <Title order={2} size="h3">
            {t('handbook.history.compare')}
          </Title>
          <Group gap="md" align="flex-end">
            <NativeSelect
              label={t('handbook.history.from')}
              data={list.map(option)}
              value={from === null ? '' : String(from)}
              onChange={(event) => setFrom(Number(event.currentTarget.value))}
            />
            <NativeSelect
              label={t('handbook.history.to')}
              data={list.map(option)}
              value={to === null ? '' : String(to)}
              onChange={(event) => setTo(Number(event.currentTarget.value))}
            />
          </Group>
          {from !== null && from === to && <Text c="dimmed">{t('handbook.diff.same')}</Text>}
          {diff.isFetching && !diff.data && <Loading label={t('handbook.diff.loading')} />}
          {diff.data && from !== to && <DiffView diff={diff.data} />}
        </Stack>
      )}
      {restoring && (
        <ActionDialog
          title={t('handbook.history.restoreTitle', { version: restoring.version })}
          intro={t('handbook.history.restoreText', { next: page.version + 1 })}
          submitLabel={t('handbook.history.restoreConfirm', { version: restoring.version })}
          pending={restore.isPending}
          error={restore.error}
          onClose={() => setRestoring(null)}
          onSubmit={() =>
            // Awaited here, not in mutate's callbacks: the saved page remounts this view (keyed by version).
            restore
              .mutateAsync({ page: page.id, version: restoring.version, baseVersion: page.version })
              .then(
                (saved) =>
                  navigate(`/handbook/${saved.slug}`, {
                    state: {
                      notice: t('handbook.page.restored', {
                        from: restoring.version,
                        version: saved.version,
                      }),
                    },
                  }),
                () => {},
              )
          }
        >
          {null}
        </ActionDialog>
      )}
    </Stack>
  );
}
