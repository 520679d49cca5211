import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Specialty, specialties } from '../api/auth.ts';
import {
  type CaseTemplate,
  type CaseTemplateDefinition,
  useCreateCaseTemplate,
  useUpdateCaseTemplate,
} from '../api/case-templates.ts';
import { ApiError } from '../api/client.ts';
import { maxTags, validTag } from '../cases/CaseDetailsDialog.tsx';
import { useCategoryOptions } from '../cases/categories.ts';
import { ActionDialog, ErrorAlert } from '../components/ActionDialog.tsx';
import { specialtyLabel } from '../components/labels.ts';
import { currentLanguage } from '../i18n/index.ts';
import { keyFromName } from './CaseCategoriesPage.tsx';

// The editor of a case template, both languages side by side, and the confirmation of a reset. The server
// checks the same limits (server/modules/cases/template-schemas.ts); the form says what is wrong first.

const maxTasks = 20;
const keyPattern = /^[a-z][a-z0-9_]{0,39}$/;

interface TaskDraft {
  /** Stable while tasks move up and down, for React's keys. */
  id: number;
  en: string;
  de: string;
  /** Days after opening; '' for no due date. */
  due: number | string;
}

type Texts = { de: string; en: string };

const blank = (text: Texts) => text.de.trim() === '' || text.en.trim() === '';
const dueValid = (due: number | string) =>
  due === '' || (typeof due === 'number' && Number.isInteger(due) && due >= 0 && due <= 365);

/** The server's codes for a template it refused, in the interface language; other errors as they came. */
function explained(error: Error | null, t: TFunction): Error | null {
  if (!(error instanceof ApiError)) return error;
  switch (error.code) {
    case 'template_exists':
    case 'template_category_unknown':
    case 'template_not_found':
    case 'template_not_built_in':
      return new Error(t(`templates.editor.errors.${error.code}`));
    default:
      return error;
  }
}

/**
 * Adds a template (`template` undefined: with a key, derived from the English name until typed) or changes
 * one, TMA's own included. `onDone` gets the template's name in the interface language.
 */
