import type { ColumnType, Generated } from 'kysely';
import type { Sealed } from '../crypto/sealed.ts';

export type EmailLocale = 'de' | 'en';
export type EmailStatus = 'queued' | 'sending' | 'sent' | 'failed';

/** Nullable timestamps: read as Date or null, written as Date, ISO string or null. */
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/**
 * One e-mail in the transactional outbox: a template's name and its params, rendered when sent. The address
 * and params are sealed (`recipient_sealed`, `params_sealed`) with the data key of `recipient_scope` /
 * `recipient_scope_id`: the report's for a notice or a reporter's mail, the tenant's mail key (scope `mail`)
 * for account mail. Rows of releases before migration 0019 may still hold them in clear (`recipient`,
 * `params`). Once sent, the address and params (both forms) are cleared and the times are kept to the day.
 */
export interface EmailOutboxTable {
  id: Generated<string>;
  tenant_id: string;
  /** In clear (rows of earlier releases only); null when sealed; '' once sent. */
  recipient: Nullable<string>;
  recipient_sealed: Nullable<Sealed>;
  /** The scope of the data key that seals the message (its address and params), and the scope's id. */
  recipient_scope: Nullable<string>;
  recipient_scope_id: Nullable<string>;
  locale: EmailLocale;
  template: string;
  /** In clear (rows of earlier releases only), else `{}`. Read parsed; written as JSON text. */
  params: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** The params' JSON, sealed; null once sent. */
  params_sealed: Nullable<Sealed>;
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
