import { Badge, Button, Group, Menu, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  type ModelStatus,
  modelExportUrl,
  modelVersionPage,
  useCopyAsNewModel,
  useDiscardModelDraft,
  useNewModelDraft,
  usePublishModelVersion,
  useRetireModelVersion,
} from '../api/assessment-models.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';

// What can be done with a model version, shared by the models page and a version's page: a new version
// from it, publish, retire, discard, export. The server decides (and refuses what does not fit); these are
// offered by status and the user's right to manage models.

const statusColor: Record<ModelStatus, string> = { draft: 'gray', active: 'teal', retired: 'orange' };

export function ModelStatusBadge({ status }: { status: ModelStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant={status === 'active' ? 'filled' : 'light'}
      color={status === 'active' ? 'teal.8' : statusColor[status]}
      radius="sm"
      data-testid="model-status"
      style={{ flexShrink: 0 }}
    >
      {t(`models.status.${status}`)}
    </Badge>
  );
}

export function OriginBadge({ origin }: { origin: 'tma' | 'organisation' }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="outline"
      color={origin === 'tma' ? 'blue.8' : 'grape.8'}
      radius="sm"
      tt="none"
      style={{ flexShrink: 0 }}
    >
      {t(`models.origin.${origin}`)}
    </Badge>
  );
}

/** `sha256:7f4c…` → its first 12 hex digits. */
export const shortModelHash = (hash: string) => hash.replace(/^sha256:/, '').slice(0, 12);

/** The next minor version after the highest one: what a new draft usually is. */
export function nextMinor(versions: readonly string[]): string {
  const highest = versions
    .map((version) => version.split('.').map(Number) as [number, number, number])
    .sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2])[0];
  return highest ? `${highest[0]}.${highest[1] + 1}.0` : '1.0.0';
}

const semverPattern = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export type ModelActionKind = 'new' | 'copy' | 'publish' | 'retire' | 'discard';

export type ModelDialog =
  | { kind: 'new'; from: string }
  | { kind: 'copy'; from: string }
  | { kind: 'publish' | 'retire' | 'discard'; version: string }
  | null;

/** The dialog of a model action; `onDone` with a notice (and the version a new draft got). */
export function ModelActionDialog({
  dialog,
  modelId,
  title,
  versions,
  activeVersion,
  onClose,
  onDone,
}: {
  dialog: Exclude<ModelDialog, null>;
  modelId: string;
  title: string;
  versions: readonly string[];
  activeVersion: string | null;
  onClose: () => void;
  onDone: (notice: string, opened?: string) => void;
}) {
  const { t } = useTranslation();
  const newDraft = useNewModelDraft();
  const publish = usePublishModelVersion();
  const retire = useRetireModelVersion();
  const discard = useDiscardModelDraft();
  const [version, setVersion] = useState(() => nextMinor(versions));
  const [tried, setTried] = useState(false);

  if (dialog.kind === 'copy')
    return (
      <CopyModelDialog modelId={modelId} title={title} from={dialog.from} onClose={onClose} onDone={onDone} />
    );
  if (dialog.kind === 'new') {
    const invalid = !semverPattern.test(version.trim());
    return (
      <ActionDialog
        title={t('models.newVersion.title', { title })}
        intro={t('models.newVersion.intro', { from: dialog.from })}
        submitLabel={t('models.newVersion.submit')}
        pending={newDraft.isPending}
        error={newDraft.error}
        onClose={onClose}
        onSubmit={() => {
          setTried(true);
          if (invalid) return;
          void newDraft.mutateAsync({ modelId, from: dialog.from, version: version.trim() }).then(
            (view) =>
              onDone(
                t('models.newVersion.created', { version: view.version, from: dialog.from }),
                view.version,
              ),
            () => undefined,
          );
        }}
      >
        <TextInput
          label={t('models.newVersion.version')}
          description={t('models.newVersion.versionHelp', { example: nextMinor(versions) })}
          value={version}
          onChange={(event) => {
            setVersion(event.currentTarget.value);
            newDraft.reset();
          }}
          required
          data-autofocus
          error={tried && invalid ? t('models.newVersion.versionInvalid') : undefined}
          maw={240}
        />
      </ActionDialog>
    );
  }
  const target = dialog.version;
  const key = { modelId, version: target };
  const config = {
    publish: {
      mutation: publish,
      title: t('models.publish.title', { version: target }),
      text:
        activeVersion && activeVersion !== target
          ? t('models.publish.text', { previous: activeVersion })
          : t('models.publish.textFirst'),
      confirm: t('models.publish.confirm'),
      done: t('models.publish.published', { version: target }),
      color: undefined,
    },
    retire: {
      mutation: retire,
      title: t('models.retire.title', { version: target }),
      text: t('models.retire.text'),
      confirm: t('models.retire.confirm'),
      done: t('models.retire.retired', { version: target }),
      color: 'orange',
    },
    discard: {
      mutation: discard,
      title: t('models.discard.title', { version: target }),
      text: t('models.discard.text'),
      confirm: t('models.discard.confirm'),
      done: t('models.discard.discarded', { version: target }),
      color: 'red',
    },
  }[dialog.kind];
  return (
    <ActionDialog
      title={config.title}
      submitLabel={config.confirm}
      submitColor={config.color}
      pending={config.mutation.isPending}
      error={config.mutation.error}
      onClose={onClose}
      // Discarding removes the page the dialog is on: what follows comes from the promise, which outlives it.
      onSubmit={() =>
        void (config.mutation.mutateAsync as (input: typeof key) => Promise<unknown>)(key).then(
          () => onDone(config.done),
          () => undefined,
        )
      }
    >
      <Text size="sm">{config.text}</Text>
    </ActionDialog>
  );
}

