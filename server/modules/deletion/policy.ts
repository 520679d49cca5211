import { Forbidden } from '../../errors.ts';
import type { Actor } from '../identity/policy.ts';

// Who may delete: admins only, and where the tenant requires it, a second admin approves (four eyes). One
// rule per action, authorize() throws, serialize() tells the web app, as in the other policies.

export interface DeletionSubject {
  tenantId: string;
  /** Who asked for the deletion, when a request is pending. */
  requestedBy: string | null;
}

export const DELETION_ACTIONS = ['request', 'approve', 'withdraw', 'list', 'configure'] as const;
export type DeletionAction = (typeof DELETION_ACTIONS)[number];

type Condition = (actor: Actor, subject: DeletionSubject) => boolean;
const rules = new Map<DeletionAction, Condition>();
function allow(action: DeletionAction, condition: Condition): void {
  rules.set(action, condition);
}

const admin: Condition = (actor, subject) => actor.role === 'admin' && actor.tenantId === subject.tenantId;

allow('request', admin);
// Four eyes: the one who asked cannot be the one who approves.
allow('approve', (actor, subject) => admin(actor, subject) && subject.requestedBy !== actor.id);
allow('withdraw', admin);
allow('list', admin);
allow('configure', admin);

export function canDelete(actor: Actor, action: DeletionAction, subject: DeletionSubject): boolean {
  return rules.get(action)?.(actor, subject) ?? false;
}

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

export function serializeDeletion(actor: Actor, subject: DeletionSubject): Record<DeletionAction, boolean> {
  return Object.fromEntries(
    DELETION_ACTIONS.map((action) => [action, canDelete(actor, action, subject)]),
  ) as Record<DeletionAction, boolean>;
}
