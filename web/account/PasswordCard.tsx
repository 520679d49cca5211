import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NewPasswordForm } from '../account-links/NewPasswordForm.tsx';
import { useChangePassword } from '../api/auth.ts';
import { ApiError } from '../api/client.ts';

/**
 * The account page's card for changing one's own password: the current one, the new one twice (the same
 * policy as an invitation or reset). Every other session of the user ends; this browser stays signed in with
 * the session the server answers in place of the old one.
 */
export function PasswordCard({ email, noPassword: none }: { email: string; noPassword: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const change = useChangePassword();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<number | undefined>();
  // The session says whether the account has a TMA password; the server's refusal says so too.
  const noPassword = none || (change.error instanceof ApiError && change.error.code === 'no_local_password');

  const start = () => {
    change.reset();
    setDone(undefined);
    setOpen(true);
  };

  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} size="h3" id={headingId}>
            {t('account.password.heading')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('account.password.intro')}
          </Text>
        </Stack>
        {/* Always present (and empty until something happens), so screen readers announce the outcome. */}
        <div role="status">
          {done !== undefined && (
            <Alert color="green" variant="light" title={t('account.password.doneTitle')}>
              {t('account.password.done', { count: done })}
            </Alert>
          )}
        </div>
        {noPassword ? (
          <Alert color="blue" variant="light" title={t('account.password.noPasswordTitle')}>
            {t('account.password.noPassword')}
          </Alert>
        ) : open ? (
          <NewPasswordForm
            askCurrent
            onCancel={() => setOpen(false)}
            email={email}
            submitLabel={t('account.password.submit')}
            pending={change.isPending}
            error={change.error}
            onSubmit={(newPassword, currentPassword) =>
              change.mutate(
                { currentPassword, newPassword },
                {
                  onSuccess: ({ otherSessionsEnded }) => {
                    setOpen(false);
                    setDone(otherSessionsEnded);
                  },
                },
              )
            }
          />
        ) : (
          <Button variant="default" onClick={start} style={{ alignSelf: 'flex-start' }}>
            {t('account.password.start')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
