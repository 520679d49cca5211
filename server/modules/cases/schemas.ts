import { type Static, Type } from 'typebox';
import { Tombstone } from '../deletion/schemas.ts';
import { HandOverEntry } from './hand-overs.ts';

export const CASE_STATUSES = ['intake', 'assessment', 'management', 'monitoring', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CaseStatus = Type.Enum(CASE_STATUSES);

const uuid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const CaseIdParam = Type.Object({ id: Type.String({ pattern: uuid }) });

const caseFields = {
  id: Type.String({ format: 'uuid' }),
  reference: Type.String(),
  title: Type.String(),
  status: CaseStatus,
  unit: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  createdAt: Type.String({ format: 'date-time' }),
};

/** A case in a list; a deleted case is its tombstone: `title` null, `deleted` set. */
export const CaseSummary = Type.Object({
  ...caseFields,
  title: Type.Union([Type.String(), Type.Null()]),
  deleted: Type.Union([Tombstone, Type.Null()]),
  /** Set when the title failed verification (altered or moved): `title` is null, the operator alerted. */
  unreadable: Type.Optional(Type.Literal(true)),
});
export type CaseSummary = Static<typeof CaseSummary>;

export const CaseList = Type.Object({ cases: Type.Array(CaseSummary) });

/** A case one may read (a deleted case answers 410 `case_deleted` instead). */
export const CaseDetail = Type.Object({
  ...caseFields,
  owner: Type.Union([Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }), Type.Null()]),
  reports: Type.Array(
    Type.Object({ id: Type.String({ format: 'uuid' }), reference: Type.String(), receivedOn: Type.String() }),
  ),
  /** Hand-overs to other units, oldest first, with the reason given (sealed with the case's key). */
  handOvers: Type.Array(HandOverEntry),
  /** Fields that failed verification and are left out, e.g. `handOvers.<id>.reason`. */
  unreadableFields: Type.Array(Type.String()),
});
export type CaseDetail = Static<typeof CaseDetail>;

export const CaseHandOver = Type.Object(
  { unitId: Type.String({ pattern: uuid }), reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

/** After a hand-over: the case, or null when the new unit lies outside the user's scope. */
export const CaseHandOverResult = Type.Object({ case: Type.Union([CaseDetail, Type.Null()]) });
