import { sql } from 'kysely';
import { type Static, Type } from 'typebox';
import type { TenantKeys } from '../../crypto/keyring.ts';
import type { ExpertSpecialty } from '../../db/schema-identity.ts';
import { type TenantTransaction, withoutUserScope } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { emailLocaleOf, enqueueEmail } from '../mail/outbox.ts';
import { notifyAboutCase } from '../notifications/service.ts';
import { dayOf } from '../reports/days.ts';
import { announceCaseChange } from './case-events.ts';
import { appendJournal } from './journal.ts';
import { loadCase } from './load-case.ts';
import { addCaseMember } from './store.ts';

// The case team: need-to-know. Experts (and threat managers of other units) read a case only while they
// are on its team; `tma_team_cases` (migration 0029) stops counting a membership at its end, and the expiry
// job (server/jobs/team-expiry.ts) then removes it and tells the owner.

const uuid = Type.String({ format: 'uuid' });

export const TeamMember = Type.Object(
  {
    user: Type.Object({
      id: uuid,
      name: Type.String(),
      role: Type.String(),
      specialty: Type.Union([Type.String(), Type.Null()]),
    }),
    /** `owner`: the case's owner; `member`: anyone else on the team. */
    role: Type.Union([Type.Literal('owner'), Type.Literal('member')]),
    addedAt: Type.String({ format: 'date-time' }),
    /** When the membership ends by itself; null: until removed. */
    expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    addedBy: Type.Union([Type.Object({ id: uuid, name: Type.String() }), Type.Null()]),
  },
  { title: 'TeamMember' },
);
export type TeamMember = Static<typeof TeamMember>;

export const TeamCandidate = Type.Object(
  {
    id: uuid,
    name: Type.String(),
    role: Type.String(),
    specialty: Type.Union([Type.String(), Type.Null()]),
    /** Works as a threat manager: may own the case. */
    mayOwn: Type.Boolean(),
  },
  { title: 'TeamCandidate' },
);
export type TeamCandidate = Static<typeof TeamCandidate>;

/** What narrows the team candidates: part of a name, and a specialty (only experts have one). */
export interface TeamCandidateFilter {
  q?: string | undefined;
  specialty?: ExpertSpecialty | undefined;
}

/**
 * Who can join the case's team (`manage_team`): active users who work on cases and are not on it now, by
 * name, no e-mail addresses; `filter` narrows by name and to experts of a specialty. At most 50.
 */
export async function teamCandidates(
  trx: TenantTransaction,
  auth: AuthContext,
  caseId: string,
  filter: TeamCandidateFilter,
  now: Date,
): Promise<TeamCandidate[]> {
  const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'manage_team');
  let candidates = trx
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'specialty'])
    .select(sql<boolean>`tma_works_as_threat_manager(users.id)`.as('may_own'))
    .where('status', '=', 'active')
    .where('role', '<>', 'auditor')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('case_members')
            .select('case_members.user_id')
            .whereRef('case_members.user_id', '=', 'users.id')
            .where('case_members.case_id', '=', row.id)
            .where((eb) =>
              eb.or([eb('case_members.expires_at', 'is', null), eb('case_members.expires_at', '>', now)]),
            ),
        ),
      ),
    );
  const words = (filter.q ?? '').trim();
  if (words) candidates = candidates.where('display_name', 'ilike', `%${words.replace(/[\\%_]/g, '\\$&')}%`);
  // Before the limit: among many people, the 50 by name need not hold the experts asked for.
  if (filter.specialty)
    candidates = candidates.where('role', '=', 'expert').where('specialty', '=', filter.specialty);
  const rows = await candidates.orderBy('display_name').limit(50).execute();
  return rows.map((user) => ({
    id: user.id,
    name: user.display_name,
    role: user.role,
    specialty: user.specialty ?? null,
    mayOwn: user.may_own,
  }));
}

/** The longest a time-limited membership may run. */
const MAX_MEMBERSHIP_MS = 2 * 366 * 24 * 60 * 60_000;

