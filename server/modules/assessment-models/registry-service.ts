import semver from 'semver';
import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import type { DefinitionProblem } from '../model-format/building-blocks.ts';
import { modelContentHash } from './content-hash.ts';
import { toFhirQuestionnaire } from './fhir-questionnaire.ts';
import { runFixtures } from './fixtures.ts';
import type { AssessmentModel } from './model-definition.ts';
import { authorizeModels, serializeModels } from './registry-policy.ts';
import type { ModelCheck, ModelList, ModelVersionView } from './registry-schemas.ts';
import {
  activeModelVersion,
  deleteDraft,
  findModelVersion,
  insertModelVersion,
  lockModelVersions,
  type ModelVersionRow,
  modelVersionsOf,
  selectModelVersions,
  setModelStatus,
  updateDraftDefinition,
} from './registry-store.ts';
import { ensureShippedModels } from './shipped-models.ts';
import { modelProblems } from './validate-model.ts';
import { diffModels, successorProblems } from './version-diff.ts';

// The organisation's registry of assessment models (MODELS.md "Lifecycle"): draft (editable) → active
// (frozen, content hash fixed; one per model) → retired (readable forever). Publishing is a command: the
// definition must be valid, its fixtures must pass, and its version must follow the last published one by
// the bump the machine diff requires. Every change is audited by model id and version.

type Key = { modelId: string; version: string };
const keyOf = (row: ModelVersionRow): Key => ({ modelId: row.model_id, version: row.version });
const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The stored definition, with the row's lifecycle status (the row is the truth about status). */
export function definitionOf(row: ModelVersionRow): AssessmentModel {
  return { ...(row.definition as AssessmentModel), status: row.status };
}

function summaryOf(row: ModelVersionRow) {
  const definition = definitionOf(row);
  return {
    version: row.version,
    status: row.status,
    origin: row.origin,
    contentHash: row.content_hash,
    exportAllowed: row.export_allowed,
    title: definition.title,
    createdAt: row.created_at.toISOString(),
    publishedAt: iso(row.published_at),
    retiredAt: iso(row.retired_at),
  };
}

/** The newest published version of the model below `version` (the one a draft is diffed against). */
function previousPublished(rows: readonly ModelVersionRow[], version: string): ModelVersionRow | undefined {
  return rows
    .filter((row) => row.status !== 'draft' && semver.lt(row.version, version))
    .sort((a, b) => semver.rcompare(a.version, b.version))[0];
}

function invalid(code: string, what: string, problems: DefinitionProblem[]): Invalid {
  const shown = problems.slice(0, 12).map((problem) => `${problem.path}: ${problem.message}`);
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
  return new Invalid(code, `${what} (${shown.join('; ')}${more}).`, problems);
}

/** What publishing would say about a definition, given the model's other versions. */
export function checkDefinition(definition: unknown, versions: readonly ModelVersionRow[]): ModelCheck {
  const problems = modelProblems(definition);
  if (problems.length > 0)
    return { problems, fixtures: [], previousVersion: null, diff: null, publishable: false };
  const model = definition as AssessmentModel;
  const fixtures = runFixtures(model).map((result) => ({
    id: result.id,
    passed: result.passed,
    expected: result.expected.suggestedLevel,
    actual: result.suggestedLevel,
    flags: result.flags,
    fired: result.fired,
    problem: result.problem ?? null,
  }));
  const others = versions.filter((row) => row.version !== model.version);
  const previous = previousPublished(others, model.version);
  const succession: DefinitionProblem[] = previous ? successorProblems(definitionOf(previous), model) : [];
  const newest = others
    .filter((row) => row.status !== 'draft')
    .sort((a, b) => semver.rcompare(a.version, b.version))[0];
  if (newest && !semver.gt(model.version, newest.version))
    succession.push({ path: 'version', message: `must be higher than the published ${newest.version}` });
  const failed = fixtures.filter((fixture) => !fixture.passed);
  const fixtureProblems = failed.map((fixture) => ({
    path: `fixtures.${model.fixtures.findIndex((f) => f.id === fixture.id)}`,
    message: fixture.problem ?? `expected ${fixture.expected}, got ${fixture.actual}`,
  }));
  const diff = previous ? diffModels(definitionOf(previous), model) : null;
  if (previous && diff?.required === null)
    succession.push({ path: 'version', message: `nothing changed since ${previous.version}` });
  const all = [...succession, ...fixtureProblems];
  return {
    problems: all,
    fixtures,
    previousVersion: previous?.version ?? null,
    diff: diff && {
      required: diff.required,
      affectsSuggestion: diff.affectsSuggestion,
      changes: diff.changes,
    },
    publishable: all.length === 0,
  };
}

