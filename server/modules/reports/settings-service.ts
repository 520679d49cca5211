import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { Forbidden } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import type { AuthContext } from '../identity/service.ts';
import type { ReportFormDefinition } from './form-definition.ts';
import { currentReportForm, publishReportForm } from './forms.ts';
import { mayTriage } from './policy.ts';
import type { ReportSettings, ReportSettingsChange } from './schemas.ts';
import { reportSettings, type SettingsRow, updateReportSettings } from './store.ts';

const toSettings = (row: SettingsRow): ReportSettings => ({
  emergencyNotice: (row.emergency_notice as ReportSettings['emergencyNotice']) ?? null,
  acknowledgeDays: row.acknowledge_days,
  feedbackMonths: row.feedback_months,
  dangerAcknowledgeHours: row.danger_acknowledge_hours,
});

const adminsOnly = (auth: AuthContext) => {
  if (auth.role !== 'admin')
    throw new Forbidden('forbidden', 'Only administrators change the reporting portal.');
};

/** The portal's form and settings: read by the team, changed by admins (audited). */
export class SettingsService {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  async get(auth: AuthContext): Promise<ReportSettings> {
    if (!mayTriage(auth))
      throw new Forbidden('forbidden', 'Only threat managers and admins see these settings.');
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) =>
      toSettings(await reportSettings(trx, auth.tenantId)),
    );
  }

  async update(auth: AuthContext, input: ReportSettingsChange, requestId: string): Promise<ReportSettings> {
    adminsOnly(auth);
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) => {
      const row = await updateReportSettings(trx, auth.tenantId, {
        emergency_notice: input.emergencyNotice,
        acknowledge_days: input.acknowledgeDays,
        feedback_months: input.feedbackMonths,
        danger_acknowledge_hours: input.dangerAcknowledgeHours,
      });
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: auth.userId,
        action: 'report_settings.update',
        objectType: 'report_settings',
        objectId: auth.tenantId,
        requestId,
        outcome: 'success',
      });
      return toSettings(row);
    });
  }

  async currentForm(auth: AuthContext): Promise<ReportFormDefinition> {
    if (!mayTriage(auth))
      throw new Forbidden('forbidden', 'Only threat managers and admins see the report form.');
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, (trx) =>
      currentReportForm(trx),
    );
  }

  async publishForm(
    auth: AuthContext,
    definition: unknown,
    requestId: string,
  ): Promise<ReportFormDefinition> {
    adminsOnly(auth);
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) => {
      const form = await publishReportForm(trx, auth.tenantId, definition, auth.userId);
      await recordAuditEvent(trx, {
        actorType: 'user',
        actorId: auth.userId,
        action: 'report_form.publish',
        objectType: 'report_form',
        objectId: `${form.formId}|${form.version}`,
        requestId,
        outcome: 'success',
      });
      return form;
    });
  }
}
