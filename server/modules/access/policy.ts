import { Forbidden } from '../../errors.ts';
import type { Actor } from '../identity/policy.ts';
import { definePolicy } from './define-policy.ts';

// Who decides who reads content: admins, each change audited. An admin cannot give themselves a content
// role (another admin does, as with roles); the tenant-wide setting is any admin's, as the tenant's choice.

export interface ContentAccessSubject {
  tenantId: string;
  /** The user a content role is given to or taken from; null for the tenant's setting. */
  userId: string | null;
}

export const CONTENT_ACCESS_ACTIONS = ['read', 'configure', 'grant_content_role'] as const;
export type ContentAccessAction = (typeof CONTENT_ACCESS_ACTIONS)[number];

const policy = definePolicy<Actor, ContentAccessSubject, ContentAccessAction>(CONTENT_ACCESS_ACTIONS);
const admin = (actor: Actor, subject: ContentAccessSubject) =>
  actor.role === 'admin' && actor.tenantId === subject.tenantId;

policy.allow(['read', 'configure'], admin);
policy.allow('grant_content_role', (actor, subject) => admin(actor, subject) && subject.userId !== actor.id);

export const canContentAccess = policy.can;
export const serializeContentAccess = policy.serialize;

export function authorizeContentAccess(
  actor: Actor,
  action: ContentAccessAction,
  subject: ContentAccessSubject,
): void {
  if (policy.can(actor, action, subject)) return;
  if (action === 'grant_content_role' && admin(actor, subject))
    throw new Forbidden('content_role_self', 'Another admin must give you a content role.');
  throw new Forbidden('forbidden', 'Only admins decide who reads the content of reports and cases.');
}
