import { type Static, Type } from 'typebox';
import { NextCursor, pageQuery } from '../../http/pagination.ts';
import { AuditActorType, AuditOutcome } from './schemas.ts';

// The audit viewer's API (docs/api.md, "Audit log"): what it takes and answers. Events carry ids and codes,
// the actor's display name and the case's reference: no case content.

const uuid = Type.String({ format: 'uuid' });
const hex = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** The filters of the viewer and its CSV export. */
export const auditFilterProperties = {
  /** Events of this actor (a user's id). */
  actorId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_.:-]+$' })),
  /** Events about this case. */
  caseId: Type.Optional(uuid),
  /** Events about the case with this reference (as the case list shows it), tombstones included. */
  caseReference: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  /** One action (`case.read`), or all under a prefix (`case.*`). */
  action: Type.Optional(
    Type.String({
      maxLength: 100,
      pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*(\\.\\*|(\\.[a-z][a-z0-9_]*))$',
    }),
  ),
  outcome: Type.Optional(AuditOutcome),
  /** From this time on (ISO 8601). */
  from: Type.Optional(Type.String({ format: 'date-time' })),
  /** Before this time (ISO 8601). */
  to: Type.Optional(Type.String({ format: 'date-time' })),
};

export const AuditFilterQuery = Type.Object(auditFilterProperties, { additionalProperties: false });
export type AuditFilterQuery = Static<typeof AuditFilterQuery>;

export const AuditEventsQuery = pageQuery(auditFilterProperties);
export type AuditEventsQuery = Static<typeof AuditEventsQuery>;

export const AuditLogEvent = Type.Object(
  {
    seq: Type.Integer({ minimum: 1 }),
    occurredAt: Type.String({ format: 'date-time' }),
    actorType: AuditActorType,
    actorId: Type.Union([Type.String(), Type.Null()]),
    /** The user's display name; null for other actors and for users no longer found. */
    actorName: Type.Union([Type.String(), Type.Null()]),
    action: Type.String(),
    objectType: Type.String(),
    objectId: Type.Union([Type.String(), Type.Null()]),
    caseId: Type.Union([uuid, Type.Null()]),
    /** The case's reference (its tombstone's, once deleted). */
    caseReference: Type.Union([Type.String(), Type.Null()]),
    requestId: Type.Union([Type.String(), Type.Null()]),
    outcome: AuditOutcome,
    reason: Type.Union([Type.String(), Type.Null()]),
    /** How many objects a list page showed (the ids are in the CSV export). */
    objectCount: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    hash: hex,
  },
  { title: 'AuditLogEvent', additionalProperties: false },
);
export type AuditLogEvent = Static<typeof AuditLogEvent>;

export const AuditLogPage = Type.Object(
  {
    /** Newest first; linked events only (an event is linked about a second after it is recorded). */
    events: Type.Array(AuditLogEvent),
    nextCursor: NextCursor,
    /** The chain's head when the page was read: the newest linked event. */
    head: Type.Object({ seq: Type.Integer({ minimum: 0 }), hash: Type.Union([hex, Type.Null()]) }),
  },
  { title: 'AuditLogPage' },
);
export type AuditLogPage = Static<typeof AuditLogPage>;

const Verification = Type.Object(
  {
    verifiedAt: Type.String({ format: 'date-time' }),
    mode: Type.Union([Type.Literal('full'), Type.Literal('incremental')]),
    source: Type.Union([Type.Literal('cli'), Type.Literal('server')]),
    ok: Type.Boolean(),
    head: Type.Union([
      Type.Object({ seq: Type.Integer({ minimum: 0 }), hash: Type.Union([hex, Type.Null()]) }),
      Type.Null(),
    ]),
    /** What broke, when not ok: `changed`, `reordered`, `missing`, `unlinked`, `head-mismatch` … */
    problem: Type.Union([Type.String(), Type.Null()]),
    problemSeq: Type.Union([Type.Integer(), Type.Null()]),
  },
  { title: 'AuditVerification', additionalProperties: false },
);

export const AuditLogStatus = Type.Object(
  {
    /** The newest verification, intact or not; null before the first. */
    lastVerification: Type.Union([Verification, Type.Null()]),
    /** The newest verification that found the chain intact. */
    lastIntact: Type.Union([Verification, Type.Null()]),
    /** The chain's head now. */
    head: Type.Object({ seq: Type.Integer({ minimum: 0 }), hash: Type.Union([hex, Type.Null()]) }),
    /** Events recorded but not linked yet. */
    pendingEvents: Type.Integer({ minimum: 0 }),
    /** Events linked since the last intact verification (not yet verified). */
    unverifiedEvents: Type.Integer({ minimum: 0 }),
  },
  { title: 'AuditLogStatus', additionalProperties: false },
);
export type AuditLogStatus = Static<typeof AuditLogStatus>;

export const AuditLogUsers = Type.Object(
  {
    users: Type.Array(
      Type.Object(
        { id: uuid, name: Type.String(), role: Type.String(), active: Type.Boolean() },
        { additionalProperties: false },
      ),
    ),
  },
  { title: 'AuditLogUsers' },
);
export type AuditLogUsers = Static<typeof AuditLogUsers>;

export const CaseViewers = Type.Object(
  {
    viewers: Type.Array(
      Type.Object(
        {
          actorType: Type.Union([Type.Literal('user'), Type.Literal('api_token')]),
          actorId: Type.String(),
          /** The user's display name (null for an API token or a user no longer found). */
          name: Type.Union([Type.String(), Type.Null()]),
          reads: Type.Integer({ minimum: 0 }),
          exports: Type.Integer({ minimum: 0 }),
          changes: Type.Integer({ minimum: 0 }),
          lastAt: Type.String({ format: 'date-time' }),
          lastAction: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { title: 'CaseViewers' },
);
export type CaseViewers = Static<typeof CaseViewers>;
