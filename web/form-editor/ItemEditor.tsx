import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormItem } from '../api/portal.ts';
import { isLanguage } from '../i18n/language.ts';
import { limits } from './form-checks.ts';
import {
  addScale,
  changeItemKind,
  chooseScale,
  dangerCodesOf,
  type FormDraft,
  type ItemKind,
  itemKinds,
  itemsUsingScale,
  moveItem,
  removeItem,
  scaleOf,
  setDangerCodes,
  updateItem,
  withOptionalText,
  withText,
} from './form-draft.ts';
import { OptionsEditor } from './OptionsEditor.tsx';
import { editorFieldId, LocalisedInputs, OrderButtons, useEditorFields } from './parts.tsx';

type Change = (change: (form: FormDraft) => FormDraft) => void;

/**
 * One question: closed, a line with its text, kind and markers; open, every field of its kind. New
 * questions start open, and a question with a problem to show opens by itself.
 */
export function ItemEditor({
  form,
  sectionIndex,
  itemIndex,
  number,
  isFirst,
  isLast,
  startOpen,
  onChange,
}: {
  form: FormDraft;
  sectionIndex: number;
  itemIndex: number;
  /** The question's number in the whole form. */
  number: number;
  isFirst: boolean;
  isLast: boolean;
  startOpen: boolean;
  onChange: Change;
}) {
  const { t, i18n } = useTranslation();
  const { hasProblemWithin } = useEditorFields();
  const [open, setOpen] = useState(startOpen);
  const item = form.sections[sectionIndex]?.items[itemIndex];
  if (!item) return null;
  const path = `sections.${sectionIndex}.items.${itemIndex}`;
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const title = item.label[language] || item.label.de || item.label.en || t('formEditor.item.untitled');
  const marksDanger = form.danger?.itemId === item.id;
  const shown = open || hasProblemWithin(path) || (marksDanger && hasProblemWithin('danger'));
  const detailsId = editorFieldId(`${path}-details`);

  return (
    <Paper
      component="li"
      withBorder
      radius="md"
      p={0}
      data-testid="form-editor-item"
      style={{ overflow: 'hidden' }}
    >
      <Group
        justify="space-between"
        gap="xs"
        wrap="wrap"
        px="sm"
        py={6}
        bg={shown ? 'gray.0' : undefined}
        style={shown ? { borderBottom: '1px solid var(--mantine-color-gray-3)' } : undefined}
      >
        {/* At least 12rem for the title: on a phone the buttons move below it rather than squeeze it. */}
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 12rem' }}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            {t('formEditor.item.heading', { number })} · {t(`formEditor.item.kinds.${item.type}`)}
          </Text>
          <Text size="sm" fw={500} lineClamp={3} style={{ overflowWrap: 'anywhere' }}>
            {title}
          </Text>
          {(item.required || marksDanger) && (
            <Group gap={6}>
              {item.required && (
                <Badge size="xs" variant="light" color="gray">
                  {t('formEditor.item.requiredBadge')}
                </Badge>
              )}
              {marksDanger && (
                <Badge size="xs" variant="light" color="red">
                  {t('formEditor.item.dangerBadge')}
                </Badge>
              )}
            </Group>
          )}
        </Stack>
        <Group gap={2} wrap="nowrap">
          <Button
            variant="subtle"
            size="xs"
            aria-expanded={shown}
            aria-controls={detailsId}
            aria-label={t(shown ? 'formEditor.item.close' : 'formEditor.item.edit', { number })}
            onClick={() => setOpen(!shown)}
          >
            {t(shown ? 'formEditor.item.closeShort' : 'formEditor.item.editShort')}
          </Button>
          {/* A question may move into the neighbouring section; only the form's first and last cannot. */}
          <OrderButtons
            canMoveUp={!isFirst}
            canMoveDown={!isLast}
            labels={{
              up: t('formEditor.item.moveUp', { number }),
              down: t('formEditor.item.moveDown', { number }),
              remove: t('formEditor.item.remove', { number }),
            }}
            onMove={(delta) => onChange((current) => moveItem(current, sectionIndex, itemIndex, delta))}
            onRemove={() => onChange((current) => removeItem(current, sectionIndex, itemIndex))}
          />
        </Group>
      </Group>
      {shown && (
        <Stack gap="md" p={{ base: 'sm', sm: 'md' }} id={detailsId}>
          <ItemFields
            form={form}
            item={item}
            path={path}
            sectionIndex={sectionIndex}
            itemIndex={itemIndex}
            onChange={onChange}
          />
        </Stack>
      )}
    </Paper>
  );
}

