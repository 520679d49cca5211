import {
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormItem, ReportFormDefinition } from '../api/portal.ts';
import { type AnswerDraft, newPerson, type PersonDraft } from './answers.ts';
import { GroupLabel } from './FormItemField.tsx';
import { errorId, fieldId, labelLegend, plainFieldset, plainLegend } from './field-ids.ts';
import { useLocalised } from './localised.ts';

type PersonsItem = Extract<FormItem, { type: 'persons' }>;

/**
 * The people involved: a repeatable group of role, name and description. Adding a person moves the focus
 * to its first field; removing one moves it back to the add button, and both are announced.
 */
export function PersonsField({
  item,
  form,
  persons,
  onChange,
  errorFor,
}: {
  item: PersonsItem;
  form: ReportFormDefinition;
  persons: PersonDraft[];
  onChange: (value: AnswerDraft) => void;
  errorFor: (path: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const { text } = useLocalised();
  const path = `answers.${item.id}`;
  const legendId = useId();
  const helpId = useId();
  const addButton = useRef<HTMLButtonElement>(null);
  /** The row whose first field gets the focus after rendering, or the add button. */
  const [focusTarget, setFocusTarget] = useState<number | 'add' | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const error = errorFor(path);
  const roles = form.scales[item.roleScale]?.options ?? [];
  const full = persons.length >= item.maxPersons;
  const help = text(item.help);

  useEffect(() => {
    if (focusTarget === null) return;
    if (focusTarget === 'add') addButton.current?.focus();
    else document.getElementById(fieldId(`${path}.${focusTarget}.role`))?.focus();
    setFocusTarget(null);
  }, [focusTarget, path]);

  const update = (key: string, change: Partial<PersonDraft>) =>
    onChange(persons.map((person) => (person.key === key ? { ...person, ...change } : person)));

  const add = () => {
    const person = newPerson();
    onChange([...persons, person]);
    setFocusTarget(persons.length);
    setAnnouncement(t('portal.form.persons.added', { number: persons.length + 1 }));
  };

  const remove = (key: string) => {
    onChange(persons.filter((person) => person.key !== key));
    setFocusTarget('add');
    setAnnouncement(t('portal.form.persons.removed'));
  };

  const describedBy = [help ? helpId : '', error ? errorId(path) : ''].filter(Boolean).join(' ') || undefined;

  return (
    <fieldset aria-describedby={describedBy} style={plainFieldset}>
      <Text component="legend" id={legendId} style={labelLegend}>
        <GroupLabel label={text(item.label)} required={item.required} />
        {item.required && (
          <Text component="span" c="red.9" aria-hidden="true">
            {' *'}
          </Text>
        )}
      </Text>
      <Stack gap="sm">
        {help && (
          <Text id={helpId} size="xs" c="dimmed" mt={2}>
            {help}
          </Text>
        )}
        {persons.map((person, index) => {
          const row = `${path}.${index}`;
          const number = index + 1;
          const personLegendId = fieldId(`${row}.legend`);
          return (
            <Paper key={person.key} withBorder p={{ base: 'sm', sm: 'md' }} bg="white">
              <fieldset style={plainFieldset}>
                <Text component="legend" id={personLegendId} fw={700} mb="xs" style={plainLegend}>
                  {t('portal.form.persons.person', { number })}
                </Text>
                <Stack gap="sm">
                  <NativeSelect
                    id={fieldId(`${row}.role`)}
                    label={t('portal.form.persons.role')}
                    required
                    data={[
                      { value: '', label: t('portal.form.persons.rolePlaceholder') },
                      ...roles.map((role) => ({ value: role.code, label: text(role.label) })),
                    ]}
                    value={person.role}
                    onChange={(event) => update(person.key, { role: event.currentTarget.value })}
                    error={errorFor(`${row}.role`)}
                    errorProps={{ id: errorId(`${row}.role`) }}
                  />
                  <TextInput
                    id={fieldId(`${row}.name`)}
                    label={t('portal.form.persons.name')}
                    description={t('portal.form.persons.nameDescription')}
                    value={person.name}
                    autoComplete="off"
                    onChange={(event) => update(person.key, { name: event.currentTarget.value })}
                    error={errorFor(`${row}.name`)}
                    errorProps={{ id: errorId(`${row}.name`) }}
                  />
                  <Textarea
                    id={fieldId(`${row}.description`)}
                    label={t('portal.form.persons.description')}
                    description={t('portal.form.persons.descriptionDescription')}
                    value={person.description}
                    autosize
                    minRows={2}
                    maxRows={8}
                    onChange={(event) => update(person.key, { description: event.currentTarget.value })}
                    error={errorFor(`${row}.description`)}
                    errorProps={{ id: errorId(`${row}.description`) }}
                  />
                  <Group justify="flex-end">
                    <Button
                      variant="subtle"
                      color="red.9"
                      size="compact-sm"
                      onClick={() => remove(person.key)}
                      id={fieldId(`${row}.remove`)}
                    >
                      {t('portal.form.persons.remove', { number })}
                    </Button>
                  </Group>
                </Stack>
              </fieldset>
            </Paper>
          );
        })}
        <Group gap="sm" align="center">
          <Button
            ref={addButton}
            id={fieldId(path)}
            variant="default"
            onClick={add}
            disabled={full}
            aria-describedby={error ? errorId(path) : undefined}
          >
            {persons.length === 0 ? t('portal.form.persons.add') : t('portal.form.persons.addAnother')}
          </Button>
          {full && (
            <Text size="sm" c="dimmed">
              {t('portal.form.persons.limit', { count: item.maxPersons })}
            </Text>
          )}
        </Group>
        {error && (
          <Text id={errorId(path)} size="sm" c="var(--mantine-color-error)">
            {error}
          </Text>
        )}
        <VisuallyHidden role="status">{announcement}</VisuallyHidden>
      </Stack>
    </fieldset>
  );
}
