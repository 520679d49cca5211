import { Select, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CasePerson,
  type CasePersonChange,
  detailsOf,
  type PersonDetails,
  type PersonRole,
  personDetailFields,
  personRoles,
  useAddPerson,
  useChangePerson,
} from '../api/persons.ts';
import { ActionDialog, useRequired } from '../components/ActionDialog.tsx';

type DetailValues = Record<keyof PersonDetails, string>;
const isRole = (value: string | null): value is PersonRole =>
  value !== null && (personRoles as readonly string[]).includes(value);
const sameDetails = (a: PersonDetails | null, b: PersonDetails | null) =>
  personDetailFields.every((field) => (a?.[field] ?? '') === (b?.[field] ?? ''));

/** What the server takes (server/modules/cases/persons.ts). */
const maxLength: Record<keyof PersonDetails, number> = {
  contact: 500,
  organisation: 200,
  jobTitle: 200,
  description: 5000,
};

/**
 * Adds a person to the case, or (with `person`) changes one: role, name and details. Sends only what
 * changed; the name and details are encrypted with the case's key.
 */
export function PersonDialog({
  caseId,
  person,
  onClose,
  onDone,
}: {
  caseId: string;
  person?: CasePerson | undefined;
  onClose: () => void;
  onDone: (pseudonymOrName: string) => void;
}) {
  const { t } = useTranslation();
  const add = useAddPerson(caseId);
  const change = useChangePerson(caseId);
  const [role, setRole] = useState<string | null>(person?.role ?? null);
  const [name, setName] = useState(person?.name ?? '');
  const [details, setDetails] = useState<DetailValues>(() => ({
    contact: person?.details?.contact ?? '',
    organisation: person?.details?.organisation ?? '',
    jobTitle: person?.details?.jobTitle ?? '',
    description: person?.details?.description ?? '',
  }));
  const required = useRequired();
  const pending = add.isPending || change.isPending;

  const submit = () => {
    if (!required.check(role, name) || !isRole(role)) return;
    const newDetails = detailsOf(details);
    if (!person) {
      add.mutate({ role, name: name.trim(), details: newDetails }, { onSuccess: () => onDone(name.trim()) });
      return;
    }
    const changes: CasePersonChange = {};
    if (role !== person.role) changes.role = role;
    if (name.trim() !== (person.name ?? '')) changes.name = name.trim();
    if (!sameDetails(newDetails, person.details)) changes.details = newDetails;
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    change.mutate({ personId: person.id, ...changes }, { onSuccess: () => onDone(person.pseudonym) });
  };

  const detailField = (field: keyof PersonDetails) => ({
    label: t(`cases.personDialog.${field}`),
    maxLength: maxLength[field],
    value: details[field],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setDetails((current) => ({ ...current, [field]: value }));
    },
  });

  return (
    <ActionDialog
      title={
        person
          ? t('cases.personDialog.editTitle', { pseudonym: person.pseudonym })
          : t('cases.personDialog.addTitle')
      }
      intro={t('cases.personDialog.intro')}
      submitLabel={person ? t('cases.personDialog.save') : t('cases.personDialog.add')}
      pending={pending}
      error={add.error ?? change.error}
      onClose={onClose}
      onSubmit={submit}
    >
      <Select
        label={t('cases.personDialog.role')}
        placeholder={t('cases.personDialog.rolePlaceholder')}
        data={personRoles.map((value) => ({ value, label: t(`cases.personRoles.${value}`) }))}
        value={role}
        onChange={setRole}
        allowDeselect={false}
        error={required.tried && role === null ? t('reports.actions.required') : undefined}
        required
        comboboxProps={{ withinPortal: true }}
        data-autofocus
      />
      <TextInput
        label={t('cases.personDialog.name')}
        description={t('cases.personDialog.nameDescription')}
        maxLength={200}
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        error={required.tried && name.trim() === '' ? t('reports.actions.required') : undefined}
        required
      />
      <TextInput {...detailField('organisation')} />
      <TextInput {...detailField('jobTitle')} />
      <TextInput {...detailField('contact')} description={t('cases.personDialog.contactDescription')} />
      <Textarea
        {...detailField('description')}
        description={t('cases.personDialog.descriptionDescription')}
        autosize
        minRows={3}
        maxRows={10}
      />
    </ActionDialog>
  );
}
