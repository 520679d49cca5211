import { Button, Group, Modal, MultiSelect, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ContentRolesSwitch } from '../access/ContentRolesSwitch.tsx';
import { isSpecialty, type Role, roles, type Specialty, specialties, useSession } from '../api/auth.ts';
import type { Unit } from '../api/reports.ts';
import { type AdminUser, type InvitationAnswer, useChangeRole, useInviteUser } from '../api/users.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { roleLabel, specialtyLabel } from '../components/labels.ts';

interface RoleFields {
  role: Role;
  specialty: Specialty | null;
  tenantWide: boolean;
}

/** Role, the expert's specialty and the threat manager's tenant-wide scope: only what fits the role shows. */
function RoleInputs({
  value,
  onChange,
  specialtyError,
}: {
  value: RoleFields;
  onChange: (value: RoleFields) => void;
  specialtyError?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Select
        label={t('users.form.role')}
        data={roles.map((role) => ({ value: role, label: roleLabel(t, role) }))}
        value={value.role}
        allowDeselect={false}
        onChange={(role) => role && onChange({ role: role as Role, specialty: null, tenantWide: false })}
        comboboxProps={{ withinPortal: true }}
      />
      {value.role === 'expert' && (
        <Select
          label={t('users.form.specialty')}
          placeholder={t('users.form.specialtyPlaceholder')}
          data={specialties.map((specialty) => ({ value: specialty, label: specialtyLabel(t, specialty) }))}
          value={value.specialty}
          onChange={(specialty) =>
            onChange({ ...value, specialty: isSpecialty(specialty) ? specialty : null })
          }
          error={specialtyError}
          required
          comboboxProps={{ withinPortal: true }}
        />
      )}
      {value.role === 'threat_manager' && (
        <Switch
          label={t('users.form.tenantWide')}
          description={t('users.form.tenantWideDescription')}
          checked={value.tenantWide}
          onChange={(event) => onChange({ ...value, tenantWide: event.currentTarget.checked })}
        />
      )}
    </>
  );
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** "Invite user": e-mail, name, role and units; TMA e-mails the invitation (or answers its link). */
export function InviteUserModal({
  opened,
  units,
  onClose,
  onInvited,
}: {
  opened: boolean;
  units: Unit[];
  onClose: () => void;
  onInvited: (answer: InvitationAnswer) => void;
}) {
  const { t } = useTranslation();
  const invite = useInviteUser();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roleFields, setRoleFields] = useState<RoleFields>({
    role: 'threat_manager',
    specialty: null,
    tenantWide: false,
  });
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<{ email?: string; specialty?: string }>({});

  useEffect(() => {
    if (!opened) return;
    setEmail('');
    setName('');
    setRoleFields({ role: 'threat_manager', specialty: null, tenantWide: false });
    setUnitIds([]);
    setErrors({});
    invite.reset();
  }, [opened, invite.reset]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (email.trim() === '') found.email = t('users.form.required');
    else if (!emailPattern.test(email.trim())) found.email = t('users.form.invalidEmail');
    if (roleFields.role === 'expert' && !roleFields.specialty) found.specialty = t('users.form.required');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    invite.mutate(
      {
        email: email.trim(),
        ...(name.trim() ? { displayName: name.trim() } : {}),
        ...roleFields,
        unitIds,
      },
      { onSuccess: onInvited },
    );
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('users.invite.title')}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': t('users.form.cancel') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('users.invite.intro')}
          </Text>
          <ErrorNotice error={invite.error} />
          <TextInput
            label={t('users.form.email')}
            type="email"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={errors.email}
            data-autofocus
          />
          <TextInput
            label={t('users.form.name')}
            description={t('users.form.nameDescription')}
            autoComplete="off"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <RoleInputs value={roleFields} onChange={setRoleFields} specialtyError={errors.specialty} />
          <MultiSelect
            label={t('users.form.units')}
            description={t('users.form.unitsDescription')}
            placeholder={unitIds.length === 0 ? t('users.form.unitsPlaceholder') : undefined}
            data={units.map((unit) => ({ value: unit.id, label: unit.name }))}
            value={unitIds}
            onChange={setUnitIds}
            searchable
            comboboxProps={{ withinPortal: true }}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('users.form.cancel')}
            </Button>
            <Button type="submit" loading={invite.isPending}>
              {t('users.invite.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** "Change role" for one user. */
export function EditRoleModal({
  user,
  onClose,
  onSaved,
}: {
  user: AdminUser | undefined;
  onClose: () => void;
  onSaved: (user: AdminUser) => void;
}) {
  const { t } = useTranslation();
  const change = useChangeRole();
  const { data: session } = useSession();
  const [fields, setFields] = useState<RoleFields>({ role: 'auditor', specialty: null, tenantWide: false });
  const [specialtyError, setSpecialtyError] = useState<string | undefined>();

  useEffect(() => {
    if (!user) return;
    setFields({ role: user.role, specialty: user.specialty, tenantWide: user.tenantWide });
    setSpecialtyError(undefined);
    change.reset();
  }, [user, change.reset]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!user) return;
    if (fields.role === 'expert' && !fields.specialty) {
      setSpecialtyError(t('users.form.required'));
      return;
    }
    change.mutate({ id: user.id, ...fields }, { onSuccess: onSaved });
  };

  return (
    <Modal
      opened={user !== undefined}
      onClose={onClose}
      title={user && t('users.editRole.title', { name: user.displayName })}
      centered
      closeButtonProps={{ 'aria-label': t('users.form.cancel') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ErrorNotice error={change.error} />
          <RoleInputs value={fields} onChange={setFields} specialtyError={specialtyError} />
          {user?.role === 'admin' && session && user.id !== session.user.id && (
            <ContentRolesSwitch userId={user.id} name={user.displayName} />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('users.form.cancel')}
            </Button>
            <Button type="submit" loading={change.isPending}>
              {t('users.editRole.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
