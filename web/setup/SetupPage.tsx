import {
  Alert,
  Button,
  Code,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type ChangeEvent, type FormEvent, type ReactNode, type RefObject, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client.ts';
import { type SetupDone, type SetupStatus, useRunSetup, useSetupStatus } from '../api/setup.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';

type Field = 'name' | 'slug' | 'adminName' | 'email' | 'password' | 'repeat';
const fields: readonly Field[] = ['name', 'slug', 'adminName', 'email', 'password', 'repeat'];

const SLUG = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A short name from the organisation's name: "Müller & Söhne GmbH" → "mueller-soehne-gmbh". */
export function slugFrom(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/**
 * `/setup`: on a first start, the person at the computer TMA runs on creates the first organisation and its
 * administrator here; anyone else is told what to run at the command line, or that TMA is set up.
 */
export function SetupPage() {
  const { t } = useTranslation();
  const status = useSetupStatus();
  const run = useRunSetup();

  let body: ReactNode;
  if (run.data) body = <SetupFinished done={run.data} />;
  else if (status.isPending) body = <Loading label={t('setup.checking')} />;
  else if (status.error) body = <ErrorNotice error={status.error} title={t('setup.loadError')} />;
  else if (status.data.open) body = <SetupForm run={run} />;
  else body = <SetupClosed reason={status.data.reason} />;

  return (
    <Stack gap="lg" maw={560} mx="auto" mt={{ base: 0, sm: 'xl' }}>
      <PageTitle>{t('setup.title')}</PageTitle>
      {body}
    </Stack>
  );
}

function SetupFinished({ done }: { done: SetupDone }) {
  const { t } = useTranslation();
  return (
    <Alert color="green" variant="light" title={t('setup.doneTitle')} role="status">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          {t('setup.done', {
            organisation: done.tenant.name,
            slug: done.tenant.slug,
            email: done.admin.email,
          })}
        </Text>
        <Button component={Link} to={`/login?tenant=${encodeURIComponent(done.tenant.slug)}`}>
          {t('setup.signIn')}
        </Button>
      </Stack>
    </Alert>
  );
}

function SetupClosed({ reason }: { reason: SetupStatus['reason'] }) {
  const { t } = useTranslation();
  if (reason === 'tenant_exists' || reason === undefined)
    return (
      <Alert color="blue" variant="light" title={t('setup.setUpAlreadyTitle')}>
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t('setup.setUpAlready')}</Text>
          <Button component={Link} to="/login">
            {t('setup.signIn')}
          </Button>
        </Stack>
      </Alert>
    );
  const commands = [
    'npm run tma -- tenant create acme --name "ACME Corporation"',
    'npm run tma -- user create --tenant acme --email ada@acme.example --name "Ada Admin" --role admin',
  ].join('\n');
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('setup.commandLineTitle')}
        </Title>
        <Text size="sm">
          {reason === 'external_database' ? t('setup.externalDatabase') : t('setup.notLocal')}
        </Text>
        {reason === 'not_loopback' && <Text size="sm">{t('setup.stopFirst')}</Text>}
        {/* One command a line, as typed (a browser would wrap after the hyphens of an option): scrolls sideways. */}
        <Code
          block
          role="region"
          tabIndex={0}
          aria-label={t('setup.commandsLabel')}
          style={{ whiteSpace: 'pre', overflowX: 'auto' }}
        >
          {commands}
        </Code>
        <Text size="sm">{t('setup.passwordAsked')}</Text>
      </Stack>
    </Paper>
  );
}

function SetupForm({ run }: { run: ReturnType<typeof useRunSetup> }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<Field, string>>({
    name: '',
    slug: '',
    adminName: '',
    email: '',
    password: '',
    repeat: '',
  });
  // The short name follows the organisation's name until it is edited by hand.
  const [slugEdited, setSlugEdited] = useState(false);
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const refs: Record<Field, RefObject<HTMLInputElement | null>> = {
    name: useRef<HTMLInputElement>(null),
    slug: useRef<HTMLInputElement>(null),
    adminName: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
    repeat: useRef<HTMLInputElement>(null),
  };

  const change = (field: Field) => (event: ChangeEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    setValues((current) => ({
      ...current,
      [field]: value,
      ...(field === 'name' && !slugEdited ? { slug: slugFrom(value) } : {}),
    }));
    if (field === 'slug') setSlugEdited(true);
    setProblems((current) => ({ ...current, [field]: undefined }));
  };

  const apiError = run.error instanceof ApiError ? run.error : undefined;
  const weak = apiError?.code === 'password_too_weak' ? apiError : undefined;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    for (const field of fields) if (values[field].trim() === '') found[field] = t('setup.required');
    if (!found.slug && !SLUG.test(values.slug.trim())) found.slug = t('setup.slugInvalid');
    if (!found.email && !EMAIL.test(values.email.trim())) found.email = t('setup.emailInvalid');
    if (!found.repeat && !found.password && values.password !== values.repeat)
      found.repeat = t('setup.mismatch');
    setProblems(found);
    const first = fields.find((field) => found[field]);
    if (first) {
      refs[first].current?.focus();
      return;
    }
    run.mutate(
      {
        tenant: { slug: values.slug.trim(), name: values.name.trim() },
        admin: {
          email: values.email.trim(),
          displayName: values.adminName.trim(),
          password: values.password,
        },
      },
      {
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'password_too_weak') {
            setValues((current) => ({ ...current, password: '', repeat: '' }));
            refs.password.current?.focus();
          }
        },
      },
    );
  };

  const input = (field: Field) => ({
    ref: refs[field],
    value: values[field],
    onChange: change(field),
    error: problems[field],
    required: true,
  });

  return (
    <Stack gap="md">
      <Text c="dimmed">{t('setup.intro')}</Text>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {weak && (
              <Alert color="red" variant="light" title={t('setup.weakTitle')} role="alert">
                {weak.message}
              </Alert>
            )}
            {run.error && !weak && <ErrorNotice error={run.error} />}
            <Title order={2} size="h4">
              {t('setup.organisationHeading')}
            </Title>
            <TextInput
              {...input('name')}
              label={t('setup.organisationName')}
              description={t('setup.organisationNameHint')}
              name="organisation"
              autoComplete="organization"
            />
            <TextInput
              {...input('slug')}
              label={t('setup.slug')}
              description={t('setup.slugHint')}
              name="slug"
              autoCapitalize="none"
              spellCheck={false}
            />
            <Title order={2} size="h4" mt="sm">
              {t('setup.adminHeading')}
            </Title>
            <TextInput {...input('adminName')} label={t('setup.adminName')} name="name" autoComplete="name" />
            <TextInput
              {...input('email')}
              label={t('setup.email')}
              name="email"
              type="email"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
            />
            <PasswordInput
              {...input('password')}
              label={t('setup.password')}
              description={t('setup.passwordRules')}
              name="new-password"
              autoComplete="new-password"
              visibilityToggleButtonProps={{ 'aria-label': t('setup.showPassword') }}
            />
            <PasswordInput
              {...input('repeat')}
              label={t('setup.repeatPassword')}
              name="repeat-password"
              autoComplete="new-password"
              visibilityToggleButtonProps={{ 'aria-label': t('setup.showPassword') }}
            />
            <Group>
              <Button type="submit" loading={run.isPending} disabled={run.isPending}>
                {t('setup.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