export class ModelRegistryService {
  readonly #database: Database;
  readonly #now: () => Date;

  constructor(options: { database: Database; now?: () => Date }) {
    this.#database = options.database;
    this.#now = options.now ?? (() => new Date());
  }

  #run<T>(auth: AuthContext, work: (trx: TenantTransaction) => Promise<T>): Promise<T> {
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) => {
      await ensureShippedModels(trx, auth.tenantId, this.#now());
      return work(trx);
    });
  }

  /** Every model of the organisation with its versions, newest first. */
  list(auth: AuthContext): Promise<ModelList> {
    authorizeModels(auth, 'read');
    return this.#run(auth, async (trx) => {
      const rows = await selectModelVersions(trx);
      const byModel = new Map<string, ModelVersionRow[]>();
      for (const row of rows) byModel.set(row.model_id, [...(byModel.get(row.model_id) ?? []), row]);
      const models = [...byModel.entries()].map(([modelId, versions]) => {
        const sorted = [...versions].sort((a, b) => semver.rcompare(a.version, b.version));
        const shown = sorted.find((row) => row.status === 'active') ?? (sorted[0] as ModelVersionRow);
        return {
          modelId,
          title: definitionOf(shown).title,
          activeVersion: sorted.find((row) => row.status === 'active')?.version ?? null,
          versions: sorted.map(summaryOf),
        };
      });
      const can = serializeModels(auth);
      return { models, can: { read: can.read, manage: can.manage } };
    });
  }

  async #view(trx: TenantTransaction, auth: AuthContext, row: ModelVersionRow): Promise<ModelVersionView> {
    const manage = serializeModels(auth).manage;
    const versions = row.status === 'draft' ? await modelVersionsOf(trx, row.model_id) : [];
    return {
      ...summaryOf(row),
      modelId: row.model_id,
      definition: definitionOf(row),
      check: row.status === 'draft' ? checkDefinition(definitionOf(row), versions) : null,
      can: {
        edit: manage && row.status === 'draft',
        publish: manage && row.status === 'draft',
        retire: manage && row.status === 'active',
        discard: manage && row.status === 'draft',
        export: row.export_allowed,
        newVersion: manage,
      },
    };
  }

  async #find(trx: TenantTransaction, key: Key): Promise<ModelVersionRow> {
    const row = await findModelVersion(trx, key.modelId, key.version);
    if (!row) throw new NotFound('model_version_not_found', `No version ${key.version} of ${key.modelId}.`);
    return row;
  }

  /** One version with its definition; a draft with what publishing would say about it now. */
  get(auth: AuthContext, key: Key): Promise<ModelVersionView> {
    authorizeModels(auth, 'read');
    return this.#run(auth, async (trx) => this.#view(trx, auth, await this.#find(trx, key)));
  }

  /** What publishing a definition would say, without saving it (the editor's live check). */
  check(auth: AuthContext, definition: unknown): Promise<ModelCheck> {
    authorizeModels(auth, 'manage');
    return this.#run(auth, async (trx) => {
      const modelId = (definition as { modelId?: unknown } | null)?.modelId;
      const versions = typeof modelId === 'string' ? await modelVersionsOf(trx, modelId) : [];
      return checkDefinition({ ...(definition as object), status: 'draft' }, versions);
    });
  }

  /** Imports a model as a draft of the organisation (and publishes it when asked); `assessment_model.import`. */
  import(
    auth: AuthContext,
    input: { definition: unknown; publish?: boolean | undefined },
    requestId: string,
  ) {
    authorizeModels(auth, 'manage');
    return this.#run(auth, async (trx) => {
      const key = await importModelVersion(trx, editorOf(auth), input, requestId, this.#now());
      return this.#view(trx, auth, await this.#find(trx, key));
    });
  }

  /** Starts a new version as a draft copied from an existing one; `assessment_model.draft`. */
  newDraft(auth: AuthContext, modelId: string, input: { from: string; version: string }, requestId: string) {
    authorizeModels(auth, 'manage');
    return this.#run(auth, async (trx) => {
      const versions = await lockModelVersions(trx, modelId);
      const source = versions.find((row) => row.version === input.from);
      if (!source) throw new NotFound('model_version_not_found', `No version ${input.from} of ${modelId}.`);
      const highest = versions.map((row) => row.version).sort(semver.rcompare)[0] as string;
      if (!semver.gt(input.version, highest))
        throw new Invalid('model_version_not_higher', `A new version must be higher than ${highest}.`, [
          { path: 'version', message: `must be higher than ${highest}` },
        ]);
      const { contentHash: _hash, ...content } = definitionOf(source);
      const step = semver.diff(source.version, input.version) as 'major' | 'minor' | 'patch';
      const definition: AssessmentModel = {
        ...content,
        version: input.version,
        status: 'draft',
        supersedes: `${modelId}|${source.version}`,
        changelog: [
          {
            version: input.version,
            date: this.#now().toISOString().slice(0, 10),
            bump: ['major', 'minor', 'patch'].includes(step) ? step : 'major',
            affectsSuggestion: false,
            summary: { en: 'Describe the change.', de: 'Beschreiben Sie die Änderung.' },
            changes: [],
          },
          ...content.changelog,
        ],
      };
      const key = { modelId, version: input.version };
      await insertModelVersion(trx, {
        tenantId: auth.tenantId,
        ...key,
        status: 'draft',
        origin: 'organisation',
        definition,
        contentHash: null,
        exportAllowed: definition.license.exportAllowed,
        createdBy: auth.userId,
        now: this.#now(),
      });
      await auditModel(trx, editorOf(auth), 'draft', key, requestId);
      return this.#view(trx, auth, await this.#find(trx, key));
    });
  }

  /**
   * Starts a new model of the organisation as a draft 1.0.0 copied from a version of another: new id and
   * title, its own first changelog entry, no predecessor and no item map (it compares with the source by
   * concept ids). `assessment_model.copy` on the new model, the source in the reason.
   */
  copyAsNewModel(
    auth: AuthContext,
    source: Key,
    input: { modelId: string; title: { en: string; de: string } },
    requestId: string,
  ) {
    authorizeModels(auth, 'manage');
    return this.#run(auth, async (trx) => {
      const from = await this.#find(trx, source);
      if ((await modelVersionsOf(trx, input.modelId)).length > 0)
        throw new Conflict('model_exists', `The organisation has a model ${input.modelId} already.`);
      const { contentHash: _hash, comparability: _map, ...content } = definitionOf(from);
      const definition: AssessmentModel = {
        ...content,
        modelId: input.modelId,
        version: '1.0.0',
        status: 'draft',
        title: { en: input.title.en.trim(), de: input.title.de.trim() },
        supersedes: null,
        publisher: auth.tenant.name,
        changelog: [
          {
            version: '1.0.0',
            date: this.#now().toISOString().slice(0, 10),
            bump: 'major',
            affectsSuggestion: true,
            summary: {
              en: `First version, based on ${source.modelId} ${source.version}.`,
              de: `Erste Version, auf Grundlage von ${source.modelId} ${source.version}.`,
            },
            changes: [],
          },
        ],
      };
      const { url: _url, ...withoutUrl } = definition;
      const key = { modelId: input.modelId, version: '1.0.0' };
      await insertModelVersion(trx, {
        tenantId: auth.tenantId,
        ...key,
        status: 'draft',
        origin: 'organisation',
        definition: withoutUrl,
        contentHash: null,
        exportAllowed: definition.license.exportAllowed,
        createdBy: auth.userId,
        now: this.#now(),
      });
      await auditModel(
        trx,
        editorOf(auth),
        'copy',
        key,
        requestId,
        `from=${source.modelId}:${source.version}`,
      );
      return this.#view(trx, auth, await this.#find(trx, key));
    });
  }

  /** Replaces a draft's definition; a published version never changes (409); `assessment_model.update`. */
  updateDraft(auth: AuthContext, key: Key, definition: unknown, requestId: string) {
    authorizeModels(auth, 'manage');
    return this.#run(auth, async (trx) => {
      const row = await this.#draft(trx, key);
      const next = { ...(definition as object), status: 'draft' } as AssessmentModel;
      // Fixtures may be unfinished while the model is edited: the check (and publishing) judges them.
      const problems = modelProblems({ ...next, fixtures: [] });
      const identity = [
        ...(next.modelId !== key.modelId ? [{ path: 'modelId', message: `must stay ${key.modelId}` }] : []),
        ...(next.version !== key.version ? [{ path: 'version', message: `must stay ${key.version}` }] : []),
      ];
      if (identity.length > 0)
        throw invalid('model_identity_changed', 'A draft keeps its model id and version', identity);
      if (problems.length > 0) throw invalid('model_invalid', 'The assessment model is not valid', problems);
      const { contentHash: _hash, ...content } = next;
      await updateDraftDefinition(trx, keyOf(row), content, next.license.exportAllowed, this.#now());
      await auditModel(trx, editorOf(auth), 'update', key, requestId);
      return this.#view(trx, auth, await this.#find(trx, key));
    });
  }

  /** Discards a draft; `assessment_model.discard`. */
  discardDraft(auth: AuthContext, key: Key, requestId: string): Promise<void> {
    authorizeModels(auth, 'manage');
    return this.#run(auth, async (trx) => {
      await this.#draft(trx, key);
      await deleteDraft(trx, key);
      await auditModel(trx, editorOf(auth), 'discard', key, requestId);
    });
  }

  async #draft(trx: TenantTransaction, key: Key): Promise<ModelVersionRow> {
    const row = await this.#find(trx, key);
    if (row.status !== 'draft')
      throw new Conflict(
        'model_version_published',
        `Version ${key.version} of ${key.modelId} is published and never changes; start a new version.`,
      );
    return row;
  }

  /**
   * Publishes a draft: valid, fixtures passing, the version following the last published one as the diff
   * requires; the hash is fixed and the model's active version retired. `assessment_model.publish` with
   * `sha256=<hex>`.
   */
  publish(auth: AuthContext, key: Key, requestId: string): Promise<ModelVersionView> {
    authorizeModels(auth, 'manage');
    return this.#run(auth, async (trx) => {
      await publishModelVersion(trx, editorOf(auth), key, requestId, this.#now());
      return this.#view(trx, auth, await this.#find(trx, key));
    });
  }

  /** Retires the active version: no new assessments with it, readable forever; `assessment_model.retire`. */
  retire(auth: AuthContext, key: Key, requestId: string): Promise<ModelVersionView> {
    authorizeModels(auth, 'manage');
    return this.#run(auth, async (trx) => {
      const row = await this.#find(trx, key);
      if (row.status !== 'active')
        throw new Conflict('model_version_not_active', 'Only the active version of a model can be retired.');
      await setModelStatus(trx, key, { status: 'retired', now: this.#now() });
      await auditModel(trx, editorOf(auth), 'retire', key, requestId);
      return this.#view(trx, auth, await this.#find(trx, key));
    });
  }

  /**
   * A version as a file: our JSON, or an HL7 FHIR Questionnaire. Refused (403 `model_export_blocked`) for
   * models whose licence forbids it (proprietary instruments); `assessment_model.export`.
   */
  exportVersion(
    auth: AuthContext,
    key: Key,
    format: 'json' | 'fhir',
    language: 'en' | 'de',
    requestId: string,
  ): Promise<{ fileName: string; body: unknown }> {
    authorizeModels(auth, 'read');
    return this.#run(auth, async (trx) => {
      return exportModelVersion(trx, editorOf(auth), key, { format, language }, requestId);
    });
  }
}