/** The team of a case, owner first, as long as each membership runs. */
export async function listTeam(trx: TenantTransaction, caseId: string, now: Date): Promise<TeamMember[]> {
  const rows = await trx
    .selectFrom('case_members')
    .innerJoin('users', 'users.id', 'case_members.user_id')
    .leftJoin('users as adder', 'adder.id', 'case_members.added_by')
    .select([
      'users.id',
      'users.display_name',
      'users.role as user_role',
      'users.specialty',
      'case_members.role',
      'case_members.added_at',
      'case_members.expires_at',
      'case_members.added_by',
      'adder.display_name as added_by_name',
    ])
    .where('case_members.case_id', '=', caseId)
    .where((eb) =>
      eb.or([eb('case_members.expires_at', 'is', null), eb('case_members.expires_at', '>', now)]),
    )
    .orderBy('case_members.role', 'desc')
    .orderBy('case_members.added_at')
    .execute();
  return rows.map((row) => ({
    user: { id: row.id, name: row.display_name, role: row.user_role, specialty: row.specialty ?? null },
    role: row.role,
    addedAt: row.added_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    addedBy: row.added_by ? { id: row.added_by, name: row.added_by_name ?? '' } : null,
  }));
}

function checkExpiry(expiresAt: string | null | undefined, now: Date): Date | null {
  if (expiresAt === null || expiresAt === undefined) return null;
  const at = new Date(expiresAt);
  if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime())
    throw new Invalid('expiry_in_past', 'A membership must end in the future.', [
      { path: 'expiresAt', message: 'must be a future time' },
    ]);
  if (at.getTime() - now.getTime() > MAX_MEMBERSHIP_MS)
    throw new Invalid('expiry_too_far', 'A time-limited membership runs at most two years.', [
      { path: 'expiresAt', message: 'must be within two years' },
    ]);
  return at;
}

interface Context {
  now: Date;
  requestId: string;
}

/**
 * A team change's journal entry (ids only, no text). An admin manages the team without reading the case,
 * which the journal's write policy would refuse: for them the entry is written without the user scope,
 * the change having been authorised (`manage_team`).
 */
function journalTeamChange(
  trx: TenantTransaction,
  mayRead: boolean,
  context: { tenantId: string; caseId: string; authorId: string; now: Date },
  entry: Parameters<typeof appendJournal>[3],
): Promise<string> {
  const write = () => appendJournal(trx, null, context, entry);
  return mayRead ? write() : withoutUserScope(trx, write);
}

/**
 * Adds a user to the case's team (`manage_team`: the owner, the unit's threat managers, admins), for good
 * or until `expiresAt`. The user must be active and not an auditor. A journal entry, a notice in the app and
 * by e-mail (a link, no content) to the new member; audited as `case.team_add`.
 */
export async function addTeamMember(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  input: { userId: string; expiresAt?: string | null | undefined },
  context: Context,
): Promise<void> {
  const { row, can } = await loadCase(trx, await accessActor(trx, auth), caseId, 'manage_team');
  const expiresAt = checkExpiry(input.expiresAt, context.now);
  const user = await trx
    .selectFrom('users')
    .select(['id', 'email', 'role', 'status', 'language'])
    .where('id', '=', input.userId)
    .executeTakeFirst();
  if (user?.status !== 'active' || user.role === 'auditor')
    throw new Invalid('member_not_eligible', 'Only active users who work on cases can join a case team.', [
      { path: 'userId', message: 'is not an active threat manager, expert or admin of this organisation' },
    ]);
  const current = await trx
    .selectFrom('case_members')
    .select(['expires_at'])
    .where('case_id', '=', row.id)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (current && (current.expires_at === null || current.expires_at > context.now))
    throw new Conflict('already_on_team', 'This user is on the case team already.');
  // An ended membership the expiry job has not removed yet makes way for the new one.
  if (current)
    await trx
      .deleteFrom('case_members')
      .where('case_id', '=', row.id)
      .where('user_id', '=', user.id)
      .execute();
  await addCaseMember(trx, {
    tenant_id: auth.tenantId,
    case_id: row.id,
    user_id: user.id,
    role: 'member',
    added_by: auth.userId,
    expires_at: expiresAt,
  });
  await journalTeamChange(
    trx,
    can.read,
    { tenantId: auth.tenantId, caseId: row.id, authorId: auth.userId, now: context.now },
    { kind: 'team_member_added', facts: { userId: user.id, expiresAt: expiresAt?.toISOString() ?? null } },
  );
  await notifyAboutCase(trx, {
    tenantId: auth.tenantId,
    caseId: row.id,
    kind: 'case.team_added',
    userIds: [user.id],
    day: dayOf(context.now),
  });
  await enqueueEmail(trx, {
    to: user.email,
    locale: emailLocaleOf(user.language),
    template: 'case.team_added',
    params: { path: `/cases/${row.id}` },
    sealWith: await keys.scope(trx, 'case', row.id),
  });
  await announceCaseChange(trx, { tenantId: auth.tenantId, caseId: row.id, part: 'team', userId: user.id });
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.team_add',
    objectType: 'user',
    objectId: user.id,
    caseId: row.id,
    requestId: context.requestId,
    outcome: 'success',
    reason: expiresAt ? `until=${expiresAt.toISOString().slice(0, 10)}` : null,
  });
}

