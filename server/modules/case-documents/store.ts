import type { Insertable, Selectable } from 'kysely';
import { allColumns } from '../../db/columns.ts';
import { defineKeyset, type KeysetPosition, selectKeysetPage } from '../../db/keyset.ts';
import type { CaseDocumentsTable, CaseDocumentVersionsTable } from '../../db/schema-case-documents.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type DocumentRow = Selectable<CaseDocumentsTable>;
export type VersionRow = Selectable<CaseDocumentVersionsTable>;

/** A case's documents, newest first. */
export const DOCUMENT_ORDER = defineKeyset({
  name: 'documents',
  columns: [{ ref: 'case_documents.seq', type: 'integer' }],
  order: 'desc',
});

/** A page of the case's documents the transaction's user may read (row-level security: managers only). */
export async function selectDocumentPage(
  trx: TenantTransaction,
  caseId: string,
  page: { after: KeysetPosition | null; limit: number },
): Promise<{ rows: DocumentRow[]; next: KeysetPosition | null }> {
  const query = trx
    .selectFrom('case_documents')
    .select(allColumns('case_documents'))
    .where('case_documents.case_id', '=', caseId);
  return selectKeysetPage(query, DOCUMENT_ORDER, page);
}

/** Every version of the given documents, oldest first. */
export async function selectVersions(
  trx: TenantTransaction,
  caseId: string,
  documentIds: readonly string[],
): Promise<VersionRow[]> {
  if (documentIds.length === 0) return [];
  return trx
    .selectFrom('case_document_versions')
    .select(allColumns('case_document_versions'))
    .where('case_id', '=', caseId)
    .where('document_id', 'in', documentIds)
    .orderBy('document_id')
    .orderBy('version')
    .execute();
}

export async function findDocument(
  trx: TenantTransaction,
  caseId: string,
  documentId: string,
): Promise<DocumentRow | undefined> {
  return trx
    .selectFrom('case_documents')
    .select(allColumns('case_documents'))
    .where('case_id', '=', caseId)
    .where('id', '=', documentId)
    .executeTakeFirst();
}

/** The document row locked for a new version, so that two uploads at once get different numbers. */
export async function lockDocument(
  trx: TenantTransaction,
  caseId: string,
  documentId: string,
): Promise<DocumentRow | undefined> {
  return trx
    .selectFrom('case_documents')
    .select(allColumns('case_documents'))
    .where('case_id', '=', caseId)
    .where('id', '=', documentId)
    .forUpdate()
    .executeTakeFirst();
}

export async function findVersion(
  trx: TenantTransaction,
  documentId: string,
  version: number,
): Promise<VersionRow | undefined> {
  return trx
    .selectFrom('case_document_versions')
    .select(allColumns('case_document_versions'))
    .where('document_id', '=', documentId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function insertDocument(
  trx: TenantTransaction,
  row: Insertable<CaseDocumentsTable>,
): Promise<void> {
  await trx.insertInto('case_documents').values(row).execute();
}

export async function insertVersion(
  trx: TenantTransaction,
  row: Insertable<CaseDocumentVersionsTable>,
): Promise<void> {
  await trx.insertInto('case_document_versions').values(row).execute();
}

export async function setCurrentVersion(
  trx: TenantTransaction,
  documentId: string,
  version: number,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('case_documents')
    .set({ current_version: version, updated_at: now })
    .where('id', '=', documentId)
    .execute();
}

/**
 * Deletes every document of a case with its versions (the case is being deleted); answers the blob ids to
 * remove from the blob store once the transaction has committed.
 */
export async function deleteCaseDocuments(trx: TenantTransaction, caseId: string): Promise<string[]> {
  const versions = await trx
    .deleteFrom('case_document_versions')
    .where('case_id', '=', caseId)
    .returning(['blob_id', 'original_blob_id'])
    .execute();
  await trx.deleteFrom('case_documents').where('case_id', '=', caseId).execute();
  return versions.flatMap((version) =>
    version.original_blob_id ? [version.blob_id, version.original_blob_id] : [version.blob_id],
  );
}

/** The organisation's own document size limit, or null. */
export async function tenantDocumentLimit(trx: TenantTransaction): Promise<number | null> {
  const row = await trx.selectFrom('document_settings').select('max_bytes').executeTakeFirst();
  return row?.max_bytes === null || row?.max_bytes === undefined ? null : Number(row.max_bytes);
}

export async function setTenantDocumentLimit(
  trx: TenantTransaction,
  tenantId: string,
  maxBytes: number | null,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('document_settings')
    .values({ tenant_id: tenantId, max_bytes: maxBytes, updated_at: now })
    .onConflict((conflict) =>
      conflict.column('tenant_id').doUpdateSet({ max_bytes: maxBytes, updated_at: now }),
    )
    .execute();
}
