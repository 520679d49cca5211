import type { ScopeCipher } from '../../crypto/keyring.ts';
import { type TenantTransaction, withoutUserScope } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { announceCaseChange } from '../cases/case-events.ts';
import { readersAmong, userNames } from '../cases/comments.ts';
import { appendJournal } from '../cases/journal.ts';
import type { LoadedCase } from '../cases/load-case.ts';
import { joinTeamByConsent } from '../cases/team.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { emailLocaleOf, enqueueEmail } from '../mail/outbox.ts';
import { notifyAboutCase } from '../notifications/service.ts';
import { dayOf } from '../reports/days.ts';
import type { MeasureInvitation } from './schemas.ts';
import {
  answerInvitation as answerInvitationRow,
  findInvitation,
  insertMeasureExpert,
  selectInvitationFacts,
  selectOpenInvitations,
  updateMeasure,
} from './store.ts';

// Experts a measure involves, with their consent. Someone who reads the case already (on its team, or by
// unit) takes part at once; anyone else is invited and joins the case's team only by accepting — until then
// they see the invitation (the measure's type and due day, the case's reference) and nothing of the case.
// A decline is final for that invitation; the case's threat managers may invite someone else.

export interface Involvement {
  /** The owner to set (null: no change); they read the case, or are among `invited`. */
  ownerId: string | null;
  /** Users who read the case already: involved at once. */
  joined: string[];
  /** Users who must accept first. */
  invited: string[];
}