export function CaseTemplateDialog({
  template,
  onClose,
  onDone,
}: {
  template?: CaseTemplate;
  onClose: () => void;
  onDone: (name: string) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateCaseTemplate();
  const update = useUpdateCaseTemplate();
  const nextId = useRef(0);
  const draftTask = (task?: CaseTemplate['tasks'][number]): TaskDraft => ({
    id: nextId.current++,
    en: task?.title.en ?? '',
    de: task?.title.de ?? '',
    due: task?.dueInDays ?? '',
  });
  const [names, setNames] = useState<Texts>(template?.names ?? { de: '', en: '' });
  const [descriptions, setDescriptions] = useState<Texts>(template?.descriptions ?? { de: '', en: '' });
  const [category, setCategory] = useState<string | null>(template?.category ?? null);
  const [tags, setTags] = useState<string[]>(template?.tags ?? []);
  const [tasks, setTasks] = useState<TaskDraft[]>(() => (template?.tasks ?? []).map(draftTask));
  const [chosen, setChosen] = useState<string[]>(template?.specialties ?? []);
  const [key, setKey] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const categories = useCategoryOptions(category);
  const isNew = template === undefined;
  const shownKey = key ?? keyFromName(names.en);
  const keyValid = keyPattern.test(shownKey);
  const tagsInvalid = tags.some((tag) => !validTag(tag));
  const mutation = isNew ? create : update;
  const required = t('templates.editor.required');
  const missing = (text: string) => (tried && text.trim() === '' ? required : undefined);

  const changeTask = (id: number, change: Partial<TaskDraft>) =>
    setTasks((all) => all.map((task) => (task.id === id ? { ...task, ...change } : task)));
  const moveTask = (index: number, by: -1 | 1) =>
    setTasks((all) => {
      const moved = [...all];
      const [task] = moved.splice(index, 1);
      if (task) moved.splice(index + by, 0, task);
      return moved;
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    const invalid =
      blank(names) ||
      blank(descriptions) ||
      tagsInvalid ||
      tasks.some((task) => blank(task) || !dueValid(task.due)) ||
      (isNew && !keyValid);
    if (invalid) return;
    const definition: CaseTemplateDefinition = {
      names: { de: names.de.trim(), en: names.en.trim() },
      descriptions: { de: descriptions.de.trim(), en: descriptions.en.trim() },
      category,
      tags,
      tasks: tasks.map((task) => ({
        title: { de: task.de.trim(), en: task.en.trim() },
        dueInDays: typeof task.due === 'number' ? task.due : null,
      })),
      specialties: specialties.filter((specialty) => chosen.includes(specialty)),
    };
    const done = () => onDone(definition.names[currentLanguage()]);
    if (isNew) create.mutate({ key: shownKey, ...definition }, { onSuccess: done });
    else update.mutate({ key: template.key, change: { definition } }, { onSuccess: done });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={
        isNew
          ? t('templates.editor.createTitle')
          : t('templates.editor.editTitle', { name: template.names[currentLanguage()] })
      }
      size="min(64rem, 100%)"
      centered
      closeButtonProps={{ 'aria-label': t('templates.editor.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          <Text size="sm" c="dimmed">
            {t('templates.editor.intro')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
            <TextInput
              label={t('templates.editor.nameEn')}
              value={names.en}
              onChange={(event) => setNames({ ...names, en: event.currentTarget.value })}
              maxLength={80}
              required
              error={missing(names.en)}
              data-autofocus
            />
            <TextInput
              label={t('templates.editor.nameDe')}
              value={names.de}
              onChange={(event) => setNames({ ...names, de: event.currentTarget.value })}
              maxLength={80}
              required
              error={missing(names.de)}
            />
            <Textarea
              label={t('templates.editor.descriptionEn')}
              description={t('templates.editor.descriptionHelp')}
              value={descriptions.en}
              onChange={(event) => setDescriptions({ ...descriptions, en: event.currentTarget.value })}
              autosize
              minRows={2}
              maxRows={6}
              maxLength={500}
              required
              error={missing(descriptions.en)}
            />
            <Textarea
              label={t('templates.editor.descriptionDe')}
              description={t('templates.editor.descriptionHelp')}
              value={descriptions.de}
              onChange={(event) => setDescriptions({ ...descriptions, de: event.currentTarget.value })}
              autosize
              minRows={2}
              maxRows={6}
              maxLength={500}
              required
              error={missing(descriptions.de)}
            />
          </SimpleGrid>
          {isNew && (
            <TextInput
              label={t('templates.editor.key')}
              description={t('templates.editor.keyHelp')}
              value={shownKey}
              onChange={(event) => setKey(event.currentTarget.value)}
              maxLength={40}
              maw={420}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              error={tried && !keyValid ? t('templates.editor.keyInvalid') : undefined}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
            <Select
              label={t('templates.editor.category')}
              description={t('templates.editor.categoryHelp')}
              placeholder={t('templates.editor.noCategory')}
              data={categories}
              value={category}
              onChange={setCategory}
              clearable
              clearButtonProps={{ 'aria-label': t('templates.editor.clearCategory') }}
              comboboxProps={{ withinPortal: true }}
            />
            <TagsInput
              label={t('templates.editor.tags')}
              description={t('templates.editor.tagsHelp')}
              value={tags}
              onChange={(next) =>
                setTags([...new Set(next.map((tag) => tag.trim().toLowerCase()))].filter(Boolean))
              }
              maxTags={maxTags}
              clearable
              clearButtonProps={{ 'aria-label': t('templates.editor.clearTags') }}
              error={tagsInvalid ? t('templates.editor.tagsInvalid') : undefined}
              comboboxProps={{ withinPortal: true }}
            />
          </SimpleGrid>
          <TaskList
            tasks={tasks}
            tried={tried}
            onChange={changeTask}
            onMove={moveTask}
            onRemove={(id) => setTasks((all) => all.filter((task) => task.id !== id))}
            onAdd={() => setTasks((all) => [...all, draftTask()])}
          />
          <Checkbox.Group
            label={t('templates.editor.specialties')}
            description={t('templates.editor.specialtiesHelp')}
            value={chosen}
            onChange={setChosen}
          >
            <SimpleGrid cols={{ base: 1, xs: 2, sm: 4 }} spacing="sm" verticalSpacing="xs" mt="xs">
              {specialties.map((specialty: Specialty) => (
                <Checkbox key={specialty} value={specialty} label={specialtyLabel(t, specialty)} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <ErrorAlert error={explained(mutation.error, t)} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('templates.editor.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {isNew ? t('templates.editor.create') : t('templates.editor.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The template's first tasks: a title in each language and the due day, in order. */
function TaskList({
  tasks,
  tried,
  onChange,
  onMove,
  onRemove,
  onAdd,
}: {
  tasks: TaskDraft[];
  tried: boolean;
  onChange: (id: number, change: Partial<TaskDraft>) => void;
  onMove: (index: number, by: -1 | 1) => void;
  onRemove: (id: number) => void;
  onAdd: () => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const required = t('templates.editor.required');
  return (
    <Stack component="fieldset" gap="sm" m={0} p={0} style={{ border: 0 }} aria-labelledby={headingId}>
      <Stack gap={2}>
        <Title order={3} size="h5" id={headingId}>
          {t('templates.editor.tasks')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('templates.editor.tasksHelp')}
        </Text>
      </Stack>
      {tasks.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('templates.editor.noTasks')}
        </Text>
      )}
      {tasks.length > 0 && (
        <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
          {tasks.map((task, index) => {
            const number = index + 1;
            return (
              <Paper component="li" key={task.id} withBorder p="sm" bg="gray.0" data-testid="template-task">
                <Stack gap="xs">
                  <Group justify="space-between" gap="xs" wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {t('templates.editor.task', { number })}
                    </Text>
                    <Group gap={4} wrap="nowrap">
                      <TaskButton
                        label={t('templates.editor.moveUp', { number })}
                        disabled={index === 0}
                        onClick={() => onMove(index, -1)}
                      >
                        <path d="M12 19V5M6 11l6-6 6 6" />
                      </TaskButton>
                      <TaskButton
                        label={t('templates.editor.moveDown', { number })}
                        disabled={index === tasks.length - 1}
                        onClick={() => onMove(index, 1)}
                      >
                        <path d="M12 5v14M6 13l6 6 6-6" />
                      </TaskButton>
                      <TaskButton
                        label={t('templates.editor.remove', { number })}
                        color="red"
                        onClick={() => onRemove(task.id)}
                      >
                        <path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3" />
                      </TaskButton>
                    </Group>
                  </Group>
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="xs">
                    <TextInput
                      label={t('templates.editor.taskEn', { number })}
                      value={task.en}
                      onChange={(event) => onChange(task.id, { en: event.currentTarget.value })}
                      maxLength={200}
                      required
                      error={tried && task.en.trim() === '' ? required : undefined}
                    />
                    <TextInput
                      label={t('templates.editor.taskDe', { number })}
                      value={task.de}
                      onChange={(event) => onChange(task.id, { de: event.currentTarget.value })}
                      maxLength={200}
                      required
                      error={tried && task.de.trim() === '' ? required : undefined}
                    />
                  </SimpleGrid>
                  <NumberInput
                    label={t('templates.editor.dueInDays')}
                    description={t('templates.editor.dueInDaysHelp')}
                    value={task.due}
                    onChange={(due) => onChange(task.id, { due })}
                    min={0}
                    max={365}
                    allowDecimal={false}
                    allowNegative={false}
                    clampBehavior="none"
                    maw={320}
                    error={tried && !dueValid(task.due) ? t('templates.editor.dueInvalid') : undefined}
                  />
                </Stack>
              </Paper>
            );
          })}
        </Stack>
      )}
      <Group gap="sm">
        <Button variant="default" onClick={onAdd} disabled={tasks.length >= maxTasks}>
          {t('templates.editor.addTask')}
        </Button>
        {tasks.length >= maxTasks && (
          <Text size="sm" c="dimmed">
            {t('templates.editor.tooManyTasks')}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

function TaskButton({
  label,
  disabled = false,
  color = 'gray',
  onClick,
  children,
}: {
  label: string;
  disabled?: boolean;
  color?: string;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <ActionIcon variant="subtle" color={color} aria-label={label} disabled={disabled} onClick={onClick}>
      <svg
        width="18"
        height="18"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
        focusable="false"
        aria-hidden="true"
      >
        {children}
      </svg>
    </ActionIcon>
  );
}

/** Confirms putting one of TMA's templates back to its default. */
export function ResetTemplateDialog({
  template,
  onClose,
  onDone,
}: {
  template: CaseTemplate;
  onClose: () => void;
  onDone: (name: string) => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateCaseTemplate();
  const name = template.names[currentLanguage()];
  return (
    <ActionDialog
      title={t('templates.reset.title', { name })}
      submitLabel={t('templates.reset.confirm')}
      submitColor="red"
      pending={update.isPending}
      error={explained(update.error, t)}
      onClose={onClose}
      onSubmit={() =>
        update.mutate(
          { key: template.key, change: { reset: true } },
          { onSuccess: (reset) => onDone(reset.names[currentLanguage()]) },
        )
      }
    >
      <Text size="sm">{t('templates.reset.text')}</Text>
    </ActionDialog>
  );
}
