import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Invalid } from '../../errors.ts';
import { insertEmail } from './store.ts';
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
}

// One plain address (no display name, no list): nothing a header could be smuggled into.
const address = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/;

/** Whether `to` is a single e-mail address the outbox accepts. */
export const isEmailAddress = (to: string): boolean =>
  to.length <= 254 && address.test(to) && !/\p{Cc}/u.test(to);

/**
 * Queues an e-mail in the caller's tenant transaction: it is sent only if that transaction commits, and
 * is never lost once it has. The dispatcher renders and sends it later, outside any transaction. An
 * address that is not one plain address is refused (Invalid, 422); params the template does not declare
 * are refused as a bug (InvalidEmailError), so nothing else can ever reach an e-mail.
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
  try {
    return await insertEmail(trx, {
      recipient: to,
      locale: message.locale,
      template: message.template,
      params: message.params as Record<string, string>,
    });
  } catch (error) {
    // tenant_id comes from the transaction's scope; without one the NOT NULL check refuses the row.
    if ((error as { code?: string }).code === '23502')
      throw new Error('enqueueEmail() must run inside withTenant()', { cause: error });
    throw error;
  }
}