function ItemFields({
  form,
  item,
  path,
  sectionIndex,
  itemIndex,
  onChange,
}: {
  form: FormDraft;
  item: FormItem;
  path: string;
  sectionIndex: number;
  itemIndex: number;
  onChange: Change;
}) {
  const { t } = useTranslation();
  const { errorFor } = useEditorFields();
  const update = (change: (item: FormItem) => FormItem) =>
    onChange((current) => updateItem(current, sectionIndex, itemIndex, change));
  const scaleId = scaleOf(item);

  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="xs">
        <NativeSelect
          id={editorFieldId(`${path}.type`)}
          label={t('formEditor.item.kind')}
          value={item.type}
          data={itemKinds.map((kind) => ({ value: kind, label: t(`formEditor.item.kinds.${kind}`) }))}
          onChange={(event) => {
            const kind = event.currentTarget.value as ItemKind;
            onChange((current) => changeItemKind(current, sectionIndex, itemIndex, kind));
          }}
        />
        <TextInput
          id={editorFieldId(`${path}.id`)}
          name={`${path}.id`}
          label={t('formEditor.item.id')}
          description={t('formEditor.item.idHelp')}
          value={item.id}
          required
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          error={errorFor(`${path}.id`)}
          onChange={(event) => {
            const id = event.currentTarget.value;
            update((current) => ({ ...current, id }));
          }}
        />
      </SimpleGrid>
      <LocalisedInputs
        path={`${path}.label`}
        value={item.label}
        labels={{ de: t('formEditor.item.labelDe'), en: t('formEditor.item.labelEn') }}
        multiline
        onChange={(language, text) =>
          update((current) => ({ ...current, label: withText(current.label, language, text) }))
        }
      />
      <LocalisedInputs
        path={`${path}.help`}
        value={item.help}
        required={false}
        labels={{ de: t('formEditor.item.helpDe'), en: t('formEditor.item.helpEn') }}
        multiline
        onChange={(language, text) =>
          update((current) => {
            const help = withOptionalText(current.help, language, text);
            const { help: _old, ...rest } = current;
            return (help ? { ...rest, help } : rest) as FormItem;
          })
        }
      />
      <Switch
        label={t('formEditor.item.required')}
        checked={item.required}
        onChange={(event) => {
          const required = event.currentTarget.checked;
          update((current) => ({ ...current, required }));
        }}
      />
      {item.type === 'text' && (
        <Group gap="lg" align="flex-end">
          <NumberInput
            id={editorFieldId(`${path}.maxLength`)}
            name={`${path}.maxLength`}
            label={t('formEditor.item.maxLength')}
            value={item.maxLength}
            min={1}
            max={limits.maxLength}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            w={220}
            error={errorFor(`${path}.maxLength`)}
            onChange={(value) => update((current) => ({ ...current, maxLength: Number(value) || 0 }))}
          />
          <Checkbox
            label={t('formEditor.item.multiline')}
            checked={item.multiline}
            mb={8}
            onChange={(event) => {
              const multiline = event.currentTarget.checked;
              update((current) => ({ ...current, multiline }));
            }}
          />
        </Group>
      )}
      {item.type === 'persons' && (
        <NumberInput
          id={editorFieldId(`${path}.maxPersons`)}
          name={`${path}.maxPersons`}
          label={t('formEditor.item.maxPersons')}
          value={item.maxPersons}
          min={1}
          max={limits.maxPersons}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          w={220}
          error={errorFor(`${path}.maxPersons`)}
          onChange={(value) => update((current) => ({ ...current, maxPersons: Number(value) || 0 }))}
        />
      )}
      {scaleId !== undefined && (
        <ScaleFields
          form={form}
          item={item}
          scaleId={scaleId}
          path={path}
          sectionIndex={sectionIndex}
          itemIndex={itemIndex}
          onChange={onChange}
        />
      )}
      {item.type === 'choice' && <DangerFields form={form} item={item} onChange={onChange} />}
    </>
  );
}

