import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Role, type SecondFactorChallenge, sessionQueryKey } from './auth.ts';
import { apiGet, apiSend } from './client.ts';
import type { SecondFactorPolicy, SsoPublicInfo, SsoSettings, SsoSettingsUpdate } from './types.ts';

// The organisation's sign-in security: single sign-on with OpenID Connect and the roles that must use a
// second factor.

/**
 * `GET /api/v1/tenant/sso`: the client secret is never sent, only whether one is stored; `defaultRole`
 * null refuses a user whose claim maps to no role. `PUT` takes `SsoSettingsUpdate`: `clientSecret` left
 * out keeps the stored one, null removes it.
 */
export type { SsoPublicInfo, SsoSettings, SsoSettingsUpdate };
export type RoleMappingEntry = SsoSettings['roleMapping'][number];

const ssoKey = ['tenant', 'sso'] as const;
const policyKey = ['tenant', 'security'] as const;

export function useSsoSettings() {
  return useQuery({
    queryKey: ssoKey,
    queryFn: ({ signal }) => apiGet<SsoSettings>('/api/v1/tenant/sso', { signal }),
  });
}

export function useSaveSsoSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: SsoSettingsUpdate) => apiSend<SsoSettings>('PUT', '/api/v1/tenant/sso', settings),
    onSuccess: (saved) => queryClient.setQueryData(ssoKey, saved),
  });
}

export function useSecondFactorPolicy() {
  return useQuery({
    queryKey: policyKey,
    queryFn: ({ signal }) => apiGet<SecondFactorPolicy>('/api/v1/tenant/security', { signal }),
  });
}

export function useSaveSecondFactorPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (roles: Role[]) =>
      apiSend<SecondFactorPolicy>('PUT', '/api/v1/tenant/security', {
        requireSecondFactorRoles: roles,
      } satisfies SecondFactorPolicy),
    onSuccess: (saved) => {
      queryClient.setQueryData(policyKey, saved);
      // The admin's own session may now need a second factor.
      void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    },
  });
}

const slugPattern = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;

/** Whether the typed organisation offers single sign-on (asked only for a well-formed slug). */
export function useSsoPublicInfo(tenant: string) {
  const slug = tenant.trim().toLowerCase();
  return useQuery({
    queryKey: ['sso-public', slug],
    queryFn: ({ signal }) =>
      apiGet<SsoPublicInfo>(`/api/v1/auth/sso/${encodeURIComponent(slug)}`, { signal }),
    enabled: slugPattern.test(slug),
    staleTime: 60_000,
    retry: false,
  });
}

/** Where the browser goes to sign in at the organisation's identity provider. */
export function ssoStartUrl(tenant: string): string {
  return `/api/v1/auth/sso/${encodeURIComponent(tenant.trim().toLowerCase())}/start`;
}

/**
 * After single sign-on, TMA may still ask for its own second factor: the server puts the challenge in the
 * address's fragment (never sent to a server). Reads it once and removes it from the address bar.
 */
export function takeSsoChallenge(): SecondFactorChallenge | undefined {
  if (typeof window === 'undefined' || !window.location.hash.startsWith('#sso-challenge=')) return undefined;
  const params = new URLSearchParams(window.location.hash.slice(1));
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  const challenge = params.get('sso-challenge');
  const expiresAt = params.get('expires');
  return challenge && expiresAt ? { secondFactorRequired: true, challenge, expiresAt } : undefined;
}