async function eligibleUsers(trx: TenantTransaction, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, { email: string; language: 'de' | 'en' | null }>();
  const rows = await trx
    .selectFrom('users')
    .select(['id', 'email', 'language'])
    .where('id', 'in', ids)
    .where('status', '=', 'active')
    .where('role', '<>', 'auditor')
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Checks who a measure involves before it is written: every one an active user who works on cases (422
 * `expert_not_eligible` otherwise); sorts them into those who read the case and those to invite.
 */
export async function resolveInvolvement(
  trx: TenantTransaction,
  row: LoadedCase['row'],
  request: { ownerId: string | null; expertIds: readonly string[]; known?: readonly string[]; now: Date },
): Promise<Involvement> {
  const known = new Set(request.known ?? []);
  const wanted = [
    ...new Set([
      ...(request.ownerId ? [request.ownerId] : []),
      ...request.expertIds.map((id) => id.toLowerCase()),
    ]),
  ].filter((id) => !known.has(id));
  const eligible = await eligibleUsers(trx, wanted);
  const refused = wanted.filter((id) => !eligible.has(id));
  if (refused.length > 0)
    throw new Invalid(
      'expert_not_eligible',
      'Only active users who work on cases carry out or take part in a measure.',
      refused.map((id) => ({
        path: id === request.ownerId ? 'ownerId' : 'expertIds',
        message: `${id} is not an active threat manager, expert or admin of this organisation`,
      })),
    );
  const readers = await readersAmong(trx, row, wanted, { managersOnly: false, now: request.now });
  return {
    ownerId: request.ownerId,
    joined: wanted.filter((id) => readers.has(id)),
    invited: wanted.filter((id) => !readers.has(id)),
  };
}

/**
 * Writes the involvement of a measure just written or changed and tells each person: an invitation (in the
 * app and by e-mail, a link to their invitations) or, for someone who reads the case, that the measure is
 * theirs (its new owner) — never the measure's text.
 */
export async function recordInvolvement(
  trx: TenantTransaction,
  cipher: ScopeCipher,
  auth: AuthContext,
  work: { caseId: string; measureId: string; involvement: Involvement; now: Date },
): Promise<void> {
  const { caseId, measureId, involvement, now } = work;
  const day = dayOf(now);
  for (const userId of [...involvement.joined, ...involvement.invited]) {
    const invited = involvement.invited.includes(userId);
    // The owner is recorded on the measure; a row here says who else takes part, and any invitation.
    if (!invited && userId === involvement.ownerId) continue;
    await insertMeasureExpert(trx, {
      tenant_id: auth.tenantId,
      measure_id: measureId,
      case_id: caseId,
      user_id: userId,
      status: invited ? 'invited' : 'accepted',
      invited_by: auth.userId,
      invited_at: now,
      responded_at: invited ? null : now,
    });
  }
  const users = await eligibleUsers(trx, [...involvement.joined, ...involvement.invited]);
  const tell = async (userId: string, kind: 'case.measure_invited' | 'case.measure_assigned') => {
    if (userId === auth.userId) return;
    await notifyAboutCase(trx, { tenantId: auth.tenantId, caseId, kind, userIds: [userId], day });
    const user = users.get(userId);
    if (user)
      await enqueueEmail(trx, {
        to: user.email,
        locale: emailLocaleOf(user.language),
        template: kind,
        params: { path: kind === 'case.measure_invited' ? '/' : `/cases/${caseId}?tab=measures` },
        sealWith: cipher,
      });
  };
  for (const userId of involvement.invited) await tell(userId, 'case.measure_invited');
  if (involvement.ownerId && involvement.joined.includes(involvement.ownerId))
    await tell(involvement.ownerId, 'case.measure_assigned');
}

/** The user's open invitations to measures, with what they may know before accepting. */
export async function myInvitations(trx: TenantTransaction, auth: AuthContext): Promise<MeasureInvitation[]> {
  const rows = await selectOpenInvitations(trx, auth.userId);
  // The invitation rows, read under the user's own scope, are what permits reading these few facts.
  const facts = await withoutUserScope(trx, () =>
    selectInvitationFacts(
      trx,
      rows.map((row) => row.measure_id),
    ),
  );
  const byMeasure = new Map(facts.map((fact) => [fact.id, fact]));
  const names = await userNames(
    trx,
    rows.map((row) => row.invited_by).filter((id) => id !== null),
  );
  return rows.flatMap((row) => {
    const fact = byMeasure.get(row.measure_id);
    if (!fact || fact.deleted_at !== null || fact.status === 'done' || fact.status === 'cancelled') return [];
    return [
      {
        measureId: row.measure_id,
        caseId: row.case_id,
        caseReference: fact.reference,
        typeKey: fact.type_key,
        asOwner: fact.owner_id === auth.userId,
        dueOn: fact.due_on,
        invitedBy: row.invited_by ? { id: row.invited_by, name: names.get(row.invited_by) ?? '' } : null,
        invitedAt: row.invited_at.toISOString(),
      },
    ];
  });
}

/**
 * The invitee accepts (and joins the case's team) or declines (and, when invited as its owner, the measure
 * has none again). A journal entry, a notice to whoever invited them; audited as
 * `case.measure_invitation_answer` with the answer. Answers the case id.
 */
export async function answerInvitation(
  trx: TenantTransaction,
  auth: AuthContext,
  measureId: string,
  answer: 'accept' | 'decline',
  context: { now: Date; requestId: string },
): Promise<{ caseId: string }> {
  const invitation = await findInvitation(trx, measureId, auth.userId);
  if (!invitation) throw new NotFound('invitation_not_found', 'You have no invitation to this measure.');
  if (invitation.status !== 'invited')
    throw new Conflict('invitation_answered', `You ${invitation.status} this invitation already.`);
  const [fact] = await withoutUserScope(trx, () => selectInvitationFacts(trx, [measureId]));
  if (!fact || fact.deleted_at !== null || fact.status === 'done' || fact.status === 'cancelled')
    throw new Conflict(
      'measure_closed',
      'This measure is closed or its case deleted: there is nothing to join.',
    );
  const caseId = invitation.case_id;
  const consent = answer === 'accept' ? 'accepted' : 'declined';
  await answerInvitationRow(trx, measureId, auth.userId, consent, context.now);
  // Until accepting, the invitee cannot read the case: what follows is written on the invitation's authority.
  await withoutUserScope(trx, async () => {
    if (answer === 'accept')
      await joinTeamByConsent(trx, auth, { caseId, invitedBy: invitation.invited_by, ...context });
    else if (fact.owner_id === auth.userId)
      await updateMeasure(trx, measureId, { owner_id: null, updated_at: context.now });
    await appendJournal(
      trx,
      null,
      { tenantId: auth.tenantId, caseId, authorId: auth.userId, now: context.now },
      {
        kind: 'measure_expert_answered',
        facts: { measureId, measureType: fact.type_key, userId: auth.userId, consent },
      },
    );
  });
  if (invitation.invited_by && invitation.invited_by !== auth.userId)
    await notifyAboutCase(trx, {
      tenantId: auth.tenantId,
      caseId,
      kind: 'case.measure_answered',
      userIds: [invitation.invited_by],
      day: dayOf(context.now),
    });
  await announceCaseChange(trx, { tenantId: auth.tenantId, caseId, part: 'measures' });
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.measure_invitation_answer',
    objectType: 'measure',
    objectId: measureId,
    caseId,
    requestId: context.requestId,
    outcome: 'success',
    reason: consent,
  });
  return { caseId };
}
