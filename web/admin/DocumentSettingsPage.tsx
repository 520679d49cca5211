import { Alert, Button, Group, NumberInput, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type DocumentSettings,
  useDocumentSettings,
  useSaveDocumentSettings,
} from '../api/document-settings.ts';
import { formatBytes } from '../cases/document-notes.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { currentLanguage } from '../i18n/index.ts';

// Sizes in decimal megabytes, as the documents tab shows them (formatBytes): "1 MB" here is 1 MB there.
const BYTES_PER_MB = 1_000_000;
const MIN_MB = 0.01;

/** `/admin/documents`: the organisation's own limit on a document's size, under the server's. */
export function DocumentSettingsPage() {
  return <RequireArea area="administration">{() => <DocumentSettingsView />}</RequireArea>;
}

function DocumentSettingsView() {
  const { t } = useTranslation();
  const settings = useDocumentSettings();
  const size = (bytes: number) => formatBytes(bytes, currentLanguage());
  return (
    <Stack gap="lg" maw={880}>
      <Stack gap={4}>
        <PageTitle>{t('documents.settings.title')}</PageTitle>
        {settings.data && (
          <Text c="dimmed" maw={720}>
            {t('documents.settings.intro', { clean: size(settings.data.cleanMaxBytes) })}
          </Text>
        )}
      </Stack>
      {settings.error && (
        <ErrorNotice
          error={settings.error}
          title={t('shell.error.loadFailed')}
          onRetry={() => void settings.refetch()}
        />
      )}
      {settings.isPending && <Loading label={t('shell.loading')} />}
      {settings.data && <LimitCard saved={settings.data} />}
    </Stack>
  );
}

type Choice = 'server' | 'own';
const isChoice = (value: string): value is Choice => value === 'server' || value === 'own';

/** What the organisation's members may upload now: its own limit, never above the server's. */
const uploadLimit = (settings: DocumentSettings): number =>
  Math.min(settings.maxBytes ?? settings.serverMaxBytes, settings.serverMaxBytes);

/** Megabytes for the field, to two places; '' for none. */
const megabytesOf = (bytes: number | null): number | '' =>
  bytes === null ? '' : Math.round((bytes / BYTES_PER_MB) * 100) / 100;

function LimitCard({ saved }: { saved: DocumentSettings }) {
  const { t } = useTranslation();
  const headingId = useId();
  const language = currentLanguage();
  const size = (bytes: number) => formatBytes(bytes, language);
  const save = useSaveDocumentSettings();
  const [choice, setChoice] = useState<Choice>(saved.maxBytes === null ? 'server' : 'own');
  const [megabytes, setMegabytes] = useState<number | string>(megabytesOf(saved.maxBytes));
  const [tried, setTried] = useState(false);

  // A limit set in bytes that the field rounds (through the API, say) is sent back as it is, unless changed.
  const ownBytes =
    saved.maxBytes !== null && megabytes === megabytesOf(saved.maxBytes)
      ? saved.maxBytes
      : Math.round(Number(megabytes) * BYTES_PER_MB);
  const problem =
    choice === 'server'
      ? null
      : megabytes === ''
        ? t('documents.settings.ownRequired')
        : !(ownBytes >= MIN_MB * BYTES_PER_MB) && ownBytes !== saved.maxBytes
          ? t('documents.settings.ownTooSmall')
          : ownBytes > saved.serverMaxBytes
            ? t('documents.settings.ownTooLarge', { size: size(saved.serverMaxBytes) })
            : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problem !== null) return;
    save.mutate({ maxBytes: choice === 'server' ? null : ownBytes });
  };
  const changed = () => save.reset();

  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }} maw={720}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h3" id={headingId}>
            {t('documents.settings.limitHeading')}
          </Title>
          <Text size="sm">{t('documents.settings.serverLimit', { size: size(saved.serverMaxBytes) })}</Text>
          <Radio.Group
            label={t('documents.settings.choice')}
            value={choice}
            onChange={(value) => {
              if (isChoice(value)) setChoice(value);
              changed();
            }}
          >
            <Stack gap="xs" mt="xs">
              <Radio
                value="server"
                label={t('documents.settings.useServer', { size: size(saved.serverMaxBytes) })}
              />
              <Radio value="own" label={t('documents.settings.own')} />
            </Stack>
          </Radio.Group>
          {choice === 'own' && (
            <NumberInput
              label={t('documents.settings.ownMb')}
              description={t('documents.settings.ownMbHelp', { size: size(saved.serverMaxBytes) })}
              value={megabytes}
              onChange={(value) => {
                setMegabytes(value);
                changed();
              }}
              min={MIN_MB}
              clampBehavior="none"
              allowNegative={false}
              decimalScale={2}
              decimalSeparator={language === 'de' ? ',' : '.'}
              rightSection={<Text size="sm">MB</Text>}
              rightSectionWidth={48}
              error={tried ? problem : undefined}
              required
              maw={340}
            />
          )}
          <Text size="sm" c="dimmed" data-testid="document-limit">
            {t('documents.settings.current', { size: size(uploadLimit(saved)) })}
          </Text>
          <ErrorNotice error={save.error} />
          {save.isSuccess && (
            <Alert color="teal" variant="light" role="status">
              {t('documents.settings.saved', { size: size(uploadLimit(save.data)) })}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('documents.settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
