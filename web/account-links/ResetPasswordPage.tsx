import { Alert, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCompletePasswordReset, useLinkDetails } from '../api/users.ts';
import { LinkError, LinkPage } from './LinkPage.tsx';
import { linkProblem, useLinkToken } from './link-token.ts';
import { NewPasswordForm } from './NewPasswordForm.tsx';

/** `/reset-password#<token>`: a new password; every session of the account ends. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const token = useLinkToken();
  const details = useLinkDetails('password-reset', token);
  const reset = useCompletePasswordReset();
  return (
    <LinkPage
      title={t('users.reset.title')}
      intro={t('users.reset.intro')}
      token={token}
      // Once used, the link no longer describes anything; the page keeps what it showed.
      details={details.data}
      error={reset.isSuccess ? null : details.error}
    >
      {(link) =>
        reset.isSuccess ? (
          <Alert color="green" variant="light" title={t('users.reset.doneTitle')} role="status">
            <Stack gap="sm" align="flex-start">
              <Text size="sm">{t('users.reset.done')}</Text>
              <Button component={Link} to={`/login?tenant=${encodeURIComponent(link.organisation.slug)}`}>
                {t('users.links.toLogin')}
              </Button>
            </Stack>
          </Alert>
        ) : linkProblem(reset.error) ? (
          <LinkError error={reset.error ?? undefined} />
        ) : (
          <NewPasswordForm
            email={link.email}
            submitLabel={t('users.reset.submit')}
            pending={reset.isPending}
            error={reset.error}
            onSubmit={(password) => reset.mutate({ token: token as string, password })}
          />
        )
      }
    </LinkPage>
  );
}