/** Every model's active version (shipped ones first added to the registry), by model id. */
export async function activeModels(
  trx: TenantTransaction,
  tenantId: string,
  now: Date,
): Promise<AssessmentModel[]> {
  await ensureShippedModels(trx, tenantId, now);
  const rows = await selectModelVersions(trx);
  return rows.filter((row) => row.status === 'active').map(definitionOf);
}

/** The organisation's active version of a model, the one new assessments use. */
export async function activeModel(
  trx: TenantTransaction,
  tenantId: string,
  modelId: string,
  now: Date,
): Promise<AssessmentModel | undefined> {
  await ensureShippedModels(trx, tenantId, now);
  const row = await activeModelVersion(trx, modelId);
  return row?.content_hash ? { ...definitionOf(row), contentHash: row.content_hash } : undefined;
}

/** The version an assessment is pinned to, published or retired (drafts are never used on cases). */
export async function publishedModel(trx: TenantTransaction, key: Key): Promise<AssessmentModel | undefined> {
  const row = await findModelVersion(trx, key.modelId, key.version);
  return row && row.status !== 'draft' ? definitionOf(row) : undefined;
}

/** Who changes the registry: a signed-in user (or API token), or the operator at the command line. */
export interface ModelEditor {
  tenantId: string;
  userId: string | null;
  auditActor: { actorType: 'user' | 'api_token' | 'operator'; actorId: string | null };
}

