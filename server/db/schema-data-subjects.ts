import type { ColumnType } from 'kysely';
import type { Sealed } from '../crypto/sealed.ts';
import type { Timestamp } from './schema.ts';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type DataSubjectRequestStatus = 'received' | 'exported' | 'released';

/** A data subject's access request (migration 0045): who it is about sealed with the request's own key. */
export interface DataSubjectRequestsTable {
  id: string;
  tenant_id: string;
  status: ColumnType<
    DataSubjectRequestStatus,
    DataSubjectRequestStatus | undefined,
    DataSubjectRequestStatus
  >;
  /** `{ name, email?, note? }` as JSON, sealed under scope `data_subject_request`. */
  subject_sealed: Sealed;
  received_on: ColumnType<string, string, string>;
  due_on: ColumnType<string, string, string>;
  confirmed_person_ids: ColumnType<string[], string[] | undefined, string[]>;
  confirmed_report_ids: ColumnType<string[], string[] | undefined, string[]>;
  created_by: string | null;
  created_at: Timestamp;
  exported_at: Nullable<Date>;
  exported_by: Nullable<string>;
  released_at: Nullable<Date>;
  released_by: Nullable<string>;
}

/** A case person whose processing is restricted (GDPR Art. 18): edits refused, data and reads kept. */
export interface ProcessingRestrictionsTable {
  tenant_id: string;
  person_id: string;
  case_id: string;
  /** Sealed with the case key, bound to `processing_restrictions.reason_sealed` and the person id. */
  reason_sealed: Sealed;
  restricted_by: string | null;
  restricted_at: Timestamp;
}

export interface DataSubjectTables {
  data_subject_requests: DataSubjectRequestsTable;
  processing_restrictions: ProcessingRestrictionsTable;
}
