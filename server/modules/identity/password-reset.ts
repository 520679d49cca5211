import type { Keyring } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { NotFound } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { accountMailCipher, enqueueEmail } from '../mail/outbox.ts';
import type { EmailLocale } from '../mail/templates.ts';
import { findTenantBySlug } from '../tenants/service.ts';
import { assertLinkUsable, issueAccountLink, resolveAccountLink } from './account-links.ts';
import {
  findAccountTokenByHash,
  markAccountTokenUsed,
  revokeOpenAccountTokens,
} from './account-token-store.ts';
import { checkPasswordPolicy, hashPassword } from './passwords.ts';
import { findUserByEmail, findUserById, revokeUserSessions, updateUser } from './store.ts';
import type { LinkDetails } from './user-admin-schemas.ts';
import { normaliseEmail } from './users.ts';

// "Forgot password?": whoever names an organisation and an e-mail address gets the same answer, at once: the
// request is queued (password-reset-queue.ts) and worked off after the answer, so that the answer does the
// same work whether or not the account exists. Only an existing, active account gets an e-mail with a link
// (valid 1 hour, once) to set a new password. Setting it ends every session of the user; a second factor
// stays, so the next login still asks for it.

/** The one answer to every reset request, whether or not the account exists. */
export const PASSWORD_RESET_ACCEPTED =
  'If an active account with this e-mail address exists in this organisation, we have sent it a link to set a new password.';

const inactive = () =>
  new NotFound('link_invalid', 'This link is not valid. A newer one may have been sent; ask for a new one.');

/** What a "Forgot password?" request asks, as the client sent it. */
export interface PasswordResetAsk {
  tenant: string;
  email: string;
  locale: EmailLocale;
}

/**
 * Works off a queued request: queues a reset e-mail if the organisation is active and has an active user
 * with this address (audited as `auth.password_reset_requested`, with the id of the request that asked);
 * otherwise does nothing at all. `settle` runs in the transaction that queues the e-mail, so that the queue
 * can remove its row there and a request is worked off once. Returns whether an e-mail was queued; the
 * client was answered long before. The e-mail is sealed with the tenant's mail key from `keyring`.
 */
export async function sendPasswordResetLink(
  database: Database,
  input: PasswordResetAsk,
  context: { requestId: string; now: Date },
  keyring: Keyring,
  settle: (trx: TenantTransaction) => Promise<void>,
): Promise<boolean> {
  const tenant = await findTenantBySlug(database.db, input.tenant.trim().toLowerCase());
  if (tenant?.status !== 'active') return false;
  // Loaded before the transaction (it may call the key provider), whether or not the account exists.
  const keys = await keyring.forTenant(tenant.id);
  const email = normaliseEmail(input.email);
  return withTenant(database, { tenantId: tenant.id, userId: null }, async (trx) => {
    const user = await findUserByEmail(trx, email);
    if (user?.status !== 'active') return false;
    const { token } = await issueAccountLink(trx, {
      tenantId: tenant.id,
      userId: user.id,
      purpose: 'password_reset',
      now: context.now,
    });
    await enqueueEmail(trx, {
      to: user.email,
      locale: input.locale,
      template: 'user.password_reset',
      params: { organisation: tenant.name, path: `/reset-password#${token}` },
      // Sealed: a copy of the database must not set the user's password.
      sealWith: await accountMailCipher(trx, keys),
    });
    // Anyone can ask, so the actor is not the user: the system sends the link to the account's address.
    await recordAuditEvent(trx, {
      actorType: 'system',
      actorId: null,
      action: 'auth.password_reset_requested',
      objectType: 'user',
      objectId: user.id,
      requestId: context.requestId,
      outcome: 'success',
    });
    await settle(trx);
    return true;
  });
}

/** Whose password a reset link sets, while it can still be used. */
export async function describePasswordReset(
  database: Database,
  token: string,
  now: Date,
): Promise<LinkDetails> {
  const { tenant, link, user } = await resolveAccountLink(database, token, 'password_reset', now);
  if (user.status !== 'active') throw inactive();
  return {
    organisation: { slug: tenant.slug, name: tenant.name },
    email: user.email,
    displayName: user.display_name,
    expiresAt: link.expires_at.toISOString(),
  };
}

/**
 * Sets a new password with a reset link (password policy enforced), spends the link, and revokes every
 * session of the user (audited as `auth.password_reset`). A TOTP authenticator stays as it is.
 */
export async function completePasswordReset(
  database: Database,
  input: { token: string; password: string },
  context: { requestId: string; now: Date },
): Promise<{ tenantSlug: string; sessionsRevoked: number }> {
  const { now } = context;
  const resolved = await resolveAccountLink(database, input.token, 'password_reset', now);
  if (resolved.user.status !== 'active') throw inactive();
  checkPasswordPolicy(input.password, [resolved.user.email, resolved.user.display_name]);
  const passwordHash = await hashPassword(input.password);
  const scope = { tenantId: resolved.tenant.id, userId: resolved.user.id };
  const sessionsRevoked = await withTenant(database, scope, async (trx) => {
    const link = await findAccountTokenByHash(trx, resolved.tokenHash);
    assertLinkUsable(link, 'password_reset', now);
    const user = link ? await findUserById(trx, link.user_id) : undefined;
    if (!link || user?.status !== 'active') throw inactive();
    await updateUser(trx, user.id, { password_hash: passwordHash }, now);
    await markAccountTokenUsed(trx, link.id, now);
    await revokeOpenAccountTokens(trx, user.id, 'password_reset', now);
    const revoked = await revokeUserSessions(trx, user.id, now);
    await recordAuditEvent(trx, {
      actorType: 'user',
      actorId: user.id,
      action: 'auth.password_reset',
      objectType: 'user',
      objectId: user.id,
      requestId: context.requestId,
      outcome: 'success',
      reason: `sessions_revoked=${revoked}`,
    });
    return revoked;
  });
  return { tenantSlug: resolved.tenant.slug, sessionsRevoked };
}
