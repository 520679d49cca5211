import type { ColumnType, Generated } from 'kysely';

export type EmailLocale = 'de' | 'en';
export type EmailStatus = 'queued' | 'sending' | 'sent' | 'failed';

/** Nullable timestamps: read as Date or null, written as Date, ISO string or null. */
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/**
 * One e-mail in the transactional outbox: a template's name and its params, rendered when sent. Once
 * sent, recipient and params are cleared and the times are kept to the day.
 */
export interface EmailOutboxTable {
  id: Generated<string>;
  tenant_id: string;
  recipient: string;
  locale: EmailLocale;
  template: string;
  /** Read parsed; written as the JSON text of an object of strings. */
  params: ColumnType<Record<string, unknown>, string | undefined, string>;
  status: ColumnType<EmailStatus, EmailStatus | undefined, EmailStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  /** Queued: when the next attempt is due. Sending: when the dispatcher's claim runs out. */
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  sent_at: NullableTimestamp;
}

/** Tables of this area. */
export interface MailTables {
  email_outbox: EmailOutboxTable;
}
