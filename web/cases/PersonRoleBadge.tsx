import { Badge, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PersonRole } from '../api/persons.ts';

const roleColor: Record<PersonRole, string> = {
  person_of_concern: 'red.8',
  affected_person: 'blue',
  witness: 'teal',
  reporter: 'grape',
  other: 'gray',
};

/** A person's role in the case: person of concern, affected person, witness, reporter or other. */
export function PersonRoleBadge({ role }: { role: PersonRole }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant={role === 'person_of_concern' ? 'filled' : 'light'}
      color={roleColor[role]}
      radius="sm"
      tt="none"
      data-testid="person-role"
    >
      <VisuallyHidden>{t('cases.persons.roleLabel')}: </VisuallyHidden>
      {t(`cases.personRoles.${role}`)}
    </Badge>
  );
}
