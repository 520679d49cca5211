import type { AuthContext } from './service.ts';

/**
 * Who an audit event names for a request: the API token when one authenticated it (the token's row says
 * which admin created it), the signed-in user otherwise.
 */
export function auditActorOf(auth: Pick<AuthContext, 'userId' | 'apiToken'>): {
  actorType: 'user' | 'api_token';
  actorId: string;
} {
  return auth.apiToken
    ? { actorType: 'api_token', actorId: auth.apiToken.id }
    : { actorType: 'user', actorId: auth.userId };
}
