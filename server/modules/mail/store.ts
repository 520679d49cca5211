import { type Selectable, sql } from 'kysely';
import type { Sealed } from '../../crypto/sealed.ts';
import type { EmailLocale, EmailOutboxTable } from '../../db/schema-mail.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

// SQL of the outbox. Every function runs in the tenant's transaction; row-level security scopes it.

const after = (ms: number) => sql<Date>`now() + make_interval(secs => ${ms / 1000}::double precision)`;
const today = sql<Date>`date_trunc('day', now())`;

/** A new message: its address and params' JSON sealed with one scope's data key (the row id is their row). */
export interface SealedEmail {
  id: string;
  scope: string;
  scopeId: string;
  recipient: Sealed;
  params: Sealed;
  locale: EmailLocale;
  template: string;
}

/** Inserts a message for the transaction's tenant (the one withTenant() set); `params` stays `{}`. */
export async function insertEmail(trx: TenantTransaction, row: SealedEmail): Promise<{ id: string }> {
  return trx
    .insertInto('email_outbox')
    .values({
      id: row.id,
      tenant_id: sql<string>`nullif(current_setting('app.tenant_id', true), '')::uuid`,
      recipient: null,
      recipient_sealed: row.recipient,
      recipient_scope: row.scope,
      recipient_scope_id: row.scopeId,
      locale: row.locale,
      template: row.template,
      params_sealed: row.params,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/**
 * A queued message as stored: address and params sealed with the data key of `recipient_scope`, or (rows of
 * releases before migration 0019) in clear.
 */
export type QueuedEmail = Pick<
  Selectable<EmailOutboxTable>,
  | 'id'
  | 'recipient'
  | 'recipient_sealed'
  | 'recipient_scope'
  | 'recipient_scope_id'
  | 'params'
  | 'params_sealed'
>;

/** A message a dispatcher has claimed: its attempt number is `attempts`. */
export interface ClaimedEmail extends QueuedEmail {
  locale: EmailLocale;
  template: string;
  attempts: number;
}

/**
 * Claims up to `limit` due messages: queued ones whose time has come, and ones still `sending` whose
 * claim ran out (their dispatcher stopped mid-way). Rows another transaction holds are skipped, so
 * dispatchers on several instances never claim the same message. The claim counts as an attempt and
 * lasts `leaseMs`; only templates this release knows are claimed (a newer one's stay for a newer
 * instance).
 */
export function claimDueEmails(
  trx: TenantTransaction,
  options: { limit: number; leaseMs: number; maxAttempts: number; templates: readonly string[] },
): Promise<ClaimedEmail[]> {
  return trx
    .updateTable('email_outbox')
    .set({ status: 'sending', attempts: sql`attempts + 1`, next_attempt_at: after(options.leaseMs) })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('email_outbox')
        .select('id')
        .where('status', 'in', ['queued', 'sending'])
        .where('next_attempt_at', '<=', sql<Date>`now()`)
        .where('attempts', '<', options.maxAttempts)
        .where('template', 'in', [...options.templates])
        .orderBy('next_attempt_at')
        .limit(options.limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning([
      'id',
      'recipient',
      'recipient_sealed',
      'recipient_scope',
      'recipient_scope_id',
      'locale',
      'template',
      'params',
      'params_sealed',
      'attempts',
    ])
    .execute();
}

/** Marks failed the messages whose final attempt's claim ran out without a result; returns their ids. */
export async function failExhaustedEmails(trx: TenantTransaction, maxAttempts: number): Promise<string[]> {
  const rows = await trx
    .updateTable('email_outbox')
    .set({
      status: 'failed',
      last_error: 'no result from the final attempt (its instance stopped)',
      next_attempt_at: today,
    })
    .where('status', 'in', ['queued', 'sending'])
    .where('next_attempt_at', '<=', sql<Date>`now()`)
    .where('attempts', '>=', maxAttempts)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Records delivery. The address (in clear or sealed) and params are no longer needed and are cleared; the
 * times are kept to the day. Whatever state the row is in, the server accepted the message, so it is `sent`.
 */
export async function markEmailSent(trx: TenantTransaction, id: string): Promise<void> {
  await trx
    .updateTable('email_outbox')
    .set({
      status: 'sent',
      sent_at: today,
      next_attempt_at: today,
      recipient: '',
      recipient_sealed: null,
      recipient_scope: null,
      recipient_scope_id: null,
      params: '{}',
      params_sealed: null,
      last_error: null,
    })
    .where('id', '=', id)
    .where('status', '<>', 'sent')
    .execute();
}

// The next three change a row only while the claim that made `attempts` is still the current one.

/** Puts a message back in the queue for another attempt after `delayMs`. */
export async function scheduleEmailRetry(
  trx: TenantTransaction,
  claim: { id: string; attempts: number },
  delayMs: number,
  error: string,
): Promise<void> {
  await trx
    .updateTable('email_outbox')
    .set({ status: 'queued', next_attempt_at: after(delayMs), last_error: error })
    .where('id', '=', claim.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', claim.attempts)
    .execute();
}

/** Gives up on a message. */
export async function markEmailFailed(
  trx: TenantTransaction,
  claim: { id: string; attempts: number },
  error: string,
): Promise<void> {
  await trx
    .updateTable('email_outbox')
    .set({ status: 'failed', next_attempt_at: today, last_error: error })
    .where('id', '=', claim.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', claim.attempts)
    .execute();
}

/** Returns a claimed message untried (the attempt does not count), due again after `delayMs`. */
export async function releaseEmail(
  trx: TenantTransaction,
  claim: { id: string; attempts: number },
  delayMs: number,
): Promise<void> {
  await trx
    .updateTable('email_outbox')
    .set({ status: 'queued', attempts: sql`attempts - 1`, next_attempt_at: after(delayMs) })
    .where('id', '=', claim.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', claim.attempts)
    .execute();
}
