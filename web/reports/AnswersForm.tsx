import {
  Button,
  Checkbox,
  CloseButton,
  Group,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormItem, ReportFormDefinition } from '../api/reports.ts';
import { currentLanguage } from '../i18n/index.ts';
import { localised } from './answers.ts';
import type { FieldProblem, FieldValue, FormValues, PersonDraft } from './form-values.ts';

// The report form rendered for the team to fill in (the portal has its own renderer for reporters, under
// web/portal/; the two can share field components once both settle).

interface AnswersFormProps {
  form: ReportFormDefinition;
  values: FormValues;
  onChange: (itemId: string, value: FieldValue) => void;
  problems: Record<string, FieldProblem>;
  today: string;
}

/** A scale with more options than this is a drop-down rather than radio buttons. */
const maxRadioOptions = 6;

export function AnswersForm({ form, values, onChange, problems, today }: AnswersFormProps) {
  const language = currentLanguage();
  return (
    <Stack gap="xl">
      {form.sections.map((section) => (
        <Stack key={section.id} gap="md">
          <Stack gap={2}>
            <Title order={3} size="h4">
              {localised(section.title, language)}
            </Title>
            {section.help && (
              <Text size="sm" c="dimmed">
                {localised(section.help, language)}
              </Text>
            )}
          </Stack>
          {section.items.map((item) => (
            <Field
              key={item.id}
              form={form}
              item={item}
              value={values[item.id]}
              onChange={(value) => onChange(item.id, value)}
              problem={problems[item.id]}
              today={today}
            />
          ))}
        </Stack>
      ))}
    </Stack>
  );
}

function Field({
  form,
  item,
  value,
  onChange,
  problem,
  today,
}: {
  form: ReportFormDefinition;
  item: FormItem;
  value: FieldValue | undefined;
  onChange: (value: FieldValue) => void;
  problem: FieldProblem | undefined;
  today: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const label = localised(item.label, language);
  const description = item.help ? localised(item.help, language) : undefined;
  const text = typeof value === 'string' ? value : '';
  const error =
    problem === 'required'
      ? t('reports.record.required')
      : problem === 'future'
        ? t('reports.record.futureDay')
        : problem === 'too_many' && item.type === 'persons'
          ? t('reports.record.tooMany', { max: item.maxPersons })
          : undefined;
  const common = { label, description, withAsterisk: item.required, error };

  switch (item.type) {
    case 'text':
      return item.multiline ? (
        <Textarea
          {...common}
          autosize
          minRows={4}
          maxRows={20}
          maxLength={item.maxLength}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      ) : (
        <TextInput
          {...common}
          maxLength={item.maxLength}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          max={today}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
          styles={{ input: { maxWidth: 240 } }}
        />
      );
    case 'choice': {
      const options = form.scales[item.scale]?.options ?? [];
      if (options.length > maxRadioOptions)
        return (
          <Select
            {...common}
            placeholder={t('reports.record.select')}
            data={options.map((option) => ({ value: option.code, label: localised(option.label, language) }))}
            value={text || null}
            onChange={(code) => onChange(code ?? '')}
            clearable={!item.required}
          />
        );
      return (
        <Radio.Group {...common} value={text} onChange={onChange}>
          <Stack gap="xs" mt="xs">
            {options.map((option) => (
              <Radio
                key={option.code}
                value={option.code}
                label={localised(option.label, language)}
                description={option.help ? localised(option.help, language) : undefined}
              />
            ))}
          </Stack>
        </Radio.Group>
      );
    }
    case 'multi_choice': {
      const options = form.scales[item.scale]?.options ?? [];
      const chosen = Array.isArray(value)
        ? value.filter((code): code is string => typeof code === 'string')
        : [];
      return (
        <Checkbox.Group {...common} value={chosen} onChange={onChange}>
          <Stack gap="xs" mt="xs">
            {options.map((option) => (
              <Checkbox
                key={option.code}
                value={option.code}
                label={localised(option.label, language)}
                description={option.help ? localised(option.help, language) : undefined}
              />
            ))}
          </Stack>
        </Checkbox.Group>
      );
    }
    case 'persons':
      return (
        <PersonsField
          form={form}
          item={item}
          persons={Array.isArray(value) ? (value as PersonDraft[]) : []}
          onChange={onChange}
          label={label}
          description={description}
          error={error}
        />
      );
  }
}

let personKeys = 0;

function PersonsField({
  form,
  item,
  persons,
  onChange,
  label,
  description,
  error,
}: {
  form: ReportFormDefinition;
  item: Extract<FormItem, { type: 'persons' }>;
  persons: PersonDraft[];
  onChange: (value: PersonDraft[]) => void;
  label: string;
  description: string | undefined;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const labelId = useId();
  const roles = (form.scales[item.roleScale]?.options ?? []).map((option) => ({
    value: option.code,
    label: localised(option.label, language),
  }));
  const update = (key: string, change: Partial<PersonDraft>) =>
    onChange(persons.map((person) => (person.key === key ? { ...person, ...change } : person)));
  const add = () => {
    personKeys += 1;
    onChange([
      ...persons,
      { key: `person-${personKeys}`, role: roles[0]?.value ?? '', name: '', description: '' },
    ]);
  };

  return (
    <Stack gap="xs" role="group" aria-labelledby={labelId}>
      <Stack gap={2}>
        <Text id={labelId} size="sm" fw={500}>
          {label}
        </Text>
        {description && (
          <Text size="xs" c="dimmed">
            {description}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('reports.record.personsHint', { max: item.maxPersons })}
        </Text>
      </Stack>
      {persons.map((person, index) => {
        const number = index + 1;
        return (
          <Paper
            key={person.key}
            withBorder
            p="sm"
            radius="md"
            role="group"
            aria-label={t('reports.record.person', { number })}
          >
            <Stack gap="xs">
              <Group justify="space-between" gap="xs">
                <Text size="sm" fw={600}>
                  {t('reports.record.person', { number })}
                </Text>
                <CloseButton
                  aria-label={t('reports.record.removePerson', { number })}
                  onClick={() => onChange(persons.filter((candidate) => candidate.key !== person.key))}
                />
              </Group>
              <Group grow align="flex-start" gap="xs" wrap="wrap">
                <Select
                  label={t('reports.record.personRole')}
                  data={roles}
                  value={person.role}
                  allowDeselect={false}
                  onChange={(role) => update(person.key, { role: role ?? person.role })}
                  miw={200}
                />
                <TextInput
                  label={t('reports.record.personName')}
                  maxLength={200}
                  value={person.name}
                  onChange={(event) => update(person.key, { name: event.currentTarget.value })}
                  miw={200}
                />
              </Group>
              <Textarea
                label={t('reports.record.personDescription')}
                autosize
                minRows={2}
                maxLength={2000}
                value={person.description}
                onChange={(event) => update(person.key, { description: event.currentTarget.value })}
              />
            </Stack>
          </Paper>
        );
      })}
      {error && (
        <Text size="xs" c="red.9">
          {error}
        </Text>
      )}
      <Button
        variant="default"
        size="xs"
        onClick={add}
        disabled={persons.length >= item.maxPersons}
        style={{ alignSelf: 'flex-start' }}
      >
        {t('reports.record.addPerson')}
      </Button>
    </Stack>
  );
}
