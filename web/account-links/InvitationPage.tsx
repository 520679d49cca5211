import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAcceptInvitation, useLinkDetails } from '../api/users.ts';
import { rememberTenant } from '../auth/tenant-memory.ts';
import { LinkError, LinkPage } from './LinkPage.tsx';
import { linkProblem, useLinkToken } from './link-token.ts';
import { NewPasswordForm } from './NewPasswordForm.tsx';

/** `/invitation#<token>`: the invitee sees organisation and e-mail, sets a password and is signed in. */
export function InvitationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const token = useLinkToken();
  const details = useLinkDetails('invitation', token);
  const accept = useAcceptInvitation();
  return (
    <LinkPage
      title={t('users.invitation.title')}
      intro={t('users.invitation.intro')}
      token={token}
      details={details.data}
      error={details.error}
    >
      {(link) =>
        linkProblem(accept.error) ? (
          <LinkError error={accept.error ?? undefined} />
        ) : (
          <NewPasswordForm
            email={link.email}
            submitLabel={t('users.invitation.submit')}
            pending={accept.isPending}
            error={accept.error}
            onSubmit={(password) =>
              accept.mutate(
                { token: token as string, password },
                {
                  onSuccess: (session) => {
                    rememberTenant(link.organisation.slug);
                    navigate(session.secondFactorSetupRequired ? '/account' : '/', { replace: true });
                  },
                },
              )
            }
          />
        )
      }
    </LinkPage>
  );
}
