import { Forbidden } from '../../errors.ts';
import { definePolicy } from '../access/define-policy.ts';
import type { Actor } from '../identity/policy.ts';

// Who may do what with the organisation's document settings. Who may read, upload and download documents of
// a case is the case's own policy (server/modules/cases/policy.ts): `read`, `write`, `read_managers_only`,
// and `manage` for originals.

export const DOCUMENT_SETTINGS_ACTIONS = ['read', 'configure'] as const;
export type DocumentSettingsAction = (typeof DOCUMENT_SETTINGS_ACTIONS)[number];

const policy = definePolicy<Actor, { tenantId: string }, DocumentSettingsAction>(DOCUMENT_SETTINGS_ACTIONS);
const sameTenant = (actor: Actor, subject: { tenantId: string }) => actor.tenantId === subject.tenantId;
// Everyone who uploads sees the limit; admins set it.
policy.allow('read', (actor, subject) => sameTenant(actor, subject) && actor.role !== 'auditor');
policy.allow('configure', (actor, subject) => sameTenant(actor, subject) && actor.role === 'admin');

export function authorizeDocumentSettings(
  actor: Actor,
  action: DocumentSettingsAction,
  tenantId: string,
): void {
  if (!policy.can(actor, action, { tenantId }))
    throw new Forbidden('document_settings_not_allowed', 'Only admins change the document settings.');
}
