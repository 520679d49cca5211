import type { UserRole } from '../../db/schema-identity.ts';
import { Forbidden, NotFound } from '../../errors.ts';

// Who may do what with user accounts, in the style of Outline's policies: each rule says which roles may
// take an action and under which condition; authorize() throws, serialize() tells the web app.

/** The logged-in user acting. */
export interface Actor {
  id: string;
  tenantId: string;
  role: UserRole;
}

/** A user account being acted on. */
export interface UserSubject {
  id: string;
  tenantId: string;
}

export const USER_ACTIONS = [
  'read',
  'create',
  'deactivate',
  'change_role',
  'list_sessions',
  'revoke_session',
  'revoke_all_sessions',
  'assign_units',
] as const;
export type UserAction = (typeof USER_ACTIONS)[number];

type Condition = (actor: Actor, subject: UserSubject) => boolean;
interface Rule {
  roles: ReadonlyArray<UserRole> | 'any';
  action: UserAction;
  condition: Condition;
}

const rules: Rule[] = [];
function allow(roles: Rule['roles'], action: UserAction, condition: Condition = () => true): void {
  rules.push({ roles, action, condition });
}

const self: Condition = (actor, subject) => actor.id === subject.id;
const other: Condition = (actor, subject) => actor.id !== subject.id;

// Everyone sees their own account and manages their own sessions.
allow('any', 'read', self);
allow('any', 'list_sessions', self);
allow('any', 'revoke_session', self);
allow('any', 'revoke_all_sessions', self);
// Admins manage the tenant's users, but not their own role or status: a tenant must not lose its last admin
// by a slip.
allow(['admin'], 'read');
allow(['admin'], 'create');
allow(['admin'], 'deactivate', other);
allow(['admin'], 'change_role', other);
allow(['admin'], 'revoke_all_sessions');
allow(['admin'], 'assign_units');

/** Whether `actor` may take `action` on `subject`. Another tenant's user is never in reach. */
export function can(actor: Actor, action: UserAction, subject: UserSubject): boolean {
  if (actor.tenantId !== subject.tenantId) return false;
  return rules.some(
    (rule) =>
      rule.action === action &&
      (rule.roles === 'any' || rule.roles.includes(actor.role)) &&
      rule.condition(actor, subject),
  );
}

/** Throws unless allowed: NotFound when the actor may not even see the user, Forbidden otherwise. */
export function authorize(actor: Actor, action: UserAction, subject: UserSubject): void {
  if (can(actor, action, subject)) return;
  if (!can(actor, 'read', subject)) throw new NotFound('user_not_found', 'No such user.');
  throw new Forbidden('forbidden', `You may not ${action.replaceAll('_', ' ')} for this user.`);
}

/** Every action and whether the actor may take it on the subject, for the web app to show or hide. */
export function serialize(actor: Actor, subject: UserSubject): Record<UserAction, boolean> {
  return Object.fromEntries(USER_ACTIONS.map((action) => [action, can(actor, action, subject)])) as Record<
    UserAction,
    boolean
  >;
}

// Organisational units. Every signed-in user may list them (reporters' forms and case hand-overs name
// units); only admins shape the tree (create, rename, move under another parent) and see who belongs to
// each unit (`read_members`: names and roles, the Units page). Which unit's reports and cases a user sees is
// unit scope, decided by visibleUnitIds() in the units module.
export const UNIT_ACTIONS = ['list', 'create', 'rename', 'move', 'read_members'] as const;
export type UnitAction = (typeof UNIT_ACTIONS)[number];

const unitRules: Array<{ roles: ReadonlyArray<UserRole> | 'any'; action: UnitAction }> = [];
function allowUnit(roles: ReadonlyArray<UserRole> | 'any', action: UnitAction): void {
  unitRules.push({ roles, action });
}

allowUnit('any', 'list');
allowUnit(['admin'], 'create');
allowUnit(['admin'], 'rename');
allowUnit(['admin'], 'move');
allowUnit(['admin'], 'read_members');

/** Whether `actor` may take `action` on the units of its own tenant. */
export function canUnit(actor: Actor, action: UnitAction): boolean {
  return unitRules.some(
    (rule) => rule.action === action && (rule.roles === 'any' || rule.roles.includes(actor.role)),
  );
}

/** Throws Forbidden unless allowed (units are listed to everyone, so their existence is no secret). */
export function authorizeUnit(actor: Actor, action: UnitAction): void {
  if (!canUnit(actor, action))
    throw new Forbidden('forbidden', `You may not ${action.replaceAll('_', ' ')} units.`);
}

/** Every unit action and whether the actor may take it, for the web app. */
export function serializeUnit(actor: Actor): Record<UnitAction, boolean> {
  return Object.fromEntries(UNIT_ACTIONS.map((action) => [action, canUnit(actor, action)])) as Record<
    UnitAction,
    boolean
  >;
}
