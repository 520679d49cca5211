import type { ColumnType, Generated } from 'kysely';
import type { Sealed } from '../crypto/sealed.ts';
import type { Timestamp } from './schema.ts';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type JournalKindColumn =
  | 'case_opened'
  | 'status_changed'
  | 'details_changed'
  | 'owner_changed'
  | 'note'
  | 'call'
  | 'meeting'
  | 'team_member_added'
  | 'team_member_removed'
  | 'team_member_expired'
  | 'report_linked'
  | 'correction'
  | 'person_added'
  | 'person_changed'
  | 'person_removed'
  | 'task_created'
  | 'task_done'
  | 'document_added'
  | 'document_version_added'
  | 'assessment_started'
  | 'assessment_finalised'
  | 'measure_planned'
  | 'measure_started'
  | 'measure_done'
  | 'measure_cancelled'
  | 'measure_reopened'
  | 'measure_overdue'
  | 'measure_expert_answered'
  | 'legal_hold_set'
  | 'legal_hold_lifted'
  | 'processing_restricted'
  | 'processing_restriction_lifted';

/** The case journal (migration 0029): never updated; text sealed with the case key, `facts` ids and codes only. */
export interface CaseJournalTable {
  id: string;
  tenant_id: string;
  case_id: string;
  seq: Generated<number>;
  kind: JournalKindColumn;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
  author_id: string | null;
  managers_only: ColumnType<boolean, boolean | undefined, never>;
  corrects_id: string | null;
  body_sealed: Nullable<Sealed>;
  participants_sealed: Nullable<Sealed>;
  facts: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, never>;
  /** Blind-index entries of the text, for search. */
  search_index: ColumnType<string[], string[] | undefined, never>;
}

export type PersonRoleColumn = 'person_of_concern' | 'affected_person' | 'witness' | 'reporter' | 'other';

/** A person of a case: name and details sealed with the case key, pseudonymised in lists ("Person A"). */
export interface CasePersonsTable {
  id: string;
  tenant_id: string;
  case_id: string;
  role: PersonRoleColumn;
  pseudonym_number: number;
  name_sealed: Sealed;
  details_sealed: Nullable<Sealed>;
  /** Blind-index entries of the normalised name. */
  name_index: string[];
  /** Shared by the rows linked as the same real person. */
  identity_id: string;
  from_report_id: Nullable<string>;
  created_by: Nullable<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CaseCommentsTable {
  id: string;
  tenant_id: string;
  case_id: string;
  seq: Generated<number>;
  author_id: string;
  body_sealed: Sealed;
  mentions: ColumnType<string[], string[] | undefined, never>;
  managers_only: ColumnType<boolean, boolean | undefined, never>;
  search_index: ColumnType<string[], string[] | undefined, never>;
  created_at: Timestamp;
}

export interface CaseTasksTable {
  id: string;
  tenant_id: string;
  case_id: string;
  title_sealed: Sealed;
  assignee_id: Nullable<string>;
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
  status: ColumnType<'open' | 'done', 'open' | 'done' | undefined, 'open' | 'done'>;
  managers_only: ColumnType<boolean, boolean | undefined, never>;
  created_by: Nullable<string>;
  created_at: Timestamp;
  done_at: Nullable<Date>;
  done_by: Nullable<string>;
  /** The day the reminder job last reminded the assignee. */
  reminded_on: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * One blind-index entry of a searchable text (migration 0030): kept in step with the source's entries
 * column by triggers, never written by the app.
 */
export interface CaseSearchTermsTable {
  tenant_id: string;
  case_id: string;
  source: 'case' | 'person' | 'journal' | 'comment' | 'document';
  source_id: string;
  term: string;
  managers_only: boolean;
}

/** An organisation's case template, or its version of one of TMA's (migration 0035). */
export interface CaseTemplatesTable {
  tenant_id: string;
  key: string;
  built_in: boolean;
  definition: ColumnType<unknown, string, string>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** An organisation's own case category, or a built-in one it switched off (migration 0031). */
export interface CaseCategoriesTable {
  tenant_id: string;
  id: Generated<string>;
  key: string;
  built_in: boolean;
  /** Null for built-in categories, which the app names. */
  name_de: string | null;
  name_en: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CaseFileTables {
  case_categories: CaseCategoriesTable;
  case_templates: CaseTemplatesTable;
  case_journal: CaseJournalTable;
  case_persons: CasePersonsTable;
  case_comments: CaseCommentsTable;
  case_tasks: CaseTasksTable;
  case_search_terms: CaseSearchTermsTable;
}
