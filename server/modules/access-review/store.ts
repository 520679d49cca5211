import { type Selectable, sql } from 'kysely';
import { defineKeyset, type KeysetPosition, selectKeysetPage } from '../../db/keyset.ts';
import type { PageRequest } from '../../db/page.ts';
import type {
  AccessReviewDecisionsTable,
  AccessReviewsTable,
  AccessRevocation,
} from '../../db/schema-access-review.ts';
import type { UsersTable } from '../../db/schema-identity.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

// The access review's SQL. Every count is one statement over the page's users together (no query per
// user): cases are grouped by unit once and joined with each user's unit scope (`tma_unit_accesses`, the one
// SQL text of unit scope, migration 0028), team memberships are read for the page's users at once. An admin
// runs these: row-level security lets them see every case of the tenant as metadata, which is all a count
// and a reference need.

export type ReviewRow = Selectable<AccessReviewsTable>;
export type ReviewedUserRow = Pick<
  Selectable<UsersTable>,
  'id' | 'email' | 'display_name' | 'role' | 'specialty' | 'tenant_wide' | 'status' | 'created_at'
> & { also_threat_manager: boolean };

/** The review's users in the users page's order: newest account first. */
export const reviewUsersKeyset = defineKeyset({
  name: 'access_review_users',
  columns: [
    { ref: 'users.created_at', type: 'timestamp' },
    { ref: 'users.id', type: 'uuid' },
  ],
  order: 'desc',
});

const reviewedUsers = (trx: TenantTransaction) =>
  trx
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role', 'specialty', 'tenant_wide', 'status', 'created_at'])
    .select(
      sql<boolean>`EXISTS (SELECT 1 FROM user_content_roles held
        WHERE held.user_id = users.id AND held.role = 'threat_manager')`.as('also_threat_manager'),
    )
    .where('status', '<>', 'deactivated');

/** One page of the users under review: every account that is active or invited. */
export async function selectReviewedUsersPage(
  trx: TenantTransaction,
  page: PageRequest,
): Promise<{ rows: ReviewedUserRow[]; next: KeysetPosition | null }> {
  const { rows, next } = await selectKeysetPage(reviewedUsers(trx), reviewUsersKeyset, page);
  return { rows: rows as ReviewedUserRow[], next };
}

/** One user under review (active or invited), or undefined. */
export async function findReviewedUser(
  trx: TenantTransaction,
  userId: string,
): Promise<ReviewedUserRow | undefined> {
  return (await reviewedUsers(trx).where('id', '=', userId).executeTakeFirst()) as
    | ReviewedUserRow
    | undefined;
}

/** The units of the users, by name. */
export async function selectUserUnits(
  trx: TenantTransaction,
  userIds: string[],
): Promise<Array<{ user_id: string; id: string; name: string }>> {
  if (userIds.length === 0) return [];
  return trx
    .selectFrom('user_units')
    .innerJoin('org_units', 'org_units.id', 'user_units.unit_id')
    .select(['user_units.user_id', 'org_units.id', 'org_units.name'])
    .where('user_units.user_id', 'in', userIds)
    .orderBy('org_units.name')
    .execute();
}

export interface UnitScopeCountRow {
  user_id: string;
  access: 'content' | 'metadata';
  units: number;
  open: number;
  closed: number;
}

/**
 * Per user and access level: how many units, and how many open and closed cases (not deleted) those units
 * hold. Cases are grouped by unit once; each user's units come from `tma_unit_accesses`.
 */
export async function countUnitScopeCases(
  trx: TenantTransaction,
  userIds: string[],
): Promise<UnitScopeCountRow[]> {
  if (userIds.length === 0) return [];
  const { rows } = await sql<UnitScopeCountRow>`
    WITH per_unit AS (
      SELECT c.unit_id,
             count(*) FILTER (WHERE c.status <> 'closed')::int AS open,
             count(*) FILTER (WHERE c.status = 'closed')::int AS closed
      FROM cases c WHERE c.deleted_at IS NULL GROUP BY c.unit_id
    )
    SELECT u.id AS user_id, a.access, count(*)::int AS units,
           coalesce(sum(p.open), 0)::int AS open, coalesce(sum(p.closed), 0)::int AS closed
    FROM users u
    CROSS JOIN LATERAL tma_unit_accesses(u.id) AS a
    LEFT JOIN per_unit p ON p.unit_id = a.unit_id
    WHERE u.id = ANY (${userIds}::uuid[])
    GROUP BY u.id, a.access
  `.execute(trx);
  return rows;
}

export interface TeamCaseRow {
  user_id: string;
  case_id: string;
  reference: string;
  status: string;
  role: 'owner' | 'member';
  expires_at: Date | null;
  also_by_unit_scope: boolean;
  position: number;
  total: number;
  open: number;
  closed: number;
  only_team_open: number;
  only_team_closed: number;
  expiring: number;
}

