import { Alert, Anchor, Button, Paper, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SecondFactorChallenge, useSecondFactorLogin } from '../api/auth.ts';
import { ApiError, clientErrorCodes } from '../api/client.ts';
import { formatWait } from '../auth/wait-time.ts';
import { currentLanguage } from '../i18n/index.ts';
import { PasskeySecondFactorButton } from './PasskeySignIn.tsx';

/**
 * The second step of signing in: the 6-digit code from the authenticator app, or one of the recovery codes.
 * `onRestart` goes back to the password step (the challenge expired or was used up).
 */
export function SecondFactorForm({
  challenge,
  onSignedIn,
  onRestart,
}: {
  challenge: SecondFactorChallenge;
  onSignedIn: () => void;
  onRestart: () => void;
}) {
  const { t } = useTranslation();
  const login = useSecondFactorLogin();
  const [mode, setMode] = useState<'code' | 'recovery'>('code');
  const [value, setValue] = useState('');
  const [missing, setMissing] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus the field whenever the mode changes
  useEffect(() => {
    input.current?.focus();
  }, [mode]);

  const switchMode = () => {
    setMode((current) => (current === 'code' ? 'recovery' : 'code'));
    setValue('');
    setMissing(false);
    login.reset();
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const entered = mode === 'code' ? value.replace(/\s/g, '') : value.trim();
    if (entered === '') {
      setMissing(true);
      input.current?.focus();
      return;
    }
    login.mutate(
      mode === 'code'
        ? { challenge: challenge.challenge, code: entered }
        : { challenge: challenge.challenge, recoveryCode: entered },
      {
        onSuccess: onSignedIn,
        onError: () => {
          setValue('');
          input.current?.focus();
        },
      },
    );
  };

  const expired = login.error instanceof ApiError && login.error.code === 'challenge_invalid';

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Stack gap={4}>
            <Text fw={600} component="h2" fz="lg" m={0}>
              {t('login.secondFactor.heading')}
            </Text>
            <Text size="sm" c="dimmed">
              {mode === 'code' ? t('login.secondFactor.intro') : t('login.secondFactor.recoveryIntro')}
            </Text>
          </Stack>
          {login.error && !expired && <SecondFactorError error={login.error} />}
          {expired && (
            <Alert color="orange" variant="light" title={t('login.secondFactor.expiredTitle')} role="alert">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">{t('login.secondFactor.expired')}</Text>
                <Button size="xs" variant="default" onClick={onRestart}>
                  {t('login.secondFactor.startAgain')}
                </Button>
              </Stack>
            </Alert>
          )}
          <PasskeySecondFactorButton challenge={challenge.challenge} onSignedIn={onSignedIn} />
          {mode === 'code' ? (
            <TextInput
              ref={input}
              key="code"
              label={t('login.secondFactor.code')}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]*"
              maxLength={7}
              spellCheck={false}
              required
              value={value}
              onChange={(event) => {
                setValue(event.currentTarget.value);
                setMissing(false);
              }}
              error={missing ? t('login.required') : undefined}
              styles={{ input: { fontFamily: 'monospace', letterSpacing: '0.2em', fontSize: '1.2rem' } }}
            />
          ) : (
            <TextInput
              ref={input}
              key="recovery"
              label={t('login.secondFactor.recoveryCode')}
              description={t('login.secondFactor.recoveryDescription')}
              name="recoveryCode"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={value}
              onChange={(event) => {
                setValue(event.currentTarget.value);
                setMissing(false);
              }}
              error={missing ? t('login.required') : undefined}
              styles={{ input: { fontFamily: 'monospace' } }}
            />
          )}
          <Button type="submit" loading={login.isPending} disabled={login.isPending || expired} fullWidth>
            {t('login.secondFactor.submit')}
          </Button>
          <Stack gap={4} align="flex-start">
            <Anchor component="button" type="button" size="sm" ta="left" onClick={switchMode}>
              {mode === 'code' ? t('login.secondFactor.useRecoveryCode') : t('login.secondFactor.useCode')}
            </Anchor>
            <Anchor component="button" type="button" size="sm" ta="left" onClick={onRestart}>
              {t('login.secondFactor.back')}
            </Anchor>
          </Stack>
        </Stack>
      </form>
    </Paper>
  );
}

function SecondFactorError({ error }: { error: Error }) {
  const { t } = useTranslation();
  const apiError = error instanceof ApiError ? error : undefined;
  let message = error.message;
  if (apiError?.code === clientErrorCodes.network) message = t('login.networkError');
  else if (apiError?.code === 'second_factor_invalid') message = t('login.secondFactor.invalid');
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
