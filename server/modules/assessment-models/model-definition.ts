import { type Static, Type } from 'typebox';
import {
  Code,
  DefinitionId,
  LocalisedText,
  ScaleId,
  SemanticVersion,
} from '../model-format/building-blocks.ts';
import { JsonLogic } from './json-logic.ts';

// An assessment model (../shared/MODELS.md): a versioned, immutable-once-published JSON document that
// structures a structured-professional-judgement assessment. Items are rated on weighted scales with an
// explicit "unknown"; derived values and rules (JsonLogic with a few whitelisted helpers) suggest a level
// on the organisation's criticality scale; a person makes the final judgement. This TypeBox schema is the
// one source of models/model.schema.json (scripts/write-model-schema.ts) and of the validator
// (validate-model.ts), which adds what a schema cannot say (references, uniqueness, the changelog).

/** The organisation's criticality scale (MODELS.md): L1 low, L2 moderate, L3 high, L4 critical. */
export const LEVELS = ['L1', 'L2', 'L3', 'L4'] as const;
export type Level = (typeof LEVELS)[number];
export const LevelCode = Type.Union(
  [Type.Literal('L1'), Type.Literal('L2'), Type.Literal('L3'), Type.Literal('L4')],
  {
    title: 'Level',
  },
);

/** Item ids follow MODELS.md's examples: lower-case words joined by hyphens (`novel-aggression`). */
export const ItemId = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$' });
const RuleId = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,39}$' });
const DerivedId = Type.String({ pattern: '^[a-z][A-Za-z0-9]{0,39}$' });
const ConceptId = Type.String({ pattern: '^[a-z][a-z0-9-]*:[a-z0-9][a-z0-9/_-]*$', maxLength: 120 });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const ScaleOption = Type.Object(
  {
    code: Code,
    label: LocalisedText,
    /** Counted by `sumWeightTag`; null for the unknown option and for options that carry no weight. */
    weight: Type.Optional(Type.Union([Type.Number({ minimum: -100, maximum: 100 }), Type.Null()])),
    /** The one option that means "unknown / not yet assessed": excluded from sums, counted by `unknownShare`. */
    missing: Type.Optional(Type.Literal(true)),
  },
  { title: 'ScaleOption', additionalProperties: false },
);

export const ModelScale = Type.Object(
  {
    type: Type.Literal('single-choice'),
    options: Type.Array(ScaleOption, { minItems: 2, maxItems: 20 }),
  },
  { title: 'ModelScale', additionalProperties: false },
);

export const ModelItem = Type.Object(
  {
    itemId: ItemId,
    /** The concept the item asks about, stable across versions and models (comparisons across majors). */
    conceptId: ConceptId,
    text: LocalisedText,
    help: Type.Optional(LocalisedText),
    scale: ScaleId,
    /** A second scale for how the item developed since the last assessment (e.g. `trend`). */
    trendScale: Type.Optional(ScaleId),
    tags: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9-]{0,29}$' }), { maxItems: 10, uniqueItems: true }),
    evidence: Type.Optional(Type.Union([Type.Literal('optional'), Type.Literal('requiredIfPositive')])),
    sourceRef: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { title: 'ModelItem', additionalProperties: false },
);
export type ModelItem = Static<typeof ModelItem>;

export const ModelSection = Type.Object(
  {
    id: ItemId,
    title: LocalisedText,
    help: Type.Optional(LocalisedText),
    items: Type.Array(ModelItem, { minItems: 1, maxItems: 60 }),
  },
  { title: 'ModelSection', additionalProperties: false },
);

export const DerivedValue = Type.Object(
  { id: DerivedId, label: Type.Optional(LocalisedText), expr: JsonLogic },
  { title: 'DerivedValue', additionalProperties: false },
);

export const ModelRule = Type.Object(
  {
    id: RuleId,
    suggest: LevelCode,
    /** A floor cannot be lowered by protective factors. */
    floor: Type.Boolean(),
    when: JsonLogic,
    explain: LocalisedText,
  },
  { title: 'ModelRule', additionalProperties: false },
);
export type ModelRule = Static<typeof ModelRule>;

export const SuggestionPolicy = Type.Object(
  {
    aggregate: Type.Literal('max'),
    protectiveAdjustment: Type.Optional(
      Type.Object(
        {
          variable: DerivedId,
          ifAtLeast: Type.Number(),
          steps: Type.Literal(-1),
          neverBelowFloor: Type.Literal(true),
        },
        { additionalProperties: false },
      ),
    ),
    insufficientInformation: Type.Optional(
      Type.Object(
        {
          variable: DerivedId,
          above: Type.Number({ minimum: 0, maximum: 1 }),
          flag: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,39}$' }),
          blocksLevelBelow: LevelCode,
        },
        { additionalProperties: false },
      ),
    ),
    labelForUsers: LocalisedText,
  },
  { title: 'SuggestionPolicy', additionalProperties: false },
);

export const LicenseType = Type.Union([
  Type.Literal('internal'),
  Type.Literal('open'),
  Type.Literal('public-domain'),
  Type.Literal('proprietary'),
]);

export const ModelLicense = Type.Object(
  {
    type: LicenseType,
    spdx: Type.Optional(Type.Union([Type.String({ maxLength: 60 }), Type.Null()])),
    holder: Type.Optional(Type.String({ maxLength: 200 })),
    instrument: Type.Optional(Type.String({ maxLength: 200 })),
    redistributable: Type.Boolean(),
    attribution: Type.Optional(Type.String({ maxLength: 1000 })),
    licenseEvidence: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    exportAllowed: Type.Boolean(),
    /** `labels-only`: the licence allows short item labels and manual page references, not the manual's text. */
    textPolicy: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('labels-only')])),
  },
  { title: 'ModelLicense', additionalProperties: false },
);

