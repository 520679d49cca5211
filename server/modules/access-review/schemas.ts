import { type Static, type TSchema, Type } from 'typebox';
import { NextCursor, PageCursor, PageLimit } from '../../http/pagination.ts';
import { ExpertSpecialty, UserRole } from '../identity/schemas.ts';

const uuid = Type.String({ format: 'uuid' });
const day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const time = Type.String({ format: 'date-time' });
const orNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const count = Type.Integer({ minimum: 0 });
const days = Type.Integer({ minimum: 7, maximum: 730 });
const person = Type.Object({ id: uuid, name: Type.String() });

export const AccessReviewSettings = Type.Object(
  {
    inactiveAfterDays: {
      ...days,
      description: 'An account without a session seen for this long is inactive.',
    },
    reviewEveryDays: { ...days, description: 'A review is due this long after the last one was completed.' },
  },
  { title: 'AccessReviewSettings', additionalProperties: false },
);
export type AccessReviewSettings = Static<typeof AccessReviewSettings>;

export const AccessReview = Type.Object(
  {
    id: uuid,
    periodStart: day,
    periodEnd: day,
    startedAt: time,
    startedBy: person,
    completedAt: orNull(time),
    completedBy: orNull(person),
    /** Users whose access was confirmed (or whose account was deactivated) in this review, of all. */
    progress: Type.Object({ reviewed: count, total: count }),
  },
  { title: 'AccessReview' },
);
export type AccessReview = Static<typeof AccessReview>;

export const ReviewedTeamCase = Type.Object(
  {
    caseId: uuid,
    reference: Type.String(),
    status: Type.String(),
    role: Type.Union([Type.Literal('owner'), Type.Literal('member')]),
    expiresAt: orNull(time),
    /** The user sees the case by unit scope as well: taking them off the team does not hide it. */
    alsoByUnitScope: Type.Boolean(),
  },
  { title: 'ReviewedTeamCase' },
);

const caseCounts = Type.Object({ open: count, closed: count });

export const AccessReviewUser = Type.Object(
  {
    id: uuid,
    name: Type.String(),
    email: Type.String(),
    role: UserRole,
    specialty: orNull(ExpertSpecialty),
    tenantWide: Type.Boolean(),
    status: Type.Union([Type.Literal('active'), Type.Literal('invited')]),
    /** An admin who also works as a threat manager (content roles). */
    alsoThreatManager: Type.Boolean(),
    units: Type.Array(Type.Object({ id: uuid, name: Type.String() })),
    /** Whose cases reach the user by unit scope: every unit's, some units', none (team only). */
    scope: Type.Union([Type.Literal('tenant'), Type.Literal('units'), Type.Literal('none')]),
    unitScope: Type.Object({
      ...caseCounts.properties,
      /** What the user gets of those cases: content, metadata only, both (by unit), or nothing. */
      access: Type.Union([
        Type.Literal('content'),
        Type.Literal('metadata'),
        Type.Literal('mixed'),
        Type.Null(),
      ]),
    }),
    team: Type.Object({
      ...caseCounts.properties,
      /** Of those, the cases the user sees only through the team. */
      onlyByTeam: caseCounts,
      /** Memberships that end by themselves. */
      expiring: count,
      /** The team cases by reference (references are not content), expiring ones first; at most 20. */
      cases: Type.Array(ReviewedTeamCase),
      /** Team cases not listed. */
      more: count,
    }),
    apiTokens: Type.Array(
      Type.Object({ id: uuid, name: Type.String(), expiresAt: time, lastUsedAt: orNull(time) }),
    ),
    lastSignInAt: orNull(time),
    lastSeenAt: orNull(time),
    neverSignedIn: Type.Boolean(),
    /** No session seen for the tenant's number of days (or never, on an account older than that). */
    inactive: Type.Boolean(),
    /** An invitation not accepted yet. */
    invitation: orNull(Type.Object({ sentAt: time, expiresAt: time, expired: Type.Boolean() })),
    lastConfirmed: orNull(Type.Object({ at: time, by: person })),
    /** What the open review has of the user. */
    currentReview: orNull(Type.Object({ confirmedAt: orNull(time), revocations: count })),
    can: Type.Object({ confirm: Type.Boolean(), revoke: Type.Boolean() }),
  },
  { title: 'AccessReviewUser' },
);
export type AccessReviewUser = Static<typeof AccessReviewUser>;

export const AccessReviewOverview = Type.Object(
  {
    settings: AccessReviewSettings,
    review: orNull(AccessReview),
    lastCompleted: orNull(AccessReview),
    /** When the next review is due (the last one's completion plus the interval; today without one). */
    dueOn: day,
    due: Type.Boolean(),
    users: Type.Array(AccessReviewUser),
    nextCursor: NextCursor,
    can: Type.Object({ configure: Type.Boolean(), start: Type.Boolean(), complete: Type.Boolean() }),
  },
  { title: 'AccessReviewOverview' },
);
export type AccessReviewOverview = Static<typeof AccessReviewOverview>;

export const AccessReviewQuery = Type.Object(
  { limit: Type.Optional(PageLimit), after: Type.Optional(PageCursor) },
  { additionalProperties: false },
);
export type AccessReviewQuery = Static<typeof AccessReviewQuery>;

export const ReviewedUserParam = Type.Object({ id: uuid });
export const ReviewParam = Type.Object({ id: uuid });

export const NewAccessReview = Type.Object(
  { periodStart: Type.Optional(day), periodEnd: Type.Optional(day) },
  { title: 'NewAccessReview', additionalProperties: false },
);
export type NewAccessReview = Static<typeof NewAccessReview>;

export const AccessRevocation = Type.Object(
  {
    what: Type.Union([Type.Literal('team_membership'), Type.Literal('unit'), Type.Literal('account')], {
      description:
        '`team_membership`: take the user off a case team (caseId); `unit`: take a unit from them (unitId); `account`: deactivate them',
    }),
    caseId: Type.Optional(uuid),
    unitId: Type.Optional(uuid),
  },
  { title: 'AccessRevocation', additionalProperties: false },
);
export type AccessRevocation = Static<typeof AccessRevocation>;

export const AccessRevoked = Type.Object(
  {
    /** The user as the review now sees them; null once the account is deactivated (it leaves the list). */
    user: Type.Union([AccessReviewUser, Type.Null()]),
  },
  { title: 'AccessRevoked' },
);
export type AccessRevoked = Static<typeof AccessRevoked>;
