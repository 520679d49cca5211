import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { encodeCursor, readPage } from '../../db/page.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { removeTeamMember } from '../cases/team.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { deactivateUserById } from '../identity/user-admin.ts';
import { listUserUnitIds, setUserUnits } from '../units/service.ts';
import { accessReviewDueOn, DEFAULT_ACCESS_REVIEW_SETTINGS } from './due.ts';
import { type AccessReviewAction, authorizeAccessReview, canAccessReview } from './policy.ts';
import type {
  AccessReview,
  AccessReviewOverview,
  AccessReviewQuery,
  AccessReviewSettings,
  AccessReviewUser,
  AccessRevocation,
  NewAccessReview,
} from './schemas.ts';
import {
  completeReview,
  countReviewProgress,
  countUnitScopeCases,
  findLastCompletedReview,
  findOpenReview,
  findReview,
  findReviewedUser,
  findSettings,
  insertDecision,
  insertReview,
  type ReviewedUserRow,
  type ReviewRow,
  reviewUsersKeyset,
  selectLastActivity,
  selectLastConfirmations,
  selectLiveApiTokens,
  selectNames,
  selectOpenInvitations,
  selectReviewDecisions,
  selectReviewedUsersPage,
  selectTeamCases,
  selectUserUnits,
  upsertSettings,
} from './store.ts';

// The access review (issue 17): for admins, one place that says who can see which cases (by unit scope
// and case-team membership) and which accounts lie unused, where they confirm each user's access or revoke
// part of it. Revoking goes through the services that own the change (the case team, the user's units,
// deactivation), so their rules and their own audit events stay as they are; the review adds its record
// (`access_review_decisions`) and its events (`access_review.started`, `.confirmed`, `.revoked`,
// `.completed`, `.settings_changed`), ids and codes only.

const DEFAULT_SETTINGS = DEFAULT_ACCESS_REVIEW_SETTINGS;
/** Team cases listed per user; the rest are counted. */
const LISTED_TEAM_CASES = 20;
const DAY_MS = 24 * 60 * 60_000;

const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const addDays = (on: string, days: number) => dayOf(new Date(Date.parse(`${on}T00:00:00Z`) + days * DAY_MS));
const scopeOf = (auth: AuthContext) => ({ tenantId: auth.tenantId, userId: auth.userId });
const userNotFound = () => new NotFound('user_not_found', 'No such user under review.');

export interface AccessReviewServiceOptions {
  database: Database;
  now?: () => Date;
}

export class AccessReviewService {
  readonly #database: Database;
  readonly #now: () => Date;

  constructor(options: AccessReviewServiceOptions) {
    this.#database = options.database;
    this.#now = options.now ?? (() => new Date());
  }

