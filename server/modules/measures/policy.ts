import { Forbidden } from '../../errors.ts';
import { definePolicy } from '../access/define-policy.ts';
import type { AccessActor } from '../access/unit-access.ts';
import type { CaseAction } from '../cases/policy.ts';
import type { Actor } from '../identity/policy.ts';

// Who does what with the measures of a case. Everyone who reads the case reads its measure plan; the case's
// threat managers (`manage`) plan measures, change them, involve experts and cancel them; whoever carries
// a measure out — its owner, or an expert who accepted to take part — starts it, records notes and
// completes it with an outcome. Row-level security (migration 0038) holds the plan to the case's readers,
// and lets an invitee see only their invitation until they accept.

export interface MeasureSubject {
  tenantId: string;
  /** The actor's permissions on the case (cases/policy.ts). */
  caseCan: Record<CaseAction, boolean>;
  /** The measure's owner; null for a measure not yet planned. */
  ownerId: string | null;
  /** Experts who accepted to take part in the measure. */
  acceptedExperts: readonly string[];
}

export const MEASURE_ACTIONS = ['read', 'plan', 'change', 'carry_out'] as const;
export type MeasureAction = (typeof MEASURE_ACTIONS)[number];

const policy = definePolicy<AccessActor, MeasureSubject, MeasureAction>(MEASURE_ACTIONS);
const sameTenant = (actor: AccessActor, subject: MeasureSubject) => actor.tenantId === subject.tenantId;
policy.allow('read', (actor, subject) => sameTenant(actor, subject) && subject.caseCan.read);
policy.allow(['plan', 'change'], (actor, subject) => sameTenant(actor, subject) && subject.caseCan.manage);
policy.allow(
  'carry_out',
  (actor, subject) =>
    sameTenant(actor, subject) &&
    (subject.caseCan.manage ||
      (subject.caseCan.write &&
        (subject.ownerId === actor.id || subject.acceptedExperts.includes(actor.id)))),
);

export const canMeasure = policy.can;
export const serializeMeasure = policy.serialize;

const messages: Record<MeasureAction, string> = {
  read: 'You may not read the measures of this case.',
  plan: "Only the case's threat managers plan measures.",
  change: "Only the case's threat managers change or cancel a measure.",
  carry_out:
    'Only the owner of the measure, an expert taking part or a threat manager of the case updates it.',
};

export function authorizeMeasure(actor: AccessActor, action: MeasureAction, subject: MeasureSubject): void {
  if (!policy.can(actor, action, subject)) throw new Forbidden('measure_not_allowed', messages[action]);
}

/** The measure catalogue: everyone in the organisation except auditors reads it; admins keep it. */
export function canMeasureTypes(actor: Actor, action: 'read' | 'configure'): boolean {
  return action === 'read' ? actor.role !== 'auditor' : actor.role === 'admin';
}

export function authorizeMeasureTypes(actor: Actor, action: 'read' | 'configure'): void {
  if (canMeasureTypes(actor, action)) return;
  throw new Forbidden(
    'measure_types_not_allowed',
    action === 'read'
      ? 'Auditors do not read the measure catalogue.'
      : 'Only admins keep the measure catalogue.',
  );
}
