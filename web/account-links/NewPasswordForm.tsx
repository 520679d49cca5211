import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/**
 * A new password, typed twice, for an invitation or a reset. The server checks it against the password
 * policy; its refusal (with the estimator's advice) is shown above the fields.
 */
export function NewPasswordForm({
  email,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  email: string;
  submitLabel: string;
  pending: boolean;
  error: Error | null;
  onSubmit: (password: string) => void;
}) {
  const { t } = useTranslation();
  const rulesId = useId();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<{ field: 'password' | 'repeat'; text: string } | undefined>();
  const passwordRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);
  const weak = error instanceof ApiError && error.status === 422 ? error : undefined;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (password === '') {
      setProblem({ field: 'password', text: t('users.form.required') });
      passwordRef.current?.focus();
      return;
    }
    if (password !== repeat) {
      setProblem({ field: 'repeat', text: t('users.links.mismatch') });
      repeatRef.current?.focus();
      return;
    }
    setProblem(undefined);
    onSubmit(password);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {weak && (
          <Alert color="red" variant="light" title={t('users.links.weakTitle')} role="alert">
            {weak.message}
          </Alert>
        )}
        {error && !weak && (
          <Alert color="red" variant="light" role="alert">
            {t('users.failed', { message: error.message })}
          </Alert>
        )}
        {/* For password managers: the account the new password belongs to. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <PasswordInput
          ref={passwordRef}
          label={t('users.links.newPassword')}
          description={<span id={rulesId}>{t('users.links.passwordRules')}</span>}
          name="new-password"
          autoComplete="new-password"
          visibilityToggleButtonProps={{ 'aria-label': t('users.links.showPassword') }}
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={problem?.field === 'password' ? problem.text : undefined}
        />
        <PasswordInput
          ref={repeatRef}
          label={t('users.links.repeatPassword')}
          name="repeat-password"
          autoComplete="new-password"
          visibilityToggleButtonProps={{ 'aria-label': t('users.links.showPassword') }}
          required
          value={repeat}
          onChange={(event) => setRepeat(event.currentTarget.value)}
          error={problem?.field === 'repeat' ? problem.text : undefined}
        />
        <Button type="submit" loading={pending} disabled={pending} fullWidth>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
