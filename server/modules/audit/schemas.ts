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

/** What a module records. The tenant, seq, time and hashes are added by recordAuditEvent(). */
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
    /** A short code or sentence for failures and denials, e.g. `wrong_password`; never personal data. */
    reason: nullable(Type.String({ minLength: 1, maxLength: 500, pattern: '^[^\\u0000]*$' })),
  },
  { additionalProperties: false },
);
export type AuditEventInput = Static<typeof AuditEventInput>;

const hex = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** A recorded event, as the API and the CLI show it. */
export const AuditEvent = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
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
  prevHash: hex,
  hash: hex,
});
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditEventPage = Type.Object({
  events: Type.Array(AuditEvent),
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
});
export type AuditEventPage = Static<typeof AuditEventPage>;