export const ModelSource = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9-]{0,59}$' }),
    citation: Type.String({ minLength: 1, maxLength: 1000 }),
    doi: Type.Optional(Type.String({ maxLength: 200 })),
    url: Type.Optional(Type.String({ format: 'uri', maxLength: 500 })),
    rights: Type.Optional(Type.String({ maxLength: 100 })),
    use: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { title: 'ModelSource', additionalProperties: false },
);

export const ChangelogEntry = Type.Object(
  {
    version: SemanticVersion,
    date: Day,
    bump: Type.Union([Type.Literal('major'), Type.Literal('minor'), Type.Literal('patch')]),
    affectsSuggestion: Type.Boolean(),
    summary: LocalisedText,
    changes: Type.Array(
      Type.Object(
        {
          op: Type.String({ pattern: '^[a-z][A-Za-z]{0,39}$' }),
          itemId: Type.Optional(ItemId),
          ruleId: Type.Optional(RuleId),
          section: Type.Optional(ItemId),
          detail: Type.Optional(Type.String({ maxLength: 500 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
    rationale: Type.Optional(LocalisedText),
  },
  { title: 'ChangelogEntry', additionalProperties: false },
);

const ConceptRelation = Type.Union([
  Type.Literal('equivalent'),
  Type.Literal('broader'),
  Type.Literal('narrower'),
  Type.Literal('split'),
  Type.Literal('merged'),
  Type.Literal('removed'),
  Type.Literal('new'),
]);

/** How the items of an earlier major version map onto this one (FHIR ConceptMap relations). */
export const Comparability = Type.Object(
  {
    from: Type.String({ maxLength: 140 }),
    itemMap: Type.Array(
      Type.Object(
        {
          from: ItemId,
          to: Type.Union([ItemId, Type.Array(ItemId, { minItems: 1 }), Type.Null()]),
          relation: ConceptRelation,
        },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
  },
  { title: 'Comparability', additionalProperties: false },
);

/** An answer set with the suggestion the model must give for it: checked before a version is published. */
export const ModelFixture = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,59}$' }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    answers: Type.Record(ItemId, Code),
    expect: Type.Object(
      {
        suggestedLevel: LevelCode,
        flags: Type.Optional(Type.Array(Type.String({ maxLength: 40 }))),
        fired: Type.Optional(Type.Array(RuleId)),
      },
      { additionalProperties: false },
    ),
  },
  { title: 'ModelFixture', additionalProperties: false },
);
export type ModelFixture = Static<typeof ModelFixture>;

export const ModelStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('active'),
  Type.Literal('retired'),
]);

export const AssessmentModel = Type.Object(
  {
    $schema: Type.Optional(Type.String({ maxLength: 200 })),
    kind: Type.Literal('AssessmentModel'),
    modelId: DefinitionId,
    url: Type.Optional(Type.String({ format: 'uri', maxLength: 300 })),
    version: SemanticVersion,
    versionAlgorithm: Type.Literal('semver'),
    status: ModelStatus,
    title: LocalisedText,
    description: Type.Optional(LocalisedText),
    publisher: Type.String({ minLength: 1, maxLength: 200 }),
    effectivePeriod: Type.Optional(
      Type.Object({ start: Day, end: Type.Optional(Day) }, { additionalProperties: false }),
    ),
    supersedes: Type.Optional(Type.Union([Type.String({ maxLength: 140 }), Type.Null()])),
    /** `sha256:<hex>` over the RFC 8785 canonical JSON of the model without this field; set on publishing. */
    contentHash: Type.Optional(Type.String({ pattern: '^sha256:[0-9a-f]{64}$' })),
    license: ModelLicense,
    sources: Type.Array(ModelSource, { maxItems: 50 }),
    locales: Type.Array(Type.Union([Type.Literal('en'), Type.Literal('de')]), {
      minItems: 1,
      uniqueItems: true,
    }),
    levelScale: Type.Literal('org.criticality.v1'),
    scales: Type.Record(ScaleId, ModelScale),
    sections: Type.Array(ModelSection, { minItems: 1, maxItems: 30 }),
    derived: Type.Array(DerivedValue, { maxItems: 60 }),
    rules: Type.Array(ModelRule, { minItems: 1, maxItems: 100 }),
    suggestionPolicy: SuggestionPolicy,
    finalJudgement: Type.Object(
      {
        required: Type.Literal(true),
        scale: Type.Literal('org.criticality.v1'),
        rationaleRequired: Type.Literal('always'),
        overrideRequiresSecondReviewer: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    comparability: Type.Optional(Comparability),
    changelog: Type.Array(ChangelogEntry, { minItems: 1, maxItems: 200 }),
    fixtures: Type.Array(ModelFixture, { maxItems: 500 }),
  },
  { title: 'AssessmentModel', additionalProperties: false },
);
export type AssessmentModel = Static<typeof AssessmentModel>;

/**
 * A scale of the model by id. Only the model's own scales: a scale id such as `constructor` must not find
 * what every JavaScript object inherits.
 */
export function scaleOf(model: AssessmentModel, scaleId: string): ModelScaleType | undefined {
  return Object.hasOwn(model.scales, scaleId) ? model.scales[scaleId] : undefined;
}
type ModelScaleType = Static<typeof ModelScale>;

/** Every item of a model, in order. */
export function modelItems(model: AssessmentModel): ModelItem[] {
  return model.sections.flatMap((section) => section.items);
}
