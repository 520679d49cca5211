import type { ColumnType } from 'kysely';
import type { Timestamp } from './schema.ts';

export type DocumentBlobStatus = 'writing' | 'complete' | 'deleting';

/** A stored ciphertext stream; readable only when `complete`. */
export interface DocumentBlobsTable {
  tenant_id: string;
  id: string;
  status: ColumnType<DocumentBlobStatus, DocumentBlobStatus | undefined, DocumentBlobStatus>;
  bytes: ColumnType<number, number | undefined, number>;
  chunk_count: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  completed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** One piece of a blob, in order of `seq` (0, 1, 2, …). */
export interface DocumentBlobChunksTable {
  tenant_id: string;
  blob_id: string;
  seq: number;
  data: Uint8Array;
}

export interface DocumentBlobTables {
  document_blobs: DocumentBlobsTable;
  document_blob_chunks: DocumentBlobChunksTable;
}