const newList = '';

/** Which answer list the question uses (its own or a shared one), and that list's answers. */
function ScaleFields({
  form,
  item,
  scaleId,
  path,
  sectionIndex,
  itemIndex,
  onChange,
}: {
  form: FormDraft;
  item: FormItem;
  scaleId: string;
  path: string;
  sectionIndex: number;
  itemIndex: number;
  onChange: Change;
}) {
  const { t, i18n } = useTranslation();
  const { errorFor } = useEditorFields();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const others = itemsUsingScale(form, scaleId).filter((other) => other.id !== item.id);
  const field = item.type === 'persons' ? 'roleScale' : 'scale';
  const describe = (id: string) => {
    const labels = (form.scales[id]?.options ?? []).map((option) => option.label[language]).filter(Boolean);
    return labels.length > 0
      ? `${id}: ${labels.slice(0, 3).join(' / ')}${labels.length > 3 ? ' …' : ''}`
      : id;
  };
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md">
      <Stack gap="sm">
        <NativeSelect
          id={editorFieldId(`${path}.${field}`)}
          label={t('formEditor.scale.choose')}
          description={t('formEditor.scale.chooseHelp')}
          value={form.scales[scaleId] ? scaleId : newList}
          error={errorFor(`${path}.${field}`)}
          data={[
            ...Object.keys(form.scales).map((id) => ({ value: id, label: describe(id) })),
            { value: newList, label: `+ ${t('formEditor.scale.newList')}` },
          ]}
          onChange={(event) => {
            const chosen = event.currentTarget.value;
            onChange((current) => {
              if (chosen !== newList) return chooseScale(current, sectionIndex, itemIndex, chosen);
              const added = addScale(current, item.id);
              return chooseScale(added.form, sectionIndex, itemIndex, added.scaleId);
            });
          }}
        />
        {others.length > 0 && (
          <Text size="sm" c="dimmed">
            {t('formEditor.scale.shared', {
              questions: others.map((other) => other.label[language] || other.id).join(' · '),
            })}
          </Text>
        )}
        {form.scales[scaleId] && (
          <OptionsEditor
            form={form}
            scaleId={scaleId}
            heading={item.type === 'persons' ? t('formEditor.scale.roles') : t('formEditor.scale.answers')}
            onChange={onChange}
          />
        )}
      </Stack>
    </Paper>
  );
}

/** Which answers of a single-choice question mark a report as immediate danger. */
function DangerFields({
  form,
  item,
  onChange,
}: {
  form: FormDraft;
  item: Extract<FormItem, { type: 'choice' }>;
  onChange: Change;
}) {
  const { t, i18n } = useTranslation();
  const { errorFor } = useEditorFields();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const options = form.scales[item.scale]?.options ?? [];
  const codes = dangerCodesOf(form, item.id);
  const elsewhere = form.danger && form.danger.itemId !== item.id ? form.danger.itemId : undefined;
  const elsewhereItem = form.sections.flatMap((s) => s.items).find((other) => other.id === elsewhere);
  const error =
    form.danger?.itemId === item.id ? (errorFor('danger.codes') ?? errorFor('danger.itemId')) : undefined;
  return (
    <Alert
      color="red"
      variant="light"
      radius="md"
      styles={{ message: { color: 'var(--mantine-color-text)' } }}
    >
      <Checkbox.Group
        id={editorFieldId('danger.codes')}
        label={t('formEditor.danger.heading')}
        description={t('formEditor.danger.help')}
        value={codes}
        error={error}
        onChange={(chosen) => onChange((current) => setDangerCodes(current, item.id, chosen))}
      >
        {elsewhere !== undefined && (
          <Text size="sm" mt={6}>
            {t('formEditor.danger.elsewhere', {
              question: elsewhereItem?.label[language] || elsewhere,
            })}
          </Text>
        )}
        <Group gap="lg" mt="xs">
          {options.map((option, index) => (
            <Checkbox
              // biome-ignore lint/suspicious/noArrayIndexKey: codes may clash while they are being edited
              key={`${option.code}-${index}`}
              value={option.code}
              label={option.label[language] || option.code}
              disabled={option.code === ''}
            />
          ))}
        </Group>
      </Checkbox.Group>
    </Alert>
  );
}