  /** Authorises `action` against the actor as the database knows them, inside the caller's transaction. */
  async #authorize(
    trx: TenantTransaction,
    auth: AuthContext,
    action: AccessReviewAction,
    userId: string | null = null,
  ) {
    const actor = await accessActor(trx, auth);
    authorizeAccessReview(actor, action, { tenantId: auth.tenantId, userId });
    return actor;
  }

  /** The review page: settings, the open and the last review, and one page of users with their access. */
  async overview(auth: AuthContext, query: AccessReviewQuery = {}): Promise<AccessReviewOverview> {
    const page = readPage(reviewUsersKeyset, query);
    const now = this.#now();
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      const actor = await this.#authorize(trx, auth, 'read');
      const settings = await readSettings(trx);
      const open = await findOpenReview(trx);
      const last = await findLastCompletedReview(trx);
      const { rows, next } = await selectReviewedUsersPage(trx, page);
      const users = await describeUsers(trx, auth, rows, { now, settings, reviewId: open?.id ?? null });
      const dueOn = accessReviewDueOn(last?.completed_at ?? null, settings.reviewEveryDays, now);
      const subject = { tenantId: auth.tenantId, userId: null };
      return {
        settings,
        review: open ? await toReview(trx, open) : null,
        lastCompleted: last ? await toReview(trx, last) : null,
        dueOn,
        due: !open && dueOn <= dayOf(now),
        users,
        nextCursor: encodeCursor(reviewUsersKeyset, next),
        can: {
          configure: canAccessReview(actor, 'configure', subject),
          start: canAccessReview(actor, 'start', subject) && !open,
          complete: canAccessReview(actor, 'complete', subject) && Boolean(open),
        },
      };
    });
  }

  /** Changes when accounts count as inactive and how often a review is due (audited). */
  async setSettings(
    auth: AuthContext,
    input: AccessReviewSettings,
    requestId: string,
  ): Promise<AccessReviewSettings> {
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      await this.#authorize(trx, auth, 'configure');
      await upsertSettings(
        trx,
        {
          tenant_id: auth.tenantId,
          inactive_after_days: input.inactiveAfterDays,
          review_every_days: input.reviewEveryDays,
          updated_by: auth.userId,
        },
        this.#now(),
      );
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        action: 'access_review.settings_changed',
        objectType: 'tenant',
        objectId: auth.tenantId,
        requestId,
        outcome: 'success',
        reason: `inactive_after_days=${input.inactiveAfterDays}:review_every_days=${input.reviewEveryDays}`,
      });
      return readSettings(trx);
    });
  }

  /** Starts a review of a period (default: since the last review's period ended, to today); one at a time. */
  async start(auth: AuthContext, input: NewAccessReview, requestId: string): Promise<AccessReview> {
    const now = this.#now();
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      await this.#authorize(trx, auth, 'start');
      const settings = await readSettings(trx);
      const last = await findLastCompletedReview(trx);
      const periodEnd = input.periodEnd ?? dayOf(now);
      const periodStart =
        input.periodStart ??
        (last ? addDays(last.period_end, 1) : addDays(periodEnd, -settings.reviewEveryDays));
      if (periodStart > periodEnd)
        throw new Invalid('period_invalid', 'The period must start before it ends.', [
          { path: 'periodStart', message: 'is after periodEnd' },
        ]);
      const row = await insertReview(trx, {
        id: randomUUID(),
        tenant_id: auth.tenantId,
        period_start: periodStart,
        period_end: periodEnd,
        started_by: auth.userId,
        started_at: now,
      });
      if (!row) throw new Conflict('review_open', 'A review is open already: complete it first.');
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        action: 'access_review.started',
        objectType: 'access_review',
        objectId: row.id,
        requestId,
        outcome: 'success',
        reason: `from=${periodStart}:to=${periodEnd}`,
      });
      return toReview(trx, row);
    });
  }

  /** Completes the open review (audited with how many users were reviewed of how many). */
  async complete(auth: AuthContext, reviewId: string, requestId: string): Promise<AccessReview> {
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      await this.#authorize(trx, auth, 'complete');
      const review = await findReview(trx, reviewId);
      if (!review) throw new NotFound('review_not_found', 'No such access review.');
      const completed = await completeReview(trx, review.id, auth.userId, this.#now());
      if (!completed) throw new Conflict('review_completed', 'This review is completed already.');
      const progress = await countReviewProgress(trx, review.id);
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        action: 'access_review.completed',
        objectType: 'access_review',
        objectId: review.id,
        requestId,
        outcome: 'success',
        reason: `reviewed=${progress.reviewed}:total=${progress.total}`,
      });
      return toReview(trx, completed);
    });
  }

  /** Confirms a user's access as it stands (in the open review, if one is); records who confirmed when. */
  async confirm(auth: AuthContext, userId: string, requestId: string): Promise<AccessReviewUser> {
    const now = this.#now();
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      await this.#authorize(trx, auth, 'confirm', userId);
      const user = await findReviewedUser(trx, userId);
      if (!user) throw userNotFound();
      const review = await findOpenReview(trx);
      await insertDecision(trx, {
        id: randomUUID(),
        tenant_id: auth.tenantId,
        review_id: review?.id ?? null,
        user_id: user.id,
        decision: 'confirmed',
        revoked: null,
        case_id: null,
        unit_id: null,
        decided_by: auth.userId,
        decided_at: now,
      });
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        action: 'access_review.confirmed',
        objectType: 'user',
        objectId: user.id,
        requestId,
        outcome: 'success',
        reason: review ? `review=${review.id}` : null,
      });
      return this.#describeOne(trx, auth, user, now);
    });
  }

  /**
   * Revokes part of a user's access through the service that owns it: takes them off a case team
   * (`case.team_remove`), takes a unit from them (`user.units_changed`), or deactivates the account
   * (`user.deactivate`); then records the decision (`access_review.revoked`). Answers the user as the
   * review now sees them, or null once the account is deactivated (it leaves the review's list).
   */
  async revoke(
    auth: AuthContext,
    userId: string,
    input: AccessRevocation,
    requestId: string,
  ): Promise<AccessReviewUser | null> {
    const now = this.#now();
    const context = { now, requestId };
    const record = (trx: TenantTransaction, reviewId: string | null) =>
      this.#recordRevocation(trx, auth, { userId, input, reviewId, now, requestId });
    if (input.what === 'team_membership') {
      const caseId = required(input.caseId, 'caseId');
      return withTenant(this.#database, scopeOf(auth), async (trx) => {
        await this.#authorize(trx, auth, 'revoke', userId);
        const user = await findReviewedUser(trx, userId);
        if (!user) throw userNotFound();
        await removeTeamMember(trx, auth, caseId, user.id, context);
        await record(trx, (await findOpenReview(trx))?.id ?? null);
        return this.#describeOne(trx, auth, user, now);
      });
    }
    const unitId = input.what === 'unit' ? required(input.unitId, 'unitId') : null;
    const remaining = await withTenant(this.#database, scopeOf(auth), async (trx) => {
      await this.#authorize(trx, auth, 'revoke', userId);
      if (!(await findReviewedUser(trx, userId))) throw userNotFound();
      if (unitId === null) return null;
      const unitIds = await listUserUnitIds(trx, userId);
      if (!unitIds.includes(unitId))
        throw new NotFound('unit_not_assigned', 'The user does not belong to this unit.');
      return unitIds.filter((id) => id !== unitId);
    });
    // The owning services run their own transactions, rules and audit events.
    if (remaining === null) await deactivateUserById(this.#database, auth, userId, now);
    else
      await setUserUnits(
        this.#database,
        auth.tenantId,
        { id: userId },
        { ids: remaining },
        { kind: 'user', actor: auth },
      );
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      await record(trx, (await findOpenReview(trx))?.id ?? null);
      const user = await findReviewedUser(trx, userId);
      return user ? this.#describeOne(trx, auth, user, now) : null;
    });
  }

  async #recordRevocation(
    trx: TenantTransaction,
    auth: AuthContext,
    revocation: {
      userId: string;
      input: AccessRevocation;
      reviewId: string | null;
      now: Date;
      requestId: string;
    },
  ): Promise<void> {
    const { input } = revocation;
    const caseId = input.what === 'team_membership' ? (input.caseId ?? null) : null;
    const unitId = input.what === 'unit' ? (input.unitId ?? null) : null;
    await insertDecision(trx, {
      id: randomUUID(),
      tenant_id: auth.tenantId,
      review_id: revocation.reviewId,
      user_id: revocation.userId,
      decision: 'revoked',
      revoked: input.what,
      case_id: caseId,
      unit_id: unitId,
      decided_by: auth.userId,
      decided_at: revocation.now,
    });
    await recordAuditEvent(trx, {
      ...auditActorOf(auth),
      action: 'access_review.revoked',
      objectType: 'user',
      objectId: revocation.userId,
      caseId,
      requestId: revocation.requestId,
      outcome: 'success',
      reason: [
        `what=${input.what}`,
        unitId ? `unit=${unitId}` : null,
        revocation.reviewId ? `review=${revocation.reviewId}` : null,
      ]
        .filter(Boolean)
        .join(':'),
    });
  }

  async #describeOne(
    trx: TenantTransaction,
    auth: AuthContext,
    user: ReviewedUserRow,
    now: Date,
  ): Promise<AccessReviewUser> {
    const settings = await readSettings(trx);
    const review = await findOpenReview(trx);
    const fresh = (await findReviewedUser(trx, user.id)) ?? user;
    const [described] = await describeUsers(trx, auth, [fresh], {
      now,
      settings,
      reviewId: review?.id ?? null,
    });
    return described as AccessReviewUser;
  }
}

