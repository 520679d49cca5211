import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type CasePerson, useLinkPerson } from '../api/persons.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';

/** Asks before ending the link of a person with the same real person in other cases. */
export function UnlinkPersonDialog({
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
  const link = useLinkPerson(caseId);
  const references = [...new Set(person.linked.map((other) => other.reference))].join(', ');
  return (
    <ActionDialog
      title={t('cases.unlinkPerson.title', { pseudonym: person.pseudonym })}
      submitLabel={t('cases.unlinkPerson.confirm')}
      pending={link.isPending}
      error={link.error}
      onClose={onClose}
      onSubmit={() => link.mutate({ personId: person.id, otherPersonId: null }, { onSuccess: onDone })}
    >
      <Text size="sm">{t('cases.unlinkPerson.text', { references })}</Text>
    </ActionDialog>
  );
}
