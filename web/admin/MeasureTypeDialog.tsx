import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { specialties } from '../api/auth.ts';
import { ApiError } from '../api/client.ts';
import {
  type HandbookPageSummary,
  type MeasureType,
  type MeasureTypeDefinition,
  useCreateMeasureType,
  useUpdateMeasureType,
} from '../api/measures.ts';
import { ActionDialog, ErrorAlert } from '../components/ActionDialog.tsx';
import { specialtyLabel } from '../components/labels.ts';
import { currentLanguage } from '../i18n/index.ts';
import type { Language } from '../i18n/language.ts';
import { keyFromName } from './CaseCategoriesPage.tsx';

// The editor of a measure type, both languages side by side, and the confirmation of a reset. The server
// checks the same limits (server/modules/measures/type-schemas.ts); the form says what is wrong first.

const keyPattern = /^[a-z][a-z0-9_]{0,39}$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Texts = { de: string; en: string };
const blank = (text: Texts) => text.de.trim() === '' || text.en.trim() === '';

/** A handbook page's title in the interface language, else in the other, else its slug. */
export function pageTitle(page: HandbookPageSummary, language: Language): string {
  return page.titles[language] ?? page.titles[language === 'de' ? 'en' : 'de'] ?? page.slug;
}

/** The server's codes for a type it refused, in the interface language; other errors as they came. */
function explained(error: Error | null, t: TFunction): Error | null {
  if (!(error instanceof ApiError)) return error;
  switch (error.code) {
    case 'measure_type_exists':
    case 'playbook_page_unknown':
    case 'measure_type_not_found':
      return new Error(t(`measures.admin.editor.errors.${error.code}`));
    default:
      return error;
  }
}

/**
 * Adds an own measure type (`type` undefined: with a key, derived from the English name until typed) or
 * changes one, TMA's own included. The playbook is picked from the handbook's pages; when they cannot be
 * listed, its id is typed. `onDone` gets the type's name in the interface language.
 */
