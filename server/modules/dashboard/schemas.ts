import { type Static, Type } from 'typebox';

// The threat managers' dashboard: what the API answers. Case references, kinds, days and counts: never the
// content of a case (no titles, no journal text).

const uuid = Type.String({ format: 'uuid' });
const day = Type.String({ format: 'date' });
const month = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' });
const count = Type.Integer({ minimum: 0 });
const caseRef = { caseId: uuid, reference: Type.String() };
const person = Type.Union([Type.Object({ id: uuid, name: Type.String() }), Type.Null()]);

const LevelCounts = Type.Object(
  { L1: count, L2: count, L3: count, L4: count, notAssessed: count },
  { title: 'DashboardLevelCounts', additionalProperties: false },
);

export const Dashboard = Type.Object(
  {
    generatedAt: Type.String({ format: 'date-time' }),
    /** The day overdue is counted against (UTC). */
    today: day,
    openCases: Type.Object({ total: count, byLevel: LevelCounts }, { additionalProperties: false }),
    reports: Type.Object(
      {
        /** New or acknowledged reports, not yet opened as a case, attached or closed. */
        awaitingTriage: count,
        dangerIndicated: count,
        oldestReceivedOn: Type.Union([day, Type.Null()]),
      },
      { additionalProperties: false },
    ),
    assessments: Type.Object(
      {
        drafts: count,
        awaitingSignOff: count,
        /** Re-assessments due today or overdue (GET /api/v1/assessments/due). */
        reviewsDue: count,
        reviewsOverdue: count,
        /** Those waiting longest: sign-offs first, then drafts. */
        pending: Type.Array(
          Type.Object(
            {
              assessmentId: uuid,
              ...caseRef,
              status: Type.Union([Type.Literal('draft'), Type.Literal('awaiting_sign_off')]),
              since: Type.String({ format: 'date-time' }),
            },
            { additionalProperties: false },
          ),
        ),
        /** The earliest due re-assessments. */
        reviews: Type.Array(
          Type.Object(
            { assessmentId: uuid, ...caseRef, dueOn: day, overdue: Type.Boolean() },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    overdueMeasures: Type.Object(
      {
        count,
        items: Type.Array(
          Type.Object(
            { measureId: uuid, ...caseRef, typeKey: Type.String(), dueOn: day, owner: person },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    overdueTasks: Type.Object(
      {
        count,
        items: Type.Array(
          Type.Object(
            { taskId: uuid, ...caseRef, dueOn: day, assignee: person },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    /** The latest journal entries of the cases one owns or is on the team of: kind, case, when, who. */
    activity: Type.Array(
      Type.Object(
        {
          entryId: uuid,
          ...caseRef,
          kind: Type.String(),
          occurredAt: Type.String({ format: 'date-time' }),
          author: person,
        },
        { additionalProperties: false },
      ),
    ),
    charts: Type.Object(
      {
        /** Open cases at the end of each of the last twelve months (the current one: now), by level then. */
        casesByLevel: Type.Array(
          Type.Object(
            { month, L1: count, L2: count, L3: count, L4: count, notAssessed: count },
            { additionalProperties: false },
          ),
        ),
        /** Reports received in each month that became or joined a case, and the median days until then. */
        timeToTriage: Type.Array(
          Type.Object(
            { month, triaged: count, medianDays: Type.Union([Type.Number(), Type.Null()]) },
            { additionalProperties: false },
          ),
        ),
        /** Measures ended in the last twelve months: done by effectiveness, and cancelled. */
        measureOutcomes: Type.Object(
          {
            effective: count,
            partly_effective: count,
            not_effective: count,
            too_early: count,
            cancelled: count,
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
  },
  { title: 'Dashboard', additionalProperties: false },
);
export type Dashboard = Static<typeof Dashboard>;

/** Which of the overview pages the signed-in user may open (for the navigation). */
export const InsightAccess = Type.Object(
  { dashboard: Type.Boolean(), statistics: Type.Boolean() },
  { title: 'InsightAccess', additionalProperties: false },
);
export type InsightAccess = Static<typeof InsightAccess>;
