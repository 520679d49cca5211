// What the team may add to a case as a document. Everything else is refused, however it is named.
//
// Wider than what reporters may attach (attachments/allowed-types.ts): documents come from the team, not
// from an anonymous reporter whose metadata must go, and they are kept byte for byte as evidence. Every type
// is recognised from the content except the legacy Office and Outlook files, which share one container
// (Compound File Binary) that the first bytes do not tell apart: those take their type from the file name's
// extension (see sniff-document.ts).
//
// Left out on purpose: HTML, SVG and XML (they carry scripts), RTF and PostScript (convert to PDF), archives
// (they hide what they hold), executables and scripts in formats of their own, HEIC/TIFF/BMP images, and
// macro-enabled Office files (.docm, .xlsm, .pptm).

/** The document types we accept, each with its canonical extension and the `kind` the app shows it as. */
export const DOCUMENT_TYPES = [
  { contentType: 'application/pdf', extension: 'pdf', kind: 'pdf', label: 'PDF document' },
  { contentType: 'image/jpeg', extension: 'jpg', kind: 'image', label: 'JPEG image' },
  { contentType: 'image/png', extension: 'png', kind: 'image', label: 'PNG image' },
  { contentType: 'image/webp', extension: 'webp', kind: 'image', label: 'WebP image' },
  { contentType: 'image/gif', extension: 'gif', kind: 'image', label: 'GIF image' },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    kind: 'office',
    label: 'Word document',
  },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    kind: 'office',
    label: 'Excel workbook',
  },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extension: 'pptx',
    kind: 'office',
    label: 'PowerPoint presentation',
  },
  {
    contentType: 'application/vnd.oasis.opendocument.text',
    extension: 'odt',
    kind: 'office',
    label: 'OpenDocument text',
  },
  {
    contentType: 'application/vnd.oasis.opendocument.spreadsheet',
    extension: 'ods',
    kind: 'office',
    label: 'OpenDocument spreadsheet',
  },
  {
    contentType: 'application/vnd.oasis.opendocument.presentation',
    extension: 'odp',
    kind: 'office',
    label: 'OpenDocument presentation',
  },
  // Compound File Binary: typed by the name's extension, see above.
  { contentType: 'application/msword', extension: 'doc', kind: 'office', label: 'Word 97–2003 document' },
  {
    contentType: 'application/vnd.ms-excel',
    extension: 'xls',
    kind: 'office',
    label: 'Excel 97–2003 workbook',
  },
  {
    contentType: 'application/vnd.ms-powerpoint',
    extension: 'ppt',
    kind: 'office',
    label: 'PowerPoint 97–2003 presentation',
  },
  { contentType: 'application/vnd.ms-outlook', extension: 'msg', kind: 'email', label: 'Outlook message' },
  // Text formats: file-type cannot sniff them; they are valid UTF-8 without NUL bytes (see sniff-document.ts).
  { contentType: 'message/rfc822', extension: 'eml', kind: 'email', label: 'e-mail message' },
  { contentType: 'text/plain; charset=utf-8', extension: 'txt', kind: 'text', label: 'UTF-8 text file' },
] as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export type DocumentContentType = DocumentType['contentType'];
export type DocumentKind = DocumentType['kind'];

/** The allowed type with this content type, or undefined. */
export function findDocumentType(contentType: string): DocumentType | undefined {
  return DOCUMENT_TYPES.find((type) => type.contentType === contentType);
}

/** The entry of a content type known to be on the list, typed as exactly that entry. */
export function documentType<C extends DocumentContentType>(
  contentType: C,
): Extract<DocumentType, { contentType: C }> {
  const type = findDocumentType(contentType);
  if (!type) throw new Error(`${contentType} is not a document type`);
  return type as Extract<DocumentType, { contentType: C }>;
}

/** Whether the whole content must be valid UTF-8 text, checked while it streams. */
export function isUtf8Document(type: DocumentType): boolean {
  return type.contentType === 'text/plain; charset=utf-8' || type.contentType === 'message/rfc822';
}
