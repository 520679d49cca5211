import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type CasePerson, useRemovePerson } from '../api/persons.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';

/** Asks before taking a person off the case; the journal keeps that they were there. */
export function RemovePersonDialog({
  caseId,
  person,
  onClose,
  onDone,
}: {
  caseId: string;
  person: CasePerson;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const remove = useRemovePerson(caseId);
  const who = person.name ? `${person.pseudonym} (${person.name})` : person.pseudonym;
  return (
    <ActionDialog
      title={t('cases.removePerson.title', { who })}
      submitLabel={t('cases.removePerson.confirm')}
      submitColor="red"
      pending={remove.isPending}
      error={remove.error}
      onClose={onClose}
      onSubmit={() => remove.mutate(person.id, { onSuccess: onDone })}
    >
      <Text size="sm">{t('cases.removePerson.text')}</Text>
      {person.linked.length > 0 && <Text size="sm">{t('cases.removePerson.linked')}</Text>}
    </ActionDialog>
  );
}
