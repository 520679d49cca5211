import { Type } from 'typebox';
import { NextCursor, pageQuery } from '../../http/pagination.ts';
import { EXPERT_SPECIALTIES } from '../identity/schemas.ts';
import { ClosingOutcome } from '../retention/schemas.ts';
import { CASE_CATEGORIES } from './categories.ts';
import { JOURNAL_KINDS, JournalEntry, MANUAL_JOURNAL_KINDS } from './journal.ts';
import { CASE_STATUSES } from './schemas.ts';
import { TeamCandidate, TeamMember } from './team.ts';

const uuid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const day = '^\\d{4}-\\d{2}-\\d{2}$';

export const CaseStatusChange = Type.Object(
  {
    status: Type.Enum(CASE_STATUSES),
    /** Why: sealed in the journal entry, never in the audit log. */
    reason: Type.String({ minLength: 1, maxLength: 4000 }),
    /** Why the case is closed (only when closing; `other` when left out): the retention policy keys on it. */
    outcome: Type.Optional(ClosingOutcome),
  },
  { title: 'CaseStatusChange', additionalProperties: false },
);

/** The details to change; what is left out stays. */
export const CaseDetailsChange = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    summary: Type.Optional(Type.Union([Type.String({ maxLength: 20000 }), Type.Null()])),
    category: Type.Optional(
      Type.Union([
        Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: `e.g. ${CASE_CATEGORIES.join(', ')}` }),
        Type.Null(),
      ]),
    ),
    /** Short labels, no names: they are not encrypted (lower-cased on save). */
    tags: Type.Optional(
      Type.Array(
        Type.String({ minLength: 1, maxLength: 40, pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N} _-]*$' }),
        {
          maxItems: 20,
        },
      ),
    ),
    dueOn: Type.Optional(Type.Union([Type.String({ pattern: day, format: 'date' }), Type.Null()])),
    ownerId: Type.Optional(Type.String({ pattern: uuid })),
  },
  { title: 'CaseDetailsChange', additionalProperties: false, minProperties: 1 },
);

export const JournalQuery = pageQuery({
  /** Only entries of these kinds (repeat the parameter for several). */
  kind: Type.Optional(
    Type.Union([
      Type.Enum(JOURNAL_KINDS),
      Type.Array(Type.Enum(JOURNAL_KINDS), { maxItems: JOURNAL_KINDS.length }),
    ]),
  ),
});

export const JournalPage = Type.Object(
  { entries: Type.Array(JournalEntry), nextCursor: NextCursor },
  { title: 'JournalPage' },
);

export const NewJournalEntry = Type.Object(
  {
    kind: Type.Enum(MANUAL_JOURNAL_KINDS),
    text: Type.String({ minLength: 1, maxLength: 20000 }),
    /** When the call or meeting took place (default: now). */
    occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
    participants: Type.Optional(Type.String({ maxLength: 2000 })),
    /** Hidden from everyone on the team who is not a threat manager (experts), by every route. */
    managersOnly: Type.Optional(Type.Boolean()),
    /** The entry this one corrects (it stays as it was). */
    correctsId: Type.Optional(Type.String({ pattern: uuid })),
  },
  { title: 'NewJournalEntry', additionalProperties: false },
);

export const CreatedEntry = Type.Object({ id: Type.String({ format: 'uuid' }) }, { title: 'CreatedEntry' });

export const Team = Type.Object({ members: Type.Array(TeamMember) }, { title: 'CaseTeam' });

export const TeamCandidateQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the name (any case).' })),
    specialty: Type.Optional(
      Type.Enum(EXPERT_SPECIALTIES, { description: 'Only experts of this specialty.' }),
    ),
  },
  { additionalProperties: false },
);

export const TeamCandidates = Type.Object(
  { candidates: Type.Array(TeamCandidate) },
  { title: 'CaseTeamCandidates' },
);

export const NewTeamMember = Type.Object(
  {
    userId: Type.String({ pattern: uuid }),
    /** When the membership ends by itself (e.g. an external expert for two weeks); leave out for no end. */
    expiresAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  },
  { title: 'NewTeamMember', additionalProperties: false },
);

export const TeamMembershipChange = Type.Object(
  { expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) },
  { title: 'TeamMembershipChange', additionalProperties: false },
);

export const CaseMemberParams = Type.Object({
  id: Type.String({ pattern: uuid }),
  userId: Type.String({ pattern: uuid }),
});
