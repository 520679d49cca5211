import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { currentLanguage } from '../i18n/index.ts';
import { type SessionInfo, sessionQueryKey, worksIn } from './auth.ts';
import { apiSend, setCsrfToken } from './client.ts';
import { usePagedList } from './pages.ts';
import type {
  AdminUser,
  AdminUserList,
  InvitationAnswer,
  InvitationRequest,
  LinkDetails,
  LinkWithPassword,
  PasswordResetAccepted,
  PasswordResetRequest,
  RoleChange,
  SessionsRevoked,
  UserCan,
  UserStatus,
} from './types.ts';

/**
 * A user on the admin users page (`GET /api/v1/users`), with what the signed-in admin may do with them
 * (`can`, as the server's policy says); who a link from an e-mail is for (`LinkDetails`).
 */
export type { AdminUser, InvitationAnswer, LinkDetails, UserCan, UserStatus };

/** An invitation as the admin fills it in; the e-mail's language is added on sending. */
export type InvitationInput = Omit<InvitationRequest, 'locale'>;
export type RoleInput = RoleChange;

export const usersQueryKey = ['users'] as const;

/** Whoever manages accounts (the server's `areas.users`) sees the users page and its navigation entry. */
export function managesUsers(session: SessionInfo | null | undefined): boolean {
  return worksIn(session, 'users');
}

/** E-mails go out in the language the person acting uses now. */
const emailLocale = (): InvitationRequest['locale'] => (currentLanguage() === 'de' ? 'de' : 'en');

/** The organisation's users, newest first, a page at a time. */
export function useUsers() {
  return usePagedList<AdminUserList>({ queryKey: usersQueryKey, path: '/api/v1/users' });
}

function useUserMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: usersQueryKey }),
  });
}

/**
 * Invites someone (or invites again someone still invited); the e-mail is in the admin's language. Where the
 * server sends no e-mail, the answer carries the link (`invitationLink`) for the admin to pass on.
 */
export function useInviteUser() {
  return useUserMutation((input: InvitationInput) =>
    apiSend<InvitationAnswer>('POST', '/api/v1/invitations', {
      ...input,
      locale: emailLocale(),
    } satisfies InvitationRequest),
  );
}

/** The invitation link as this browser reaches TMA: the admin passes on the address that works for them. */
export function invitationLinkUrl(answer: InvitationAnswer): string | undefined {
  return answer.invitationLink ? `${window.location.origin}${answer.invitationLink.path}` : undefined;
}

export function useChangeRole() {
  return useUserMutation(({ id, ...input }: RoleInput & { id: string }) =>
    apiSend<AdminUser>('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, input),
  );
}

export function useDeactivateUser() {
  return useUserMutation((id: string) =>
    apiSend<AdminUser>('POST', `/api/v1/users/${encodeURIComponent(id)}/deactivate`),
  );
}

export function useRevokeUserSessions() {
  return useUserMutation((id: string) =>
    apiSend<SessionsRevoked>('POST', `/api/v1/users/${encodeURIComponent(id)}/sessions/revoke`),
  );
}

/** Who an invitation or reset link is for; fails with `link_invalid`, `link_used` or `link_expired`. */
export function useLinkDetails(kind: 'invitation' | 'password-reset', token: string | null) {
  return useQuery({
    queryKey: ['link', kind, token],
    enabled: token !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: ({ signal }) =>
      apiSend<LinkDetails>('POST', `/api/v1/auth/${kind}/lookup`, { token }, { signal }),
  });
}

/** Accepts an invitation with a first password; the answer is a session, as after a login. */
export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LinkWithPassword) =>
      apiSend<SessionInfo>('POST', '/api/v1/auth/invitation/accept', input),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      // Whoever was signed in before in this browser is not any more. The link's details stay: the page
      // still shows them, and looking the used link up again would only answer 410.
      queryClient.removeQueries({
        predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] && query.queryKey[0] !== 'link',
      });
      queryClient.setQueryData(sessionQueryKey, session);
    },
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (input: Omit<PasswordResetRequest, 'locale'>) =>
      apiSend<PasswordResetAccepted>('POST', '/api/v1/auth/password-reset', {
        ...input,
        locale: emailLocale(),
      } satisfies PasswordResetRequest),
  });
}

export function useCompletePasswordReset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LinkWithPassword) =>
      apiSend<SessionsRevoked>('POST', '/api/v1/auth/password-reset/complete', input),
    // Every session of that user has ended, possibly this browser's too.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionQueryKey }),
  });
}
