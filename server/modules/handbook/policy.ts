import { Forbidden } from '../../errors.ts';
import { definePolicy } from '../access/define-policy.ts';
import type { AccessActor } from '../access/unit-access.ts';

// Who reads and who writes the organisation's handbook. Every member of the threat management team reads
// it (admins, threat managers, experts); threat managers and admins write, restore and archive pages.
// Auditors see the audit log and statistics, not the team's procedures; reporters have no account and
// never reach it. Migration 0037's `tma_reads_handbook` and `tma_edits_handbook` say the same in SQL
// (policy-matrix.test.ts holds the two together).

/** The acting user as the database knows them (role and status as stored). */
export type HandbookActor = Pick<AccessActor, 'id' | 'tenantId' | 'role' | 'active' | 'viaApiToken'>;

export interface HandbookSubject {
  tenantId: string;
}

export const HANDBOOK_ACTIONS = ['read', 'create', 'edit', 'restore', 'archive'] as const;
export type HandbookAction = (typeof HANDBOOK_ACTIONS)[number];

/** `tma_reads_handbook`: an active admin, threat manager or expert. */
export function readsHandbook(actor: Pick<AccessActor, 'role' | 'active'>): boolean {
  return (
    actor.active && (actor.role === 'admin' || actor.role === 'threat_manager' || actor.role === 'expert')
  );
}

/** `tma_edits_handbook`: an active admin or threat manager. */
export function editsHandbook(actor: Pick<AccessActor, 'role' | 'active'>): boolean {
  return actor.active && (actor.role === 'admin' || actor.role === 'threat_manager');
}

const policy = definePolicy<HandbookActor, HandbookSubject, HandbookAction>(HANDBOOK_ACTIONS);
const sameTenant = (actor: HandbookActor, subject: HandbookSubject) => actor.tenantId === subject.tenantId;
policy.allow('read', (actor, subject) => sameTenant(actor, subject) && readsHandbook(actor));
// An API token acts for people only where its scopes say (api-tokens/scopes.ts opens no handbook route);
// should one reach here, it writes nothing.
policy.allow(
  ['create', 'edit', 'restore', 'archive'],
  (actor, subject) => sameTenant(actor, subject) && editsHandbook(actor) && !actor.viaApiToken,
);

export const canHandbook = policy.can;
export const serializeHandbook = policy.serialize;

const messages: Record<HandbookAction, string> = {
  read: 'The handbook is for the threat management team: admins, threat managers and experts.',
  create: 'Only threat managers and admins write handbook pages.',
  edit: 'Only threat managers and admins edit handbook pages.',
  restore: 'Only threat managers and admins restore versions of handbook pages.',
  archive: 'Only threat managers and admins archive handbook pages.',
};

export function authorizeHandbook(
  actor: HandbookActor,
  action: HandbookAction,
  subject: HandbookSubject,
): void {
  if (!policy.can(actor, action, subject)) throw new Forbidden('handbook_not_allowed', messages[action]);
}
