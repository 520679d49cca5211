import { Alert, Button, FileButton, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  type ModelSummary,
  type ModelVersionSummary,
  modelVersionPage,
  useAssessmentModels,
  useImportModel,
} from '../api/assessment-models.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireSignIn } from '../components/RequireSignIn.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';
import {
  ExportMenu,
  LifecycleButtons,
  ModelActionDialog,
  type ModelActionKind,
  type ModelDialog,
  ModelStatusBadge,
  OriginBadge,
  shortModelHash,
} from './ModelActions.tsx';
import { localised } from './model-text.ts';

/**
 * `/assessment-models`: the organisation's assessment models with their versions – status, origin, content
 * hash – and, for threat managers and admins, new versions, publishing, retiring, discarding drafts,
 * importing a model file; export for everyone who reads them (where the licence allows).
 */
export function ModelsPage() {
  return <RequireSignIn>{() => <Models />}</RequireSignIn>;
}

function Models() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const models = useAssessmentModels();
  const importModel = useImportModel();
  const [notice, setNotice] = useState<string | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const manage = models.data?.can.manage ?? false;
  const language = currentLanguage();

  const importFile = async (file: File | null) => {
    if (!file) return;
    setNotice(null);
    setFileProblem(null);
    importModel.reset();
    let definition: unknown;
    try {
      definition = JSON.parse(await file.text());
    } catch (error) {
      setFileProblem(
        t('models.importNotJson', { name: file.name, message: error instanceof Error ? error.message : '' }),
      );
      return;
    }
    importModel.mutate(
      { definition },
      {
        onSuccess: (view) => {
          setNotice(t('models.imported', { title: localised(view.title, language), version: view.version }));
          void navigate(modelVersionPage(view.modelId, view.version));
        },
      },
    );
  };

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end" gap="md">
        <Stack gap={4} maw={760}>
          <PageTitle>{t('models.title')}</PageTitle>
          <Text c="dimmed">{t('models.intro')}</Text>
        </Stack>
        {manage && (
          <Stack gap={4} align="flex-end">
            <FileButton onChange={(file) => void importFile(file)} accept="application/json,.json">
              {(props) => (
                <Button {...props} loading={importModel.isPending}>
                  {t('models.import')}
                </Button>
              )}
            </FileButton>
            <Text size="xs" c="dimmed" maw={320} ta="right">
              {t('models.importHelp')}
            </Text>
          </Stack>
        )}
      </Group>
      <div role="status">
        {notice && (
          <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
      </div>
      {fileProblem && (
        <Alert color="red" variant="light" role="alert">
          {fileProblem}
        </Alert>
      )}
      <ErrorAlert error={importModel.error} />
      {models.isPending && <Loading label={t('models.loading')} />}
      {models.error && (
        <ErrorNotice
          error={models.error}
          title={t('shell.error.loadFailed')}
          onRetry={() => void models.refetch()}
        />
      )}
      {models.data?.models.length === 0 && <Text c="dimmed">{t('models.empty')}</Text>}
      {models.data && models.data.models.length > 0 && (
        <Stack
          component="ul"
          gap="lg"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label={t('models.list.label')}
        >
          {models.data.models.map((model) => (
            <ModelItem
              key={model.modelId}
              model={model}
              manage={manage}
              onNotice={setNotice}
              onOpen={(version) => void navigate(modelVersionPage(model.modelId, version))}
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function ModelItem({
  model,
  manage,
  onNotice,
  onOpen,
}: {
  model: ModelSummary;
  manage: boolean;
  onNotice: (notice: string) => void;
  onOpen: (version: string) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const language = currentLanguage();
  const title = localised(model.title, language);
  const [dialog, setDialog] = useState<ModelDialog>(null);
  return (
    <Paper
      component="li"
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      aria-labelledby={headingId}
      data-testid="model"
      data-model={model.modelId}
    >
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h3" id={headingId}>
            {title}
          </Title>
          <Text size="sm" c="dimmed" ff="monospace">
            {t('models.list.modelId', { id: model.modelId })}
          </Text>
          <Text size="sm" fw={500} c={model.activeVersion ? undefined : 'orange.9'}>
            {model.activeVersion
              ? t('models.list.activeVersion', { version: model.activeVersion })
              : t('models.list.noActive')}
          </Text>
        </Stack>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" aria-label={t('models.list.versionsLabel', { title })}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('models.list.version')}</Table.Th>
                {/* Wide enough for the longest status badge ("Außer Kraft"), which would otherwise be cut. */}
                <Table.Th style={{ width: 150, minWidth: 150 }}>{t('models.list.status')}</Table.Th>
                <Table.Th>{t('models.list.hash')}</Table.Th>
                <Table.Th>{t('models.list.dates')}</Table.Th>
                <Table.Th>{t('models.list.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {model.versions.map((version) => (
                <VersionRow
                  key={version.version}
                  modelId={model.modelId}
                  title={title}
                  version={version}
                  manage={manage}
                  onAction={(kind) =>
                    setDialog(
                      kind === 'new' || kind === 'copy'
                        ? { kind, from: version.version }
                        : { kind, version: version.version },
                    )
                  }
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
      {dialog && (
        <ModelActionDialog
          dialog={dialog}
          modelId={model.modelId}
          title={title}
          versions={model.versions.map((version) => version.version)}
          activeVersion={model.activeVersion}
          onClose={() => setDialog(null)}
          onDone={(notice, opened) => {
            setDialog(null);
            onNotice(notice);
            if (opened) onOpen(opened);
          }}
        />
      )}
    </Paper>
  );
}

function VersionRow({
  modelId,
  title,
  version,
  manage,
  onAction,
}: {
  modelId: string;
  title: string;
  version: ModelVersionSummary;
  manage: boolean;
  onAction: (kind: ModelActionKind) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const day = (iso: string) => formatDay(iso.slice(0, 10), language);
  const draft = version.status === 'draft';
  return (
    <Table.Tr data-testid="model-version" data-version={version.version} data-status={version.status}>
      <Table.Td>
        <Text fw={700} ff="monospace">
          {version.version}
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <ModelStatusBadge status={version.status} />
          <OriginBadge origin={version.origin} />
        </Stack>
      </Table.Td>
      <Table.Td>
        {version.contentHash ? (
          <Text size="sm" ff="monospace" title={t('models.list.hashTitle', { hash: version.contentHash })}>
            {shortModelHash(version.contentHash)}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {t('models.list.noHash')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Stack gap={0}>
          <Text size="xs">{t('models.list.created', { date: day(version.createdAt) })}</Text>
          {version.publishedAt && (
            <Text size="xs">{t('models.list.published', { date: day(version.publishedAt) })}</Text>
          )}
          {version.retiredAt && (
            <Text size="xs">{t('models.list.retired', { date: day(version.retiredAt) })}</Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="wrap">
          <Button
            component={Link}
            to={modelVersionPage(modelId, version.version)}
            size="xs"
            variant={draft && manage ? 'filled' : 'light'}
            aria-label={
              draft && manage
                ? t('models.list.editLabel', { version: version.version, title })
                : t('models.list.openLabel', { version: version.version, title })
            }
          >
            {draft && manage ? t('models.list.edit') : t('models.list.open')}
          </Button>
          <LifecycleButtons status={version.status} manage={manage} onAction={onAction} />
          <ExportMenu
            modelId={modelId}
            version={version.version}
            allowed={version.exportAllowed}
            label={t('models.list.exportLabel', { version: version.version })}
          />
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
