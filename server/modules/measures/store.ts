import { type Selectable, sql, type Updateable } from 'kysely';
import { allColumns } from '../../db/columns.ts';
import type { CaseMeasureExpertsTable, CaseMeasuresTable } from '../../db/schema-measures.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type MeasureRow = Selectable<CaseMeasuresTable>;
export type MeasureExpertRow = Selectable<CaseMeasureExpertsTable> & {
  display_name: string;
  specialty: string | null;
};

/** The most measures one case lists (each read names them all in one audit event). */
export const MAX_MEASURES = 200;

/** The case's measures (or one of them): open ones first by due day, then done and cancelled ones. */
export function selectMeasures(
  trx: TenantTransaction,
  caseId: string,
  measureId?: string,
): Promise<MeasureRow[]> {
  let query = trx
    .selectFrom('case_measures')
    .select(allColumns('case_measures'))
    .where('case_measures.case_id', '=', caseId);
  if (measureId !== undefined) query = query.where('case_measures.id', '=', measureId);
  return query
    .orderBy(
      sql`(case_measures.status IN ('done', 'cancelled')), case_measures.due_on ASC NULLS LAST,
        case_measures.completed_at DESC NULLS LAST, case_measures.seq`,
    )
    .limit(MAX_MEASURES)
    .execute();
}

export function insertMeasure(trx: TenantTransaction, row: Omit<MeasureRow, 'seq'>): Promise<unknown> {
  return trx.insertInto('case_measures').values(row).execute();
}

export function updateMeasure(
  trx: TenantTransaction,
  id: string,
  values: Updateable<CaseMeasuresTable>,
): Promise<unknown> {
  return trx.updateTable('case_measures').set(values).where('id', '=', id).execute();
}

/** The experts of the given measures with their names and specialties, in the order invited. */
export function selectMeasureExperts(
  trx: TenantTransaction,
  measureIds: readonly string[],
): Promise<MeasureExpertRow[]> {
  if (measureIds.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('case_measure_experts')
    .innerJoin('users', 'users.id', 'case_measure_experts.user_id')
    .select(allColumns('case_measure_experts'))
    .select(['users.display_name', 'users.specialty'])
    .where('case_measure_experts.measure_id', 'in', measureIds)
    .orderBy('case_measure_experts.invited_at')
    .orderBy('case_measure_experts.user_id')
    .execute();
}

export function insertMeasureExpert(
  trx: TenantTransaction,
  row: Omit<Selectable<CaseMeasureExpertsTable>, 'responded_at'> & { responded_at: Date | null },
): Promise<unknown> {
  return trx
    .insertInto('case_measure_experts')
    .values(row)
    .onConflict((conflict) => conflict.columns(['tenant_id', 'measure_id', 'user_id']).doNothing())
    .execute();
}

/** The invitation of `userId` to a measure, whatever its answer. */
export function findInvitation(trx: TenantTransaction, measureId: string, userId: string) {
  return trx
    .selectFrom('case_measure_experts')
    .select(allColumns('case_measure_experts'))
    .where('measure_id', '=', measureId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function answerInvitation(
  trx: TenantTransaction,
  measureId: string,
  userId: string,
  status: 'accepted' | 'declined',
  now: Date,
): Promise<unknown> {
  return trx
    .updateTable('case_measure_experts')
    .set({ status, responded_at: now })
    .where('measure_id', '=', measureId)
    .where('user_id', '=', userId)
    .where('status', '=', 'invited')
    .execute();
}

/** The user's open invitations (their own rows: row-level security lets an invitee read them). */
export function selectOpenInvitations(trx: TenantTransaction, userId: string) {
  return trx
    .selectFrom('case_measure_experts')
    .select(allColumns('case_measure_experts'))
    .where('user_id', '=', userId)
    .where('status', '=', 'invited')
    .orderBy('invited_at')
    .limit(100)
    .execute();
}

/**
 * What an invitee may know of the measures and cases they are invited to before accepting: type, owner
 * and due day of the measure, and the case's reference. Read without the user scope: the invitation row
 * (read with it) is the permission.
 */
export function selectInvitationFacts(trx: TenantTransaction, measureIds: readonly string[]) {
  if (measureIds.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('case_measures as m')
    .innerJoin('cases', 'cases.id', 'm.case_id')
    .select([
      'm.id',
      'm.type_key',
      'm.owner_id',
      'm.due_on',
      'm.status',
      'cases.reference',
      'cases.deleted_at',
    ])
    .where('m.id', 'in', measureIds)
    .execute();
}

/**
 * Claims the tenant's measures past their due day, not done or cancelled, not escalated since their due
 * day was last set: one UPDATE … RETURNING, so each is escalated by exactly one instance.
 */
export function claimOverdueMeasures(trx: TenantTransaction, today: string) {
  return trx
    .updateTable('case_measures')
    .set({ escalated_on: today })
    .where('status', 'in', ['planned', 'in_progress'])
    .where('due_on', '<', today)
    .where('escalated_on', 'is', null)
    .where(({ eb, selectFrom }) =>
      eb(
        'case_measures.case_id',
        'in',
        selectFrom('cases').select('cases.id').where('cases.deleted_at', 'is', null),
      ),
    )
    .returning(['id', 'case_id', 'type_key', 'owner_id'])
    .execute();
}

/** Whether `assessmentId` is a final assessment of the case (a measure may answer its scenarios). */
export async function finalAssessmentOfCase(
  trx: TenantTransaction,
  caseId: string,
  assessmentId: string,
): Promise<boolean> {
  const { rows } = await sql<{ found: number }>`SELECT 1 AS found FROM assessments
    WHERE id = ${assessmentId} AND case_id = ${caseId} AND status = 'final'`.execute(trx);
  return rows.length > 0;
}

/**
 * The open measures the user carries out (owner) or takes part in (accepted expert), in cases they still
 * read (row-level security), soonest due first.
 */
export function selectMyOpenMeasures(trx: TenantTransaction, userId: string, limit: number) {
  return trx
    .selectFrom('case_measures')
    .innerJoin('cases', 'cases.id', 'case_measures.case_id')
    .select([
      'case_measures.id',
      'case_measures.case_id',
      'case_measures.type_key',
      'case_measures.status',
      'case_measures.due_on',
      'case_measures.owner_id',
      'cases.reference',
    ])
    .where('cases.deleted_at', 'is', null)
    .where('case_measures.status', 'in', ['planned', 'in_progress'])
    .where((eb) =>
      eb.or([
        eb('case_measures.owner_id', '=', userId),
        eb(
          'case_measures.id',
          'in',
          eb
            .selectFrom('case_measure_experts')
            .select('case_measure_experts.measure_id')
            .where('case_measure_experts.user_id', '=', userId)
            .where('case_measure_experts.status', '=', 'accepted'),
        ),
      ]),
    )
    .orderBy('case_measures.due_on', (order) => order.asc().nullsLast())
    .orderBy('case_measures.seq')
    .limit(limit)
    .execute();
}
