import { type Static, Type } from 'typebox';
import { NextCursor, PageQuery } from '../../http/pagination.ts';

const uuid = Type.String({ format: 'uuid' });
const uuidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const RequestIdParam = Type.Object({ id: Type.String({ pattern: uuidPattern }) });
export const PersonIdParam = Type.Object({ personId: Type.String({ pattern: uuidPattern }) });

export const NewDataSubjectRequest = Type.Object(
  {
    /** The person's name as they gave it; every word must match (blind index). */
    name: Type.String({ minLength: 1, maxLength: 200 }),
    /** Also finds reports whose named reporter gave this address. */
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    /** The officer's own note (how the request came in); sealed. */
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    /** The day the request came in (default today): the answer is due one month later. */
    receivedOn: Type.Optional(Type.String({ format: 'date' })),
  },
  { title: 'NewDataSubjectRequest', additionalProperties: false },
);
export type NewDataSubjectRequest = Static<typeof NewDataSubjectRequest>;

export const DataSubjectMatch = Type.Object(
  {
    kind: Type.Union([Type.Literal('person'), Type.Literal('report')]),
    /** The case person's id, or the report's. */
    id: uuid,
    caseId: nullable(uuid),
    caseReference: nullable(Type.String()),
    reportReference: nullable(Type.String()),
    /** The role in the case, or in the report (`reporter`, or the role the report gave a person it names). */
    role: Type.String(),
    /** "Person A" for a case person. */
    pseudonym: nullable(Type.String()),
    /** The name as stored, for the officer to tell whether it is the data subject; null if unreadable. */
    name: nullable(Type.String()),
    /** Organisation and job title, if recorded: what tells two people of the same name apart. */
    hint: nullable(Type.String()),
    processingRestrictedAt: nullable(Type.String({ format: 'date-time' })),
    confirmed: Type.Boolean(),
  },
  { title: 'DataSubjectMatch' },
);
export type DataSubjectMatch = Static<typeof DataSubjectMatch>;

export const DataSubjectRequestStatus = Type.Union(
  [Type.Literal('received'), Type.Literal('exported'), Type.Literal('released')],
  { title: 'DataSubjectRequestStatus' },
);

export const DataSubjectRequestSummary = Type.Object(
  {
    id: uuid,
    status: DataSubjectRequestStatus,
    /** Null when it failed verification. */
    name: nullable(Type.String()),
    receivedOn: Type.String({ format: 'date' }),
    dueOn: Type.String({ format: 'date' }),
    overdue: Type.Boolean(),
    confirmedCount: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    exportedAt: nullable(Type.String({ format: 'date-time' })),
    releasedAt: nullable(Type.String({ format: 'date-time' })),
  },
  { title: 'DataSubjectRequestSummary' },
);
export type DataSubjectRequestSummary = Static<typeof DataSubjectRequestSummary>;

export const DataSubjectPermissions = Type.Object(
  {
    search: Type.Boolean(),
    export: Type.Boolean(),
    export_names: Type.Boolean(),
    restrict: Type.Boolean(),
  },
  { title: 'DataSubjectPermissions' },
);

export const DataSubjectRequestDetail = Type.Object(
  {
    ...DataSubjectRequestSummary.properties,
    email: nullable(Type.String()),
    note: nullable(Type.String()),
    matches: Type.Array(DataSubjectMatch),
    can: DataSubjectPermissions,
  },
  { title: 'DataSubjectRequestDetail' },
);
export type DataSubjectRequestDetail = Static<typeof DataSubjectRequestDetail>;

export const DataSubjectRequestList = Type.Object(
  { requests: Type.Array(DataSubjectRequestSummary), nextCursor: NextCursor, can: DataSubjectPermissions },
  { title: 'DataSubjectRequestList' },
);

export const DataSubjectConfirmation = Type.Object(
  {
    personIds: Type.Array(Type.String({ pattern: uuidPattern }), { maxItems: 500, uniqueItems: true }),
    reportIds: Type.Array(Type.String({ pattern: uuidPattern }), { maxItems: 500, uniqueItems: true }),
  },
  { title: 'DataSubjectConfirmation', additionalProperties: false },
);
export type DataSubjectConfirmation = Static<typeof DataSubjectConfirmation>;

/** Why the officer includes other people's names (audited as the code). */
export const NAMES_REASONS = [
  'consent_given',
  'already_known_to_subject',
  'legal_obligation',
  'other',
] as const;

export const DataSubjectExportRequest = Type.Object(
  {
    /** Leave other people's names and details in (the data protection officer only, with a reason). */
    includeNames: Type.Optional(Type.Boolean()),
    namesReason: Type.Optional(
      Type.Union([
        Type.Literal('consent_given'),
        Type.Literal('already_known_to_subject'),
        Type.Literal('legal_obligation'),
        Type.Literal('other'),
      ]),
    ),
    /** The language of the role labels and of the manifest's review notes (default: en). */
    language: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('de')])),
  },
  { title: 'DataSubjectExportRequest', additionalProperties: false },
);
export type DataSubjectExportRequest = Static<typeof DataSubjectExportRequest>;

export const ProcessingRestrictionChange = Type.Object(
  {
    restricted: Type.Boolean(),
    /** Why (e.g. the person contests the accuracy, Art. 18(1)(a)); sealed with the case key. */
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  { title: 'ProcessingRestrictionChange', additionalProperties: false },
);
export type ProcessingRestrictionChange = Static<typeof ProcessingRestrictionChange>;

/** The list's query string: `limit` and `after`. */
export const DataSubjectRequestsQuery = PageQuery;
export type DataSubjectRequestsQuery = Static<typeof DataSubjectRequestsQuery>;