/**
 * Adds a user who accepted an invitation to take part in the case (a measure's expert, migration 0038) to
 * its team, for good. The invitation, sent by the case's threat managers, is the authority: the caller runs
 * this without the user scope, since the invitee cannot read the case before. A journal entry; audited as
 * `case.team_add` with reason `consent`. Nothing happens for someone on the team already.
 */
export async function joinTeamByConsent(
  trx: TenantTransaction,
  auth: AuthContext,
  invitation: { caseId: string; invitedBy: string | null; now: Date; requestId: string },
): Promise<void> {
  const current = await trx
    .selectFrom('case_members')
    .select(['expires_at'])
    .where('case_id', '=', invitation.caseId)
    .where('user_id', '=', auth.userId)
    .executeTakeFirst();
  if (current && (current.expires_at === null || current.expires_at > invitation.now)) return;
  if (current)
    await trx
      .deleteFrom('case_members')
      .where('case_id', '=', invitation.caseId)
      .where('user_id', '=', auth.userId)
      .execute();
  await addCaseMember(trx, {
    tenant_id: auth.tenantId,
    case_id: invitation.caseId,
    user_id: auth.userId,
    role: 'member',
    added_by: invitation.invitedBy,
    expires_at: null,
  });
  await appendJournal(
    trx,
    null,
    { tenantId: auth.tenantId, caseId: invitation.caseId, authorId: auth.userId, now: invitation.now },
    { kind: 'team_member_added', facts: { userId: auth.userId, expiresAt: null } },
  );
  await announceCaseChange(trx, {
    tenantId: auth.tenantId,
    caseId: invitation.caseId,
    part: 'team',
    userId: auth.userId,
  });
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.team_add',
    objectType: 'user',
    objectId: auth.userId,
    caseId: invitation.caseId,
    requestId: invitation.requestId,
    outcome: 'success',
    reason: 'consent',
  });
}

/** Changes when a member's time on the team ends (null: until removed); audited as `case.team_change`. */
export async function changeTeamMembership(
  trx: TenantTransaction,
  auth: AuthContext,
  caseId: string,
  userId: string,
  input: { expiresAt: string | null },
  context: Context,
): Promise<void> {
  const { row, can } = await loadCase(trx, await accessActor(trx, auth), caseId, 'manage_team');
  const expiresAt = checkExpiry(input.expiresAt, context.now);
  const member = await activeMember(trx, row.id, userId, context.now);
  if (member.role === 'owner')
    throw new Conflict('owner_membership', 'The owner stays on the team; change the owner first.');
  await trx
    .updateTable('case_members')
    .set({ expires_at: expiresAt })
    .where('case_id', '=', row.id)
    .where('user_id', '=', userId)
    .execute();
  await journalTeamChange(
    trx,
    can.read,
    { tenantId: auth.tenantId, caseId: row.id, authorId: auth.userId, now: context.now },
    { kind: 'team_member_added', facts: { userId, expiresAt: expiresAt?.toISOString() ?? null } },
  );
  await announceCaseChange(trx, { tenantId: auth.tenantId, caseId: row.id, part: 'team', userId });
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.team_change',
    objectType: 'user',
    objectId: userId,
    caseId: row.id,
    requestId: context.requestId,
    outcome: 'success',
    reason: expiresAt ? `until=${expiresAt.toISOString().slice(0, 10)}` : 'until=removed',
  });
}

