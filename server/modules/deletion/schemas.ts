import { type Static, Type } from 'typebox';
import { NextCursor, pageQuery } from '../../http/pagination.ts';

/** Why a case or report is deleted: a code, never free text (it goes into the audit log). */
export const DELETION_REASONS = [
  'retention_expired',
  'unfounded',
  'data_subject_request',
  'duplicate',
  'legal_order',
  'other',
] as const;
export type DeletionReason = (typeof DELETION_REASONS)[number];
export const DeletionReason = Type.Enum(DELETION_REASONS, { title: 'DeletionReason' });

export const DELETABLE_TYPES = ['case', 'report'] as const;
export type DeletableType = (typeof DELETABLE_TYPES)[number];

const uuid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const Day = Type.String({ format: 'date', description: 'A calendar day, YYYY-MM-DD' });

export const DeletionObjectParam = Type.Object({ id: Type.String({ pattern: uuid }) });

export const DeletionBody = Type.Object(
  {
    reason: DeletionReason,
    /** For the approving admin; sealed, never in the audit log. */
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { title: 'DeletionBody', additionalProperties: false },
);
export type DeletionBody = Static<typeof DeletionBody>;

/** What is left of a deleted case or report, in lists and in the 410 answer. */
export const Tombstone = Type.Object(
  { on: Day, reason: Type.Union([DeletionReason, Type.Null()]) },
  { title: 'Tombstone' },
);
export type Tombstone = Static<typeof Tombstone>;

const Person = Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() });

export const DeletionRequest = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    objectType: Type.Enum(DELETABLE_TYPES),
    objectId: Type.String({ format: 'uuid' }),
    reference: Type.String(),
    reason: DeletionReason,
    note: Type.Union([Type.String(), Type.Null()]),
    requestedBy: Person,
    requestedAt: Type.String({ format: 'date-time' }),
    /** The caller may approve it: an admin other than the requester (four eyes). */
    mayApprove: Type.Boolean(),
  },
  { title: 'DeletionRequest' },
);
export type DeletionRequest = Static<typeof DeletionRequest>;

export const DeletionOutcome = Type.Object(
  {
    /** `deleted`: shredded now; `awaiting_approval`: a second admin must approve (the tenant requires it). */
    state: Type.Union([Type.Literal('deleted'), Type.Literal('awaiting_approval')]),
    request: Type.Union([DeletionRequest, Type.Null()]),
    deleted: Type.Union([Tombstone, Type.Null()]),
  },
  { title: 'DeletionOutcome' },
);
export type DeletionOutcome = Static<typeof DeletionOutcome>;

export const PendingDeletions = Type.Object(
  { requests: Type.Array(DeletionRequest), nextCursor: NextCursor },
  { title: 'PendingDeletions' },
);

/** Paged; `objectType` and `objectId` narrow the list to the request about one case or report. */
export const PendingDeletionsQuery = pageQuery({
  objectType: Type.Optional(Type.Enum(DELETABLE_TYPES)),
  objectId: Type.Optional(Type.String({ pattern: uuid })),
});
export type PendingDeletionsQuery = Static<typeof PendingDeletionsQuery>;

export const DeletionSettings = Type.Object(
  { requiresApproval: Type.Boolean() },
  { title: 'DeletionSettings', additionalProperties: false },
);
export type DeletionSettings = Static<typeof DeletionSettings>;
