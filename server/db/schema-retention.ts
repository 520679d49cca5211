import type { ColumnType, Generated } from 'kysely';
import type { Sealed } from '../crypto/sealed.ts';
import type { Timestamp } from './schema.ts';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Day = ColumnType<string, string, string>;
type Count = ColumnType<number, number | undefined, number>;

/** Why a closed case was closed (server/modules/retention/outcomes.ts); the retention policy keys on it. */
export type ClosingOutcomeColumn = 'resolved' | 'no_threat' | 'unfounded' | 'referred' | 'other';

/** A tenant's retention policy, one JSON document (server/modules/retention/policy-document.ts). */
export interface RetentionPoliciesTable {
  tenant_id: string;
  policy: ColumnType<unknown, string, string>;
  updated_by: Nullable<string>;
  updated_at: Timestamp;
}

/** A case under legal hold: exempt from retention and from deletion until the hold is lifted. */
export interface CaseLegalHoldsTable {
  tenant_id: string;
  case_id: string;
  /** Sealed with the case's key. */
  reason_sealed: Sealed;
  set_by: string | null;
  set_at: Date;
}

/** What an anonymised case or dismissed report leaves: no id, no name, months rather than days. */
export interface RetentionStatisticsTable {
  id: Generated<string>;
  tenant_id: string;
  object_type: 'case' | 'report';
  unit_id: string;
  category: string | null;
  level: number | null;
  outcome: string | null;
  opened_month: Day;
  closed_month: Day;
  report_count: Count;
  person_count: Count;
  document_count: Count;
  measure_count: Count;
  recorded_month: Day;
}

/** The owner was warned that this closing of the case is about to expire (once per case and closing). */
export interface RetentionWarningsTable {
  tenant_id: string;
  case_id: string;
  closed_at: Date;
  warned_at: Date;
}

/** One daily run of the retention job for a tenant, claimed by one instance. */
export interface RetentionRunsTable {
  tenant_id: string;
  run_on: Day;
  started_at: Date;
  finished_at: Nullable<Date>;
  deleted: Count;
  anonymised: Count;
  warned: Count;
  held: Count;
  failed: Count;
}

export interface RetentionTables {
  retention_policies: RetentionPoliciesTable;
  case_legal_holds: CaseLegalHoldsTable;
  retention_statistics: RetentionStatisticsTable;
  retention_warnings: RetentionWarningsTable;
  retention_runs: RetentionRunsTable;
}
