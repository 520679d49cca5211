import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiError, apiGet, apiSend, setCsrfToken } from './client.ts';
import type {
  AuthUser,
  ExpertSpecialty,
  LoginAnswer,
  LoginRequest,
  PasswordChanged,
  PasswordChangeRequest,
  RecoveryCodes,
  SecondFactorChallenge,
  SecondFactorRequest,
  SessionList,
  SessionState,
  SessionSummary,
  TotpSetup,
  TotpStatus,
  UserRole,
} from './types.ts';

export type { LoginAnswer, SecondFactorChallenge, TotpSetup, TotpStatus };

export type Role = UserRole;

export const roles = ['admin', 'threat_manager', 'expert', 'auditor'] as const satisfies readonly Role[];

/** Expert specialties (DESIGN.md, "Tenancy and access"); the server may add more, shown by their code. */
export const specialties = [
  'labour_law',
  'compliance',
  'hr',
  'psychology',
  'security',
  'data_protection',
  'works_council',
] as const satisfies readonly ExpertSpecialty[];
export type Specialty = (typeof specialties)[number];

export function isSpecialty(value: unknown): value is Specialty {
  return typeof value === 'string' && (specialties as readonly string[]).includes(value);
}

/** The signed-in user; a tenant-wide threat manager sees the cases of every unit. */
export type SignedInUser = AuthUser;

/**
 * `POST /api/v1/auth/login` and `GET /api/v1/auth/session`. `secondFactorSetupRequired`: the organisation
 * requires two-step sign-in for the user's role and it is not set up, so only setting it up works.
 */
export type SessionInfo = SessionState;

/** An area of the staff app: the inbox, the cases, the users, the administration pages. */
export type Area = keyof SessionState['areas'];

/**
 * Whether the signed-in user works in `area`, as the server's policies decide (`areas` of the session
 * answer); false for a session that may only enrol a second factor. The server refuses the rest all the
 * same: this keeps the navigation to what works.
 */
export function worksIn(session: SessionInfo | null | undefined, area: Area): boolean {
  return !!session && !session.secondFactorSetupRequired && session.areas[area];
}

/** True for the login answer of an account with two-step sign-in: the password was right, a code is owed. */
export function isChallenge(answer: LoginAnswer): answer is SecondFactorChallenge {
  return 'secondFactorRequired' in answer;
}

/** The second login step: the challenge with a code from the app, or with a recovery code. */
export type SecondFactorInput = Pick<SecondFactorRequest, 'challenge'> &
  (Required<Pick<SecondFactorRequest, 'code'>> | Required<Pick<SecondFactorRequest, 'recoveryCode'>>);

/** The password step: the organisation's slug, e-mail and password. */
export type LoginInput = LoginRequest;

/** One of the signed-in user's sessions (`GET /api/v1/account/sessions`). */
export type AccountSession = SessionSummary;

export const sessionQueryKey = ['auth', 'session'] as const;
export const accountSessionsQueryKey = ['account', 'sessions'] as const;
export const totpQueryKey = ['account', 'totp'] as const;

/** The session answer, or null when nobody is signed in (401 is an answer here, not a failure). */
export async function fetchSession(signal?: AbortSignal): Promise<SessionInfo | null> {
  try {
    const session = await apiGet<SessionInfo>('/api/v1/auth/session', { signal });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** Who is signed in: the session (with user and organisation), null when nobody is. */
export function useSession() {
  return useQuery({
    queryKey: sessionQueryKey,
    queryFn: ({ signal }) => fetchSession(signal),
    // Checked again when the window gets focus, so an expired session shows without a reload.
    staleTime: 60_000,
  });
}

const recordedLanguages = new Set<string>();

/**
 * Tells the server the language the signed-in user works in, so that their e-mails come in it: once per
 * session and language, i.e. after sign-in and whenever they switch. A failure is tried again next time.
 */
export function useRecordLanguage(session: SessionInfo | null | undefined, language: 'de' | 'en') {
  const sessionId = session?.session.id;
  useEffect(() => {
    if (!sessionId) return;
    const key = `${sessionId}/${language}`;
    if (recordedLanguages.has(key)) return;
    recordedLanguages.add(key);
    apiSend('PUT', '/api/v1/account/language', { language }).catch(() => recordedLanguages.delete(key));
  }, [sessionId, language]);
}

/** Forgets everything the signed-in user could see, and records who is signed in now. */
export function replaceSession(queryClient: QueryClient, session: SessionInfo | null): void {
  setCsrfToken(session?.csrfToken ?? null);
  // Data of the previous user must never be shown to the next one.
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
  queryClient.setQueryData(sessionQueryKey, session);
}

/** The password step; answers a session, or a challenge when the account has two-step sign-in. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => apiSend<LoginAnswer>('POST', '/api/v1/auth/login', input),
    onSuccess: (answer) => {
      if (!isChallenge(answer)) replaceSession(queryClient, answer);
    },
  });
}

/** The code step of a two-step sign-in. */
export function useSecondFactorLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SecondFactorInput) =>
      apiSend<SessionInfo>('POST', '/api/v1/auth/login/second-factor', input),
    onSuccess: (session) => replaceSession(queryClient, session),
  });
}

export function useTotpStatus() {
  return useQuery({
    queryKey: totpQueryKey,
    queryFn: ({ signal }) => apiGet<TotpStatus>('/api/v1/account/totp', { signal }),
  });
}

/** Starts enrolment: a new secret and its QR code. */
export function useTotpSetup() {
  return useMutation({ mutationFn: () => apiSend<TotpSetup>('POST', '/api/v1/account/totp/setup') });
}

/** Confirms enrolment with a code; answers the recovery codes (shown once). */
export function useTotpConfirm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => apiSend<RecoveryCodes>('POST', '/api/v1/account/totp/confirm', { code }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: totpQueryKey });
      // A session restricted to enrolment is a full one now.
      await queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    },
  });
}

/** Removes two-step sign-in; the server asks for the password again. */
export function useTotpRemove() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => apiSend('DELETE', '/api/v1/account/totp', { password }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: totpQueryKey }),
  });
}

/**
 * Changes the signed-in user's password. The server ends every session of theirs and answers the one that
 * replaces this browser's (a new cookie and CSRF token, the same user): the app takes it over in place.
 */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PasswordChangeRequest) =>
      apiSend<PasswordChanged>('POST', '/api/v1/account/password', input),
    onSuccess: (answer) => {
      setCsrfToken(answer.session.csrfToken);
      queryClient.setQueryData(sessionQueryKey, answer.session);
      return queryClient.invalidateQueries({ queryKey: accountSessionsQueryKey });
    },
  });
}

/**
 * Signs out. A 401 means the session had already ended, which is what the user wanted: it counts as success.
 * On any outcome the app forgets the session; the caller learns whether the server confirmed it.
 */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await apiSend('POST', '/api/v1/auth/logout');
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
    onSettled: () => replaceSession(queryClient, null),
  });
}

export function useSessions() {
  return useQuery({
    queryKey: accountSessionsQueryKey,
    queryFn: ({ signal }) =>
      apiGet<SessionList>('/api/v1/account/sessions', { signal }).then((answer) => answer.sessions),
  });
}

/** Ends one of the user's other sessions (another browser or device). */
export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/api/v1/account/sessions/${encodeURIComponent(id)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountSessionsQueryKey }),
  });
}

/** True for the answer the server gives when the session has ended (expired, revoked, signed out). */
export function isSignedOutError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
