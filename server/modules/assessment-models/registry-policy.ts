import { Forbidden } from '../../errors.ts';
import { definePolicy } from '../access/define-policy.ts';
import type { Actor } from '../identity/policy.ts';

// Who may do what with the organisation's registry of assessment models. Models are the team's procedure,
// not anyone's data: everyone who works on cases reads them (an expert must see what they are asked); threat
// managers and admins import, edit, publish and retire them. Auditors see neither cases nor models.

export const MODEL_ACTIONS = ['read', 'manage'] as const;
export type ModelAction = (typeof MODEL_ACTIONS)[number];

const policy = definePolicy<Actor, { tenantId: string }, ModelAction>(MODEL_ACTIONS);
const sameTenant = (actor: Actor, subject: { tenantId: string }) => actor.tenantId === subject.tenantId;
policy.allow('read', (actor, subject) => sameTenant(actor, subject) && actor.role !== 'auditor');
policy.allow(
  'manage',
  (actor, subject) =>
    sameTenant(actor, subject) && (actor.role === 'threat_manager' || actor.role === 'admin'),
);

export function authorizeModels(actor: Actor, action: ModelAction): void {
  if (!policy.can(actor, action, { tenantId: actor.tenantId }))
    throw new Forbidden(
      'models_not_allowed',
      action === 'manage'
        ? 'Only threat managers and admins change assessment models.'
        : 'You may not read assessment models.',
    );
}

export const serializeModels = (actor: Actor) => policy.serialize(actor, { tenantId: actor.tenantId });
