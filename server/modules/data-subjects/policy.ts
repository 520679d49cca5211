import type { ExpertSpecialty, UserRole } from '../../db/schema-identity.ts';
import { Forbidden } from '../../errors.ts';
import { definePolicy } from '../access/define-policy.ts';

// Who works data subject requests (GDPR Art. 15 access, Art. 18 restriction). A search runs over every case
// and report of the organisation and opens names, so it is given to few, and never through an API token
// (a request is a person's judgement, and every step is audited under that person's name):
//
// - the data protection officer: an expert with the specialty "data protection". They search, confirm,
//   export, restrict, and alone may export the names of other people (reporters, witnesses) when a reason
//   requires it: weighing one person's access against another's protection is the officer's call.
// - admins: they run the request for the officer (search, confirm, redacted export, restriction), as they
//   delete cases for the organisation; never with other people's names.
// - not threat managers, not even tenant-wide ones: they work the cases the person appears in, and the
//   answer to an access request must not depend on those who are its subject's counterpart. Not auditors:
//   they see the audit log, never content.

export const DATA_SUBJECT_ACTIONS = ['search', 'export', 'export_names', 'restrict'] as const;
export type DataSubjectAction = (typeof DATA_SUBJECT_ACTIONS)[number];

export interface DataSubjectActor {
  tenantId: string;
  role: UserRole;
  specialty: ExpertSpecialty | null;
  active: boolean;
  viaApiToken: boolean;
}

const policy = definePolicy<DataSubjectActor, { tenantId: string }, DataSubjectAction>(DATA_SUBJECT_ACTIONS);

const inReach = (actor: DataSubjectActor, subject: { tenantId: string }) =>
  actor.tenantId === subject.tenantId && actor.active && !actor.viaApiToken;
const isOfficer = (actor: DataSubjectActor) =>
  actor.role === 'expert' && actor.specialty === 'data_protection';
const isAdmin = (actor: DataSubjectActor) => actor.role === 'admin';

policy.allow(
  ['search', 'export', 'restrict'],
  (actor, subject) => inReach(actor, subject) && (isAdmin(actor) || isOfficer(actor)),
);
policy.allow('export_names', (actor, subject) => inReach(actor, subject) && isOfficer(actor));

export function canDataSubjects(
  actor: DataSubjectActor,
  action: DataSubjectAction,
  tenantId: string,
): boolean {
  return policy.can(actor, action, { tenantId });
}

/** Throws 403 unless the actor may take the action. */
export function authorizeDataSubjects(
  actor: DataSubjectActor,
  action: DataSubjectAction,
  tenantId: string,
): void {
  if (canDataSubjects(actor, action, tenantId)) return;
  if (action === 'export_names')
    throw new Forbidden(
      'data_subject_names_not_allowed',
      'Only the data protection officer exports the names of other people.',
    );
  throw new Forbidden(
    'data_subjects_not_allowed',
    'Only admins and the data protection officer work data subject requests.',
  );
}

/** Every action and whether the actor may take it, for the web app. */
export function serializeDataSubjects(
  actor: DataSubjectActor,
  tenantId: string,
): Record<DataSubjectAction, boolean> {
  return policy.serialize(actor, { tenantId });
}
