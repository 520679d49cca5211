import { type Static, Type } from 'typebox';

export const CASE_STATUSES = ['intake', 'assessment', 'management', 'monitoring', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CaseStatus = Type.Enum(CASE_STATUSES);

const uuid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const CaseIdParam = Type.Object({ id: Type.String({ pattern: uuid }) });

export const CaseSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  reference: Type.String(),
  title: Type.String(),
  status: CaseStatus,
  unit: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type CaseSummary = Static<typeof CaseSummary>;

export const CaseList = Type.Object({ cases: Type.Array(CaseSummary) });

export const CaseDetail = Type.Object({
  ...CaseSummary.properties,
  owner: Type.Union([Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }), Type.Null()]),
  reports: Type.Array(
    Type.Object({ id: Type.String({ format: 'uuid' }), reference: Type.String(), receivedOn: Type.String() }),
  ),
});
export type CaseDetail = Static<typeof CaseDetail>;

export const CaseHandOver = Type.Object(
  { unitId: Type.String({ pattern: uuid }), reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

/** After a hand-over: the case, or null when the new unit lies outside the user's scope. */
export const CaseHandOverResult = Type.Object({ case: Type.Union([CaseDetail, Type.Null()]) });
