import type { ColumnType, Generated } from 'kysely';
import type { Sealed } from '../crypto/sealed.ts';
import type { Timestamp } from './schema.ts';
import type { DeletionReasonColumn } from './schema-reports.ts';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** A deletion waiting for a second admin (four eyes), or what became of it. */
export interface DeletionRequestsTable {
  id: Generated<string>;
  tenant_id: string;
  object_type: 'case' | 'report';
  object_id: string;
  reason: DeletionReasonColumn;
  /** Sealed with the request's own data key (scope `deletion_request`). */
  note_sealed: Nullable<Sealed>;
  status: ColumnType<'pending' | 'approved' | 'withdrawn', 'pending' | undefined, 'approved' | 'withdrawn'>;
  requested_by: string;
  requested_at: Timestamp;
  decided_by: Nullable<string>;
  decided_at: Nullable<Date>;
}

export interface DeletionSettingsTable {
  tenant_id: string;
  requires_approval: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
}

/** Blobs of shredded reports still to be removed from the blob store. */
export interface BlobDeletionsTable {
  tenant_id: string;
  blob_id: string;
}

export interface DeletionTables {
  deletion_requests: DeletionRequestsTable;
  deletion_settings: DeletionSettingsTable;
  blob_deletions: BlobDeletionsTable;
}
