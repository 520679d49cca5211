import type { UnreadableFields } from '../../crypto/integrity.ts';
import type { ScopeCipher } from '../../crypto/keyring.ts';
import { documentField, fileNameField } from './fields.ts';
import type { CaseDocument, CaseDocumentVersion } from './schemas.ts';
import type { DocumentRow, VersionRow } from './store.ts';

// Rows as the API shows them, opened with the case's key. A value that fails verification becomes null
// and is reported through `unreadable` (audited and alerted by the caller).

const PREVIEWABLE_KINDS = new Set(['pdf', 'image']);

export function toDocumentVersion(
  cipher: ScopeCipher,
  row: VersionRow,
  names: ReadonlyMap<string, string>,
  unreadable: UnreadableFields,
): CaseDocumentVersion {
  return {
    id: row.id,
    version: row.version,
    fileName: unreadable.open(
      `documents.${row.document_id}.versions.${row.version}.fileName`,
      () => cipher.openText(row.file_name_sealed, fileNameField(row.id)),
      null,
    ),
    contentType: row.content_type,
    kind: row.kind,
    byteLength: Number(row.byte_length),
    cleaned: row.cleaned,
    original: row.original_byte_length === null ? null : { byteLength: Number(row.original_byte_length) },
    previewable: PREVIEWABLE_KINDS.has(row.kind),
    uploadedBy: row.uploaded_by ? { id: row.uploaded_by, name: names.get(row.uploaded_by) ?? '' } : null,
    uploadedAt: row.uploaded_at.toISOString(),
  };
}

export function toCaseDocument(
  cipher: ScopeCipher,
  row: DocumentRow,
  versions: readonly VersionRow[],
  names: ReadonlyMap<string, string>,
  unreadable: UnreadableFields,
): CaseDocument {
  const description = row.description_sealed;
  return {
    id: row.id,
    caseId: row.case_id,
    title: unreadable.open(
      `documents.${row.id}.title`,
      () => cipher.openText(row.title_sealed, documentField(row.id, 'title_sealed')),
      null,
    ),
    description: description
      ? unreadable.open(
          `documents.${row.id}.description`,
          () => cipher.openText(description, documentField(row.id, 'description_sealed')),
          null,
        )
      : null,
    managersOnly: row.managers_only,
    currentVersion: row.current_version,
    versions: versions
      .filter((version) => version.document_id === row.id)
      .map((version) => toDocumentVersion(cipher, version, names, unreadable)),
    createdBy: row.created_by ? { id: row.created_by, name: names.get(row.created_by) ?? '' } : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The users a page of documents names (creators and uploaders). */
export function namedUsers(rows: readonly DocumentRow[], versions: readonly VersionRow[]): string[] {
  return [
    ...rows.flatMap((row) => (row.created_by ? [row.created_by] : [])),
    ...versions.flatMap((version) => (version.uploaded_by ? [version.uploaded_by] : [])),
  ];
}