function required(value: string | undefined, path: string): string {
  if (!value)
    throw new Invalid('revocation_invalid', `This revocation names a ${path}.`, [
      { path, message: 'is required' },
    ]);
  return value;
}

async function readSettings(trx: TenantTransaction): Promise<AccessReviewSettings> {
  const row = await findSettings(trx);
  return row
    ? { inactiveAfterDays: row.inactive_after_days, reviewEveryDays: row.review_every_days }
    : DEFAULT_SETTINGS;
}

async function toReview(trx: TenantTransaction, row: ReviewRow): Promise<AccessReview> {
  const names = await selectNames(trx, [row.started_by, ...(row.completed_by ? [row.completed_by] : [])]);
  return {
    id: row.id,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    startedAt: row.started_at.toISOString(),
    startedBy: { id: row.started_by, name: names.get(row.started_by) ?? '' },
    completedAt: row.completed_at?.toISOString() ?? null,
    completedBy: row.completed_by ? { id: row.completed_by, name: names.get(row.completed_by) ?? '' } : null,
    progress: await countReviewProgress(trx, row.id),
  };
}

const groupBy = <T extends { user_id: string }>(rows: T[]) => {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(row.user_id, [...(map.get(row.user_id) ?? []), row]);
  return map;
};

/** The users with everything the review shows of them: a fixed number of statements for any number. */
async function describeUsers(
  trx: TenantTransaction,
  auth: AuthContext,
  rows: ReviewedUserRow[],
  options: { now: Date; settings: AccessReviewSettings; reviewId: string | null },
): Promise<AccessReviewUser[]> {
  const ids = rows.map((row) => row.id);
  const { now, settings, reviewId } = options;
  const actor = await accessActor(trx, auth);
  const units = groupBy(await selectUserUnits(trx, ids));
  const scope = groupBy(await countUnitScopeCases(trx, ids));
  const team = groupBy(await selectTeamCases(trx, ids, now, LISTED_TEAM_CASES));
  const activity = new Map((await selectLastActivity(trx, ids)).map((row) => [row.user_id, row]));
  const tokens = new Map<string, Awaited<ReturnType<typeof selectLiveApiTokens>>>();
  for (const token of await selectLiveApiTokens(trx, ids, now))
    tokens.set(token.created_by, [...(tokens.get(token.created_by) ?? []), token]);
  const invitations = new Map((await selectOpenInvitations(trx, ids)).map((row) => [row.user_id, row]));
  const confirmations = new Map((await selectLastConfirmations(trx, ids)).map((row) => [row.user_id, row]));
  const decisions = new Map(
    (reviewId ? await selectReviewDecisions(trx, reviewId, ids) : []).map((row) => [row.user_id, row]),
  );
  const inactiveBefore = now.getTime() - settings.inactiveAfterDays * DAY_MS;

  return rows.map((row) => {
    const scopeRows = scope.get(row.id) ?? [];
    const teamRows = team.get(row.id) ?? [];
    const first = teamRows[0];
    const seen = activity.get(row.id);
    const invitation = invitations.get(row.id);
    const confirmation = confirmations.get(row.id);
    const decided = decisions.get(row.id);
    const lastSeen = seen?.last_seen_at ?? null;
    const accesses = new Set(scopeRows.map((entry) => entry.access));
    const subject = { tenantId: auth.tenantId, userId: row.id };
    return {
      id: row.id,
      name: row.display_name,
      email: row.email,
      role: row.role,
      specialty: row.specialty,
      tenantWide: row.tenant_wide,
      status: row.status === 'invited' ? 'invited' : 'active',
      alsoThreatManager: row.also_threat_manager,
      units: (units.get(row.id) ?? []).map((unit) => ({ id: unit.id, name: unit.name })),
      scope: scopeRows.length === 0 ? 'none' : row.role === 'admin' || row.tenant_wide ? 'tenant' : 'units',
      unitScope: {
        open: scopeRows.reduce((sum, entry) => sum + entry.open, 0),
        closed: scopeRows.reduce((sum, entry) => sum + entry.closed, 0),
        access: accesses.size === 0 ? null : accesses.size === 2 ? 'mixed' : ([...accesses][0] ?? null),
      },
      team: {
        open: first?.open ?? 0,
        closed: first?.closed ?? 0,
        onlyByTeam: { open: first?.only_team_open ?? 0, closed: first?.only_team_closed ?? 0 },
        expiring: first?.expiring ?? 0,
        cases: teamRows.map((entry) => ({
          caseId: entry.case_id,
          reference: entry.reference,
          status: entry.status,
          role: entry.role,
          expiresAt: entry.expires_at?.toISOString() ?? null,
          alsoByUnitScope: entry.also_by_unit_scope,
        })),
        more: Math.max(0, (first?.total ?? 0) - teamRows.length),
      },
      apiTokens: (tokens.get(row.id) ?? []).map((token) => ({
        id: token.id,
        name: token.name,
        expiresAt: token.expires_at.toISOString(),
        lastUsedAt: token.last_used_at?.toISOString() ?? null,
      })),
      lastSignInAt: seen?.last_sign_in_at?.toISOString() ?? null,
      lastSeenAt: lastSeen?.toISOString() ?? null,
      neverSignedIn: !seen,
      inactive: row.status === 'active' && (lastSeen ?? row.created_at).getTime() < inactiveBefore,
      invitation: invitation
        ? {
            sentAt: invitation.created_at.toISOString(),
            expiresAt: invitation.expires_at.toISOString(),
            expired: invitation.expires_at.getTime() <= now.getTime(),
          }
        : null,
      lastConfirmed: confirmation
        ? {
            at: confirmation.decided_at.toISOString(),
            by: { id: confirmation.decided_by, name: confirmation.decided_by_name },
          }
        : null,
      currentReview: reviewId
        ? {
            confirmedAt: decided?.confirmed_at?.toISOString() ?? null,
            revocations: decided?.revocations ?? 0,
          }
        : null,
      can: {
        confirm: canAccessReview(actor, 'confirm', subject),
        revoke: canAccessReview(actor, 'revoke', subject),
      },
    };
  });
}
