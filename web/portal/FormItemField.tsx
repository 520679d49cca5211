import { Checkbox, Radio, Stack, Text, Textarea, TextInput, VisuallyHidden } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormItem, ReportFormDefinition } from '../api/portal.ts';
import type { AnswerDraft, PersonDraft } from './answers.ts';
import { errorId, fieldId } from './field-ids.ts';
import { useLocalised } from './localised.ts';
import { PersonsField } from './PersonsField.tsx';

export interface FormItemFieldProps {
  item: FormItem;
  form: ReportFormDefinition;
  value: AnswerDraft | undefined;
  onChange: (value: AnswerDraft) => void;
  /** The message for a field path (`answers.<item id>`, or a person's `answers.persons.0.role`). */
  errorFor: (path: string) => string | undefined;
  /** The last day that may be chosen (YYYY-MM-DD). */
  today: string;
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** The label of a group of choices: the asterisk is only drawn, so screen readers hear "required" in words. */
export function GroupLabel({ label, required }: { label: string; required: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {label}
      {required && <VisuallyHidden> ({t('portal.form.required')})</VisuallyHidden>}
    </>
  );
}

/** A counter under long texts once they get near their limit, so that nobody is cut off by surprise. */
function withCounter(help: string, length: number, max: number, locale: string, t: TFunction) {
  const near = length > max * 0.8 || (max <= 1000 && length > 0 && length > max - 100);
  const counter = near
    ? t('portal.form.characters', { used: length.toLocaleString(locale), max: max.toLocaleString(locale) })
    : '';
  if (!help && !counter) return undefined;
  return (
    <>
      {help}
      {help && counter ? ' ' : ''}
      {counter}
    </>
  );
}

/** One question of the report form, as the control its type calls for. */
export function FormItemField({ item, form, value, onChange, errorFor, today }: FormItemFieldProps) {
  const { t } = useTranslation();
  const { language, text } = useLocalised();
  const path = `answers.${item.id}`;
  const id = fieldId(path);
  const error = errorFor(path);
  const label = text(item.label);
  const help = text(item.help);

  switch (item.type) {
    case 'text': {
      const current = typeof value === 'string' ? value : '';
      const description = withCounter(help, current.trim().length, item.maxLength, language, t);
      const common = {
        id,
        label,
        description,
        required: item.required,
        error,
        value: current,
        name: item.id,
        // Nothing typed here may stay in the browser's form history for the next person at this computer.
        autoComplete: 'off',
      };
      return item.multiline ? (
        <Textarea
          {...common}
          autosize
          minRows={4}
          maxRows={16}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      ) : (
        <TextInput
          {...common}
          onChange={(event) => onChange(event.currentTarget.value.replace(/[\r\n]+/g, ' '))}
        />
      );
    }
    case 'date': {
      const current = typeof value === 'string' ? value : '';
      return (
        <TextInput
          id={id}
          type="date"
          label={label}
          description={help || undefined}
          required={item.required}
          error={error}
          name={item.id}
          autoComplete="off"
          max={today}
          maw={260}
          // A date typed only in part has the value '' and `badInput`: kept as a marker, so that it is
          // reported instead of silently sent as no answer. The input keeps what was typed.
          value={isoDay.test(current) ? current : ''}
          onChange={(event) =>
            onChange(event.currentTarget.validity.badInput ? 'incomplete' : event.currentTarget.value)
          }
          onBlur={(event) => {
            if (event.currentTarget.validity.badInput) onChange('incomplete');
          }}
        />
      );
    }
    case 'choice': {
      const options = form.scales[item.scale]?.options ?? [];
      return (
        <Radio.Group
          id={`${id}-group`}
          label={<GroupLabel label={label} required={item.required} />}
          withAsterisk={item.required}
          description={help || undefined}
          error={error}
          errorProps={{ id: errorId(path) }}
          value={typeof value === 'string' ? value : ''}
          onChange={onChange}
          name={item.id}
        >
          <Stack gap="xs" mt="xs">
            {options.map((option, index) => (
              <Radio
                key={option.code}
                id={index === 0 ? id : `${id}-${option.code}`}
                value={option.code}
                label={text(option.label)}
                description={text(option.help) || undefined}
              />
            ))}
          </Stack>
        </Radio.Group>
      );
    }
    case 'multi_choice': {
      const options = form.scales[item.scale]?.options ?? [];
      const current = Array.isArray(value) ? (value as string[]) : [];
      return (
        <Checkbox.Group
          id={`${id}-group`}
          label={<GroupLabel label={label} required={item.required} />}
          withAsterisk={item.required}
          description={help || undefined}
          error={error}
          errorProps={{ id: errorId(path) }}
          // Keep the form's order, whatever order the boxes were ticked in.
          value={current}
          onChange={(codes) =>
            onChange(options.map((option) => option.code).filter((code) => codes.includes(code)))
          }
        >
          <Stack gap="xs" mt="xs">
            {options.map((option, index) => (
              <Checkbox
                key={option.code}
                id={index === 0 ? id : `${id}-${option.code}`}
                value={option.code}
                label={text(option.label)}
                description={text(option.help) || undefined}
              />
            ))}
          </Stack>
        </Checkbox.Group>
      );
    }
    case 'persons':
      return (
        <PersonsField
          item={item}
          form={form}
          persons={Array.isArray(value) ? (value as PersonDraft[]) : []}
          onChange={onChange}
          errorFor={errorFor}
        />
      );
  }
}

/** A section of the form: its title and help, then its questions. */
export function FormSectionBlock({
  title,
  help,
  children,
  headingId,
}: {
  title: string;
  help?: string;
  children: ReactNode;
  headingId: string;
}) {
  return (
    <section aria-labelledby={headingId}>
      <Stack gap="md">
        <Stack gap={4}>
          <Text component="h2" id={headingId} fz={{ base: 'lg', sm: 'xl' }} fw={700}>
            {title}
          </Text>
          {help && <Text c="dimmed">{help}</Text>}
        </Stack>
        {children}
      </Stack>
    </section>
  );
}
