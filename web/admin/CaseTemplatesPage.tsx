import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CaseTemplate, useCaseTemplates, useUpdateCaseTemplate } from '../api/case-templates.ts';
import { useCategoryLabel } from '../cases/categories.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { specialtyLabel } from '../components/labels.ts';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { CaseTemplateDialog, ResetTemplateDialog } from './CaseTemplateDialog.tsx';

/**
 * `/admin/case-templates`: the templates a case can be opened with – TMA's (changed, switched off or reset
 * here) and the organisation's own.
 */
export function CaseTemplatesPage() {
  return <RequireArea area="administration">{() => <CaseTemplates />}</RequireArea>;
}

type Dialog = { kind: 'new' } | { kind: 'edit' | 'reset'; template: CaseTemplate } | null;

function CaseTemplates() {
  const { t } = useTranslation();
  const templates = useCaseTemplates();
  const update = useUpdateCaseTemplate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = (text: string) => {
    setDialog(null);
    setNotice(text);
  };
  const configure = templates.data?.can.configure ?? false;
  const language = currentLanguage();

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end" gap="md">
        <Stack gap={4} maw={760}>
          <PageTitle>{t('templates.title')}</PageTitle>
          <Text c="dimmed">{t('templates.intro')}</Text>
        </Stack>
        {configure && (
          <Button onClick={() => setDialog({ kind: 'new' })}>{t('templates.newTemplate')}</Button>
        )}
      </Group>
      <div role="status">
        {notice && (
          <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
      </div>
      {templates.isPending && <Loading label={t('templates.loading')} />}
      {templates.error && (
        <ErrorNotice
          error={templates.error}
          title={t('shell.error.loadFailed')}
          onRetry={() => void templates.refetch()}
        />
      )}
      <ErrorAlert error={update.error} />
      {templates.data?.templates.length === 0 && <Text c="dimmed">{t('templates.empty')}</Text>}
      {templates.data && templates.data.templates.length > 0 && (
        <Stack
          component="ul"
          gap="md"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label={t('templates.list.label')}
        >
          {templates.data.templates.map((template) => (
            <TemplateItem
              key={template.key}
              template={template}
              configure={configure}
              switching={update.isPending}
              onSwitch={(active) =>
                update.mutate(
                  { key: template.key, change: { active } },
                  {
                    onSuccess: () =>
                      setNotice(
                        t(active ? 'templates.notices.switchedOn' : 'templates.notices.switchedOff', {
                          name: template.names[language],
                        }),
                      ),
                  },
                )
              }
              onEdit={() => setDialog({ kind: 'edit', template })}
              onReset={() => setDialog({ kind: 'reset', template })}
            />
          ))}
        </Stack>
      )}
      {dialog?.kind === 'new' && (
        <CaseTemplateDialog
          onClose={() => setDialog(null)}
          onDone={(name) => done(t('templates.notices.created', { name }))}
        />
      )}
      {dialog?.kind === 'edit' && (
        <CaseTemplateDialog
          template={dialog.template}
          onClose={() => setDialog(null)}
          onDone={(name) => done(t('templates.notices.saved', { name }))}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ResetTemplateDialog
          template={dialog.template}
          onClose={() => setDialog(null)}
          onDone={(name) => done(t('templates.notices.reset', { name }))}
        />
      )}
    </Stack>
  );
}

/** One template as a card: what a case opened with it gets, and the admin's actions. */
function TemplateItem({
  template,
  configure,
  switching,
  onSwitch,
  onEdit,
  onReset,
}: {
  template: CaseTemplate;
  configure: boolean;
  switching: boolean;
  onSwitch: (active: boolean) => void;
  onEdit: () => void;
  onReset: () => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const categoryLabel = useCategoryLabel();
  const language = currentLanguage();
  const name = template.names[language];
  const none = (
    <Text size="sm" c="dimmed">
      {t('templates.list.none')}
    </Text>
  );
  return (
    <Paper
      component="li"
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      aria-labelledby={headingId}
      data-testid="case-template"
      style={template.active ? undefined : { background: 'var(--mantine-color-gray-0)' }}
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={4} style={{ flex: 1, minWidth: 240 }}>
            <Group gap="xs" align="center">
              <Title order={2} size="h4" id={headingId} c={template.active ? undefined : 'dimmed'}>
                {name}
              </Title>
              <Badge variant="light" color={template.builtIn ? 'gray' : 'blue'}>
                {t(template.builtIn ? 'templates.list.builtIn' : 'templates.list.own')}
              </Badge>
              {template.customised && (
                <Badge variant="light" color="orange">
                  {t('templates.list.customised')}
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed" maw={760}>
              {template.descriptions[language]}
            </Text>
          </Stack>
          <Switch
            checked={template.active}
            disabled={!configure || switching}
            aria-label={t('templates.list.activeLabel', { name })}
            label={t(template.active ? 'templates.list.on' : 'templates.list.off')}
            onChange={(event) => onSwitch(event.currentTarget.checked)}
          />
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg" verticalSpacing="sm">
          <Fact label={t('templates.list.category')}>
            {template.category ? <Text size="sm">{categoryLabel(template.category)}</Text> : none}
          </Fact>
          <Fact label={t('templates.list.tags')}>
            {template.tags.length > 0 ? (
              <Group gap={6}>
                {template.tags.map((tag) => (
                  <Badge key={tag} variant="outline" color="gray" tt="none">
                    {tag}
                  </Badge>
                ))}
              </Group>
            ) : (
              none
            )}
          </Fact>
          <Fact label={t('templates.list.specialties')}>
            {template.specialties.length > 0 ? (
              <Group gap={6}>
                {template.specialties.map((specialty) => (
                  <Badge key={specialty} variant="light" color="violet" tt="none">
                    {specialtyLabel(t, specialty)}
                  </Badge>
                ))}
              </Group>
            ) : (
              none
            )}
          </Fact>
        </SimpleGrid>
        <Fact label={t('templates.list.tasks')}>
          {template.tasks.length > 0 ? (
            <Stack component="ol" gap={4} m={0} pl="lg">
              {template.tasks.map((task) => (
                <Text component="li" size="sm" key={`${task.title.en}:${task.dueInDays}`}>
                  {task.title[language]}{' '}
                  <Text span size="sm" c="dimmed">
                    · {dueText(t, task.dueInDays)}
                  </Text>
                </Text>
              ))}
            </Stack>
          ) : (
            none
          )}
        </Fact>
        <Group justify="space-between" gap="sm">
          <Text size="xs" c="dimmed" ff="monospace">
            {t('templates.list.key', { key: template.key })}
          </Text>
          {configure && (
            <Group gap="xs">
              {template.customised && (
                <Button
                  variant="subtle"
                  color="orange"
                  size="xs"
                  onClick={onReset}
                  aria-label={t('templates.list.resetLabel', { name })}
                >
                  {t('templates.list.reset')}
                </Button>
              )}
              <Button
                variant="default"
                size="xs"
                onClick={onEdit}
                aria-label={t('templates.list.editLabel', { name })}
              >
                {t('templates.list.edit')}
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

/** "due after 3 days", "due on the day the case is opened", "no due date". */
function dueText(t: TFunction, days: number | null): string {
  if (days === null) return t('templates.list.noDue');
  if (days === 0) return t('templates.list.dueSameDay');
  return t('templates.list.dueAfter', { count: days });
}
