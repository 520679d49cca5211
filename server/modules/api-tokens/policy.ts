import { Forbidden } from '../../errors.ts';
import type { Actor } from '../identity/policy.ts';

// Who may manage API tokens: admins signed in with a session. A token never manages tokens (the endpoints
// are not among those a token can reach, see scopes.ts); the check here says it a second time.

export const API_TOKEN_ACTIONS = ['list', 'create', 'revoke'] as const;
export type ApiTokenAction = (typeof API_TOKEN_ACTIONS)[number];

export function canManageApiTokens(actor: Actor & { apiToken?: unknown }, _action: ApiTokenAction): boolean {
  return actor.role === 'admin' && actor.apiToken === undefined;
}

export function authorizeApiTokens(actor: Actor & { apiToken?: unknown }, action: ApiTokenAction): void {
  if (!canManageApiTokens(actor, action))
    throw new Forbidden('forbidden', 'Only administrators manage API tokens.');
}