export const editorOf = (auth: AuthContext): ModelEditor => ({
  tenantId: auth.tenantId,
  userId: auth.userId,
  auditActor: auditActorOf(auth),
});

function auditModel(
  trx: TenantTransaction,
  editor: ModelEditor,
  action: string,
  key: Key,
  requestId: string | null,
  reason?: string,
) {
  return recordAuditEvent(trx, {
    ...editor.auditActor,
    requestId,
    action: `assessment_model.${action}`,
    objectType: 'assessment_model',
    objectId: `${key.modelId}|${key.version}`,
    outcome: 'success',
    ...(reason ? { reason } : {}),
  });
}

async function findVersion(trx: TenantTransaction, key: Key): Promise<ModelVersionRow> {
  const row = await findModelVersion(trx, key.modelId, key.version);
  if (!row) throw new NotFound('model_version_not_found', `No version ${key.version} of ${key.modelId}.`);
  return row;
}

/**
 * Imports a model as a draft of the organisation, and publishes it when asked (`assessment_model.import`).
 * 422 `model_invalid` naming every problem; 409 `model_version_exists`.
 */
export async function importModelVersion(
  trx: TenantTransaction,
  editor: ModelEditor,
  input: { definition: unknown; publish?: boolean | undefined },
  requestId: string | null,
  now: Date,
): Promise<Key> {
  const definition = { ...(input.definition as object), status: 'draft' } as AssessmentModel;
  const problems = modelProblems(definition);
  if (problems.length > 0) throw invalid('model_invalid', 'The assessment model is not valid', problems);
  const { contentHash: _ignored, ...content } = definition;
  const key = { modelId: definition.modelId, version: definition.version };
  const inserted = await insertModelVersion(trx, {
    tenantId: editor.tenantId,
    ...key,
    status: 'draft',
    origin: 'organisation',
    definition: content,
    contentHash: null,
    exportAllowed: definition.license.exportAllowed,
    createdBy: editor.userId,
    now,
  });
  if (!inserted)
    throw new Conflict(
      'model_version_exists',
      `Version ${key.version} of ${key.modelId} exists already; give the model a new version.`,
    );
  await auditModel(trx, editor, 'import', key, requestId);
  if (input.publish) await publishModelVersion(trx, editor, key, requestId, now);
  return key;
}

