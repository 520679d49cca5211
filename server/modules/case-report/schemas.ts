import { type Static, Type } from 'typebox';

// The case report and the verification of exports: what the API takes and answers.

export const CaseReportRequest = Type.Object(
  {
    language: Type.Union([Type.Literal('de'), Type.Literal('en')]),
    /** Print persons' names and details instead of pseudonyms (the case's threat managers only). */
    names: Type.Optional(Type.Boolean()),
  },
  { title: 'CaseReportRequest', additionalProperties: false },
);
export type CaseReportRequest = Static<typeof CaseReportRequest>;

export const ExportVerificationRequest = Type.Object(
  {
    /** The file's SHA-256, 64 hex digits: the file itself never leaves the verifier's computer. */
    sha256: Type.String({ pattern: '^[0-9a-fA-F]{64}$' }),
  },
  { title: 'ExportVerificationRequest', additionalProperties: false },
);

export const ExportVerification = Type.Object(
  {
    /** The file is an export TMA made, unaltered, and its record in the audit log agrees. */
    verified: Type.Boolean(),
    export: Type.Union([
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        kind: Type.Union([Type.Literal('case_report'), Type.Literal('deletion_certificate')]),
        caseReference: Type.Union([Type.String(), Type.Null()]),
        exportedBy: Type.Union([Type.String(), Type.Null()]),
        exportedAt: Type.String({ format: 'date-time' }),
        byteLength: Type.Integer({ minimum: 1 }),
        language: Type.Union([Type.Literal('de'), Type.Literal('en')]),
        namesIncluded: Type.Boolean(),
        /** For a deletion certificate: what was deleted and on whose behalf; null for a case report. */
        deletion: Type.Union([
          Type.Object({
            objectType: Type.Union([Type.Literal('case'), Type.Literal('report')]),
            reference: Type.String(),
            deletedBy: Type.Union([
              Type.Literal('user'),
              Type.Literal('operator'),
              Type.Literal('retention_policy'),
            ]),
            retentionRule: Type.Union([Type.String(), Type.Null()]),
          }),
          Type.Null(),
        ]),
      }),
      Type.Null(),
    ]),
  },
  { title: 'ExportVerification' },
);
export type ExportVerification = Static<typeof ExportVerification>;
