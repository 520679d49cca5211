import type { ColumnType, Generated } from 'kysely';
import type { Sealed } from '../crypto/sealed.ts';
import type { Timestamp } from './schema.ts';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Day = ColumnType<string | null, string | null | undefined, string | null>;

export type MeasureStatusColumn = 'planned' | 'in_progress' | 'done' | 'cancelled';
export type EffectivenessColumn = 'effective' | 'partly_effective' | 'not_effective' | 'too_early';
export type ExpertConsentColumn = 'invited' | 'accepted' | 'declined';

/** An organisation's measure type, or its version of one of TMA's (migration 0038). */
export interface MeasureTypesTable {
  tenant_id: string;
  key: string;
  built_in: boolean;
  definition: ColumnType<unknown, string, string>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A measure of a case's plan: description, outcome and notes sealed with the case key. */
export interface CaseMeasuresTable {
  id: string;
  tenant_id: string;
  case_id: string;
  seq: Generated<number>;
  type_key: string;
  description_sealed: Sealed;
  owner_id: Nullable<string>;
  due_on: Day;
  status: ColumnType<MeasureStatusColumn, MeasureStatusColumn | undefined, MeasureStatusColumn>;
  outcome_sealed: Nullable<Sealed>;
  notes_sealed: Nullable<Sealed>;
  effectiveness: Nullable<EffectivenessColumn>;
  assessment_id: Nullable<string>;
  scenario_indexes: ColumnType<number[], number[] | undefined, number[]>;
  created_by: Nullable<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: Nullable<Date>;
  completed_at: Nullable<Date>;
  completed_by: Nullable<string>;
  /** The day the overdue job escalated it (null: not yet, or its due day moved since). */
  escalated_on: Day;
}

/** An expert a measure involves: invited until they accept (and join the case's team) or decline. */
export interface CaseMeasureExpertsTable {
  tenant_id: string;
  measure_id: string;
  case_id: string;
  user_id: string;
  status: ExpertConsentColumn;
  invited_by: Nullable<string>;
  invited_at: Timestamp;
  responded_at: Nullable<Date>;
}

export interface MeasureTables {
  measure_types: MeasureTypesTable;
  case_measures: CaseMeasuresTable;
  case_measure_experts: CaseMeasureExpertsTable;
}
