import { Alert, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  type ModelDefinition,
  type ModelVersionView,
  modelVersionPage,
  useAssessmentModels,
  useModelVersion,
} from '../api/assessment-models.ts';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireSignIn } from '../components/RequireSignIn.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';
import { BackLink, LoadError } from '../reports/ReportBits.tsx';
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
import { ModelEditor } from './ModelEditor.tsx';
import { ModelReadView } from './ModelReadView.tsx';
import { localised } from './model-text.ts';

/**
 * `/assessment-models/:modelId/:version`: one version of a model. Published (active or retired): what it
 * is, read only. A draft, for whoever may change models: the editor with the server's check, and publish.
 */
export function ModelVersionPage() {
  const { modelId = '', version = '' } = useParams();
  return (
    <RequireSignIn>
      {() => <ModelVersion key={`${modelId}|${version}`} modelId={modelId} version={version} />}
    </RequireSignIn>
  );
}

function ModelVersion({ modelId, version }: { modelId: string; version: string }) {
  const { t } = useTranslation();
  const found = useModelVersion(modelId, version);
  if (found.isPending) return <Loading label={t('models.version.loading')} />;
  if (found.isError)
    return (
      <LoadError
        error={found.error}
        title={t('models.version.loadError')}
        notFound={t('models.version.notFound')}
        back={{ to: '/assessment-models', label: t('models.version.back') }}
      />
    );
  return <VersionView view={found.data} />;
}

function VersionView({ view }: { view: ModelVersionView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const language = currentLanguage();
  const models = useAssessmentModels();
  const model = models.data?.models.find((candidate) => candidate.modelId === view.modelId);
  const [dialog, setDialog] = useState<ModelDialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const title = localised(view.title, language);
  const definition = view.definition as ModelDefinition;
  const day = (iso: string) => formatDay(iso.slice(0, 10), language);
  const editing = view.status === 'draft' && view.can.edit;
  const open = (kind: ModelActionKind) =>
    setDialog(
      kind === 'new' || kind === 'copy' ? { kind, from: view.version } : { kind, version: view.version },
    );

  return (
    <Stack gap="lg" maw={1280}>
      <BackLink to="/assessment-models" label={t('models.version.back')} />
      <Stack gap="xs">
        <Group gap="sm" align="center" wrap="wrap">
          <PageTitle>{t('models.version.heading', { title, version: view.version })}</PageTitle>
          <ModelStatusBadge status={view.status} />
          <OriginBadge origin={view.origin} />
        </Group>
        <Group gap="lg" wrap="wrap">
          <Text size="sm">
            {t('models.version.modelId')}:{' '}
            <Text span ff="monospace" size="sm">
              {view.modelId}
            </Text>
          </Text>
          {view.contentHash && (
            <Text size="sm" title={view.contentHash}>
              {t('models.version.hash')}:{' '}
              <Text span ff="monospace" size="sm">
                {shortModelHash(view.contentHash)}
              </Text>
            </Text>
          )}
          <Text size="sm">
            {t('models.version.created')}: {day(view.createdAt)}
          </Text>
          {view.publishedAt && (
            <Text size="sm">
              {t('models.version.published')}: {day(view.publishedAt)}
            </Text>
          )}
          {view.retiredAt && (
            <Text size="sm">
              {t('models.version.retired')}: {day(view.retiredAt)}
            </Text>
          )}
          {definition.supersedes && (
            <Text size="sm">
              {t('models.version.supersedes')}:{' '}
              <Text span ff="monospace" size="sm">
                {definition.supersedes}
              </Text>
            </Text>
          )}
        </Group>
        <Group gap="sm" wrap="wrap">
          <LifecycleButtons
            status={view.status}
            manage={view.can.newVersion}
            showPublish={!editing}
            onAction={open}
          />
          <ExportMenu
            modelId={view.modelId}
            version={view.version}
            allowed={view.can.export}
            label={t('models.list.exportLabel', { version: view.version })}
          />
        </Group>
      </Stack>
      <div role="status">
        {notice && (
          <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
      </div>
      {editing ? (
        <Alert color="blue" variant="light">
          {t('models.version.draftNote')}
        </Alert>
      ) : (
        view.status !== 'draft' && (
          <Alert color="gray" variant="light">
            {t('models.version.readOnly')}
          </Alert>
        )
      )}
      {editing ? (
        <ModelEditor view={view} onPublish={() => open('publish')} />
      ) : (
        <ModelReadView definition={definition} />
      )}
      {dialog && (
        <ModelActionDialog
          dialog={dialog}
          modelId={view.modelId}
          title={title}
          versions={model?.versions.map((one) => one.version) ?? [view.version]}
          activeVersion={model?.activeVersion ?? null}
          onClose={() => setDialog(null)}
          onDone={(message, opened) => {
            setDialog(null);
            setNotice(message);
            if (opened) void navigate(modelVersionPage(view.modelId, opened));
            else if (dialog.kind === 'discard') void navigate('/assessment-models');
          }}
        />
      )}
    </Stack>
  );
}
