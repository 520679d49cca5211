import type { ColumnType, Generated } from 'kysely';
import type { Sealed } from '../crypto/sealed.ts';
import type { Timestamp } from './schema.ts';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type DocumentKindColumn = 'pdf' | 'image' | 'office' | 'email' | 'text';

/** A document of a case (migration 0033): title and description sealed with the case key. */
export interface CaseDocumentsTable {
  id: string;
  tenant_id: string;
  case_id: string;
  seq: Generated<number>;
  title_sealed: Sealed;
  description_sealed: Nullable<Sealed>;
  managers_only: ColumnType<boolean, boolean | undefined, boolean>;
  current_version: ColumnType<number, number | undefined, number>;
  /** Blind-index entries of the title, for search. */
  search_index: ColumnType<string[], string[] | undefined, string[]>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One upload of a document, never changed; its content in the blob store, encrypted with the case key. */
export interface CaseDocumentVersionsTable {
  id: string;
  tenant_id: string;
  case_id: string;
  document_id: string;
  version: number;
  blob_id: string;
  byte_length: number;
  /** The upload as it came, kept only when a threat manager asked for it. */
  original_blob_id: Nullable<string>;
  original_byte_length: Nullable<number>;
  file_name_sealed: Sealed;
  content_type: string;
  kind: DocumentKindColumn;
  /** What cleaning removed, by kind: counts only. */
  cleaned: ColumnType<Record<string, number>, Record<string, number> | undefined, never>;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

/** The organisation's own limit on a document's size (null: the operator's). */
export interface DocumentSettingsTable {
  tenant_id: string;
  max_bytes: number | null;
  updated_at: Timestamp;
}

/** A file TMA handed out as a record, found again by its SHA-256 (migration 0034). */
export interface ExportsTable {
  id: string;
  tenant_id: string;
  kind: 'case_report' | 'deletion_certificate';
  case_id: string | null;
  case_reference: string | null;
  sha256: Uint8Array;
  byte_length: number;
  language: 'de' | 'en';
  names_included: boolean;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CaseDocumentTables {
  case_documents: CaseDocumentsTable;
  case_document_versions: CaseDocumentVersionsTable;
  document_settings: DocumentSettingsTable;
  exports: ExportsTable;
}