/**
 * Publishes a draft: valid, fixtures passing, the version following the last published one as the diff
 * requires; the content hash is fixed and the model's active version retired (`assessment_model.publish`
 * with `sha256=<hex>`). 409 `model_version_published`; 422 `model_not_publishable` naming every problem.
 */
export async function publishModelVersion(
  trx: TenantTransaction,
  editor: ModelEditor,
  key: Key,
  requestId: string | null,
  now: Date,
): Promise<void> {
  const versions = await lockModelVersions(trx, key.modelId);
  const row = versions.find((candidate) => candidate.version === key.version);
  if (!row) throw new NotFound('model_version_not_found', `No version ${key.version} of ${key.modelId}.`);
  if (row.status !== 'draft')
    throw new Conflict(
      'model_version_published',
      `Version ${key.version} of ${key.modelId} is published already.`,
    );
  const draft = definitionOf(row);
  const check = checkDefinition(draft, versions);
  if (!check.publishable)
    throw invalid('model_not_publishable', 'This version cannot be published', check.problems);
  const published: AssessmentModel = { ...draft, status: 'active' };
  const contentHash = modelContentHash(published);
  for (const active of versions.filter((candidate) => candidate.status === 'active')) {
    await setModelStatus(trx, keyOf(active), { status: 'retired', now });
    await auditModel(trx, editor, 'retire', keyOf(active), requestId, 'superseded');
  }
  await setModelStatus(trx, key, {
    status: 'active',
    definition: { ...published, contentHash },
    contentHash,
    by: editor.userId,
    now,
  });
  await auditModel(trx, editor, 'publish', key, requestId, contentHash.replace(':', '='));
}

/**
 * A version as a file: our JSON, or an HL7 FHIR Questionnaire. Refused (403 `model_export_blocked`) for
 * models whose licence forbids it (proprietary instruments); `assessment_model.export`.
 */
export async function exportModelVersion(
  trx: TenantTransaction,
  editor: ModelEditor,
  key: Key,
  options: { format: 'json' | 'fhir'; language: 'en' | 'de' },
  requestId: string | null,
): Promise<{ fileName: string; body: unknown }> {
  const row = await findVersion(trx, key);
  if (!row.export_allowed)
    throw new Forbidden('model_export_blocked', 'The licence of this model does not allow exporting it.');
  await auditModel(trx, editor, 'export', key, requestId, options.format);
  const definition = definitionOf(row);
  const base = `${key.modelId}-${key.version}`;
  return options.format === 'fhir'
    ? { fileName: `${base}.questionnaire.json`, body: toFhirQuestionnaire(definition, options.language) }
    : { fileName: `${base}.model.json`, body: definition };
}
