import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { type ChangeEvent, type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ForgotPasswordLink } from '../account-links/ForgotPasswordLink.tsx';
import { isChallenge, type SecondFactorChallenge, useLogin, useSession } from '../api/auth.ts';
import { ApiError, clientErrorCodes } from '../api/client.ts';
import { takeSsoChallenge } from '../api/security.ts';
import { safeNextPath } from '../auth/redirect.ts';
import { rememberedTenant, rememberTenant } from '../auth/tenant-memory.ts';
import { formatWait } from '../auth/wait-time.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { PasskeySignInButton } from '../components/PasskeySignIn.tsx';
import { SecondFactorForm } from '../components/SecondFactorForm.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { SingleSignOnButton, SingleSignOnError } from '../security/SingleSignOn.tsx';
import { SetupNotice } from '../setup/SetupNotice.tsx';

type Field = 'tenant' | 'email' | 'password';

/** `/login`: organisation, e-mail address and password; afterwards back to where the user came from. */
export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const signOutFailed = (location.state as { signOutFailed?: boolean } | null)?.signOutFailed === true;
  const { data: session } = useSession();
  const login = useLogin();

  const [values, setValues] = useState<Record<Field, string>>(() => ({
    tenant: searchParams.get('tenant')?.trim() || rememberedTenant(),
    email: '',
    password: '',
  }));
  const [missing, setMissing] = useState<ReadonlySet<Field>>(new Set());
  /** Set after a right password when the account has two-step sign-in: the code step shows. */
  /** …or after single sign-on, when the organisation requires TMA's own second factor (in the fragment). */
  const [challenge, setChallenge] = useState<SecondFactorChallenge | undefined>(takeSsoChallenge);
  const inputs = {
    tenant: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };
  const fields: readonly Field[] = ['tenant', 'email', 'password'];

  // The cursor starts in the first field to fill in (the organisation is often remembered).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the page opens
  useEffect(() => {
    const firstEmpty = fields.find((field) => values[field] === '') ?? 'tenant';
    inputs[firstEmpty].current?.focus();
  }, []);

  // Someone who is signed in already (or just signed in) has no business here. A session that must first
  // set up two-step sign-in goes to where that is done.
  if (session) return <Navigate to={session.secondFactorSetupRequired ? '/account' : next} replace />;

  const change = (field: Field) => (event: ChangeEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    setValues((current) => ({ ...current, [field]: value }));
    if (missing.has(field)) setMissing((current) => new Set([...current].filter((f) => f !== field)));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = {
      tenant: values.tenant.trim().toLowerCase(),
      email: values.email.trim(),
      password: values.password,
    };
    const empty = fields.filter((field) => input[field] === '');
    setMissing(new Set(empty));
    if (empty[0]) {
      inputs[empty[0]].current?.focus();
      return;
    }
    login.mutate(input, {
      onSuccess: (answer) => {
        rememberTenant(input.tenant);
        setValues((current) => ({ ...current, password: '' }));
        if (isChallenge(answer)) setChallenge(answer);
        else navigate(answer.secondFactorSetupRequired ? '/account' : next, { replace: true });
      },
      onError: () => {
        // The password is the field to type again after a failed attempt.
        setValues((current) => ({ ...current, password: '' }));
        inputs.password.current?.focus();
      },
    });
  };

  const fieldError = (field: Field) => (missing.has(field) ? t('login.required') : undefined);

  return (
    <Stack gap="lg" maw={420} mx="auto" mt={{ base: 0, sm: 'xl' }}>
      <Stack gap={4}>
        <PageTitle>{t('login.title')}</PageTitle>
        <Text c="dimmed">{t('login.intro')}</Text>
      </Stack>

      {signOutFailed && (
        <Alert color="orange" variant="light" title={t('login.signOutFailedTitle')} role="alert">
          {t('login.signOutFailed')}
        </Alert>
      )}

      <SetupNotice />
      <SingleSignOnError />

      {challenge ? (
        <SecondFactorForm
          challenge={challenge}
          onSignedIn={() => navigate(next, { replace: true })}
          onRestart={() => {
            setChallenge(undefined);
            login.reset();
          }}
        />
      ) : (
        <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              {login.error && <LoginError error={login.error} />}
              <TextInput
                ref={inputs.tenant}
                label={t('login.organisation')}
                description={t('login.organisationDescription')}
                name="tenant"
                autoComplete="organization"
                autoCapitalize="none"
                spellCheck={false}
                required
                value={values.tenant}
                onChange={change('tenant')}
                error={fieldError('tenant')}
              />
              <TextInput
                ref={inputs.email}
                label={t('login.email')}
                name="email"
                type="email"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                value={values.email}
                onChange={change('email')}
                error={fieldError('email')}
              />
              <PasswordInput
                ref={inputs.password}
                label={t('login.password')}
                name="password"
                autoComplete="current-password"
                visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
                required
                value={values.password}
                onChange={change('password')}
                error={fieldError('password')}
              />
              <Button type="submit" loading={login.isPending} disabled={login.isPending} fullWidth>
                {t('login.submit')}
              </Button>
              <PasskeySignInButton
                tenant={values.tenant}
                onTenantMissing={() => {
                  setMissing(new Set(['tenant']));
                  inputs.tenant.current?.focus();
                }}
                onSignedIn={(answer, tenant) => {
                  rememberTenant(tenant);
                  navigate(answer.secondFactorSetupRequired ? '/account' : next, { replace: true });
                }}
              />
              <SingleSignOnButton tenant={values.tenant} />
              <ForgotPasswordLink />
            </Stack>
          </form>
        </Paper>
      )}
    </Stack>
  );
}

function LoginError({ error }: { error: Error }) {
  const { t } = useTranslation();
  const apiError = error instanceof ApiError ? error : undefined;
  let message = error.message;
  if (apiError?.code === clientErrorCodes.network) message = t('login.networkError');
  else if (apiError?.status === 401) message = t('login.invalidCredentials');
  else if (apiError?.status === 429)
    message =
      apiError.retryAfterSeconds === undefined
        ? t('login.throttledNoWait')
        : t('login.throttled', { wait: formatWait(apiError.retryAfterSeconds, currentLanguage()) });
  return (
    <Alert color="red" variant="light" title={t('login.errorTitle')} role="alert">
      {message}
    </Alert>
  );
}
