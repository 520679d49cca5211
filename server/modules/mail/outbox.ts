import { randomUUID } from 'node:crypto';
import type { ScopeCipher, TenantKeys } from '../../crypto/keyring.ts';
import type { FieldRef, Sealed } from '../../crypto/sealed.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { AppError, Invalid } from '../../errors.ts';
import { insertEmail, type QueuedEmail } from './store.ts';
import {
  assertEmailParams,
  EMAIL_LOCALES,
  type EmailLocale,
  type EmailParams,
  type EmailTemplateName,
  InvalidEmailError,
} from './templates.ts';

/** A message to queue: one recipient, a template and exactly its declared params. */
export interface NewEmail<T extends EmailTemplateName> {
  to: string;
  locale: EmailLocale;
  template: T;
  params: EmailParams<T>;
  /**
   * The data key that seals the address and params (nothing of a message waits in clear): the key of what
   * the message is about (a report's, for a notice or a reporter's mail, so that shredding the report
   * shreds its queued mail), else the tenant's mail key (`accountMailCipher`).
   */
  sealWith: ScopeCipher;
}

/** The scope of the tenant's mail key (its id is the tenant's), for mail that is about no case or report. */
export const MAIL_SCOPE = 'mail';

/** The tenant's mail key: seals account mail (invitations, password resets). */
export const accountMailCipher = (trx: TenantTransaction, keys: TenantKeys): Promise<ScopeCipher> =>
  keys.scope(trx, MAIL_SCOPE, keys.tenantId);

/** Mail cannot be queued: the app was built without the keyring that seals it (503). */
export class MailUnavailable extends AppError {
  override name = 'MailUnavailable';
  readonly status = 503;
  constructor() {
    super('mail_unavailable', 'E-mail cannot be sent from this server.');
  }
}

/** Where a queued message's sealed address lives (the dispatcher opens it there). */
export const recipientField = (emailId: string): FieldRef => ({
  table: 'email_outbox',
  column: 'recipient_sealed',
  rowId: emailId,
});

/** Where a queued message's sealed params live. */
export const paramsField = (emailId: string): FieldRef => ({
  table: 'email_outbox',
  column: 'params_sealed',
  rowId: emailId,
});

// One plain address (no display name, no list): nothing a header could be smuggled into.
const address = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/;

/** Whether `to` is a single e-mail address the outbox accepts. */
export const isEmailAddress = (to: string): boolean =>
  to.length <= 254 && address.test(to) && !/\p{Cc}/u.test(to);

/** The e-mail language for a user: the one they last worked in (users.language), German until then. */
export function emailLocaleOf(language: 'de' | 'en' | null | undefined): EmailLocale {
  return language === 'en' ? 'en' : 'de';
}

/**
 * Queues an e-mail in the caller's tenant transaction: it is sent only if that transaction commits, and
 * is never lost once it has. The address and params are stored only sealed (`sealWith`); the dispatcher
 * opens, renders and sends them later, outside any transaction. An address that is not one plain address
 * is refused (Invalid, 422); params the template does not declare are refused as a bug (InvalidEmailError),
 * so nothing else can ever reach an e-mail.
 */
export async function enqueueEmail<T extends EmailTemplateName>(
  trx: TenantTransaction,
  message: NewEmail<T>,
): Promise<{ id: string }> {
  const to = message.to.trim();
  if (!isEmailAddress(to))
    throw new Invalid('email_address_invalid', 'The e-mail address is not valid.', [
      { path: 'to', message: 'must be one e-mail address' },
    ]);
  if (!EMAIL_LOCALES.includes(message.locale))
    throw new InvalidEmailError(`unknown e-mail locale "${String(message.locale)}"`);
  assertEmailParams(message.template, message.params);
  const id = randomUUID();
  const cipher = message.sealWith;
  try {
    return await insertEmail(trx, {
      id,
      scope: cipher.scope,
      scopeId: cipher.scopeId,
      recipient: cipher.seal(to, recipientField(id)),
      params: cipher.seal(JSON.stringify(message.params), paramsField(id)),
      locale: message.locale,
      template: message.template,
    });
  } catch (error) {
    // tenant_id comes from the transaction's scope; without one the NOT NULL check refuses the row.
    if ((error as { code?: string }).code === '23502')
      throw new Error('enqueueEmail() must run inside withTenant()', { cause: error });
    throw error;
  }
}

/** A queued message's address or params cannot be opened; `code` says which and why (no content). */
export class UnreadableEmailError extends Error {
  override name = 'UnreadableEmailError';
  readonly code: string;
  constructor(code: string, options?: ErrorOptions) {
    super(`queued e-mail cannot be opened: ${code}`, options);
    this.code = code;
  }
}

/**
 * The address and params of a queued message, in memory only: opened with its scope's data key (`keys`
 * loaded outside the transaction), or as they are for a row of an earlier release that holds them in clear.
 * Throws UnreadableEmailError when a part is missing or does not open (a shredded report, an altered
 * ciphertext, no keys): such a message must never be sent half-filled.
 */
export async function openQueuedEmail(
  trx: TenantTransaction,
  keys: TenantKeys | undefined,
  email: QueuedEmail,
): Promise<{ to: string; params: Record<string, unknown> }> {
  const sealed = email.recipient === null || email.params_sealed !== null;
  let cipher: ScopeCipher | undefined;
  if (sealed) {
    if (!keys) throw new UnreadableEmailError('keys_unavailable');
    if (!email.recipient_scope || !email.recipient_scope_id) throw new UnreadableEmailError('scope_missing');
    try {
      cipher = await keys.scope(trx, email.recipient_scope, email.recipient_scope_id);
    } catch (error) {
      throw new UnreadableEmailError(`key_unreadable: ${(error as Error).name}`, { cause: error });
    }
  }
  const open = (part: 'recipient' | 'params', value: Sealed, field: FieldRef): string => {
    try {
      return (cipher as ScopeCipher).openText(value, field);
    } catch (error) {
      throw new UnreadableEmailError(`${part}_unreadable: ${(error as Error).name}`, { cause: error });
    }
  };
  let to = email.recipient;
  if (to === null) {
    if (!email.recipient_sealed) throw new UnreadableEmailError('recipient_missing');
    to = open('recipient', email.recipient_sealed, recipientField(email.id));
  }
  let params = email.params;
  if (email.params_sealed) {
    const text = open('params', email.params_sealed, paramsField(email.id));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new UnreadableEmailError('params_unreadable: not an object');
    params = parsed as Record<string, unknown>;
  }
  return { to, params };
}
