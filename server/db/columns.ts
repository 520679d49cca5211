import type { DB } from './schema.ts';

// Every column of a table, listed, for the statements that read whole rows. A store writes
// `.select(allColumns('cases'))` where it would write `.selectAll('cases')`: a statement that lists its
// columns runs as a prepared statement (prepared-statements.ts) and keeps working when a rolling deploy's
// migration adds a column, which a prepared `SELECT *` does not. The lists are checked against the schema
// types: leaving a column out, or naming one that does not exist, fails the type check.

type ColumnOf<T extends keyof DB> = keyof DB[T] & string;
type Missing<T extends keyof DB, Listed extends readonly string[]> = Exclude<ColumnOf<T>, Listed[number]>;

function every<T extends keyof DB>() {
  return <const Listed extends readonly ColumnOf<T>[]>(
    columns: Listed &
      ([Missing<T, Listed>] extends [never] ? unknown : { missingColumns: Missing<T, Listed> }),
  ): Listed => columns;
}

const COLUMNS = {
  tenants: every<'tenants'>()(['id', 'slug', 'name', 'status', 'created_at']),
  org_units: every<'org_units'>()(['id', 'tenant_id', 'slug', 'name', 'parent_id', 'created_at']),
  users: every<'users'>()([
    'id',
    'tenant_id',
    'email',
    'display_name',
    'password_hash',
    'status',
    'role',
    'specialty',
    'tenant_wide',
    'created_at',
    'updated_at',
  ]),
  cases: every<'cases'>()([
    'id',
    'tenant_id',
    'unit_id',
    'reference',
    'title_sealed',
    'status',
    'owner_id',
    'created_by',
    'created_at',
    'updated_at',
    'deleted_at',
    'deleted_by',
    'deletion_approved_by',
    'deletion_reason',
  ]),
  reports: every<'reports'>()([
    'id',
    'tenant_id',
    'unit_id',
    'reference',
    'number',
    'channel',
    'anonymous',
    'received_on',
    'recorded_by',
    'form_id',
    'form_version',
    'answers_sealed',
    'reporter_sealed',
    'language',
    'danger_indicated',
    'status',
    'acknowledged_at',
    'feedback_given_at',
    'closed_reason',
    'closed_note_sealed',
    'case_id',
    'receipt_hash',
    'receipt_index',
    'awaiting_reply',
    'message_count',
    'deleted_at',
    'deleted_by',
    'deletion_approved_by',
    'deletion_reason',
  ]),
  report_messages: every<'report_messages'>()([
    'id',
    'tenant_id',
    'report_id',
    'seq',
    'author_type',
    'author_id',
    'kind',
    'body_sealed',
    'sent_on',
    'sent_at',
  ]),
  report_attachments: every<'report_attachments'>()([
    'id',
    'tenant_id',
    'report_id',
    'message_id',
    'blob_id',
    'file_name_sealed',
    'content_type',
    'byte_length',
    'added_on',
  ]),
  report_settings: every<'report_settings'>()([
    'tenant_id',
    'receipt_salt',
    'emergency_notice',
    'acknowledge_days',
    'feedback_months',
    'updated_at',
  ]),
  report_forms: every<'report_forms'>()([
    'id',
    'tenant_id',
    'form_id',
    'version',
    'definition',
    'published_at',
    'published_by',
  ]),
} as const;

type Listed = typeof COLUMNS;

/** Every column of `table`, qualified with its name (`cases.id`, …): what `selectAll(table)` selects. */
export function allColumns<T extends keyof Listed>(table: T): `${T}.${Listed[T][number]}`[] {
  return COLUMNS[table].map((column) => `${table}.${column}`) as `${T}.${Listed[T][number]}`[];
}
