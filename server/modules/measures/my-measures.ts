import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { mayListCases } from '../cases/policy.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { dayOf } from '../reports/days.ts';
import type { MyMeasure } from './schemas.ts';
import { selectMyOpenMeasures } from './store.ts';

// "My measures" across cases, for the home page: what the user carries out or takes part in, soonest due
// first, with the case's reference and the measure's type, due day and status — no sealed text, so the
// list needs no case keys.

/** The most measures the home page lists. */
const LIMIT = 100;

/** The user's open measures; audited as one `case.measure_read` (reason `mine`). */
export async function myOpenMeasures(
  trx: TenantTransaction,
  auth: AuthContext,
  context: { requestId: string; now: Date },
): Promise<MyMeasure[]> {
  if (!mayListCases(auth)) return [];
  const rows = await selectMyOpenMeasures(trx, auth.userId, LIMIT);
  const today = dayOf(context.now);
  const measures = rows.map((row) => ({
    id: row.id,
    case: { id: row.case_id, reference: row.reference },
    typeKey: row.type_key,
    status: row.status,
    dueOn: row.due_on,
    overdue: row.due_on !== null && row.due_on < today,
    asOwner: row.owner_id === auth.userId,
  }));
  if (measures.length > 0)
    await recordAuditEvent(trx, {
      ...auditActorOf(auth),
      action: 'case.measure_read',
      objectType: 'measure',
      objectIds: measures.map((measure) => measure.id),
      requestId: context.requestId,
      outcome: 'success',
      reason: 'mine',
    });
  return measures;
}
