import { type Static, Type } from 'typebox';
import { MEASURE_TYPE_KEY } from './type-schemas.ts';

// The measure plan of a case: what the API takes and answers. The rules are in plan.ts and experts.ts.

const uuid = Type.String({ format: 'uuid' });
const day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const person = Type.Object({ id: uuid, name: Type.String() });

export const MEASURE_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export const MeasureStatus = Type.Union(
  [Type.Literal('planned'), Type.Literal('in_progress'), Type.Literal('done'), Type.Literal('cancelled')],
  { title: 'MeasureStatus' },
);
export type MeasureStatus = Static<typeof MeasureStatus>;

/** How well a completed measure worked, in the team's judgement. */
export const Effectiveness = Type.Union(
  [
    Type.Literal('effective'),
    Type.Literal('partly_effective'),
    Type.Literal('not_effective'),
    Type.Literal('too_early'),
  ],
  { title: 'MeasureEffectiveness' },
);
export type Effectiveness = Static<typeof Effectiveness>;

export const ExpertConsent = Type.Union(
  [Type.Literal('invited'), Type.Literal('accepted'), Type.Literal('declined')],
  { title: 'MeasureExpertConsent' },
);
export type ExpertConsent = Static<typeof ExpertConsent>;

export const MeasureExpert = Type.Object(
  {
    user: Type.Object({
      id: uuid,
      name: Type.String(),
      specialty: Type.Union([Type.String(), Type.Null()]),
    }),
    /** `invited`: not on the case's team yet, waiting for their answer; `accepted`: taking part. */
    consent: ExpertConsent,
    invitedAt: Type.String({ format: 'date-time' }),
    respondedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { title: 'MeasureExpert' },
);
export type MeasureExpert = Static<typeof MeasureExpert>;

const text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const CaseMeasure = Type.Object(
  {
    id: uuid,
    typeKey: Type.String(),
    /** What exactly is done; null when it could not be opened (an integrity alarm was raised). */
    description: Type.Union([Type.String(), Type.Null()]),
    owner: Type.Union([person, Type.Null()]),
    experts: Type.Array(MeasureExpert),
    dueOn: Type.Union([day, Type.Null()]),
    /** Not done or cancelled, and its due day has passed. */
    overdue: Type.Boolean(),
    status: MeasureStatus,
    outcome: Type.Union([Type.String(), Type.Null()]),
    notes: Type.Union([Type.String(), Type.Null()]),
    effectiveness: Type.Union([Effectiveness, Type.Null()]),
    /** The final assessment whose scenarios the measure answers, and the scenarios' positions in it. */
    assessmentId: Type.Union([uuid, Type.Null()]),
    scenarioIndexes: Type.Array(Type.Integer({ minimum: 0 })),
    createdBy: Type.Union([person, Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    completedBy: Type.Union([person, Type.Null()]),
    /** Whether the caller may change it (`change`) or carry it out (`carry_out`). */
    can: Type.Object({ change: Type.Boolean(), carry_out: Type.Boolean() }),
  },
  { title: 'CaseMeasure' },
);
export type CaseMeasure = Static<typeof CaseMeasure>;

export const MeasurePlan = Type.Object(
  { measures: Type.Array(CaseMeasure), can: Type.Object({ plan: Type.Boolean() }) },
  { title: 'MeasurePlan' },
);
export type MeasurePlan = Static<typeof MeasurePlan>;

const expertIds = Type.Array(uuid, { maxItems: 10, uniqueItems: true });
const scenarioIndexes = Type.Array(Type.Integer({ minimum: 0, maximum: 9 }), {
  maxItems: 10,
  uniqueItems: true,
});

export const NewMeasure = Type.Object(
  {
    typeKey: Type.String({ pattern: MEASURE_TYPE_KEY }),
    description: text(4000),
    /** Who carries it out: someone who reads the case, or an expert who is invited to (and joins on accepting). */
    ownerId: Type.Optional(uuid),
    dueOn: Type.Optional(day),
    /** Experts to involve: those not on the case's team are invited. */
    expertIds: Type.Optional(expertIds),
    assessmentId: Type.Optional(uuid),
    scenarioIndexes: Type.Optional(scenarioIndexes),
  },
  { title: 'NewMeasure', additionalProperties: false },
);
export type NewMeasure = Static<typeof NewMeasure>;

/**
 * A change to a measure. Planning fields (description, owner, due day, experts, scenarios, cancelling) are
 * for the case's threat managers; status, outcome, notes and effectiveness also for whoever carries it out.
 */
export const MeasureChange = Type.Object(
  {
    description: Type.Optional(text(4000)),
    ownerId: Type.Optional(Type.Union([uuid, Type.Null()])),
    dueOn: Type.Optional(Type.Union([day, Type.Null()])),
    /** Experts to add (invited when not on the team). */
    addExpertIds: Type.Optional(expertIds),
    assessmentId: Type.Optional(Type.Union([uuid, Type.Null()])),
    scenarioIndexes: Type.Optional(scenarioIndexes),
    status: Type.Optional(MeasureStatus),
    /** Required to complete a measure (`done`), with `effectiveness`. */
    outcome: Type.Optional(Type.Union([text(4000), Type.Null()])),
    notes: Type.Optional(Type.Union([Type.String({ maxLength: 8000 }), Type.Null()])),
    effectiveness: Type.Optional(Type.Union([Effectiveness, Type.Null()])),
  },
  { title: 'MeasureChange', additionalProperties: false, minProperties: 1 },
);
export type MeasureChange = Static<typeof MeasureChange>;

export const MeasureParams = Type.Object({ id: uuid, measureId: uuid }, { additionalProperties: false });

export const MeasureInvitation = Type.Object(
  {
    measureId: uuid,
    caseId: uuid,
    /** The case's reference: enough to recognise it, nothing of its content. */
    caseReference: Type.String(),
    typeKey: Type.String(),
    /** Invited to carry the measure out (its owner), or to take part. */
    asOwner: Type.Boolean(),
    dueOn: Type.Union([day, Type.Null()]),
    invitedBy: Type.Union([person, Type.Null()]),
    invitedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'MeasureInvitation' },
);
export type MeasureInvitation = Static<typeof MeasureInvitation>;

export const MeasureInvitations = Type.Object(
  { invitations: Type.Array(MeasureInvitation) },
  { title: 'MeasureInvitations' },
);

export const InvitationAnswer = Type.Object(
  { answer: Type.Union([Type.Literal('accept'), Type.Literal('decline')]) },
  { title: 'MeasureInvitationAnswer', additionalProperties: false },
);
export type InvitationAnswer = Static<typeof InvitationAnswer>;

export const MeasureIdParam = Type.Object({ measureId: uuid }, { additionalProperties: false });

export const MyMeasure = Type.Object(
  {
    id: uuid,
    case: Type.Object({ id: uuid, reference: Type.String() }),
    typeKey: Type.String(),
    status: MeasureStatus,
    dueOn: Type.Union([day, Type.Null()]),
    overdue: Type.Boolean(),
    /** The user carries it out (else takes part as an expert). */
    asOwner: Type.Boolean(),
  },
  { title: 'MyMeasure' },
);
export type MyMeasure = Static<typeof MyMeasure>;

export const MyMeasures = Type.Object({ measures: Type.Array(MyMeasure) }, { title: 'MyMeasures' });