async function activeMember(trx: TenantTransaction, caseId: string, userId: string, now: Date) {
  const member = await trx
    .selectFrom('case_members')
    .select(['role', 'expires_at'])
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!member || (member.expires_at !== null && member.expires_at <= now))
    throw new NotFound('member_not_found', 'This user is not on the case team.');
  return member;
}

/**
 * Takes a user off the case's team; their access ends with the commit (live connections are closed by
 * the event that follows). The owner cannot be removed. Journal entry, a notice to the removed user;
 * audited as `case.team_remove`.
 */
export async function removeTeamMember(
  trx: TenantTransaction,
  auth: AuthContext,
  caseId: string,
  userId: string,
  context: Context,
): Promise<void> {
  const { row, can } = await loadCase(trx, await accessActor(trx, auth), caseId, 'manage_team');
  const member = await activeMember(trx, row.id, userId, context.now);
  if (member.role === 'owner')
    throw new Conflict('owner_membership', 'The owner stays on the team; change the owner first.');
  await trx.deleteFrom('case_members').where('case_id', '=', row.id).where('user_id', '=', userId).execute();
  await journalTeamChange(
    trx,
    can.read,
    { tenantId: auth.tenantId, caseId: row.id, authorId: auth.userId, now: context.now },
    { kind: 'team_member_removed', facts: { userId } },
  );
  await notifyAboutCase(trx, {
    tenantId: auth.tenantId,
    caseId: row.id,
    kind: 'case.team_removed',
    userIds: [userId],
    day: dayOf(context.now),
  });
  await announceCaseChange(trx, { tenantId: auth.tenantId, caseId: row.id, part: 'team', userId });
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.team_remove',
    objectType: 'user',
    objectId: userId,
    caseId: row.id,
    requestId: context.requestId,
    outcome: 'success',
  });
}

/**
 * Removes the tenant's memberships that ended by `now` (access had ended already: tma_team_cases), each
 * with a journal entry, a notice to the case's owner and a `case.team_expire` event by the system. The
 * DELETE … RETURNING hands each ended membership to exactly one instance, however many run it at once.
 */
export async function expireTeamMemberships(
  trx: TenantTransaction,
  tenantId: string,
  now: Date,
): Promise<number> {
  const ended = await trx
    .deleteFrom('case_members')
    .where('expires_at', '<=', now)
    .where('role', '=', 'member')
    .returning(['case_id', 'user_id'])
    .execute();
  for (const membership of ended) {
    const owner = await trx
      .selectFrom('cases')
      .select('owner_id')
      .where('id', '=', membership.case_id)
      .executeTakeFirst();
    await appendJournal(
      trx,
      null,
      { tenantId, caseId: membership.case_id, authorId: null, now },
      { kind: 'team_member_expired', facts: { userId: membership.user_id } },
    );
    if (owner?.owner_id)
      await notifyAboutCase(trx, {
        tenantId,
        caseId: membership.case_id,
        kind: 'case.team_expired',
        userIds: [owner.owner_id],
        day: dayOf(now),
      });
    await announceCaseChange(trx, {
      tenantId,
      caseId: membership.case_id,
      part: 'team',
      userId: membership.user_id,
    });
    await recordAuditEvent(trx, {
      actorType: 'system',
      actorId: null,
      action: 'case.team_expire',
      objectType: 'user',
      objectId: membership.user_id,
      caseId: membership.case_id,
      outcome: 'success',
    });
  }
  return ended.length;
}
