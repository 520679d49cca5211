import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  type HandbookPageSummary,
  type MeasureType,
  playbookPath,
  useHandbookPageIndex,
  useMeasureTypes,
  useUpdateMeasureType,
} from '../api/measures.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { specialtyLabel } from '../components/labels.ts';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { MeasureTypeDialog, pageTitle, ResetMeasureTypeDialog } from './MeasureTypeDialog.tsx';

/**
 * `/admin/measure-types`: the measure catalogue – TMA's measures (changed, switched off or reset here) and
 * the organisation's own, each with its suggested expert and its playbook page in the handbook.
 */
export function MeasureTypesPage() {
  return <RequireArea area="administration">{() => <MeasureTypes />}</RequireArea>;
}

type Dialog = { kind: 'new' } | { kind: 'edit' | 'reset'; type: MeasureType } | null;

function MeasureTypes() {
  const { t } = useTranslation();
  const types = useMeasureTypes();
  const update = useUpdateMeasureType();
  const pages = useHandbookPageIndex();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = (text: string) => {
    setDialog(null);
    setNotice(text);
  };
  const configure = types.data?.can.configure ?? false;
  const language = currentLanguage();

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end" gap="md">
        <Stack gap={4} maw={760}>
          <PageTitle>{t('measures.admin.title')}</PageTitle>
          <Text c="dimmed">{t('measures.admin.intro')}</Text>
        </Stack>
        {configure && (
          <Button onClick={() => setDialog({ kind: 'new' })}>{t('measures.admin.newType')}</Button>
        )}
      </Group>
      <div role="status">
        {notice && (
          <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
      </div>
      {types.isPending && <Loading label={t('measures.admin.loading')} />}
      {types.error && (
        <ErrorNotice
          error={types.error}
          title={t('shell.error.loadFailed')}
          onRetry={() => void types.refetch()}
        />
      )}
      <ErrorAlert error={update.error} />
      {types.data && (
        <Stack
          component="ul"
          gap="md"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label={t('measures.admin.listLabel')}
        >
          {types.data.types.map((type) => (
            <TypeItem
              key={type.key}
              type={type}
              pages={pages.data}
              configure={configure}
              switching={update.isPending}
              onSwitch={(active) =>
                update.mutate(
                  { key: type.key, change: { active } },
                  {
                    onSuccess: () =>
                      setNotice(
                        t(
                          active ? 'measures.admin.notices.switchedOn' : 'measures.admin.notices.switchedOff',
                          {
                            name: type.names[language],
                          },
                        ),
                      ),
                  },
                )
              }
              onEdit={() => setDialog({ kind: 'edit', type })}
              onReset={() => setDialog({ kind: 'reset', type })}
            />
          ))}
        </Stack>
      )}
      {dialog?.kind === 'new' && (
        <MeasureTypeDialog
          pages={pages}
          onClose={() => setDialog(null)}
          onDone={(name) => done(t('measures.admin.notices.created', { name }))}
        />
      )}
      {dialog?.kind === 'edit' && (
        <MeasureTypeDialog
          type={dialog.type}
          pages={pages}
          onClose={() => setDialog(null)}
          onDone={(name) => done(t('measures.admin.notices.saved', { name }))}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ResetMeasureTypeDialog
          type={dialog.type}
          onClose={() => setDialog(null)}
          onDone={(name) => done(t('measures.admin.notices.reset', { name }))}
        />
      )}
    </Stack>
  );
}

/** One measure type as a card: its names, description, suggested expert and playbook, and the actions. */
function TypeItem({
  type,
  pages,
  configure,
  switching,
  onSwitch,
  onEdit,
  onReset,
}: {
  type: MeasureType;
  pages: readonly HandbookPageSummary[] | undefined;
  configure: boolean;
  switching: boolean;
  onSwitch: (active: boolean) => void;
  onEdit: () => void;
  onReset: () => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const language = currentLanguage();
  const name = type.names[language];
  const page = type.playbookPageId ? pages?.find((one) => one.id === type.playbookPageId) : undefined;
  return (
    <Paper
      component="li"
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      aria-labelledby={headingId}
      data-testid="measure-type"
      data-key={type.key}
      style={type.active ? undefined : { background: 'var(--mantine-color-gray-0)' }}
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={4} style={{ flex: 1, minWidth: 240 }}>
            <Group gap="xs" align="center">
              <Title order={2} size="h4" id={headingId} c={type.active ? undefined : 'dimmed'}>
                {name}
              </Title>
              <Badge variant="light" color={type.builtIn ? 'gray' : 'blue'} tt="none">
                {t(type.builtIn ? 'measures.admin.builtIn' : 'measures.admin.own')}
              </Badge>
              {type.customised && (
                <Badge variant="light" color="orange" tt="none">
                  {t('measures.admin.customised')}
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed" maw={760}>
              {type.descriptions[language]}
            </Text>
          </Stack>
          <Switch
            checked={type.active}
            disabled={!configure || switching}
            aria-label={t('measures.admin.activeLabel', { name })}
            label={t(type.active ? 'measures.admin.on' : 'measures.admin.off')}
            onChange={(event) => onSwitch(event.currentTarget.checked)}
          />
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="sm">
          <Fact label={t('measures.admin.specialty')}>
            {type.specialty ? (
              <Group gap={6}>
                <Badge variant="light" color="violet" tt="none">
                  {specialtyLabel(t, type.specialty)}
                </Badge>
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                {t('measures.admin.anyone')}
              </Text>
            )}
          </Fact>
          <Fact label={t('measures.admin.playbook')}>
            {type.playbookPageId ? (
              <Anchor component={Link} to={playbookPath(type.playbookPageId, pages)} size="sm">
                {page
                  ? pageTitle(page, language)
                  : t('measures.admin.playbookUnknown', { id: type.playbookPageId })}
              </Anchor>
            ) : (
              <Text size="sm" c="dimmed">
                {t('measures.admin.noPlaybook')}
              </Text>
            )}
          </Fact>
        </SimpleGrid>
        <Group justify="space-between" gap="sm">
          <Text size="xs" c="dimmed" ff="monospace">
            {t('measures.admin.key', { key: type.key })}
          </Text>
          {configure && (
            <Group gap="xs">
              {type.customised && (
                <Button
                  variant="subtle"
                  color="orange"
                  size="xs"
                  onClick={onReset}
                  aria-label={t('measures.admin.resetLabel', { name })}
                >
                  {t('measures.admin.reset')}
                </Button>
              )}
              <Button
                variant="default"
                size="xs"
                onClick={onEdit}
                aria-label={t('measures.admin.editLabel', { name })}
              >
                {t('measures.admin.edit')}
              </Button>
            </Group>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.03em' }}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}
