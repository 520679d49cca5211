import { Button, NumberInput, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelDefinition } from '../../api/assessment-models.ts';
import { currentLanguage } from '../../i18n/index.ts';

export type Definition = ModelDefinition;
export type Localised = { en: string; de: string };
export type Recipe = (draft: Definition) => void;

export const emptyText = (): Localised => ({ en: '', de: '' });

/** English and German of one text, side by side. */
export function LocalisedFields({
  labels,
  value,
  onChange,
  multiline = false,
  required = true,
}: {
  labels: [string, string];
  value: Localised | undefined;
  onChange: (value: Localised) => void;
  multiline?: boolean;
  required?: boolean;
}) {
  const text = value ?? emptyText();
  const Field = multiline ? Textarea : TextInput;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      {(['en', 'de'] as const).map((language, index) => (
        <Field
          key={language}
          label={labels[index]}
          value={text[language]}
          required={required}
          onChange={(event) => onChange({ ...text, [language]: event.currentTarget.value })}
          {...(multiline ? { autosize: true, minRows: 2 } : {})}
        />
      ))}
    </SimpleGrid>
  );
}

/** An optional text: both languages empty leaves it out. */
export const optionalText = (value: Localised): Localised | undefined =>
  value.en.trim() === '' && value.de.trim() === '' ? undefined : value;

export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button variant="subtle" color="red.9" size="compact-sm" onClick={onClick}>
      {label}
    </Button>
  );
}

/**
 * A number of the model, typed freely: passed on while it is a number within bounds; otherwise marked and
 * reported through `onValidity`, so the draft is not saved (or checked) with it.
 */
export function NumberField({
  label,
  description,
  value,
  onChange,
  onValidity,
  min,
  max,
  step,
}: {
  label: string;
  description?: string;
  value: number;
  onChange: (value: number) => void;
  onValidity: (id: string, valid: boolean) => void;
  min?: number;
  max?: number;
  step?: number;
}) {
  const { t } = useTranslation();
  const id = useId();
  const language = currentLanguage();
  const [text, setText] = useState<number | string>(value);
  const fits = (candidate: number | string): candidate is number =>
    typeof candidate === 'number' &&
    Number.isFinite(candidate) &&
    (min === undefined || candidate >= min) &&
    (max === undefined || candidate <= max);
  // A new value from outside (saved, taken over) replaces what is typed.
  const shown = useRef(value);
  useEffect(() => {
    if (value === shown.current) return;
    shown.current = value;
    setText(value);
    onValidity(id, true);
  }, [value, id, onValidity]);
  useEffect(() => () => onValidity(id, true), [id, onValidity]);
  const valid = fits(text);
  return (
    <NumberInput
      label={label}
      description={description}
      value={text}
      min={min}
      max={max}
      step={step}
      decimalScale={4}
      decimalSeparator={language === 'de' ? ',' : '.'}
      clampBehavior="none"
      required
      w={220}
      onChange={(next) => {
        setText(next);
        if (fits(next)) {
          shown.current = next;
          onValidity(id, true);
          onChange(next);
        } else onValidity(id, false);
      }}
      error={
        valid
          ? undefined
          : min !== undefined && max !== undefined
            ? t('models.editor.numberBetween', { min, max })
            : t('models.editor.numberRequired')
      }
    />
  );
}
