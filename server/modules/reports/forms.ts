import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Conflict } from '../../errors.ts';
import { assertFormDefinition, defaultReportForm } from './answers.ts';
import type { ReportFormDefinition } from './form-definition.ts';
import { findForm, insertForm, latestForm } from './store.ts';

/** The form a tenant's portal shows now: its latest published version, or TMA's default. */
export async function currentReportForm(trx: TenantTransaction): Promise<ReportFormDefinition> {
  const row = await latestForm(trx);
  return row ? (row.definition as ReportFormDefinition) : defaultReportForm;
}

/** The form version a report was submitted with (reports stay pinned to it). */
export async function reportFormVersion(
  trx: TenantTransaction,
  formId: string,
  version: string,
): Promise<ReportFormDefinition> {
  if (formId === defaultReportForm.formId && version === defaultReportForm.version) return defaultReportForm;
  const row = await findForm(trx, formId, version);
  if (!row) throw new Error(`report form ${formId}|${version} is missing`);
  return row.definition as ReportFormDefinition;
}

/** Publishes a new version of the tenant's form; a published version never changes (409 if it exists). */
export async function publishReportForm(
  trx: TenantTransaction,
  tenantId: string,
  definition: unknown,
  publishedBy: string | null,
): Promise<ReportFormDefinition> {
  assertFormDefinition(definition);
  const taken =
    definition.formId === defaultReportForm.formId && definition.version === defaultReportForm.version;
  const inserted =
    !taken &&
    (await insertForm(trx, {
      tenant_id: tenantId,
      form_id: definition.formId,
      version: definition.version,
      definition,
      published_by: publishedBy,
    }));
  if (!inserted)
    throw new Conflict(
      'report_form_version_exists',
      `Version ${definition.version} of ${definition.formId} is published already; give the new one a higher version.`,
    );
  return definition;
}
