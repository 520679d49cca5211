import type { IntegrityAlarm } from '../../crypto/integrity.ts';
import type { TenantKeys } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import type { AuthContext } from '../identity/service.ts';
import { readMeasurePlan } from './plan.ts';
import type { CaseMeasure } from './schemas.ts';
import { tenantMeasureTypes } from './type-service.ts';

// The measure plan of a case as its report prints it: every measure the exporter reads, with its type's
// name in both languages, read in the exporter's transaction (row-level security applies) and audited as
// `case.measure_read` like any read of the plan.

export interface ReportMeasure extends CaseMeasure {
  typeNames: { de: string; en: string } | null;
}

export async function readReportMeasures(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  context: { requestId: string; now: Date; alarm?: IntegrityAlarm | undefined },
): Promise<ReportMeasure[]> {
  const plan = await readMeasurePlan(trx, keys, auth, caseId, context);
  const names = new Map((await tenantMeasureTypes(trx)).map((type) => [type.key, type.names]));
  return plan.measures.map((measure) => ({ ...measure, typeNames: names.get(measure.typeKey) ?? null }));
}
