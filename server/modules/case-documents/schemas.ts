import { type Static, Type } from 'typebox';
import { NextCursor, pageQuery } from '../../http/pagination.ts';

// The documents of a case: what the API takes and answers. The rules are in service.ts.

const uuid = Type.String({ format: 'uuid' });
const person = Type.Object({ id: uuid, name: Type.String() });

export const DOCUMENT_KINDS = ['pdf', 'image', 'office', 'email', 'text'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** What cleaning took out of a version, by kind (for example `metadata`, `javaScript`): counts only. */
export const CleaningReport = Type.Record(
  Type.String({ pattern: '^[a-zA-Z]+$' }),
  Type.Integer({ minimum: 0 }),
  {
    title: 'DocumentCleaningReport',
  },
);

export const CaseDocumentVersion = Type.Object(
  {
    id: uuid,
    version: Type.Integer({ minimum: 1 }),
    /** The file's name as uploaded, ending in the extension of its sniffed type; null when unreadable. */
    fileName: Type.Union([Type.String(), Type.Null()]),
    /** Sniffed from the content, never taken from the name or the client. */
    contentType: Type.String(),
    kind: Type.Enum(DOCUMENT_KINDS),
    byteLength: Type.Integer({ minimum: 1 }),
    /** Metadata and active content removed (PDFs), or the image re-encoded without metadata (images). */
    cleaned: CleaningReport,
    /** The upload as it came is kept too, at a threat manager's request. */
    original: Type.Union([Type.Object({ byteLength: Type.Integer({ minimum: 1 }) }), Type.Null()]),
    /** Shown in the browser (PDFs and images); everything else is downloaded. */
    previewable: Type.Boolean(),
    uploadedBy: Type.Union([person, Type.Null()]),
    uploadedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'CaseDocumentVersion' },
);
export type CaseDocumentVersion = Static<typeof CaseDocumentVersion>;

export const CaseDocument = Type.Object(
  {
    id: uuid,
    caseId: uuid,
    /** Null when it failed verification. */
    title: Type.Union([Type.String(), Type.Null()]),
    description: Type.Union([Type.String(), Type.Null()]),
    /** Only threat managers see it; no expert receives it, by any route. */
    managersOnly: Type.Boolean(),
    currentVersion: Type.Integer({ minimum: 1 }),
    /** Every version, oldest first; the last is the current one. */
    versions: Type.Array(CaseDocumentVersion),
    createdBy: Type.Union([person, Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'CaseDocument' },
);
export type CaseDocument = Static<typeof CaseDocument>;

export const DocumentQuery = pageQuery({});

export const CaseDocumentPage = Type.Object(
  {
    documents: Type.Array(CaseDocument),
    nextCursor: NextCursor,
    /** What the user may do with the case's documents. */
    can: Type.Object(
      {
        upload: Type.Boolean(),
        uploadManagersOnly: Type.Boolean(),
        keepOriginal: Type.Boolean(),
        readOriginal: Type.Boolean(),
      },
      { title: 'CaseDocumentPermissions' },
    ),
    /** The largest file the tenant accepts, in bytes. */
    maxBytes: Type.Integer({ minimum: 1 }),
  },
  { title: 'CaseDocumentPage' },
);
export type CaseDocumentPage = Static<typeof CaseDocumentPage>;

const text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** The JSON part of a new document's upload. */
export const NewDocument = Type.Object(
  {
    /** Defaults to the file's name without its extension. */
    title: Type.Optional(text(200)),
    description: Type.Optional(text(4000)),
    managersOnly: Type.Optional(Type.Boolean()),
    /** Keep the upload as it came besides the cleaned file (threat managers; PDFs and images). */
    keepOriginal: Type.Optional(Type.Boolean()),
  },
  { title: 'NewCaseDocument', additionalProperties: false },
);
export type NewDocument = Static<typeof NewDocument>;

/** The JSON part of a new version's upload. */
export const NewDocumentVersion = Type.Object(
  { keepOriginal: Type.Optional(Type.Boolean()) },
  { title: 'NewCaseDocumentVersion', additionalProperties: false },
);
export type NewDocumentVersion = Static<typeof NewDocumentVersion>;

export const DocumentParams = Type.Object({ id: uuid, documentId: uuid });

export const VersionParams = Type.Object({
  id: uuid,
  documentId: uuid,
  version: Type.String({ pattern: '^[1-9][0-9]{0,5}$' }),
});

export const ContentQuery = Type.Object(
  {
    /** `inline` shows a PDF or image in the browser (others are always downloaded). */
    disposition: Type.Optional(Type.Union([Type.Literal('attachment'), Type.Literal('inline')])),
    /** `original`: the upload as it came, where a threat manager kept it (threat managers only). */
    variant: Type.Optional(Type.Union([Type.Literal('content'), Type.Literal('original')])),
  },
  { additionalProperties: false },
);

export const DocumentSettings = Type.Object(
  {
    /** The organisation's own limit on a document's size in bytes; null: the server's. */
    maxBytes: Type.Union([Type.Integer({ minimum: 1024 }), Type.Null()]),
    /** The server's limit (TMA_DOCUMENT_MAX_BYTES), which no organisation can raise. */
    serverMaxBytes: Type.Integer({ minimum: 1 }),
    /** PDFs and images are cleaned in memory, up to this size (TMA_DOCUMENT_CLEAN_MAX_BYTES). */
    cleanMaxBytes: Type.Integer({ minimum: 1 }),
  },
  { title: 'DocumentSettings' },
);
export type DocumentSettings = Static<typeof DocumentSettings>;

export const DocumentSettingsChange = Type.Object(
  { maxBytes: Type.Union([Type.Integer({ minimum: 1024 }), Type.Null()]) },
  { title: 'DocumentSettingsChange', additionalProperties: false },
);
