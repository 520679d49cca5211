import type { FileContext } from '../../crypto/file-encryption.ts';

// Where each sealed value of a document lives (associated data of its ciphertext), and the context of its
// encrypted content: a ciphertext moved to another row, column, document or version does not open.

export const documentField = (id: string, column: 'title_sealed' | 'description_sealed') => ({
  table: 'case_documents',
  column,
  rowId: id,
});

export const fileNameField = (versionId: string) => ({
  table: 'case_document_versions',
  column: 'file_name_sealed',
  rowId: versionId,
});

/** The stored content of a version: the cleaned file, or the original a threat manager kept. */
export type DocumentVariant = 'content' | 'original';

/** A version's content is bound to the case and to the version's row id, which no other blob shares. */
export function documentFileContext(
  at: { tenantId: string; caseId: string; versionId: string },
  variant: DocumentVariant,
): FileContext {
  return {
    tenantId: at.tenantId,
    scope: 'case',
    scopeId: at.caseId,
    documentId: variant === 'original' ? `${at.versionId}/original` : at.versionId,
    version: 1,
  };
}
