import { type Static, Type } from 'typebox';
import { ItemId, LevelCode } from '../assessment-models/model-definition.ts';
import { ExpertSpecialty } from '../identity/schemas.ts';
import { Code, DefinitionId } from '../model-format/building-blocks.ts';

// Assessments of a case: what the API takes and answers. Levels travel as codes L1–L4 (the model's scale);
// the case itself shows its level as 1–4.

const uuid = Type.String({ format: 'uuid' });
const day = Type.String({ format: 'date' });
const localised = Type.Object({ en: Type.String(), de: Type.String() });

export const AssessmentParams = Type.Object({ id: uuid, assessmentId: uuid });

export const EvidenceLink = Type.Object(
  {
    kind: Type.Union([Type.Literal('report'), Type.Literal('journal'), Type.Literal('document')]),
    id: uuid,
  },
  { title: 'EvidenceLink', additionalProperties: false },
);

export const AnswerInput = Type.Object(
  {
    /** A code of the item's scale; null: not answered yet. */
    value: Type.Union([Code, Type.Null()]),
    trend: Type.Optional(Type.Union([Code, Type.Null()])),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
    evidence: Type.Optional(Type.Array(EvidenceLink, { maxItems: 20 })),
  },
  { title: 'AssessmentAnswer', additionalProperties: false },
);
export type AnswerInput = Static<typeof AnswerInput>;

export const AnswersInput = Type.Object(
  { answers: Type.Record(ItemId, AnswerInput, { maxProperties: 200 }) },
  { title: 'AssessmentAnswers', additionalProperties: false },
);
export type AnswersInput = Static<typeof AnswersInput>;

export const NewAssessment = Type.Object(
  {
    /** The model to assess with: its active version is used. */
    modelId: DefinitionId,
    /** Re-assess: the final assessment this one will supersede (its answers are copied as a start). */
    supersedes: Type.Optional(uuid),
  },
  { title: 'NewAssessment', additionalProperties: false },
);

export const Judgement = Type.Object(
  {
    level: LevelCode,
    /** Why this level: always required. */
    rationale: Type.String({ minLength: 1, maxLength: 10_000 }),
    /** Why the level differs from the suggestion: required exactly when it does. */
    deviationReason: Type.Optional(Type.String({ maxLength: 10_000 })),
    scenarios: Type.Array(Type.String({ minLength: 1, maxLength: 1000 }), { maxItems: 10 }),
    /** When to assess again; by default the organisation's interval for the level. */
    nextReviewOn: Type.Optional(day),
  },
  { title: 'AssessmentJudgement', additionalProperties: false },
);
export type Judgement = Static<typeof Judgement>;

const FiredRuleView = Type.Object(
  { id: Type.String(), suggest: LevelCode, floor: Type.Boolean(), explain: localised },
  { additionalProperties: false },
);

export const Computation = Type.Object(
  {
    engineVersion: Type.String(),
    derived: Type.Record(
      Type.String(),
      Type.Union([Type.Number(), Type.Boolean(), Type.String(), Type.Null()]),
    ),
    fired: Type.Array(FiredRuleView),
    suggestedLevel: LevelCode,
    floorLevel: LevelCode,
    adjustments: Type.Array(
      Type.Object(
        {
          kind: Type.Union([Type.Literal('protective'), Type.Literal('insufficient_information')]),
          from: LevelCode,
          to: LevelCode,
        },
        { additionalProperties: false },
      ),
    ),
    flags: Type.Array(Type.String()),
  },
  { title: 'AssessmentComputation', additionalProperties: false },
);

const ModelRef = Type.Object(
  { modelId: Type.String(), version: Type.String(), contentHash: Type.String(), title: localised },
  { title: 'AssessmentModelRef', additionalProperties: false },
);

const Person = Type.Union([Type.Object({ id: uuid, name: Type.String() }), Type.Null()]);

const Status = Type.Union([Type.Literal('draft'), Type.Literal('awaiting_sign_off'), Type.Literal('final')]);

export const AssessmentSummary = Type.Object(
  {
    id: uuid,
    kind: Type.Union([Type.Literal('model'), Type.Literal('external')]),
    status: Status,
    model: Type.Union([ModelRef, Type.Null()]),
    suggestedLevel: Type.Union([LevelCode, Type.Null()]),
    finalLevel: Type.Union([LevelCode, Type.Null()]),
    agreesWithSuggestion: Type.Union([Type.Boolean(), Type.Null()]),
    nextReviewOn: Type.Union([day, Type.Null()]),
    supersedesId: Type.Union([uuid, Type.Null()]),
    supersededById: Type.Union([uuid, Type.Null()]),
    startedBy: Person,
    startedAt: Type.String({ format: 'date-time' }),
    decidedBy: Person,
    decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    signedOffBy: Person,
  },
  { title: 'AssessmentSummary', additionalProperties: false },
);
export type AssessmentSummary = Static<typeof AssessmentSummary>;

