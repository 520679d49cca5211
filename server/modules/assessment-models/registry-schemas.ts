import { type Static, Type } from 'typebox';
import { DefinitionId, SemanticVersion } from '../model-format/building-blocks.ts';
import { AssessmentModel, LevelCode } from './model-definition.ts';

// The registry of assessment models: what the API takes and answers. A model definition travels as the JSON
// of models/model.schema.json; the service checks it (validate-model.ts) and explains every problem.

const Problem = Type.Object(
  { path: Type.String(), message: Type.String() },
  { title: 'ModelProblem', additionalProperties: false },
);

export const ModelVersionParams = Type.Object({ modelId: DefinitionId, version: SemanticVersion });
export const ModelIdParam = Type.Object({ modelId: DefinitionId });

const Status = Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('retired')]);

export const ModelVersionSummary = Type.Object(
  {
    version: Type.String(),
    status: Status,
    origin: Type.Union([Type.Literal('tma'), Type.Literal('organisation')]),
    contentHash: Type.Union([Type.String(), Type.Null()]),
    exportAllowed: Type.Boolean(),
    title: Type.Object({ en: Type.String(), de: Type.String() }),
    createdAt: Type.String({ format: 'date-time' }),
    publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    retiredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { title: 'ModelVersionSummary', additionalProperties: false },
);

export const ModelSummary = Type.Object(
  {
    modelId: Type.String(),
    title: Type.Object({ en: Type.String(), de: Type.String() }),
    activeVersion: Type.Union([Type.String(), Type.Null()]),
    versions: Type.Array(ModelVersionSummary),
  },
  { title: 'ModelSummary', additionalProperties: false },
);

export const ModelList = Type.Object(
  {
    models: Type.Array(ModelSummary),
    can: Type.Object({ read: Type.Boolean(), manage: Type.Boolean() }, { additionalProperties: false }),
  },
  { title: 'ModelList', additionalProperties: false },
);
export type ModelList = Static<typeof ModelList>;

export const FixtureOutcome = Type.Object(
  {
    id: Type.String(),
    passed: Type.Boolean(),
    expected: LevelCode,
    actual: LevelCode,
    flags: Type.Array(Type.String()),
    fired: Type.Array(Type.String()),
    problem: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'FixtureOutcome', additionalProperties: false },
);

export const ModelChangeView = Type.Object(
  {
    bump: Type.Union([Type.Literal('major'), Type.Literal('minor'), Type.Literal('patch')]),
    op: Type.String(),
    target: Type.Union([Type.String(), Type.Null()]),
    affectsSuggestion: Type.Boolean(),
  },
  { title: 'ModelChange', additionalProperties: false },
);

/** What publishing would say about a definition: its problems, its fixtures, its diff to the last version. */
export const ModelCheck = Type.Object(
  {
    problems: Type.Array(Problem),
    fixtures: Type.Array(FixtureOutcome),
    previousVersion: Type.Union([Type.String(), Type.Null()]),
    diff: Type.Union([
      Type.Object(
        {
          required: Type.Union([
            Type.Literal('major'),
            Type.Literal('minor'),
            Type.Literal('patch'),
            Type.Null(),
          ]),
          affectsSuggestion: Type.Boolean(),
          changes: Type.Array(ModelChangeView),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    publishable: Type.Boolean(),
  },
  { title: 'ModelCheck', additionalProperties: false },
);
export type ModelCheck = Static<typeof ModelCheck>;

export const ModelVersionView = Type.Object(
  {
    ...ModelVersionSummary.properties,
    modelId: Type.String(),
    /** The model (models/model.schema.json). */
    definition: Type.Unknown(),
    /** For drafts: what publishing would say now. */
    check: Type.Union([ModelCheck, Type.Null()]),
    can: Type.Object(
      {
        edit: Type.Boolean(),
        publish: Type.Boolean(),
        retire: Type.Boolean(),
        discard: Type.Boolean(),
        export: Type.Boolean(),
        newVersion: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
  },
  { title: 'ModelVersion', additionalProperties: false },
);
export type ModelVersionView = Static<typeof ModelVersionView>;

export const ImportModel = Type.Object(
  {
    /** The model (models/model.schema.json); its status is ignored: it arrives as a draft. */
    definition: Type.Unknown(),
    /** Publish it at once (fixtures and version rules as for any publication). */
    publish: Type.Optional(Type.Boolean()),
  },
  { title: 'ImportModel', additionalProperties: false },
);

export const NewDraft = Type.Object(
  {
    /** The version to start from (any version of the model). */
    from: SemanticVersion,
    /** The draft's version: higher than every published one. */
    version: SemanticVersion,
  },
  { title: 'NewModelDraft', additionalProperties: false },
);

export const NewModelCopy = Type.Object(
  {
    /** The new model's id: dot-separated lower-case words, e.g. `acme.workplace-checklist`. */
    modelId: DefinitionId,
    title: Type.Object(
      {
        en: Type.String({ minLength: 1, maxLength: 200 }),
        de: Type.String({ minLength: 1, maxLength: 200 }),
      },
      { additionalProperties: false },
    ),
  },
  { title: 'NewModelCopy', additionalProperties: false },
);

export const DraftChange = Type.Object(
  { definition: Type.Unknown() },
  { title: 'ModelDraftChange', additionalProperties: false },
);

export const CheckModel = Type.Object(
  { definition: Type.Unknown() },
  { title: 'CheckModel', additionalProperties: false },
);

export const ExportQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('fhir')])),
  language: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('de')])),
});

/**
 * The model's schema as the OpenAPI document shows it: the same, except that the recursive JsonLogic
 * expressions (which OpenAPI tools do not resolve) are described in words; models/model.schema.json and the
 * validator have them in full.
 */
export const DocumentedAssessmentModel: object = JSON.parse(JSON.stringify(AssessmentModel), (_key, value) =>
  value && typeof value === 'object' && '$defs' in value && value.$ref === 'JsonLogic'
    ? {
        title: 'JsonLogic',
        description:
          'A JsonLogic expression using only the whitelisted operators and helpers (models/model.schema.json).',
      }
    : value,
);
