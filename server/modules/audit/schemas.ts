import { type Static, Type } from 'typebox';

export const AuditActorType = Type.Union([
  Type.Literal('user'),
  Type.Literal('api_token'),
  Type.Literal('reporter'),
  Type.Literal('system'),
  Type.Literal('operator'),
]);

export const AuditOutcome = Type.Union([
  Type.Literal('success'),
  Type.Literal('failure'),
  Type.Literal('denied'),
]);

const uuid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
// Identifiers and codes only: the audit log is not encrypted, so it must never hold case content or names.
const identifier = (maxLength: number) =>
  Type.String({ minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });
const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Optional(Type.Union([schema, Type.Null()]));

/**
 * An audit reason is a code, never a sentence: lower-case letters, digits and `_ . : = -`, such as
 * `wrong_password`, `unit:de`, `sessions_revoked=3` or a UUID. Free text a user gives (a hand-over reason,
 * a note) is sealed in its domain row and the event references that row.
 */
export const AUDIT_REASON_PATTERN = '^[a-z0-9][a-z0-9_.:=-]{0,199}$';

/**
 * Turns a machine code from elsewhere (a library's error code such as `OAUTH_INVALID_RESPONSE`) into an
 * audit code. Only for codes: text a person wrote is never put into the audit log, however cleaned.
 */
export function auditCode(code: string): string {
  const cleaned = code
    .toLowerCase()
    .replace(/[^a-z0-9_.:=-]+/g, '_')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 200);
  return cleaned || 'unknown';
}

/** At most this many object ids in one event (a list page). */
export const MAX_AUDIT_OBJECT_IDS = 500;

/** What a module records. The tenant and time are added by recordAuditEvent(), seq and hashes by the linker. */
export const AuditEventInput = Type.Object(
  {
    actorType: AuditActorType,
    /** User, API token or report id; required for users and API tokens. Never a reporter's identity. */
    actorId: nullable(identifier(200)),
    /** Area and verb, e.g. `case.read`, `case.shred`, `keys.rotate`, `auth.login`. */
    action: Type.String({ maxLength: 100, pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$' }),
    /** e.g. `case`, `document`, `user`, `tenant_key`. */
    objectType: Type.String({ maxLength: 64, pattern: '^[a-z][a-z0-9_]*$' }),
    objectId: nullable(identifier(200)),
    caseId: nullable(Type.String({ pattern: uuid })),
    requestId: nullable(identifier(200)),
    outcome: AuditOutcome,
    /** A code (AUDIT_REASON_PATTERN), e.g. `wrong_password`, `unit:de`; never text a person wrote. */
    reason: nullable(Type.String({ minLength: 1, maxLength: 200, pattern: AUDIT_REASON_PATTERN })),
    /** The objects of a list page, when one event covers several (e.g. `case.list`). */
    objectIds: Type.Optional(
      Type.Union([
        Type.Array(Type.String({ pattern: uuid }), { minItems: 1, maxItems: MAX_AUDIT_OBJECT_IDS }),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: false },
);
export type AuditEventInput = Static<typeof AuditEventInput>;

const hex = Type.String({ pattern: '^[0-9a-f]{64}$' });

/**
 * A recorded event, as the API and the CLI show it. An event not linked into the chain yet (for about a
 * second after its commit) has no seq and no hashes.
 */
export const AuditEvent = Type.Object({
  seq: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  occurredAt: Type.String({ format: 'date-time' }),
  actorType: AuditActorType,
  actorId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  objectType: Type.String(),
  objectId: Type.Union([Type.String(), Type.Null()]),
  caseId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  outcome: AuditOutcome,
  reason: Type.Union([Type.String(), Type.Null()]),
  /** The objects of a list page; absent (null) for events about one object. */
  objectIds: Type.Union([Type.Array(Type.String({ format: 'uuid' })), Type.Null()]),
  prevHash: Type.Union([hex, Type.Null()]),
  hash: Type.Union([hex, Type.Null()]),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditEventPage = Type.Object({
  events: Type.Array(AuditEvent),
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
});
export type AuditEventPage = Static<typeof AuditEventPage>;