/**
 * The case-team memberships through which the users read cases at `now` (`tma_team_cases`' rule: an
 * active user who is not an auditor, until the membership's end; deleted cases left out), the first
 * `listed` of each user (expiring first, then newest case), each row with its user's totals.
 */
export async function selectTeamCases(
  trx: TenantTransaction,
  userIds: string[],
  now: Date,
  listed: number,
): Promise<TeamCaseRow[]> {
  if (userIds.length === 0) return [];
  const { rows } = await sql<TeamCaseRow>`
    WITH scope AS (
      SELECT u.id AS user_id, a.unit_id FROM users u CROSS JOIN LATERAL tma_unit_accesses(u.id) AS a
      WHERE u.id = ANY (${userIds}::uuid[])
    ),
    team AS (
      SELECT m.user_id, c.id AS case_id, c.reference, c.status, m.role, m.expires_at,
             (s.unit_id IS NOT NULL) AS also_by_unit_scope,
             row_number() OVER (PARTITION BY m.user_id
               ORDER BY m.expires_at ASC NULLS LAST, c.created_at DESC, c.id) AS position
      FROM case_members m
      JOIN users me ON me.id = m.user_id
      JOIN cases c ON c.id = m.case_id
      LEFT JOIN scope s ON s.user_id = m.user_id AND s.unit_id = c.unit_id
      WHERE m.user_id = ANY (${userIds}::uuid[])
        AND me.status = 'active' AND me.role <> 'auditor'
        AND (m.expires_at IS NULL OR m.expires_at > ${now})
        AND c.deleted_at IS NULL
    ),
    totals AS (
      SELECT user_id, count(*)::int AS total,
             count(*) FILTER (WHERE status <> 'closed')::int AS open,
             count(*) FILTER (WHERE status = 'closed')::int AS closed,
             count(*) FILTER (WHERE status <> 'closed' AND NOT also_by_unit_scope)::int AS only_team_open,
             count(*) FILTER (WHERE status = 'closed' AND NOT also_by_unit_scope)::int AS only_team_closed,
             count(*) FILTER (WHERE expires_at IS NOT NULL)::int AS expiring
      FROM team GROUP BY user_id
    )
    SELECT team.user_id, team.case_id, team.reference, team.status, team.role, team.expires_at,
           team.also_by_unit_scope, team.position::int AS position, totals.total, totals.open, totals.closed,
           totals.only_team_open, totals.only_team_closed, totals.expiring
    FROM team JOIN totals USING (user_id)
    WHERE team.position <= ${listed}
    ORDER BY team.user_id, team.position
  `.execute(trx);
  return rows;
}

/** When each user was last seen in a session, and last signed in (sessions are kept, revoked or not). */
export async function selectLastActivity(
  trx: TenantTransaction,
  userIds: string[],
): Promise<Array<{ user_id: string; last_seen_at: Date | null; last_sign_in_at: Date | null }>> {
  if (userIds.length === 0) return [];
  return trx
    .selectFrom('sessions')
    .select('user_id')
    .select((eb) => [
      eb.fn.max('last_seen_at').as('last_seen_at'),
      eb.fn.max('created_at').as('last_sign_in_at'),
    ])
    .where('user_id', 'in', userIds)
    .groupBy('user_id')
    .execute() as Promise<
    Array<{ user_id: string; last_seen_at: Date | null; last_sign_in_at: Date | null }>
  >;
}

