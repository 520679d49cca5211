import { Alert, Anchor, Button, Paper, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRequestPasswordReset } from '../api/users.ts';
import { rememberedTenant } from '../auth/tenant-memory.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { PageTitle } from '../components/PageTitle.tsx';

/** `/forgot-password`: organisation and e-mail; the answer is the same whether the account exists. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const request = useRequestPasswordReset();
  const [tenant, setTenant] = useState(() => rememberedTenant());
  const [email, setEmail] = useState('');
  const [missing, setMissing] = useState<ReadonlySet<'tenant' | 'email'>>(new Set());

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = { tenant: tenant.trim().toLowerCase(), email: email.trim() };
    const empty = (['tenant', 'email'] as const).filter((field) => input[field] === '');
    setMissing(new Set(empty));
    if (empty.length === 0) request.mutate(input);
  };
  const required = (field: 'tenant' | 'email') => (missing.has(field) ? t('users.form.required') : undefined);

  return (
    <Stack gap="lg" maw={420} mx="auto" mt={{ base: 0, sm: 'xl' }}>
      <Stack gap={4}>
        <PageTitle>{t('users.forgot.title')}</PageTitle>
        <Text c="dimmed">{t('users.forgot.intro')}</Text>
      </Stack>
      <div role="status">
        {request.isSuccess && (
          <Alert color="green" variant="light" title={t('users.forgot.sentTitle')}>
            {t('users.forgot.sent')}
          </Alert>
        )}
      </div>
      <ErrorNotice error={request.error} />
      {!request.isSuccess && (
        <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <TextInput
                label={t('login.organisation')}
                description={t('login.organisationDescription')}
                name="tenant"
                autoComplete="organization"
                autoCapitalize="none"
                spellCheck={false}
                required
                value={tenant}
                onChange={(event) => setTenant(event.currentTarget.value)}
                error={required('tenant')}
              />
              <TextInput
                label={t('login.email')}
                name="email"
                type="email"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
                error={required('email')}
              />
              <Button type="submit" loading={request.isPending} disabled={request.isPending} fullWidth>
                {t('users.forgot.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      )}
      <Anchor component={Link} to="/login">
        {t('users.forgot.back')}
      </Anchor>
    </Stack>
  );
}
