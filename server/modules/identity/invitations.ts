import type { Keyring } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Forbidden, NotFound } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { accountMailCipher, enqueueEmail, MailUnavailable } from '../mail/outbox.ts';
import type { EmailLocale } from '../mail/templates.ts';
import type { Tenant } from '../tenants/schemas.ts';
import { findTenantById } from '../tenants/service.ts';
import { replaceUserUnits } from '../units/service.ts';
import { assertLinkUsable, issueAccountLink, resolveAccountLink } from './account-links.ts';
import {
  findAccountTokenByHash,
  insertInvitedUser,
  markAccountTokenUsed,
  updateUserProfile,
} from './account-token-store.ts';
import { checkPasswordPolicy, hashPassword } from './passwords.ts';
import { type Actor, can } from './policy.ts';
import { findUserByEmail, findUserById, type UserRow, updateUser } from './store.ts';
import { checkRoleFields, checkUnitIds, toAdminUser } from './user-admin.ts';
import type { AdminUser, InvitationRequest, LinkDetails } from './user-admin-schemas.ts';
import { validateNewUser } from './users.ts';

// Invitations: an admin names a person's e-mail, role and units; TMA creates the user in status `invited`
// and e-mails a link (valid 7 days, once) with which they set their password and are signed in. When this
// instance sends no e-mail (TMA_SMTP_URL unset), nothing is queued: the answer carries the link instead, for
// the admin to pass on. Only then: with e-mail on, the link is never in an answer, only in the e-mail.

const notInvited = () =>
  new NotFound('link_invalid', 'This link is not valid. A newer one may have been sent; ask for a new one.');

/** How the invitation reaches the person: `delivery: 'link'` when e-mail is off, with the link itself. */
export interface InvitationOutcome {
  user: AdminUser;
  delivery: 'email' | 'link';
  /** Only when `delivery` is `link`: the path (the token in its fragment) and when it stops working. */
  link?: { path: string; expiresAt: Date };
}

/**
 * Invites a user, or invites again someone still `invited` (with the role and units given now; the older
 * link stops working). Audited as `user.invite` (`…:delivery=link` when e-mail is off). With e-mail on, the
 * e-mail is queued in the same transaction, sealed with the tenant's mail key from `keyring`
 * (MailUnavailable without one); with `emailOff`, nothing is queued and the link is answered.
 */
