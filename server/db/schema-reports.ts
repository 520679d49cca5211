import type { ColumnType, Generated } from 'kysely';
import type { Sealed } from '../crypto/sealed.ts';
import type { Timestamp } from './schema.ts';
import type { ClosingOutcomeColumn } from './schema-retention.ts';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
/** A calendar day: read and written as 'YYYY-MM-DD'. */
export type Day = ColumnType<string, string, string>;

export interface ReportSettingsTable {
  tenant_id: string;
  receipt_salt: Buffer;
  /** `{ en, de }` or null. */
  emergency_notice: Nullable<unknown>;
  acknowledge_days: ColumnType<number, number | undefined, number>;
  feedback_months: ColumnType<number, number | undefined, number>;
  /** Hours to acknowledge a report that indicates immediate danger (migration 0039). */
  danger_acknowledge_hours: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface ReportFormsTable {
  id: Generated<string>;
  tenant_id: string;
  form_id: string;
  version: string;
  definition: unknown;
  published_at: Timestamp;
  published_by: string | null;
}

export interface TenantCountersTable {
  tenant_id: string;
  name: 'report' | 'case';
  year: number;
  value: number;
}

/** Why a case or report was deleted (server/modules/deletion). */
export type DeletionReasonColumn =
  | 'retention_expired'
  | 'unfounded'
  | 'data_subject_request'
  | 'duplicate'
  | 'legal_order'
  | 'other';

export type CaseStatusColumn = 'intake' | 'assessment' | 'management' | 'monitoring' | 'closed';

export interface CasesTable {
  id: Generated<string>;
  tenant_id: string;
  unit_id: string;
  reference: string;
  /** Null only on a tombstone (a deleted case). */
  title_sealed: Sealed | null;
  status: ColumnType<CaseStatusColumn, CaseStatusColumn | undefined, CaseStatusColumn>;
  owner_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Set when the case was deleted: the row stays as a tombstone without content. */
  deleted_at: Nullable<Date>;
  deleted_by: Nullable<string>;
  deletion_approved_by: Nullable<string>;
  deletion_reason: Nullable<DeletionReasonColumn>;
  /** The summary, sealed with the case's key. */
  summary_sealed: Nullable<Sealed>;
  /** A category key (server/modules/cases/categories.ts). */
  category: Nullable<string>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  /** The current criticality level, L1–L4 (set by assessments). */
  level: Nullable<number>;
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
  closed_at: Nullable<Date>;
  /** Why the closed case was closed (migration 0041); null while open. */
  closing_outcome: Nullable<ClosingOutcomeColumn>;
  /** Persons numbered so far ("Person A" is 1): pseudonyms are never reused. */
  persons_numbered: ColumnType<number, number | undefined, number>;
  /** Blind-index entries of title and summary, for search. */
  search_index: ColumnType<string[], string[] | undefined, string[]>;
  /** Specialties of experts the case's template suggests inviting (migration 0035). */
  suggested_specialties: ColumnType<string[], string[] | undefined, string[]>;
}

export interface CaseMembersTable {
  tenant_id: string;
  case_id: string;
  user_id: string;
  role: 'owner' | 'member';
  added_at: Timestamp;
  /** A time-limited membership ends by itself here (tma_team_cases). */
  expires_at: Nullable<Date>;
  added_by: Nullable<string>;
}

export type ReportStatusColumn = 'new' | 'acknowledged' | 'case_opened' | 'attached' | 'closed';

export interface ReportsTable {
  id: string;
  tenant_id: string;
  unit_id: string;
  reference: string;
  number: number;
  channel: 'portal' | 'phone' | 'in_person' | 'letter' | 'email';
  anonymous: boolean;
  received_on: Day;
  recorded_by: string | null;
  form_id: string;
  form_version: string;
  /** Null only on a tombstone (a deleted report). */
  answers_sealed: Sealed | null;
  reporter_sealed: Sealed | null;
  language: 'de' | 'en';
  danger_indicated: boolean;
  status: ColumnType<ReportStatusColumn, ReportStatusColumn | undefined, ReportStatusColumn>;
  acknowledged_at: Nullable<Date>;
  feedback_given_at: Nullable<Date>;
  closed_reason: Nullable<'not_relevant' | 'handed_to_other_body'>;
  closed_note_sealed: Nullable<Sealed>;
  case_id: Nullable<string>;
  /** The day the report was closed (set by a trigger, migration 0041); null unless closed. */
  closed_on: ColumnType<string | null, never, never>;
  /** argon2id of a 16-digit receipt issued before migration 0025 (server/modules/reports/receipts.ts). */
  receipt_hash: Buffer | null;
  /** HMAC-SHA-256 of the receipt under the tenant's `portal.receipt_index` key: how a receipt finds its report. */
  receipt_index: Nullable<Buffer>;
  awaiting_reply: ColumnType<boolean, boolean | undefined, boolean>;
  message_count: ColumnType<number, number | undefined, number>;
  /** Set when the report was deleted: the row stays as a tombstone without content. */
  deleted_at: Nullable<Date>;
  deleted_by: Nullable<string>;
  deletion_approved_by: Nullable<string>;
  deletion_reason: Nullable<DeletionReasonColumn>;
  /** A danger report's acknowledgement deadline; cleared when it is acknowledged (migration 0039). */
  danger_due_at: Nullable<Date>;
  /** When the on-duty people were last alerted of the unacknowledged danger report. */
  danger_alerted_at: Nullable<Date>;
  /** The day the danger report was escalated to every threat manager, nobody having acknowledged it. */
  danger_escalated_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ReportMessagesTable {
  id: string;
  tenant_id: string;
  report_id: string;
  seq: number;
  author_type: 'team' | 'reporter';
  author_id: string | null;
  kind: 'message' | 'acknowledgement' | 'feedback';
  body_sealed: Sealed;
  sent_on: Day;
  sent_at: Date | null;
}

export interface ReportAttachmentsTable {
  id: string;
  tenant_id: string;
  report_id: string;
  message_id: string | null;
  blob_id: string;
  file_name_sealed: Sealed;
  content_type: string;
  byte_length: number;
  added_on: Day;
}

export interface NotificationsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  kind:
    | 'report.received'
    | 'report.danger'
    | 'report.reporter_message'
    | 'report.danger_alert'
    | 'report.danger_escalated'
    | 'case.team_added'
    | 'case.team_removed'
    | 'case.team_expired'
    | 'case.mentioned'
    | 'case.task_assigned'
    | 'case.task_due'
    | 'case.assessment_due'
    | 'case.measure_assigned'
    | 'case.measure_invited'
    | 'case.measure_answered'
    | 'case.measure_overdue'
    | 'case.retention_due';
  report_id: string | null;
  case_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_on: Day;
  seq: Generated<number>;
  read_at: Nullable<Date>;
}

/** Threat managers on duty for a unit: they are told of its new reports. */
export interface UnitOnDutyTable {
  tenant_id: string;
  unit_id: string;
  user_id: string;
}

export interface ReportTables {
  report_settings: ReportSettingsTable;
  report_forms: ReportFormsTable;
  tenant_counters: TenantCountersTable;
  cases: CasesTable;
  case_members: CaseMembersTable;
  reports: ReportsTable;
  report_messages: ReportMessagesTable;
  report_attachments: ReportAttachmentsTable;
  notifications: NotificationsTable;
  unit_on_duty: UnitOnDutyTable;
}