/** The API tokens the users created that still work at `now`. */
export function selectLiveApiTokens(trx: TenantTransaction, userIds: string[], now: Date) {
  if (userIds.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_by', 'expires_at', 'last_used_at'])
    .where('created_by', 'in', userIds)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at')
    .execute();
}

/** The latest unused, unrevoked invitation link of each user. */
export async function selectOpenInvitations(
  trx: TenantTransaction,
  userIds: string[],
): Promise<Array<{ user_id: string; created_at: Date; expires_at: Date }>> {
  if (userIds.length === 0) return [];
  const { rows } = await sql<{ user_id: string; created_at: Date; expires_at: Date }>`
    SELECT DISTINCT ON (user_id) user_id, created_at, expires_at FROM account_tokens
    WHERE user_id = ANY (${userIds}::uuid[]) AND purpose = 'invitation'
      AND used_at IS NULL AND revoked_at IS NULL
    ORDER BY user_id, created_at DESC
  `.execute(trx);
  return rows;
}

/** Each user's latest confirmation, with who gave it. */
export async function selectLastConfirmations(
  trx: TenantTransaction,
  userIds: string[],
): Promise<Array<{ user_id: string; decided_at: Date; decided_by: string; decided_by_name: string }>> {
  if (userIds.length === 0) return [];
  const { rows } = await sql<{
    user_id: string;
    decided_at: Date;
    decided_by: string;
    decided_by_name: string;
  }>`
    SELECT DISTINCT ON (d.user_id) d.user_id, d.decided_at, d.decided_by, by_user.display_name AS decided_by_name
    FROM access_review_decisions d JOIN users by_user ON by_user.id = d.decided_by
    WHERE d.user_id = ANY (${userIds}::uuid[]) AND d.decision = 'confirmed'
    ORDER BY d.user_id, d.decided_at DESC
  `.execute(trx);
  return rows;
}

/** What a review holds of each user: their last confirmation in it and how many revocations. */
export async function selectReviewDecisions(
  trx: TenantTransaction,
  reviewId: string,
  userIds: string[],
): Promise<Array<{ user_id: string; confirmed_at: Date | null; revocations: number }>> {
  if (userIds.length === 0) return [];
  return trx
    .selectFrom('access_review_decisions')
    .select('user_id')
    .select(sql<Date | null>`max(decided_at) FILTER (WHERE decision = 'confirmed')`.as('confirmed_at'))
    .select(sql<number>`count(*) FILTER (WHERE decision = 'revoked')::int`.as('revocations'))
    .where('review_id', '=', reviewId)
    .where('user_id', 'in', userIds)
    .groupBy('user_id')
    .execute();
}

/**
 * A review's progress: the users under review (active or invited, and those it deactivated) and how many
 * of them are done (confirmed in it, or deactivated by it).
 */
export async function countReviewProgress(
  trx: TenantTransaction,
  reviewId: string,
): Promise<{ reviewed: number; total: number }> {
  const { rows } = await sql<{ reviewed: number; total: number }>`
    WITH decided AS (
      SELECT user_id, bool_or(decision = 'confirmed') AS confirmed, bool_or(revoked = 'account') AS deactivated
      FROM access_review_decisions WHERE review_id = ${reviewId} GROUP BY user_id
    )
    SELECT count(*) FILTER (WHERE d.confirmed OR d.deactivated)::int AS reviewed, count(*)::int AS total
    FROM users u LEFT JOIN decided d ON d.user_id = u.id
    WHERE u.status <> 'deactivated' OR d.deactivated
  `.execute(trx);
  return rows[0] ?? { reviewed: 0, total: 0 };
}

export function findOpenReview(trx: TenantTransaction): Promise<ReviewRow | undefined> {
  return trx.selectFrom('access_reviews').selectAll().where('completed_at', 'is', null).executeTakeFirst();
}

export function findReview(trx: TenantTransaction, id: string): Promise<ReviewRow | undefined> {
  return trx.selectFrom('access_reviews').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The review completed last, if any. */
export function findLastCompletedReview(trx: TenantTransaction): Promise<ReviewRow | undefined> {
  return trx
    .selectFrom('access_reviews')
    .selectAll()
    .where('completed_at', 'is not', null)
    .orderBy('completed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Inserts a review; undefined when the tenant has an open one already (the unique index says so). */
export async function insertReview(
  trx: TenantTransaction,
  review: Omit<ReviewRow, 'completed_at' | 'completed_by'>,
): Promise<ReviewRow | undefined> {
  return trx
    .insertInto('access_reviews')
    .values(review)
    .onConflict((conflict) => conflict.column('tenant_id').where('completed_at', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Completes an open review; undefined when it is not open (any more). */
export function completeReview(
  trx: TenantTransaction,
  id: string,
  by: string,
  at: Date,
): Promise<ReviewRow | undefined> {
  return trx
    .updateTable('access_reviews')
    .set({ completed_by: by, completed_at: at })
    .where('id', '=', id)
    .where('completed_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function insertDecision(
  trx: TenantTransaction,
  decision: Omit<Selectable<AccessReviewDecisionsTable>, 'revoked'> & { revoked: AccessRevocation | null },
): Promise<void> {
  await trx.insertInto('access_review_decisions').values(decision).execute();
}

export function findSettings(trx: TenantTransaction) {
  return trx
    .selectFrom('access_review_settings')
    .select(['inactive_after_days', 'review_every_days'])
    .executeTakeFirst();
}

export async function upsertSettings(
  trx: TenantTransaction,
  row: { tenant_id: string; inactive_after_days: number; review_every_days: number; updated_by: string },
  now: Date,
): Promise<void> {
  await trx
    .insertInto('access_review_settings')
    .values({ ...row, updated_at: now })
    .onConflict((conflict) =>
      conflict.column('tenant_id').doUpdateSet({
        inactive_after_days: row.inactive_after_days,
        review_every_days: row.review_every_days,
        updated_by: row.updated_by,
        updated_at: now,
      }),
    )
    .execute();
}

/** Display names of users by id. */
export async function selectNames(trx: TenantTransaction, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}
