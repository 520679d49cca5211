import { Forbidden } from '../../errors.ts';
import { definePolicy } from '../access/define-policy.ts';
import type { Actor } from '../identity/policy.ts';

// Who names an organisation's case categories: its admins. Everyone in the organisation reads them (the
// case list and page name each case's category; anonymised statistics count by it).

export interface CategorySubject {
  tenantId: string;
}

export const CATEGORY_ACTIONS = ['read', 'configure'] as const;
export type CategoryAction = (typeof CATEGORY_ACTIONS)[number];

const policy = definePolicy<Actor, CategorySubject, CategoryAction>(CATEGORY_ACTIONS);
const sameTenant = (actor: Actor, subject: CategorySubject) => actor.tenantId === subject.tenantId;

policy.allow('read', sameTenant);
policy.allow('configure', (actor, subject) => sameTenant(actor, subject) && actor.role === 'admin');

export const serializeCategories = policy.serialize;

export function authorizeCategories(actor: Actor, action: CategoryAction, subject: CategorySubject): void {
  if (policy.can(actor, action, subject)) return;
  throw new Forbidden('forbidden', 'Only admins name and switch off case categories.');
}
