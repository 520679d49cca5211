import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { recordAuditEvent } from '../audit/service.ts';
import type { ReportFormDefinition } from './form-definition.ts';
import { currentReportForm, publishReportForm } from './forms.ts';

// The operator's side of the report form (`tma report-form`): the same rules as an admin's PUT
// /api/v1/report-form (SettingsService), with the operator as the actor in the audit log.

/** The form the tenant's portal shows now. */
export function showReportForm(database: Database, tenantId: string): Promise<ReportFormDefinition> {
  return withTenant(database, { tenantId, userId: null }, (trx) => currentReportForm(trx));
}

/** Publishes a new form version as the operator (audited as `report_form.publish`). */
export function publishReportFormAsOperator(
  database: Database,
  tenantId: string,
  definition: unknown,
): Promise<ReportFormDefinition> {
  return withTenant(database, { tenantId, userId: null }, async (trx) => {
    const form = await publishReportForm(trx, tenantId, definition, null);
    await recordAuditEvent(trx, {
      actorType: 'operator',
      actorId: null,
      action: 'report_form.publish',
      objectType: 'report_form',
      objectId: `${form.formId}|${form.version}`,
      requestId: null,
      outcome: 'success',
    });
    return form;
  });
}
