import { Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage } from '../i18n/language.ts';
import { limits } from './form-checks.ts';
import {
  addItem,
  type FormDraft,
  type ItemKind,
  itemKinds,
  moveSection,
  removeSection,
  setSectionHelp,
  setSectionTitle,
  updateSection,
} from './form-draft.ts';
import { ItemEditor } from './ItemEditor.tsx';
import { editorFieldId, LocalisedInputs, OrderButtons, useEditorFields } from './parts.tsx';

/**
 * One section: its title and explanation in German and English, then its questions, then a way to add one.
 * `firstNumber` is the number of its first question in the whole form.
 */
export function SectionEditor({
  form,
  sectionIndex,
  firstNumber,
  questionCount,
  published,
  onChange,
}: {
  form: FormDraft;
  sectionIndex: number;
  firstNumber: number;
  /** The number of questions in the whole form. */
  questionCount: number;
  /** The ids of the questions the published form has: the others are new and start open. */
  published: ReadonlySet<string>;
  onChange: (change: (form: FormDraft) => FormDraft) => void;
}) {
  const { t, i18n } = useTranslation();
  const { errorFor } = useEditorFields();
  const headingId = useId();
  const [kind, setKind] = useState<ItemKind>('choice');
  const section = form.sections[sectionIndex];
  if (!section) return null;
  const number = sectionIndex + 1;
  const path = `sections.${sectionIndex}`;
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const title =
    section.title[language] || section.title.de || section.title.en || t('formEditor.section.untitled');
  const itemsError = errorFor(`${path}.items`);

  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      radius="md"
      shadow="xs"
      p={{ base: 'sm', sm: 'lg' }}
      data-testid="form-editor-section"
    >
      <Stack gap="md">
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              {t('formEditor.section.heading', { number })}
            </Text>
            <Title order={3} size="h4" id={headingId} style={{ overflowWrap: 'anywhere' }}>
              {title}
            </Title>
          </Stack>
          <Group gap={2} wrap="nowrap">
            <OrderButtons
              canMoveUp={sectionIndex > 0}
              canMoveDown={sectionIndex < form.sections.length - 1}
              labels={{
                up: t('formEditor.section.moveUp', { number }),
                down: t('formEditor.section.moveDown', { number }),
                remove: t('formEditor.section.remove', { number }),
              }}
              onMove={(delta) => onChange((current) => moveSection(current, sectionIndex, delta))}
              onRemove={() => onChange((current) => removeSection(current, sectionIndex))}
            />
          </Group>
        </Group>

        <LocalisedInputs
          path={`${path}.title`}
          value={section.title}
          labels={{ de: t('formEditor.section.titleDe'), en: t('formEditor.section.titleEn') }}
          onChange={(lang, text) => onChange((current) => setSectionTitle(current, sectionIndex, lang, text))}
        />
        <LocalisedInputs
          path={`${path}.help`}
          value={section.help}
          required={false}
          multiline
          labels={{ de: t('formEditor.section.helpDe'), en: t('formEditor.section.helpEn') }}
          onChange={(lang, text) => onChange((current) => setSectionHelp(current, sectionIndex, lang, text))}
        />
        <TextInput
          id={editorFieldId(`${path}.id`)}
          name={`${path}.id`}
          label={t('formEditor.section.id')}
          value={section.id}
          required
          size="xs"
          maw={280}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          error={errorFor(`${path}.id`)}
          onChange={(event) => {
            const id = event.currentTarget.value;
            onChange((current) => updateSection(current, sectionIndex, (s) => ({ ...s, id })));
          }}
        />

        {section.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('formEditor.section.noItems')}
          </Text>
        ) : (
          <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
            {section.items.map((item, itemIndex) => (
              <ItemEditor
                // Index keys: an id is edited in place, and a key that changed with it would close the question.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                key={itemIndex}
                form={form}
                sectionIndex={sectionIndex}
                itemIndex={itemIndex}
                number={firstNumber + itemIndex}
                isFirst={firstNumber + itemIndex === 1}
                isLast={firstNumber + itemIndex === questionCount}
                startOpen={!published.has(item.id)}
                onChange={onChange}
              />
            ))}
          </Stack>
        )}
        {itemsError && (
          <Text size="sm" c="red.8">
            {itemsError}
          </Text>
        )}

        <Group
          gap="sm"
          p="sm"
          wrap="wrap"
          style={{
            border: '1px dashed var(--mantine-color-gray-4)',
            borderRadius: 'var(--mantine-radius-md)',
          }}
        >
          <Text size="sm" fw={500} c="dimmed">
            {t('formEditor.section.newItem')}
          </Text>
          <NativeSelect
            aria-label={t('formEditor.section.newItemKind', { number })}
            value={kind}
            data={itemKinds.map((value) => ({ value, label: t(`formEditor.item.kinds.${value}`) }))}
            onChange={(event) => setKind(event.currentTarget.value as ItemKind)}
            w={{ base: '100%', xs: 220 }}
          />
          <Button
            variant="light"
            disabled={section.items.length >= limits.items}
            onClick={() => onChange((current) => addItem(current, sectionIndex, kind))}
          >
            {t('formEditor.section.addItem')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
