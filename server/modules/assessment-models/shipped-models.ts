import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { DEFAULT_MODELS } from './default-models.ts';
import { insertModelVersion } from './registry-store.ts';

// The models TMA ships (models/*.model.json) enter an organisation's registry as rows, so that a version an
// assessment used stays readable after TMA ships the next one. A shipped version the organisation does not
// have yet arrives active when it has no active version of that model, and as a draft to review otherwise
// (a newer default never replaces the organisation's choice on its own).

/** Adds the shipped model versions the organisation's registry does not hold yet. */
export async function ensureShippedModels(
  trx: TenantTransaction,
  tenantId: string,
  now: Date,
): Promise<void> {
  const held = await trx.selectFrom('assessment_models').select(['model_id', 'version', 'status']).execute();
  const has = new Set(held.map((row) => `${row.model_id}|${row.version}`));
  const active = new Set(held.filter((row) => row.status === 'active').map((row) => row.model_id));
  for (const model of DEFAULT_MODELS) {
    if (has.has(`${model.modelId}|${model.version}`)) continue;
    const activate = !active.has(model.modelId);
    const { contentHash, ...content } = model;
    await insertModelVersion(trx, {
      tenantId,
      modelId: model.modelId,
      version: model.version,
      status: activate ? 'active' : 'draft',
      origin: 'tma',
      definition: activate ? { ...content, status: 'active', contentHash } : { ...content, status: 'draft' },
      contentHash: activate ? (contentHash ?? null) : null,
      exportAllowed: model.license.exportAllowed,
      createdBy: null,
      now,
    });
    if (activate) active.add(model.modelId);
  }
}