export function MeasureTypeDialog({
  type,
  pages,
  onClose,
  onDone,
}: {
  type?: MeasureType;
  pages: UseQueryResult<HandbookPageSummary[]>;
  onClose: () => void;
  onDone: (name: string) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const create = useCreateMeasureType();
  const update = useUpdateMeasureType();
  const [names, setNames] = useState<Texts>(type?.names ?? { de: '', en: '' });
  const [descriptions, setDescriptions] = useState<Texts>(type?.descriptions ?? { de: '', en: '' });
  const [specialty, setSpecialty] = useState<string | null>(type?.specialty ?? null);
  const [playbook, setPlaybook] = useState<string | null>(type?.playbookPageId ?? null);
  const [key, setKey] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const isNew = type === undefined;
  const shownKey = key ?? keyFromName(names.en);
  const keyValid = keyPattern.test(shownKey);
  const playbookValid = playbook === null || playbook === '' || uuidPattern.test(playbook);
  const mutation = isNew ? create : update;
  const missing = (text: string) =>
    tried && text.trim() === '' ? t('measures.admin.editor.required') : undefined;
  const pageOptions = (pages.data ?? []).map((page) => ({
    value: page.id,
    label: pageTitle(page, language),
  }));
  // A playbook the list does not have (archived, or beyond its first page) stays choosable by its id.
  if (playbook && pages.data && !pageOptions.some((option) => option.value === playbook))
    pageOptions.push({ value: playbook, label: t('measures.admin.playbookUnknown', { id: playbook }) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (blank(names) || blank(descriptions) || !playbookValid || (isNew && !keyValid)) return;
    const definition: MeasureTypeDefinition = {
      names: { de: names.de.trim(), en: names.en.trim() },
      descriptions: { de: descriptions.de.trim(), en: descriptions.en.trim() },
      specialty: (specialty as MeasureTypeDefinition['specialty']) ?? null,
      playbookPageId: playbook ? playbook.trim().toLowerCase() : null,
    };
    const done = () => onDone(definition.names[language]);
    if (isNew) create.mutate({ key: shownKey, ...definition }, { onSuccess: done });
    else update.mutate({ key: type.key, change: { definition } }, { onSuccess: done });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={
        isNew
          ? t('measures.admin.editor.createTitle')
          : t('measures.admin.editor.editTitle', { name: type.names[language] })
      }
      size="min(56rem, 100%)"
      centered
      closeButtonProps={{ 'aria-label': t('measures.admin.editor.cancel') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          <Text size="sm" c="dimmed">
            {t('measures.admin.editor.intro')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
            <TextInput
              label={t('measures.admin.editor.nameEn')}
              value={names.en}
              onChange={(event) => setNames({ ...names, en: event.currentTarget.value })}
              maxLength={100}
              required
              error={missing(names.en)}
              data-autofocus
            />
            <TextInput
              label={t('measures.admin.editor.nameDe')}
              value={names.de}
              onChange={(event) => setNames({ ...names, de: event.currentTarget.value })}
              maxLength={100}
              required
              error={missing(names.de)}
            />
            <Textarea
              label={t('measures.admin.editor.descriptionEn')}
              description={t('measures.admin.editor.descriptionHelp')}
              value={descriptions.en}
              onChange={(event) => setDescriptions({ ...descriptions, en: event.currentTarget.value })}
              autosize
              minRows={3}
              maxRows={8}
              maxLength={1000}
              required
              error={missing(descriptions.en)}
            />
            <Textarea
              label={t('measures.admin.editor.descriptionDe')}
              description={t('measures.admin.editor.descriptionHelp')}
              value={descriptions.de}
              onChange={(event) => setDescriptions({ ...descriptions, de: event.currentTarget.value })}
              autosize
              minRows={3}
              maxRows={8}
              maxLength={1000}
              required
              error={missing(descriptions.de)}
            />
          </SimpleGrid>
          {isNew && (
            <TextInput
              label={t('measures.admin.editor.key')}
              description={t('measures.admin.editor.keyHelp')}
              value={shownKey}
              onChange={(event) => setKey(event.currentTarget.value)}
              maxLength={40}
              maw={420}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              error={tried && !keyValid ? t('measures.admin.editor.keyInvalid') : undefined}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
            <Select
              label={t('measures.admin.editor.specialty')}
              description={t('measures.admin.editor.specialtyHelp')}
              placeholder={t('measures.admin.editor.anyone')}
              data={specialties.map((value) => ({ value, label: specialtyLabel(t, value) }))}
              value={specialty}
              onChange={setSpecialty}
              clearable
              clearButtonProps={{ 'aria-label': t('measures.admin.editor.clearSpecialty') }}
              comboboxProps={{ withinPortal: true }}
            />
            {pages.isError ? (
              <TextInput
                label={t('measures.admin.editor.playbookId')}
                description={t('measures.admin.editor.playbookIdHelp')}
                value={playbook ?? ''}
                onChange={(event) => setPlaybook(event.currentTarget.value || null)}
                maxLength={36}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                error={tried && !playbookValid ? t('measures.admin.editor.playbookIdInvalid') : undefined}
              />
            ) : (
              <Select
                label={t('measures.admin.editor.playbook')}
                description={t('measures.admin.editor.playbookHelp')}
                placeholder={t('measures.admin.editor.playbookNone')}
                data={pageOptions}
                value={playbook}
                onChange={setPlaybook}
                searchable
                clearable
                clearButtonProps={{ 'aria-label': t('measures.admin.editor.clearPlaybook') }}
                comboboxProps={{ withinPortal: true }}
              />
            )}
          </SimpleGrid>
          <ErrorAlert error={explained(mutation.error, t)} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('measures.admin.editor.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {isNew ? t('measures.admin.editor.create') : t('measures.admin.editor.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Confirms putting one of TMA's measure types back to its default. */
export function ResetMeasureTypeDialog({
  type,
  onClose,
  onDone,
}: {
  type: MeasureType;
  onClose: () => void;
  onDone: (name: string) => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateMeasureType();
  const name = type.names[currentLanguage()];
  return (
    <ActionDialog
      title={t('measures.admin.resetDialog.title', { name })}
      submitLabel={t('measures.admin.resetDialog.confirm')}
      submitColor="red"
      pending={update.isPending}
      error={explained(update.error, t)}
      onClose={onClose}
      onSubmit={() =>
        update.mutate(
          { key: type.key, change: { reset: true } },
          { onSuccess: (reset) => onDone(reset.names[currentLanguage()]) },
        )
      }
    >
      <Text size="sm">{t('measures.admin.resetDialog.text')}</Text>
    </ActionDialog>
  );
}