/** The export links of a version: our JSON, and FHIR in English and German (a plain download). */
export function ExportMenu({
  modelId,
  version,
  allowed,
  label,
}: {
  modelId: string;
  version: string;
  allowed: boolean;
  label: string;
}) {
  const { t } = useTranslation();
  if (!allowed)
    return (
      <Text size="xs" c="dimmed">
        {t('models.list.exportBlocked')}
      </Text>
    );
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" size="xs" aria-label={label}>
          {t('models.list.export')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component="a" href={modelExportUrl(modelId, version, 'json')} download>
          {t('models.list.exportJson')}
        </Menu.Item>
        <Menu.Item component="a" href={modelExportUrl(modelId, version, 'fhir', 'en')} download>
          {t('models.list.exportFhirEn')}
        </Menu.Item>
        <Menu.Item component="a" href={modelExportUrl(modelId, version, 'fhir', 'de')} download>
          {t('models.list.exportFhirDe')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** Buttons for a version's lifecycle, by status; `manage`: the user may change models. */
export function LifecycleButtons({
  status,
  manage,
  showPublish = true,
  onAction,
}: {
  status: ModelStatus;
  manage: boolean;
  /** False where the page offers publishing itself (the draft editor, after its check). */
  showPublish?: boolean;
  onAction: (kind: ModelActionKind) => void;
}) {
  const { t } = useTranslation();
  if (!manage) return null;
  return (
    <Stack gap={4} align="flex-start">
      <Group gap={4} wrap="wrap">
        <Button variant="default" size="xs" onClick={() => onAction('new')}>
          {t('models.list.newVersion')}
        </Button>
        <Button variant="default" size="xs" onClick={() => onAction('copy')}>
          {t('models.list.copy')}
        </Button>
        {status === 'draft' && showPublish && (
          <Button variant="default" size="xs" onClick={() => onAction('publish')}>
            {t('models.list.publish')}
          </Button>
        )}
        {status === 'active' && (
          <Button variant="default" size="xs" color="orange" onClick={() => onAction('retire')}>
            {t('models.list.retire')}
          </Button>
        )}
        {status === 'draft' && (
          <Button variant="default" size="xs" color="red" onClick={() => onAction('discard')}>
            {t('models.list.discard')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

const modelIdPattern = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/** Starts a new model of the organisation from a version of this one, and opens its draft. */
function CopyModelDialog({
  modelId,
  title,
  from,
  onClose,
  onDone,
}: {
  modelId: string;
  title: string;
  from: string;
  onClose: () => void;
  onDone: (notice: string) => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const copy = useCopyAsNewModel();
  const [newModelId, setNewModelId] = useState('');
  const [titles, setTitles] = useState({ en: '', de: '' });
  const [tried, setTried] = useState(false);
  const idInvalid = !modelIdPattern.test(newModelId.trim()) || newModelId.trim().length > 100;
  const missing = (language: 'en' | 'de') => tried && !titles[language].trim();
  return (
    <ActionDialog
      title={t('models.copy.title', { title, version: from })}
      intro={t('models.copy.intro')}
      submitLabel={t('models.copy.submit')}
      pending={copy.isPending}
      error={copy.error}
      onClose={onClose}
      onSubmit={() => {
        setTried(true);
        if (idInvalid || !titles.en.trim() || !titles.de.trim()) return;
        void copy.mutateAsync({ modelId, version: from, newModelId: newModelId.trim(), title: titles }).then(
          (view) => {
            onDone(t('models.copy.created', { modelId: view.modelId }));
            void navigate(modelVersionPage(view.modelId, view.version));
          },
          () => undefined,
        );
      }}
    >
      <Stack gap="sm">
        <TextInput
          label={t('models.copy.modelId')}
          description={t('models.copy.modelIdHelp')}
          value={newModelId}
          onChange={(event) => {
            setNewModelId(event.currentTarget.value);
            copy.reset();
          }}
          required
          data-autofocus
          error={tried && idInvalid ? t('models.copy.modelIdInvalid') : undefined}
        />
        <TextInput
          label={t('models.copy.titleEn')}
          value={titles.en}
          onChange={(event) => setTitles({ ...titles, en: event.currentTarget.value })}
          required
          error={missing('en') ? t('models.copy.titleMissing') : undefined}
        />
        <TextInput
          label={t('models.copy.titleDe')}
          value={titles.de}
          onChange={(event) => setTitles({ ...titles, de: event.currentTarget.value })}
          required
          error={missing('de') ? t('models.copy.titleMissing') : undefined}
        />
      </Stack>
    </ActionDialog>
  );
}
