import { type Static, Type } from 'typebox';
import { NextCursor } from '../../http/pagination.ts';
import { Tombstone } from '../deletion/schemas.ts';
import { ExpertSpecialty } from '../identity/schemas.ts';
import { ClosingOutcome, LegalHold } from '../retention/schemas.ts';
import { HandOverEntry } from './hand-overs.ts';

export const CASE_STATUSES = ['intake', 'assessment', 'management', 'monitoring', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CaseStatus = Type.Enum(CASE_STATUSES, { title: 'CaseStatus' });

const uuid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const CaseIdParam = Type.Object({ id: Type.String({ pattern: uuid }) });

/** What the user may do with the case (server/modules/cases/policy.ts): the web app shows only that. */
export const CaseAllowedActions = Type.Object(
  {
    /** See its metadata: reference, status, unit, dates, its reports' references. */
    see: Type.Boolean(),
    /** Read its content: title, hand-overs (an admin by default may not: `title` is then null). */
    read: Type.Boolean(),
    /** Read entries marked managers only (threat managers; never experts). */
    read_managers_only: Type.Boolean(),
    /** Add to the case file: journal notes, calls, meetings. */
    write: Type.Boolean(),
    /** Change the status, details and owner. */
    manage: Type.Boolean(),
    /** Add and remove team members. */
    manage_team: Type.Boolean(),
    attach_report: Type.Boolean(),
    hand_over: Type.Boolean(),
    delete: Type.Boolean(),
  },
  { title: 'CaseAllowedActions' },
);

const caseFields = {
  id: Type.String({ format: 'uuid' }),
  reference: Type.String(),
  title: Type.String(),
  status: CaseStatus,
  unit: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  createdAt: Type.String({ format: 'date-time' }),
};

/**
 * A case in a list; a deleted case is its tombstone: `title` null, `deleted` set. `title` is null too for
 * whoever sees the case's metadata only (`can.read` false).
 */
export const CaseSummary = Type.Object(
  {
    ...caseFields,
    title: Type.Union([Type.String(), Type.Null()]),
    deleted: Type.Union([Tombstone, Type.Null()]),
    /** The current criticality level (1–4), null before an assessment set one. */
    level: Type.Union([Type.Integer({ minimum: 1, maximum: 4 }), Type.Null()]),
    /** Null for metadata-only readers. */
    category: Type.Union([Type.String(), Type.Null()]),
    tags: Type.Array(Type.String()),
    dueOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    owner: Type.Union([
      Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
      Type.Null(),
    ]),
    updatedAt: Type.String({ format: 'date-time' }),
    /** Set when the title failed verification (altered or moved): `title` is null, the operator alerted. */
    unreadable: Type.Optional(Type.Literal(true)),
    can: CaseAllowedActions,
  },
  { title: 'CaseSummary' },
);
export type CaseSummary = Static<typeof CaseSummary>;

/** A page of the case list, newest first; `nextCursor` is passed as `after` for the next page. */
export const CaseList = Type.Object(
  { cases: Type.Array(CaseSummary), nextCursor: NextCursor },
  { title: 'CaseList' },
);

/**
 * A case one may see (a deleted case answers 410 `case_deleted` instead). Whoever sees its metadata only
 * (`can.read` false: an admin, unless the tenant lets admins read content) gets `title` null and no
 * hand-overs.
 */
export const CaseDetail = Type.Object(
  {
    ...caseFields,
    title: Type.Union([Type.String(), Type.Null()]),
    owner: Type.Union([
      Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
      Type.Null(),
    ]),
    /** The summary (sealed with the case's key); null when none was written, or for metadata-only readers. */
    summary: Type.Union([Type.String(), Type.Null()]),
    /** What the case is about (server/modules/cases/categories.ts); null for metadata-only readers. */
    category: Type.Union([Type.String(), Type.Null()]),
    tags: Type.Array(Type.String()),
    /** The current criticality level, 1 (low) to 4 (critical, imminent), once an assessment has set it. */
    level: Type.Union([Type.Integer({ minimum: 1, maximum: 4 }), Type.Null()]),
    /** The next deadline the team set for the case (a day). */
    dueOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** Why the closed case was closed (server/modules/retention/schemas.ts); null while open. */
    closingOutcome: Type.Union([ClosingOutcome, Type.Null()]),
    /** Whether the case is under legal hold (exempt from retention and deletion), and who may change it. */
    legalHold: LegalHold,
    reports: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        reference: Type.String(),
        receivedOn: Type.String(),
      }),
    ),
    /** Specialties of experts the case's template suggests inviting (the team tab offers them). */
    suggestedSpecialties: Type.Array(ExpertSpecialty),
    /** Hand-overs to other units, oldest first, with the reason given (sealed with the case's key). */
    handOvers: Type.Array(HandOverEntry),
    /** Fields that failed verification and are left out, e.g. `handOvers.<id>.reason`. */
    unreadableFields: Type.Array(Type.String()),
    can: CaseAllowedActions,
  },
  { title: 'CaseDetail' },
);
export type CaseDetail = Static<typeof CaseDetail>;

export const CaseHandOver = Type.Object(
  { unitId: Type.String({ pattern: uuid }), reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { title: 'CaseHandOver', additionalProperties: false },
);

/** After a hand-over: the case, or null when the new unit lies outside the user's scope. */
export const CaseHandOverResult = Type.Object(
  { case: Type.Union([CaseDetail, Type.Null()]) },
  { title: 'CaseHandOverResult' },
);

/** Who can own a case, to filter the case list by owner. */
export const CaseOwners = Type.Object(
  { owners: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() })) },
  { title: 'CaseOwners' },
);
export type CaseOwners = Static<typeof CaseOwners>;
