import { Forbidden } from '../../errors.ts';
import { definePolicy } from '../access/define-policy.ts';
import type { AccessActor } from '../access/unit-access.ts';

// Who reviews access: active admins, and only admins (they manage accounts, units and teams already; the
// review puts that in one place). An admin does not confirm or revoke their own access: another admin does,
// as with roles. API tokens reach no access-review route (api-tokens/scopes.ts); should one get here, it
// changes nothing.

export type AccessReviewActor = Pick<AccessActor, 'id' | 'tenantId' | 'role' | 'active' | 'viaApiToken'>;

export interface AccessReviewSubject {
  tenantId: string;
  /** The user whose access is decided; null for the review as a whole. */
  userId: string | null;
}

export const ACCESS_REVIEW_ACTIONS = ['read', 'configure', 'start', 'complete', 'confirm', 'revoke'] as const;
export type AccessReviewAction = (typeof ACCESS_REVIEW_ACTIONS)[number];

const policy = definePolicy<AccessReviewActor, AccessReviewSubject, AccessReviewAction>(
  ACCESS_REVIEW_ACTIONS,
);
const admin = (actor: AccessReviewActor, subject: AccessReviewSubject) =>
  actor.active && actor.role === 'admin' && actor.tenantId === subject.tenantId;
const writes = (actor: AccessReviewActor, subject: AccessReviewSubject) =>
  admin(actor, subject) && !actor.viaApiToken;

policy.allow('read', admin);
policy.allow(['configure', 'start', 'complete'], (actor, subject) => writes(actor, subject));
policy.allow(
  ['confirm', 'revoke'],
  (actor, subject) => writes(actor, subject) && subject.userId !== null && subject.userId !== actor.id,
);

export const canAccessReview = policy.can;
export const serializeAccessReview = policy.serialize;

/** Throws Forbidden unless allowed: `review_self` for one's own access, `forbidden` otherwise. */
export function authorizeAccessReview(
  actor: AccessReviewActor,
  action: AccessReviewAction,
  subject: AccessReviewSubject,
): void {
  if (policy.can(actor, action, subject)) return;
  if ((action === 'confirm' || action === 'revoke') && admin(actor, subject) && subject.userId === actor.id)
    throw new Forbidden('review_self', 'Another admin reviews your own access.');
  throw new Forbidden('forbidden', 'Only admins review who can see which cases.');
}
