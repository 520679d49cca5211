// Passkeys (WebAuthn): the account page's list, adding and removing one, and signing in with one, alone or
// as the second step after the password. The browser's part is @simplewebauthn/browser's.
import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
  WebAuthnError,
} from '@simplewebauthn/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { replaceSession, type SessionInfo, sessionQueryKey } from './auth.ts';
import { apiGet, apiSend } from './client.ts';
import type { PasskeyList, PasskeySummary } from './types.ts';

/** One of the user's passkeys (`GET /api/v1/account/passkeys`); `backedUp`: synced to their other devices. */
export type Passkey = PasskeySummary;
/** The user's passkeys; `passwordRequired`: adding and removing one asks for the password. */
export type { PasskeyList };

export const passkeysQueryKey = ['account', 'passkeys'] as const;

/** Why the browser produced no passkey: the user cancelled or timed out, or the device has one already. */
export function browserRefusal(error: unknown): 'cancelled' | 'exists' | 'unsupported' | undefined {
  const name =
    error instanceof WebAuthnError ? (error.cause as Error | undefined)?.name : (error as Error)?.name;
  const code = error instanceof WebAuthnError ? error.code : undefined;
  if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' || name === 'InvalidStateError') return 'exists';
  if (name === 'NotAllowedError' || name === 'AbortError') return 'cancelled';
  if (error instanceof Error && /does not support WebAuthn/i.test(error.message)) return 'unsupported';
  return undefined;
}

export function usePasskeys() {
  return useQuery({
    queryKey: passkeysQueryKey,
    queryFn: ({ signal }) => apiGet<PasskeyList>('/api/v1/account/passkeys', { signal }),
  });
}

/** Adds a passkey: the password, then the browser's prompt, then the server's check. */
export function useAddPasskey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { name: string; password?: string }) => {
      const optionsJSON = await apiSend<PublicKeyCredentialCreationOptionsJSON>(
        'POST',
        '/api/v1/account/passkeys/options',
        input.password === undefined ? {} : { password: input.password },
      );
      const response = await startRegistration({ optionsJSON });
      return apiSend<Passkey>('POST', '/api/v1/account/passkeys', { name: input.name, response });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: passkeysQueryKey });
      // A session restricted to enrolment is a full one now.
      await queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    },
  });
}

export function useRemovePasskey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; password?: string }) =>
      apiSend('DELETE', `/api/v1/account/passkeys/${encodeURIComponent(input.id)}`, {
        ...(input.password === undefined ? {} : { password: input.password }),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: passkeysQueryKey });
      await queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    },
  });
}

/** Signs in to an organisation with a passkey alone (the browser offers the passkeys it holds). */
export function usePasskeySignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (tenant: string) => {
      const optionsJSON = await apiSend<PublicKeyCredentialRequestOptionsJSON>(
        'POST',
        '/api/v1/auth/login/passkey/options',
        { tenant },
      );
      const response: AuthenticationResponseJSON = await startAuthentication({ optionsJSON });
      return apiSend<SessionInfo>('POST', '/api/v1/auth/login/passkey', { tenant, response });
    },
    onSuccess: (session) => replaceSession(queryClient, session),
  });
}

/** Answers the second step of a sign-in (after the password) with one of the account's passkeys. */
export function usePasskeySecondFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (challenge: string) => {
      const optionsJSON = await apiSend<PublicKeyCredentialRequestOptionsJSON>(
        'POST',
        '/api/v1/auth/login/second-factor/passkey-options',
        { challenge },
      );
      const passkey = await startAuthentication({ optionsJSON });
      return apiSend<SessionInfo>('POST', '/api/v1/auth/login/second-factor', { challenge, passkey });
    },
    onSuccess: (session) => replaceSession(queryClient, session),
  });
}
