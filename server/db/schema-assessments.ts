import type { ColumnType, Generated } from 'kysely';
import type { Sealed } from '../crypto/sealed.ts';
import type { Timestamp } from './schema.ts';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type ModelStatusColumn = 'draft' | 'active' | 'retired';
export type AssessmentStatusColumn = 'draft' | 'awaiting_sign_off' | 'final';

/** A version of an assessment model in the organisation's registry (migration 0036); frozen once published. */
export interface AssessmentModelsTable {
  tenant_id: string;
  model_id: string;
  version: string;
  status: ModelStatusColumn;
  /** Where the version came from: shipped with TMA, or the organisation's own (imported or edited). */
  origin: 'tma' | 'organisation';
  definition: ColumnType<unknown, string, string>;
  content_hash: string | null;
  export_allowed: boolean;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_by: Nullable<string>;
  published_at: Nullable<Date>;
  retired_at: Nullable<Date>;
}

/** Who assesses besides threat managers, when re-assessment is due, which levels need a second person. */
export interface AssessmentSettingsTable {
  tenant_id: string;
  expert_specialties: ColumnType<string[], string[] | undefined, string[]>;
  review_days: ColumnType<Record<string, number>, string | undefined, string>;
  sign_off_levels: ColumnType<string[], string[] | undefined, string[]>;
  external_instruments: ColumnType<unknown, string | undefined, string>;
  updated_at: Timestamp;
}

/** An assessment of a case, pinned to its model version; answers, trace and judgement sealed with the case key. */
export interface AssessmentsTable {
  id: string;
  tenant_id: string;
  case_id: string;
  seq: Generated<number>;
  kind: 'model' | 'external';
  model_id: string | null;
  model_version: string | null;
  content_hash: string | null;
  status: AssessmentStatusColumn;
  answers_sealed: Nullable<Sealed>;
  computed_sealed: Nullable<Sealed>;
  suggested_level: Nullable<number>;
  final_level: Nullable<number>;
  judgement_sealed: Nullable<Sealed>;
  agrees_with_suggestion: Nullable<boolean>;
  next_review_on: Nullable<string>;
  supersedes_id: Nullable<string>;
  started_by: string | null;
  started_at: Timestamp;
  updated_at: Timestamp;
  decided_by: Nullable<string>;
  decided_at: Nullable<Date>;
  signed_off_by: Nullable<string>;
  signed_off_at: Nullable<Date>;
  /** The day the re-assessment reminder last claimed this (latest final) assessment. */
  review_reminded_on: Nullable<string>;
}

export interface AssessmentTables {
  assessment_models: AssessmentModelsTable;
  assessment_settings: AssessmentSettingsTable;
  assessments: AssessmentsTable;
}
