import { Alert, Button, Group, PasswordInput, Stack } from '@mantine/core';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { formatWait } from '../auth/wait-time.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { currentLanguage } from '../i18n/index.ts';

type Field = 'current' | 'password' | 'repeat';

/** The server's refusals that belong to one field rather than above the form. */
const fieldOfError: Record<
  string,
  { field: Field; key: 'users.links.wrongCurrent' | 'users.links.unchanged' }
> = {
  password_incorrect: { field: 'current', key: 'users.links.wrongCurrent' },
  password_unchanged: { field: 'password', key: 'users.links.unchanged' },
};

/**
 * A new password, typed twice, for an invitation, a reset or a change on the account page (`askCurrent`:
 * the current password first). The server checks it against the password policy; its refusal (with the
 * estimator's advice) is shown above the fields, a wrong current password at its field.
 */
export function NewPasswordForm({
  email,
  submitLabel,
  pending,
  error,
  onSubmit,
  askCurrent = false,
  onCancel,
}: {
  email: string;
  submitLabel: string;
  pending: boolean;
  error: Error | null;
  onSubmit: (password: string, currentPassword: string) => void;
  askCurrent?: boolean;
  /** Shows a cancel button beside the submit button. */
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const rulesId = useId();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<{ field: Field; text: string } | undefined>();
  const currentRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);
  // Opened on purpose (the account page's "Change password"): the first field takes the focus.
  useEffect(() => {
    if (askCurrent) currentRef.current?.focus();
  }, [askCurrent]);
  const apiError = error instanceof ApiError ? error : undefined;
  const atField = apiError ? fieldOfError[apiError.code] : undefined;
  const weak = apiError?.status === 422 && !atField ? apiError : undefined;
  const throttled = apiError?.status === 429 ? apiError : undefined;
  // A field the server refused takes the focus (the submit button, disabled while sending, has lost it).
  useEffect(() => {
    if (!atField) return;
    (atField.field === 'current' ? currentRef : passwordRef).current?.focus();
  }, [atField]);
  // The server's refusal of a field shows there, until the user submits again.
  const shown = problem ?? (atField ? { field: atField.field, text: t(atField.key) } : undefined);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (askCurrent && current === '') {
      setProblem({ field: 'current', text: t('users.form.required') });
      currentRef.current?.focus();
      return;
    }
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
    onSubmit(password, current);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {weak && (
          <Alert color="red" variant="light" title={t('users.links.weakTitle')} role="alert">
            {weak.message}
          </Alert>
        )}
        {throttled && (
          <Alert color="red" variant="light" role="alert">
            {throttled.retryAfterSeconds === undefined
              ? t('users.links.throttledNoWait')
              : t('users.links.throttled', {
                  wait: formatWait(throttled.retryAfterSeconds, currentLanguage()),
                })}
          </Alert>
        )}
        {error && !weak && !atField && !throttled && <ErrorNotice error={error} />}
        {/* For password managers: the account the new password belongs to. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        {askCurrent && (
          <PasswordInput
            ref={currentRef}
            label={t('users.links.currentPassword')}
            name="current-password"
            autoComplete="current-password"
            visibilityToggleButtonProps={{ 'aria-label': t('users.links.showPassword') }}
            required
            value={current}
            onChange={(event) => setCurrent(event.currentTarget.value)}
            error={shown?.field === 'current' ? shown.text : undefined}
          />
        )}
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
          error={shown?.field === 'password' ? shown.text : undefined}
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
          error={shown?.field === 'repeat' ? shown.text : undefined}
        />
        {onCancel ? (
          <Group gap="sm">
            <Button type="submit" loading={pending} disabled={pending}>
              {submitLabel}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t('users.form.cancel')}
            </Button>
          </Group>
        ) : (
          <Button type="submit" loading={pending} disabled={pending} fullWidth>
            {submitLabel}
          </Button>
        )}
      </Stack>
    </form>
  );
}
