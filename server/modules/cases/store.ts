import {
  type ExpressionBuilder,
  type Insertable,
  type RawBuilder,
  type Selectable,
  sql,
  type Updateable,
} from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { dataKeyColumn } from '../../crypto/keyring.ts';
import { allColumns } from '../../db/columns.ts';
import { compiledOnce } from '../../db/compiled-once.ts';
import type { DB } from '../../db/schema.ts';
import type { CasesTable } from '../../db/schema-reports.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { handOversColumn } from './hand-overs.ts';

export type CaseRow = Selectable<CasesTable> & {
  unit_name: string;
  unit_parent_id: string | null;
  owner_name: string | null;
};

export async function insertCase(trx: TenantTransaction, row: Insertable<CasesTable>): Promise<void> {
  await trx.insertInto('cases').values(row).execute();
}

export async function addCaseMember(
  trx: TenantTransaction,
  member: {
    tenant_id: string;
    case_id: string;
    user_id: string;
    role: 'owner' | 'member';
    added_by?: string | null;
    expires_at?: Date | null;
  },
): Promise<void> {
  await trx
    .insertInto('case_members')
    .values(member)
    .onConflict((conflict) => conflict.columns(['tenant_id', 'case_id', 'user_id']).doNothing())
    .execute();
}

/** Changes columns of a case (the service has authorised it with loadCase). */
export async function updateCase(
  trx: TenantTransaction,
  id: string,
  values: Updateable<CasesTable>,
): Promise<void> {
  await trx.updateTable('cases').set(values).where('id', '=', id).execute();
}

/** A team member's role; an owner's membership never ends by itself. */
export async function setCaseMemberRole(
  trx: TenantTransaction,
  caseId: string,
  userId: string,
  role: 'owner' | 'member',
): Promise<void> {
  await trx
    .updateTable('case_members')
    .set(role === 'owner' ? { role, expires_at: null } : { role })
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .execute();
}

/** The user, when they can own a case: active, and working as a threat manager (the SQL rule's own text). */
export function findEligibleOwner(trx: TenantTransaction, userId: string) {
  return trx
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', '=', userId)
    .where(sql<boolean>`tma_works_as_threat_manager(users.id)`)
    .executeTakeFirst();
}

/** Everyone who can own a case (active, working as a threat manager), by name. */
export function listEligibleOwners(trx: TenantTransaction) {
  return trx
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('status', '=', 'active')
    .where(sql<boolean>`tma_works_as_threat_manager(users.id)`)
    .orderBy('display_name')
    .orderBy('id')
    .limit(1000)
    .execute();
}

/** Cases with their unit and owner's name, as every case read selects them. */
export function caseQuery(trx: TenantTransaction) {
  return trx
    .selectFrom('cases')
    .innerJoin('org_units', 'org_units.id', 'cases.unit_id')
    .leftJoin('users', 'users.id', 'cases.owner_id')
    .select(allColumns('cases'))
    .select([
      'org_units.name as unit_name',
      'org_units.parent_id as unit_parent_id',
      'users.display_name as owner_name',
    ]);
}

/** A case, if the transaction's user may see it (row-level security on `cases`); authorise with loadCase(). */
export function findCase(trx: TenantTransaction, id: string): Promise<CaseRow | undefined> {
  return caseQuery(trx).where('cases.id', '=', id).executeTakeFirst();
}

/**
 * Whether `userId` is on the case's team, as a column of a case query. A scalar subquery with LIMIT, not
 * EXISTS: for EXISTS PostgreSQL may choose to hash all of the user's teams first (it plans a list for every
 * row the filter passes, not for the page), 30 000 rows for a threat manager who opened 30 000 cases.
 */
export const isMember = (userId: string) =>
  sql<boolean>`coalesce((SELECT true FROM case_members
    WHERE case_members.case_id = cases.id AND case_members.user_id = ${userId}
      AND (case_members.expires_at IS NULL OR case_members.expires_at > now()) LIMIT 1), false)`.as(
    'actor_is_member',
  );

/**
 * findCase() and whether `userId` is on the case's team, in one statement: the authorising load of every
 * case request (loadCase) needs both.
 */
export function findCaseWithMembership(
  trx: TenantTransaction,
  id: string,
  userId: string,
): Promise<(CaseRow & { actor_is_member: boolean }) | undefined> {
  return caseQuery(trx).select(isMember(userId)).where('cases.id', '=', id).executeTakeFirst();
}

/**
 * findCaseWithMembership() with everything the case page shows beside the case, in the same statement (issue
 * 18: one round trip instead of five): its reports, its hand-overs (reasons still sealed), its data key, and
 * its legal hold (`holdColumn` of the retention module, which owns the table). Built and compiled once.
 */
export function caseDetailQuery<Hold>(legalHold: (eb: ExpressionBuilder<DB, 'cases'>) => RawBuilder<Hold>) {
  const query = compiledOnce((db, id: string, userId: string) =>
    caseQuery(db as unknown as TenantTransaction)
      .select(isMember(userId))
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('reports')
            .select(['reports.id', 'reports.reference', 'reports.received_on'])
            .whereRef('reports.case_id', '=', 'cases.id')
            .orderBy('reports.number'),
        ).as('reports'),
        handOversColumn(eb).as('hand_overs'),
        dataKeyColumn('case', eb.ref('cases.id')).as('data_key'),
        legalHold(eb).as('legal_hold'),
      ])
      .where('cases.id', '=', id),
  );
  return async (trx: TenantTransaction, id: string, userId: string) => (await query(trx, id, userId))[0];
}

export function listCaseReports(trx: TenantTransaction, caseId: string) {
  return trx
    .selectFrom('reports')
    .select(['id', 'reference', 'received_on'])
    .where('case_id', '=', caseId)
    .orderBy('number')
    .execute();
}

/** The reports of a case with how they came in, for the case report. */
export function listCaseReportChannels(trx: TenantTransaction, caseId: string) {
  return trx
    .selectFrom('reports')
    .select(['id', 'reference', 'received_on', 'channel', 'anonymous'])
    .where('case_id', '=', caseId)
    .orderBy('number')
    .execute();
}

export async function moveCase(trx: TenantTransaction, caseId: string, unitId: string): Promise<void> {
  await trx
    .updateTable('cases')
    .set({ unit_id: unitId, updated_at: new Date() })
    .where('id', '=', caseId)
    .execute();
}

/** The reports a case took over go with it to its new unit. */
export async function moveCaseReports(trx: TenantTransaction, caseId: string, unitId: string): Promise<void> {
  await trx.updateTable('reports').set({ unit_id: unitId }).where('case_id', '=', caseId).execute();
}

/** Whether a case exists in the transaction's tenant, whoever may see it (run it without the user scope). */
export async function caseExists(trx: TenantTransaction, caseId: string): Promise<boolean> {
  const row = await trx.selectFrom('cases').select('id').where('id', '=', caseId).executeTakeFirst();
  return row !== undefined;
}