export const AssessmentPermissions = Type.Object(
  {
    contribute: Type.Boolean(),
    finalise: Type.Boolean(),
    signOff: Type.Boolean(),
    returnToDraft: Type.Boolean(),
    discard: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const AssessmentDetail = Type.Object(
  {
    ...AssessmentSummary.properties,
    answers: Type.Record(Type.String(), AnswerInput),
    /** What the engine computed for the stored answers; never edited. */
    computed: Type.Union([Computation, Type.Null()]),
    judgement: Type.Union([
      Type.Object(
        {
          level: LevelCode,
          rationale: Type.String(),
          deviationReason: Type.Union([Type.String(), Type.Null()]),
          scenarios: Type.Array(Type.String()),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    /** For a result of an external instrument: what was recorded (the level map made it `finalLevel`). */
    external: Type.Union([
      Type.Object(
        {
          instrument: Type.String(),
          instrumentName: Type.String(),
          instrumentVersion: Type.String(),
          assessedOn: day,
          result: Type.String(),
          resultLabel: Type.String(),
          assessor: Type.String(),
          note: Type.Union([Type.String(), Type.Null()]),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    /** The model version's definition (models/model.schema.json), to render the form and the trace. */
    definition: Type.Unknown(),
    /** Unreadable sealed fields (integrity failures): named, never guessed. */
    unreadable: Type.Array(Type.String()),
    can: AssessmentPermissions,
  },
  { title: 'AssessmentDetail', additionalProperties: false },
);
export type AssessmentDetail = Static<typeof AssessmentDetail>;

export const CaseAssessments = Type.Object(
  {
    assessments: Type.Array(AssessmentSummary),
    /** The active models one can start an assessment with. */
    models: Type.Array(Type.Object({ modelId: Type.String(), version: Type.String(), title: localised })),
    /** When the latest final judgement asks for the next assessment; null before one. */
    reviewDue: Type.Union([day, Type.Null()]),
    can: Type.Object({ start: Type.Boolean(), finalise: Type.Boolean() }, { additionalProperties: false }),
  },
  { title: 'CaseAssessments', additionalProperties: false },
);
export type CaseAssessments = Static<typeof CaseAssessments>;

export const ExternalInstrument = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    /** The instrument's own result codes (e.g. DyRiAS 0–5), each mapped onto the organisation's scale. */
    levelMap: Type.Array(
      Type.Object(
        {
          result: Type.String({ minLength: 1, maxLength: 40 }),
          label: Type.String({ maxLength: 200 }),
          level: LevelCode,
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { title: 'ExternalInstrument', additionalProperties: false },
);
export type ExternalInstrument = Static<typeof ExternalInstrument>;

export const NewExternalResult = Type.Object(
  {
    /** The key of one of the organisation's instruments. */
    instrument: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$' }),
    instrumentVersion: Type.String({ minLength: 1, maxLength: 40 }),
    assessedOn: day,
    /** The instrument's result code, mapped by the organisation's level map. */
    result: Type.String({ minLength: 1, maxLength: 40 }),
    /** Who applied the instrument (a licensed assessor, often external). */
    assessor: Type.String({ minLength: 1, maxLength: 200 }),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { title: 'NewExternalResult', additionalProperties: false },
);
export type NewExternalResult = Static<typeof NewExternalResult>;

export const AssessmentSettings = Type.Object(
  {
    expertSpecialties: Type.Array(ExpertSpecialty, { maxItems: 7, uniqueItems: true }),
    reviewDays: Type.Object(
      {
        L1: Type.Integer({ minimum: 1, maximum: 730 }),
        L2: Type.Integer({ minimum: 1, maximum: 730 }),
        L3: Type.Integer({ minimum: 1, maximum: 730 }),
        L4: Type.Integer({ minimum: 1, maximum: 730 }),
      },
      { additionalProperties: false },
    ),
    signOffLevels: Type.Array(LevelCode, { maxItems: 4, uniqueItems: true }),
    /** Licensed instruments whose results the organisation records, each result mapped onto L1–L4. */
    externalInstruments: Type.Array(ExternalInstrument, { maxItems: 20 }),
  },
  { title: 'AssessmentSettings', additionalProperties: false },
);
export type AssessmentSettings = Static<typeof AssessmentSettings>;

export const CompareQuery = Type.Object({ a: uuid, b: uuid });

const ComparedAnswer = Type.Union([
  Type.Object(
    { value: Type.Union([Type.String(), Type.Null()]), trend: Type.Union([Type.String(), Type.Null()]) },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

export const AssessmentComparison = Type.Object(
  {
    older: AssessmentSummary,
    newer: AssessmentSummary,
    /** `items`: same model and major version, item by item; `concepts`: by concept across majors or models. */
    basis: Type.Union([Type.Literal('items'), Type.Literal('concepts')]),
    items: Type.Array(
      Type.Object(
        {
          key: Type.String(),
          olderItemId: Type.Union([Type.String(), Type.Null()]),
          newerItemId: Type.Union([Type.String(), Type.Null()]),
          text: localised,
          older: ComparedAnswer,
          newer: ComparedAnswer,
          relation: Type.String(),
          comparable: Type.Boolean(),
          changed: Type.Boolean(),
        },
        { additionalProperties: false },
      ),
    ),
    /** Derived, never stored: the older answers under the newer version's rules (same model and major). */
    rescored: Type.Union([
      Type.Object(
        {
          version: Type.String(),
          suggestedLevel: LevelCode,
          fired: Type.Array(Type.String()),
          flags: Type.Array(Type.String()),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
  },
  { title: 'AssessmentComparison', additionalProperties: false },
);
export type AssessmentComparison = Static<typeof AssessmentComparison>;

export const DueQuery = Type.Object({
  /** Also list re-assessments due within this many days (default 0: due today or overdue). */
  within: Type.Optional(Type.String({ pattern: '^(90|[1-8]?[0-9])$', description: '0 to 90 days' })),
});

export const DueReviews = Type.Object(
  {
    reviews: Type.Array(
      Type.Object(
        {
          caseId: uuid,
          reference: Type.String(),
          level: Type.Union([Type.Integer({ minimum: 1, maximum: 4 }), Type.Null()]),
          assessmentId: uuid,
          dueOn: day,
          overdue: Type.Boolean(),
          owner: Type.Union([Type.Object({ id: uuid, name: Type.String() }), Type.Null()]),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { title: 'DueReviews', additionalProperties: false },
);
export type DueReviews = Static<typeof DueReviews>;