export async function inviteUser(
  database: Database,
  actor: Actor,
  input: InvitationRequest & { locale: EmailLocale },
  context: { requestId: string; now: Date },
  keyring: Keyring | undefined,
  options: { emailOff?: boolean | undefined } = {},
): Promise<InvitationOutcome> {
  const emailOff = options.emailOff === true;
  // Only admins invite; anyone else is told so (there is no user yet whose existence could leak).
  if (!can(actor, 'create', { id: '', tenantId: actor.tenantId }))
    throw new Forbidden('forbidden', 'Only admins invite users.');
  const { email, displayName } = validateNewUser({ ...input, password: undefined });
  const { specialty, tenantWide } = checkRoleFields(input);
  const tenant = await findTenantById(database.db, actor.tenantId);
  if (!tenant) throw new NotFound('tenant_not_found', 'No such organisation.');
  if (!emailOff && !keyring) throw new MailUnavailable();
  // Loaded before the transaction: it may call the key provider.
  const keys = emailOff ? undefined : await keyring?.forTenant(actor.tenantId);
  const { now } = context;
  return withTenant(database, { tenantId: actor.tenantId, userId: actor.id }, async (trx) => {
    const unitIds = await checkUnitIds(trx, input.unitIds ?? []);
    const existing = await findUserByEmail(trx, email);
    if (existing && existing.status !== 'invited')
      throw new Conflict('user_exists', `A user with the e-mail address ${email} already exists.`);
    const profile = { display_name: displayName, role: input.role, specialty, tenant_wide: tenantWide };
    let user: UserRow | undefined;
    if (existing) {
      await updateUserProfile(trx, existing.id, profile, now);
      user = { ...existing, ...profile };
    } else {
      user = await insertInvitedUser(trx, { tenant_id: actor.tenantId, email, ...profile });
      if (!user) throw new Conflict('user_exists', `A user with the e-mail address ${email} already exists.`);
    }
    await replaceUserUnits(trx, actor.tenantId, user.id, unitIds);
    const { token, expiresAt } = await issueAccountLink(trx, {
      tenantId: actor.tenantId,
      userId: user.id,
      purpose: 'invitation',
      now,
    });
    // The token travels in the fragment: browsers never send it to the server, so no log can hold it.
    const path = `/invitation#${token}`;
    if (keys)
      await enqueueEmail(trx, {
        to: email,
        locale: input.locale,
        template: 'user.invitation',
        params: { organisation: tenant.name, path },
        // Sealed: a copy of the database must not accept a pending invitation.
        sealWith: await accountMailCipher(trx, keys),
      });
    const delivery = keys ? ('email' as const) : ('link' as const);
    await recordAuditEvent(trx, {
      actorType: 'user',
      actorId: actor.id,
      action: 'user.invite',
      objectType: 'user',
      objectId: user.id,
      requestId: context.requestId,
      outcome: 'success',
      reason: `${existing ? 'invited_again' : 'invited'}:role=${input.role}:units=${unitIds.length}${delivery === 'link' ? ':delivery=link' : ''}`,
    });
    const answer = { user: toAdminUser(actor, user, unitIds), delivery };
    return delivery === 'link' ? { ...answer, link: { path, expiresAt } } : answer;
  });
}

/** Who an invitation is for and from which organisation, while it can still be accepted. */
export async function describeInvitation(database: Database, token: string, now: Date): Promise<LinkDetails> {
  const { tenant, link, user } = await resolveAccountLink(database, token, 'invitation', now);
  if (user.status !== 'invited') throw notInvited();
  return {
    organisation: { slug: tenant.slug, name: tenant.name },
    email: user.email,
    displayName: user.display_name,
    expiresAt: link.expires_at.toISOString(),
  };
}

/**
 * Accepts an invitation: the password (under the password policy) becomes the user's, the user becomes
 * active and the link is spent (audited as `user.invitation_accepted`). The caller opens the session.
 */
export async function acceptInvitation(
  database: Database,
  input: { token: string; password: string },
  context: { requestId: string; now: Date },
): Promise<{ tenant: Pick<Tenant, 'id' | 'slug' | 'name'>; user: UserRow }> {
  const { now } = context;
  const resolved = await resolveAccountLink(database, input.token, 'invitation', now);
  if (resolved.user.status !== 'invited') throw notInvited();
  checkPasswordPolicy(input.password, [resolved.user.email, resolved.user.display_name]);
  // Hashed before the transaction: argon2 takes a while, and the embedded database has one connection.
  const passwordHash = await hashPassword(input.password);
  const scope = { tenantId: resolved.tenant.id, userId: resolved.user.id };
  const user = await withTenant(database, scope, async (trx) => {
    const link = await findAccountTokenByHash(trx, resolved.tokenHash);
    assertLinkUsable(link, 'invitation', now);
    const current = link ? await findUserById(trx, link.user_id) : undefined;
    if (!link || current?.status !== 'invited') throw notInvited();
    await updateUser(trx, current.id, { password_hash: passwordHash, status: 'active' }, now);
    await markAccountTokenUsed(trx, link.id, now);
    await recordAuditEvent(trx, {
      actorType: 'user',
      actorId: current.id,
      action: 'user.invitation_accepted',
      objectType: 'user',
      objectId: current.id,
      requestId: context.requestId,
      outcome: 'success',
    });
    return { ...current, password_hash: passwordHash, status: 'active' as const };
  });
  return { tenant: resolved.tenant, user };
}
