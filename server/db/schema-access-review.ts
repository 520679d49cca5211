import type { ColumnType } from 'kysely';
import type { Timestamp } from './schema.ts';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** A tenant's access-review settings (migration 0046); no row: the defaults. */
export interface AccessReviewSettingsTable {
  tenant_id: string;
  inactive_after_days: ColumnType<number, number | undefined, number>;
  review_every_days: ColumnType<number, number | undefined, number>;
  updated_by: Nullable<string>;
  updated_at: Timestamp;
}

/** A review of who can see which cases, over a period; at most one open per tenant. */
export interface AccessReviewsTable {
  id: string;
  tenant_id: string;
  /** Dates (YYYY-MM-DD). */
  period_start: ColumnType<string, string, string>;
  period_end: ColumnType<string, string, string>;
  started_by: string;
  started_at: Timestamp;
  completed_by: Nullable<string>;
  completed_at: Nullable<Date>;
}

export type AccessRevocation = 'team_membership' | 'unit' | 'account';

/** What an admin decided about a user's access: append-only, ids and codes only. */
export interface AccessReviewDecisionsTable {
  id: string;
  tenant_id: string;
  review_id: string | null;
  user_id: string;
  decision: 'confirmed' | 'revoked';
  revoked: AccessRevocation | null;
  case_id: string | null;
  unit_id: string | null;
  decided_by: string;
  decided_at: Timestamp;
}

/** The admins were reminded that a review is due (migration 0047): once per tenant and cycle. */
export interface AccessReviewRemindersTable {
  tenant_id: string;
  /** The review completed last when the reminder went out; null: none had been completed. */
  after_review: string | null;
  due_on: ColumnType<string, string, string>;
  reminded_at: Date;
  recipients: number;
}

export interface AccessReviewTables {
  access_review_reminders: AccessReviewRemindersTable;
  access_review_settings: AccessReviewSettingsTable;
  access_reviews: AccessReviewsTable;
  access_review_decisions: AccessReviewDecisionsTable;
}
