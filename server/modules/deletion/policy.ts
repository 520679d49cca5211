import { Forbidden } from '../../errors.ts';
import { definePolicy } from '../access/define-policy.ts';
import type { Actor } from '../identity/policy.ts';

// Who may delete: admins only, and where the tenant requires it, a second admin approves (four eyes). In the
// style of the report and case policies (access/define-policy.ts): authorize() throws, serialize() tells
// the web app. Deleting needs no content: the report and case policies allow `delete` on what one sees.

export interface DeletionSubject {
  tenantId: string;
  /** Who asked for the deletion, when a request is pending. */
  requestedBy: string | null;
}

export const DELETION_ACTIONS = ['request', 'approve', 'withdraw', 'list', 'configure'] as const;
export type DeletionAction = (typeof DELETION_ACTIONS)[number];

const policy = definePolicy<Actor, DeletionSubject, DeletionAction>(DELETION_ACTIONS);
const admin = (actor: Actor, subject: DeletionSubject) =>
  actor.role === 'admin' && actor.tenantId === subject.tenantId;

policy.allow(['request', 'withdraw', 'list', 'configure'], admin);
// Four eyes: the one who asked cannot be the one who approves.
policy.allow('approve', (actor, subject) => admin(actor, subject) && subject.requestedBy !== actor.id);

export const canDelete = policy.can;

/** Throws Forbidden unless allowed; the requester approving their own request gets its own code. */
export function authorizeDeletion(actor: Actor, action: DeletionAction, subject: DeletionSubject): void {
  if (canDelete(actor, action, subject)) return;
  if (action === 'approve' && admin(actor, subject))
    throw new Forbidden(
      'deletion_approval_by_requester',
      'A second admin must approve this deletion: the one who asked for it cannot.',
    );
  throw new Forbidden('deletion_not_allowed', 'Only admins delete cases and reports.');
}

export const serializeDeletion = policy.serialize;
