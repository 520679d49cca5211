import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ContentAccessCard } from '../access/ContentAccessCard.tsx';
import { type Role, roles, type SessionInfo } from '../api/auth.ts';
import {
  type RoleMappingEntry,
  type SsoSettings,
  useSaveSecondFactorPolicy,
  useSaveSsoSettings,
  useSecondFactorPolicy,
  useSsoSettings,
} from '../api/security.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { roleLabel } from '../components/labels.ts';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { DeletionApprovalCard } from '../deletion/DeletionApprovalCard.tsx';

/** `/admin/security`: which roles must use two-step sign-in, and the organisation's single sign-on. */
export function SecurityPage() {
  return (
    <RequireArea area="administration">{(session) => <SecuritySettings session={session} />}</RequireArea>
  );
}

function SecuritySettings({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" maw={880}>
      <Stack gap={4}>
        <PageTitle>{t('security.title')}</PageTitle>
        <Text c="dimmed">{t('security.intro')}</Text>
      </Stack>
      <TwoStepCard ownRole={session.user.role} />
      <SingleSignOnCard />
      <DeletionApprovalCard />
      <ContentAccessCard />
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="md">
        <Title order={2} size="h3" id={headingId}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function LoadError({ error }: { error: Error }) {
  const { t } = useTranslation();
  return <ErrorNotice error={error} title={t('shell.error.loadFailed')} />;
}

function TwoStepCard({ ownRole }: { ownRole: Role }) {
  const { t } = useTranslation();
  const policy = useSecondFactorPolicy();
  return (
    <Section title={t('security.twoStep.heading')}>
      <Text size="sm">{t('security.twoStep.help')}</Text>
      {policy.error && <LoadError error={policy.error} />}
      {policy.isPending && <Loading label={t('shell.loading')} />}
      {policy.data && <TwoStepForm initial={policy.data.requireSecondFactorRoles} ownRole={ownRole} />}
    </Section>
  );
}

function TwoStepForm({ initial, ownRole }: { initial: Role[]; ownRole: Role }) {
  const { t } = useTranslation();
  const save = useSaveSecondFactorPolicy();
  const [selected, setSelected] = useState<string[]>(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(roles.filter((role) => selected.includes(role)));
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Checkbox.Group
          label={t('security.twoStep.roles')}
          value={selected}
          onChange={(value) => {
            setSelected(value);
            save.reset();
          }}
        >
          <Group mt="xs">
            {roles.map((role) => (
              <Checkbox key={role} value={role} label={roleLabel(t, role)} />
            ))}
          </Group>
        </Checkbox.Group>
        {selected.includes(ownRole) && !initial.includes(ownRole) && (
          <Alert color="orange" variant="light">
            {t('security.twoStep.ownRoleWarning')}
          </Alert>
        )}
        {save.error && (
          <Alert color="red" variant="light" role="alert">
            {save.error.message}
          </Alert>
        )}
        {save.isSuccess && (
          <Alert color="teal" variant="light" role="status">
            {t('security.twoStep.saved')}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('security.twoStep.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function SingleSignOnCard() {
  const { t } = useTranslation();
  const settings = useSsoSettings();
  return (
    <Section title={t('security.sso.heading')}>
      <Text size="sm">{t('security.sso.help')}</Text>
      {settings.error && <LoadError error={settings.error} />}
      {settings.isPending && <Loading label={t('shell.loading')} />}
      {settings.data && <SingleSignOnForm initial={settings.data} />}
    </Section>
  );
}

const REFUSE = 'refuse';

function SingleSignOnForm({ initial }: { initial: SsoSettings }) {
  const { t } = useTranslation();
  const save = useSaveSsoSettings();
  const [form, setForm] = useState(() => ({
    enabled: initial.enabled,
    issuerUrl: initial.issuerUrl,
    clientId: initial.clientId,
    buttonLabel: initial.buttonLabel,
    roleClaim: initial.roleClaim,
    defaultRole: initial.defaultRole,
    createUsers: initial.createUsers,
    allowedDomains: initial.allowedDomains,
  }));
  const [mapping, setMapping] = useState<Array<RoleMappingEntry & { key: number }>>(() =>
    initial.roleMapping.map((entry, key) => ({ ...entry, key })),
  );
  const [nextKey, setNextKey] = useState(initial.roleMapping.length);
  const [secret, setSecret] = useState('');
  const [removeSecret, setRemoveSecret] = useState(false);
  const change = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    save.reset();
  };
  const roleOptions = roles.map((role) => ({ value: role, label: roleLabel(t, role) }));
  const fieldError = (path: string) => {
    const error = save.error as { fields?: ReadonlyArray<{ path: string; message: string }> } | null;
    return error?.fields?.find((f) => f.path.replace(/^\//, '') === path)?.message;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      {
        ...form,
        roleMapping: mapping
          .filter((entry) => entry.value.trim() !== '')
          .map(({ value, role }) => ({ value: value.trim(), role })),
        ...(removeSecret ? { clientSecret: null } : secret !== '' ? { clientSecret: secret } : {}),
      },
      {
        onSuccess: () => {
          setSecret('');
          setRemoveSecret(false);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('security.sso.callbackUrl')}
          </Text>
          <Group gap="xs">
            <Code data-testid="sso-callback-url" style={{ overflowWrap: 'anywhere' }}>
              {initial.callbackUrl}
            </Code>
            <CopyButton value={initial.callbackUrl}>
              {({ copied, copy }) => (
                <Button variant="default" size="xs" onClick={copy}>
                  {copied ? t('security.sso.copied') : t('security.sso.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Stack>
        <Switch
          label={t('security.sso.enabled')}
          checked={form.enabled}
          onChange={(event) => change('enabled', event.currentTarget.checked)}
        />
        <TextInput
          label={t('security.sso.issuerUrl')}
          description={t('security.sso.issuerUrlHelp')}
          value={form.issuerUrl}
          onChange={(event) => change('issuerUrl', event.currentTarget.value)}
          type="url"
          required
          spellCheck={false}
          error={fieldError('issuerUrl')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('security.sso.clientId')}
            value={form.clientId}
            onChange={(event) => change('clientId', event.currentTarget.value)}
            required
            spellCheck={false}
          />
          <PasswordInput
            label={t('security.sso.clientSecret')}
            description={
              initial.clientSecretSet
                ? t('security.sso.clientSecretStored')
                : t('security.sso.clientSecretNone')
            }
            value={secret}
            onChange={(event) => {
              setSecret(event.currentTarget.value);
              save.reset();
            }}
            autoComplete="new-password"
            disabled={removeSecret}
          />
        </SimpleGrid>
        {initial.clientSecretSet && (
          <Checkbox
            label={t('security.sso.removeSecret')}
            checked={removeSecret}
            onChange={(event) => setRemoveSecret(event.currentTarget.checked)}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('security.sso.buttonLabel')}
            description={t('security.sso.buttonLabelHelp')}
            value={form.buttonLabel}
            onChange={(event) => change('buttonLabel', event.currentTarget.value)}
            maxLength={100}
            required
          />
          <TextInput
            label={t('security.sso.roleClaim')}
            description={t('security.sso.roleClaimHelp')}
            value={form.roleClaim}
            onChange={(event) => change('roleClaim', event.currentTarget.value)}
            required
            spellCheck={false}
          />
        </SimpleGrid>
        <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
          <Text component="legend" size="sm" fw={500}>
            {t('security.sso.mapping')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('security.sso.mappingHelp')}
          </Text>
          {mapping.map((entry, index) => (
            <Group key={entry.key} align="flex-end" wrap="nowrap">
              <TextInput
                flex={1}
                label={t('security.sso.claimValue')}
                value={entry.value}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setMapping((rows) => rows.map((row) => (row.key === entry.key ? { ...row, value } : row)));
                  save.reset();
                }}
                spellCheck={false}
                data-testid={`sso-mapping-value-${index}`}
              />
              <Select
                flex={1}
                label={t('security.sso.role')}
                data={roleOptions}
                value={entry.role}
                allowDeselect={false}
                onChange={(value) => {
                  if (!value) return;
                  setMapping((rows) =>
                    rows.map((row) => (row.key === entry.key ? { ...row, role: value as Role } : row)),
                  );
                  save.reset();
                }}
              />
              <ActionIcon
                variant="default"
                size="lg"
                aria-label={t('security.sso.removeMapping', { value: entry.value || index + 1 })}
                onClick={() => setMapping((rows) => rows.filter((row) => row.key !== entry.key))}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="light"
              size="xs"
              onClick={() => {
                setMapping((rows) => [...rows, { key: nextKey, value: '', role: 'expert' }]);
                setNextKey((key) => key + 1);
              }}
            >
              {t('security.sso.addMapping')}
            </Button>
          </Group>
        </Stack>
        <Select
          label={t('security.sso.defaultRole')}
          data={[
            { value: REFUSE, label: t('security.sso.refuse') },
            ...roles.map((role) => ({
              value: role,
              label: t('security.sso.defaultAs', { role: roleLabel(t, role) }),
            })),
          ]}
          value={form.defaultRole ?? REFUSE}
          allowDeselect={false}
          onChange={(value) => change('defaultRole', !value || value === REFUSE ? null : (value as Role))}
        />
        <Switch
          label={t('security.sso.createUsers')}
          description={t('security.sso.createUsersHelp')}
          checked={form.createUsers}
          onChange={(event) => change('createUsers', event.currentTarget.checked)}
        />
        <TagsInput
          label={t('security.sso.allowedDomains')}
          description={t('security.sso.allowedDomainsHelp')}
          value={form.allowedDomains}
          onChange={(value) => change('allowedDomains', value)}
          splitChars={[',', ' ']}
        />
        <Text size="xs" c="dimmed">
          {t('security.sso.mfaNote')}
        </Text>
        {save.error && (
          <Alert color="red" variant="light" role="alert">
            {save.error.message}
          </Alert>
        )}
        {save.isSuccess && (
          <Alert color="teal" variant="light" role="status">
            {t('security.sso.saved')}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('security.sso.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
