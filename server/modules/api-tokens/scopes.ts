import type { UserRole } from '../../db/schema-identity.ts';

/**
 * What an API token may be allowed to do. Triage, the dialogue with reporters, cases and every setting stay
 * with people; an integration reads the inbox (`reports:read`), records reports received elsewhere, e.g. by a
 * hotline (`reports:write`), and looks up the units to file them under (`units:read`).
 */
export const API_TOKEN_SCOPES = ['reports:read', 'reports:write', 'units:read'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/**
 * Every endpoint a token can reach, with the scopes that open it (any one of them). Everything else,
 * the session, account and API-token endpoints above all, refuses tokens with 403 `token_not_allowed`.
 * Keep this list the one place to review.
 */
const ENDPOINT_SCOPES: Readonly<Record<string, ReadonlyArray<ApiTokenScope>>> = {
  'GET /api/v1/reports': ['reports:read'],
  'GET /api/v1/reports/:id': ['reports:read'],
  'GET /api/v1/reports/:id/attachments/:attachmentId': ['reports:read'],
  'GET /api/v1/report-settings': ['reports:read'],
  'GET /api/v1/report-form': ['reports:read', 'reports:write'],
  'POST /api/v1/reports': ['reports:write'],
  'GET /api/v1/units': ['units:read', 'reports:write'],
};

/** The scopes that open an endpoint to tokens; undefined when tokens may not use it at all. */
export function scopesForEndpoint(
  method: string,
  routeUrl: string | undefined,
): ReadonlyArray<ApiTokenScope> | undefined {
  if (routeUrl === undefined) return undefined;
  const verb = method === 'HEAD' ? 'GET' : method;
  return ENDPOINT_SCOPES[`${verb} ${routeUrl}`];
}

/**
 * The role a token acts in, for the policies behind the endpoints its scopes open: a threat manager's for
 * reports (never an admin's, so it changes no setting even where a route would let an admin), otherwise
 * an auditor's, which sees no case content.
 */
export function roleForScopes(scopes: ReadonlyArray<string>): UserRole {
  return scopes.some((scope) => scope.startsWith('reports:')) ? 'threat_manager' : 'auditor';
}
