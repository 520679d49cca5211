import { Alert, Button, Divider, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../api/auth.ts';
import { ApiError, clientErrorCodes } from '../api/client.ts';
import { browserRefusal, usePasskeySecondFactor, usePasskeySignIn } from '../api/passkeys.ts';
import { formatWait } from '../auth/wait-time.ts';
import { currentLanguage } from '../i18n/index.ts';

/** What went wrong, in the user's words: the browser's prompt, the network, throttling, or a refusal. */
function useSignInFailure(error: Error | null, refused: string): string | undefined {
  const { t } = useTranslation();
  if (!error) return undefined;
  const refusal = browserRefusal(error);
  if (refusal === 'cancelled') return t('passkeys.login.cancelled');
  if (refusal === 'unsupported') return t('passkeys.login.unsupported');
  const apiError = error instanceof ApiError ? error : undefined;
  if (apiError?.code === clientErrorCodes.network) return t('login.networkError');
  if (apiError?.status === 429)
    return apiError.retryAfterSeconds === undefined
      ? t('login.throttledNoWait')
      : t('login.throttled', { wait: formatWait(apiError.retryAfterSeconds, currentLanguage()) });
  if (apiError?.status === 401) return refused;
  return error.message;
}

/**
 * "Sign in with a passkey" on the login page: the browser offers the passkeys it holds for TMA, the server
 * finds the user within the organisation typed above.
 */
export function PasskeySignInButton({
  tenant,
  onTenantMissing,
  onSignedIn,
}: {
  tenant: string;
  onTenantMissing: () => void;
  onSignedIn: (session: SessionInfo, tenant: string) => void;
}) {
  const { t } = useTranslation();
  const signIn = usePasskeySignIn();
  const error = useSignInFailure(signIn.error, t('passkeys.login.failed'));
  const start = () => {
    const slug = tenant.trim().toLowerCase();
    if (slug === '') return onTenantMissing();
    signIn.mutate(slug, { onSuccess: (session) => onSignedIn(session, slug) });
  };
  return (
    <Stack gap="sm">
      <Divider label={t('passkeys.login.or')} labelPosition="center" />
      {error && (
        <Alert color="red" variant="light" title={t('login.errorTitle')} role="alert">
          {error}
        </Alert>
      )}
      <Button type="button" variant="default" fullWidth loading={signIn.isPending} onClick={start}>
        {t('passkeys.login.signIn')}
      </Button>
    </Stack>
  );
}

/** "Use a passkey" in the second step of a sign-in, instead of the code from the app. */
export function PasskeySecondFactorButton({
  challenge,
  onSignedIn,
}: {
  challenge: string;
  onSignedIn: () => void;
}) {
  const { t } = useTranslation();
  const answer = usePasskeySecondFactor();
  const none = answer.error instanceof ApiError && answer.error.code === 'passkey_not_enrolled';
  const failure = useSignInFailure(answer.error, t('passkeys.secondFactor.failed'));
  const error = none ? t('passkeys.secondFactor.none') : failure;
  return (
    <Stack gap="sm">
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      <Button
        type="button"
        variant="default"
        fullWidth
        loading={answer.isPending}
        disabled={none}
        onClick={() => answer.mutate(challenge, { onSuccess: onSignedIn })}
      >
        {t('passkeys.secondFactor.use')}
      </Button>
      <Divider label={t('passkeys.secondFactor.or')} labelPosition="center" />
    </Stack>
  );
}
