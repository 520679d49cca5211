import { Forbidden } from '../../errors.ts';
import { definePolicy } from '../access/define-policy.ts';
import { type AccessActor, worksAsThreatManager } from '../access/unit-access.ts';
import type { CaseAction } from '../cases/policy.ts';
import type { Actor } from '../identity/policy.ts';

// Who takes part in the assessments of a case. The organisation decides (assessment_settings): threat
// managers always, and experts whose specialty it lists (psychology unless it says otherwise). They read
// and answer the assessments of the cases they read; the case's threat managers (`manage`) make the final
// judgement, and a second one signs it off where the organisation asks for four eyes. Migration 0036's
// `tma_assesses` is the same rule in SQL (policy-matrix test holds the two together).

export interface AssessmentSubject {
  tenantId: string;
  /** The actor's permissions on the case (cases/policy.ts). */
  caseCan: Record<CaseAction, boolean>;
  /** The actor's specialty, when an expert. */
  specialty: string | null;
  /** The organisation's setting: specialties of experts who take part. */
  expertSpecialties: readonly string[];
  /** Who decided the judgement waiting for sign-off, if any. */
  decidedBy: string | null;
}

/** `tma_assesses`: a threat manager, or an expert whose specialty the organisation lists. */
export function takesPartInAssessments(
  actor: AccessActor,
  specialty: string | null,
  expertSpecialties: readonly string[],
): boolean {
  if (worksAsThreatManager(actor)) return true;
  return (
    actor.active && actor.role === 'expert' && specialty !== null && expertSpecialties.includes(specialty)
  );
}

export const ASSESSMENT_ACTIONS = ['read', 'contribute', 'finalise', 'sign_off'] as const;
export type AssessmentAction = (typeof ASSESSMENT_ACTIONS)[number];

const policy = definePolicy<AccessActor, AssessmentSubject, AssessmentAction>(ASSESSMENT_ACTIONS);
const takesPart = (actor: AccessActor, subject: AssessmentSubject) =>
  actor.tenantId === subject.tenantId &&
  subject.caseCan.read &&
  takesPartInAssessments(actor, subject.specialty, subject.expertSpecialties);
policy.allow('read', takesPart);
policy.allow('contribute', (actor, subject) => takesPart(actor, subject) && subject.caseCan.write);
policy.allow('finalise', (actor, subject) => takesPart(actor, subject) && subject.caseCan.manage);
policy.allow(
  'sign_off',
  (actor, subject) =>
    takesPart(actor, subject) &&
    subject.caseCan.manage &&
    subject.decidedBy !== null &&
    subject.decidedBy !== actor.id,
);

export const canAssess = policy.can;
export const serializeAssessment = policy.serialize;

const messages: Record<AssessmentAction, string> = {
  read: 'You do not take part in the assessments of this case.',
  contribute: 'You may not answer assessments of this case.',
  finalise: "Only the case's threat managers make the final judgement.",
  sign_off: 'A second threat manager of the case, not the one who decided, signs the judgement off.',
};

export function authorizeAssessment(
  actor: AccessActor,
  action: AssessmentAction,
  subject: AssessmentSubject,
): void {
  if (!policy.can(actor, action, subject)) throw new Forbidden('assessment_not_allowed', messages[action]);
}

/** Who configures the organisation's assessment settings: its admins. */
export function authorizeAssessmentSettings(actor: Actor, action: 'read' | 'configure'): void {
  const allowed = action === 'read' ? actor.role !== 'auditor' : actor.role === 'admin';
  if (!allowed)
    throw new Forbidden('assessment_settings_not_allowed', 'Only admins change the assessment settings.');
}
