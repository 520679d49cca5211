import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Forbidden, Gone, NotFound } from '../../errors.ts';
import type { AccessActor } from '../access/unit-access.ts';
import { type CaseAction, type CaseSubject, canCase, serializeCase } from './policy.ts';
import { type CaseRow, findCaseWithMembership } from './store.ts';

/** Whether the case exists in the tenant, whoever may see it (for auditing a refused read). */
export { caseExists } from './store.ts';

// The one authorising load of a case: every service path that works on a case goes through loadCase().

const day = (date: Date) => date.toISOString().slice(0, 10);

/** What is left of a deleted case, as its 410 and the case list tell it. */
export function tombstoneOf(row: CaseRow) {
  return { on: day(row.deleted_at ?? row.updated_at), reason: row.deletion_reason };
}

/** A deleted case answers 410 with its tombstone. */
export function caseGone(row: CaseRow): Gone {
  return new Gone('case_deleted', `Case ${row.reference} was deleted.`, tombstoneOf(row));
}

export function caseSubject(row: CaseRow, actorIsMember: boolean): CaseSubject {
  return {
    tenantId: row.tenant_id,
    unitId: row.unit_id,
    unitParentId: row.unit_parent_id,
    actorIsMember,
    deleted: row.deleted_at !== null,
    ownerId: row.owner_id,
  };
}

export interface LoadedCase<Row extends CaseRow = CaseRow> {
  row: Row;
  /** Every case action and whether the actor may take it (for the response). */
  can: Record<CaseAction, boolean>;
  /** What the policies decide on (other modules' policies too: the legal hold's). */
  subject: CaseSubject;
}

/**
 * The case, for an actor who may take `action` on it. NotFound (`case_not_found`) when it does not exist or
 * the actor may not see it: a case one may not see does not exist for them (the caller audits the denied
 * read once its transaction has ended: audit/content-reads.ts). Gone (`case_deleted`, with its tombstone)
 * when it was deleted, to whoever could see it; Forbidden (`case_action_not_allowed`) when the actor sees
 * the case but may not take `action`. Row-level security has narrowed the load (`findCaseWithMembership`) already; the policy
 * decides again, on the same rule.
 */
export async function loadCase(
  trx: TenantTransaction,
  actor: AccessActor,
  id: string,
  action: CaseAction,
): Promise<LoadedCase> {
  return authorizeLoaded(await findCaseWithMembership(trx, id, actor.id), actor, action);
}

/**
 * loadCase()'s decision on a case its caller has loaded with more columns, in a statement built on
 * findCaseWithMembership() (the case read's findCaseDetail).
 */
export function authorizeLoaded<Row extends CaseRow>(
  found: (Row & { actor_is_member: boolean }) | undefined,
  actor: AccessActor,
  action: CaseAction,
): LoadedCase<Row> {
  const notFound = () => new NotFound('case_not_found', 'No such case.');
  if (!found) throw notFound();
  const { actor_is_member: actorIsMember, ...rest } = found;
  const row = rest as unknown as Row;
  const subject = caseSubject(row, actorIsMember);
  if (!canCase(actor, 'see', subject)) throw notFound();
  if (row.deleted_at) throw caseGone(row);
  if (!canCase(actor, action, subject))
    throw new Forbidden('case_action_not_allowed', `You may not ${action.replace('_', ' ')} this case.`);
  return { row, can: serializeCase(actor, subject), subject };
}
