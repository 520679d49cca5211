import { type Static, Type } from 'typebox';
import { NextCursor, pageQuery } from '../../http/pagination.ts';

// Deletion certificates: what the API answers. No content: references, dates, codes, counts, staff names.

const uuid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const ObjectType = Type.Union([Type.Literal('case'), Type.Literal('report')]);

export const DeletionCertificate = Type.Object(
  {
    /** Also its export id, printed in the PDF. */
    id: Type.String({ format: 'uuid' }),
    objectType: ObjectType,
    objectId: Type.String({ format: 'uuid' }),
    reference: Type.String(),
    deletedAt: Type.String({ format: 'date-time' }),
    /** The deletion's reason code. */
    reason: Type.String(),
    deletedBy: Type.Object({
      kind: Type.Union([Type.Literal('user'), Type.Literal('operator'), Type.Literal('retention_policy')]),
      /** The admin who deleted (or asked for the deletion), for `user`. */
      name: Type.Union([Type.String(), Type.Null()]),
      /** The retention rule's code, for `retention_policy`. */
      retentionRule: Type.Union([Type.String(), Type.Null()]),
    }),
    /** The second admin who approved (four eyes), or null. */
    approvedBy: Type.Union([Type.String(), Type.Null()]),
    /** How many of each were deleted (reports, documents, persons, …). */
    counts: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
    language: Type.Union([Type.Literal('de'), Type.Literal('en')]),
    byteLength: Type.Integer({ minimum: 1 }),
    /** The PDF's SHA-256, as recorded in the audit log. */
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  },
  { title: 'DeletionCertificate' },
);
export type DeletionCertificate = Static<typeof DeletionCertificate>;

/** A deleted case's or report's certificate, or null when none was issued (deleted before migration 0042). */
export const DeletionCertificateOrNone = Type.Union([DeletionCertificate, Type.Null()], {
  title: 'DeletionCertificateOrNone',
});

export const DeletionCertificatePage = Type.Object(
  { certificates: Type.Array(DeletionCertificate), nextCursor: NextCursor },
  { title: 'DeletionCertificatePage' },
);

export const DeletionCertificatesQuery = pageQuery({ objectType: Type.Optional(ObjectType) });
export type DeletionCertificatesQuery = Static<typeof DeletionCertificatesQuery>;

export const CertificateIdParam = Type.Object({ id: Type.String({ pattern: uuid }) });
