import type { Selectable } from 'kysely';
import type { AssessmentModelsTable, ModelStatusColumn } from '../../db/schema-assessments.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type ModelVersionRow = Selectable<AssessmentModelsTable>;

const COLUMNS = [
  'tenant_id',
  'model_id',
  'version',
  'status',
  'origin',
  'definition',
  'content_hash',
  'export_allowed',
  'created_by',
  'created_at',
  'updated_at',
  'published_by',
  'published_at',
  'retired_at',
] as const;

/** Every version in the registry, by model and then newest first by publication and creation. */
export function selectModelVersions(trx: TenantTransaction): Promise<ModelVersionRow[]> {
  return trx
    .selectFrom('assessment_models')
    .select(COLUMNS)
    .orderBy('model_id')
    .orderBy('created_at', 'desc')
    .execute();
}

export function findModelVersion(
  trx: TenantTransaction,
  modelId: string,
  version: string,
): Promise<ModelVersionRow | undefined> {
  return trx
    .selectFrom('assessment_models')
    .select(COLUMNS)
    .where('model_id', '=', modelId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** The versions of one model. */
export function modelVersionsOf(trx: TenantTransaction, modelId: string): Promise<ModelVersionRow[]> {
  return trx.selectFrom('assessment_models').select(COLUMNS).where('model_id', '=', modelId).execute();
}

/** The versions of one model, locked for a change of its lifecycle (one active version at a time). */
export function lockModelVersions(trx: TenantTransaction, modelId: string): Promise<ModelVersionRow[]> {
  return trx
    .selectFrom('assessment_models')
    .select(COLUMNS)
    .where('model_id', '=', modelId)
    .forUpdate()
    .execute();
}

export function activeModelVersion(
  trx: TenantTransaction,
  modelId: string,
): Promise<ModelVersionRow | undefined> {
  return trx
    .selectFrom('assessment_models')
    .select(COLUMNS)
    .where('model_id', '=', modelId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export interface NewModelVersion {
  tenantId: string;
  modelId: string;
  version: string;
  status: ModelStatusColumn;
  origin: 'tma' | 'organisation';
  definition: unknown;
  contentHash: string | null;
  exportAllowed: boolean;
  createdBy: string | null;
  now: Date;
}

/** Adds a version; false when the model has this version already. */
export async function insertModelVersion(trx: TenantTransaction, row: NewModelVersion): Promise<boolean> {
  const published = row.status !== 'draft';
  const inserted = await trx
    .insertInto('assessment_models')
    .values({
      tenant_id: row.tenantId,
      model_id: row.modelId,
      version: row.version,
      status: row.status,
      origin: row.origin,
      definition: JSON.stringify(row.definition),
      content_hash: row.contentHash,
      export_allowed: row.exportAllowed,
      created_by: row.createdBy,
      created_at: row.now,
      updated_at: row.now,
      published_by: published ? row.createdBy : null,
      published_at: published ? row.now : null,
    })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'model_id', 'version']).doNothing())
    .returning('version')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function updateDraftDefinition(
  trx: TenantTransaction,
  key: { modelId: string; version: string },
  definition: unknown,
  exportAllowed: boolean,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('assessment_models')
    .set({ definition: JSON.stringify(definition), export_allowed: exportAllowed, updated_at: now })
    .where('model_id', '=', key.modelId)
    .where('version', '=', key.version)
    .where('status', '=', 'draft')
    .execute();
}

export async function deleteDraft(trx: TenantTransaction, key: { modelId: string; version: string }) {
  await trx
    .deleteFrom('assessment_models')
    .where('model_id', '=', key.modelId)
    .where('version', '=', key.version)
    .where('status', '=', 'draft')
    .execute();
}

export async function setModelStatus(
  trx: TenantTransaction,
  key: { modelId: string; version: string },
  change:
    | { status: 'active'; definition: unknown; contentHash: string; by: string | null; now: Date }
    | { status: 'retired'; now: Date },
): Promise<void> {
  await trx
    .updateTable('assessment_models')
    .set(
      change.status === 'active'
        ? {
            status: 'active',
            definition: JSON.stringify(change.definition),
            content_hash: change.contentHash,
            published_by: change.by,
            published_at: change.now,
            updated_at: change.now,
          }
        : { status: 'retired', retired_at: change.now, updated_at: change.now },
    )
    .where('model_id', '=', key.modelId)
    .where('version', '=', key.version)
    .execute();
}
