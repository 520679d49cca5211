import { Alert, Button } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ssoStartUrl, useSsoPublicInfo } from '../api/security.ts';

/**
 * "Sign in with <provider>" on the login page, shown once the typed organisation turns out to offer single
 * sign-on. A plain link: the browser goes to TMA, on to the identity provider, and back.
 */
export function SingleSignOnButton({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const [typed] = useDebouncedValue(tenant, 300);
  const info = useSsoPublicInfo(typed);
  if (!info.data?.enabled || typed.trim() === '') return null;
  return (
    <Button component="a" href={ssoStartUrl(typed)} variant="default" fullWidth data-testid="sso-button">
      {info.data.buttonLabel ?? t('security.login.button')}
    </Button>
  );
}

const errorKinds = ['state_invalid', 'provider_error', 'account_refused', 'unavailable'] as const;

/** Why the last single sign-on came back without a session (`/login?sso_error=…`). */
export function SingleSignOnError() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const kind = errorKinds.find((k) => k === searchParams.get('sso_error'));
  if (!kind) return null;
  return (
    <Alert color="red" variant="light" title={t('security.login.errorTitle')} role="alert">
      {t(`security.login.errors.${kind}`)}
    </Alert>
  );
}
