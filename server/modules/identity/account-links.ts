import type { Database } from '../../db/database.ts';
import type { AccountTokenPurpose } from '../../db/schema-invitations.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { findTenantByTokenHash } from '../../db/token-lookup.ts';
import { AppError, NotFound } from '../../errors.ts';
import type { Tenant } from '../tenants/schemas.ts';
import { findTenantById } from '../tenants/service.ts';
import {
  type AccountTokenRow,
  findAccountTokenByHash,
  insertAccountToken,
  revokeOpenAccountTokens,
} from './account-token-store.ts';
import { hashSessionToken, newSessionToken } from './sessions.ts';
import { findUserById, type UserRow } from './store.ts';

// The links TMA sends by e-mail to invite a user or reset a password. Each carries a random 32-byte token
// (in the URL's fragment, so it never reaches a server log); the database keeps only its SHA-256. A link
// works once, until it expires, and a newer link of the same purpose replaces it.

/** How long a link works. */
export const LINK_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  invitation: 7 * 24 * 3_600_000,
  password_reset: 3_600_000,
};

/** The link was valid once, but is used or expired (410). */
export class LinkGone extends AppError {
  override name = 'LinkGone';
  readonly status = 410;
}

const invalidLink = () =>
  new NotFound('link_invalid', 'This link is not valid. A newer one may have been sent; ask for a new one.');

/** Creates a link for the user in the caller's transaction, replacing their open links of that purpose. */
export async function issueAccountLink(
  trx: TenantTransaction,
  link: { tenantId: string; userId: string; purpose: AccountTokenPurpose; now: Date },
): Promise<{ token: string; expiresAt: Date }> {
  await revokeOpenAccountTokens(trx, link.userId, link.purpose, link.now);
  const { token, tokenHash } = newSessionToken();
  const expiresAt = new Date(link.now.getTime() + LINK_LIFETIME_MS[link.purpose]);
  await insertAccountToken(trx, {
    tenant_id: link.tenantId,
    user_id: link.userId,
    purpose: link.purpose,
    token_hash: tokenHash,
    created_at: link.now,
    expires_at: expiresAt,
  });
  return { token, expiresAt };
}

/** Throws unless the link row can still be used for `purpose` at `now`. */
export function assertLinkUsable(row: AccountTokenRow | undefined, purpose: AccountTokenPurpose, now: Date) {
  if (!row || row.purpose !== purpose || row.revoked_at !== null) throw invalidLink();
  if (row.used_at !== null) throw new LinkGone('link_used', 'This link has been used already.');
  if (row.expires_at.getTime() <= now.getTime())
    throw new LinkGone('link_expired', 'This link has expired. Ask for a new one.');
}

export interface ResolvedLink {
  tenant: Pick<Tenant, 'id' | 'slug' | 'name'>;
  link: AccountTokenRow;
  user: UserRow;
  tokenHash: Buffer;
}

/** The tenant, link and user a token stands for, if the link can still be used; throws otherwise. */
export async function resolveAccountLink(
  database: Database,
  token: string,
  purpose: AccountTokenPurpose,
  now: Date,
): Promise<ResolvedLink> {
  const tokenHash = hashSessionToken(token);
  const tenantId = tokenHash ? await findTenantByTokenHash(database, 'account_token', tokenHash) : undefined;
  const tenant = tenantId ? await findTenantById(database.db, tenantId) : undefined;
  if (!tokenHash || !tenant || tenant.status !== 'active') throw invalidLink();
  const found = await withTenant(database, { tenantId: tenant.id, userId: null }, async (trx) => {
    const link = await findAccountTokenByHash(trx, tokenHash);
    const user = link ? await findUserById(trx, link.user_id) : undefined;
    return { link, user };
  });
  assertLinkUsable(found.link, purpose, now);
  if (!found.link || !found.user) throw invalidLink();
  return {
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
    link: found.link,
    user: found.user,
    tokenHash,
  };
}
