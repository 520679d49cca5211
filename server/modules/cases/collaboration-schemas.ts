import { type Static, Type } from 'typebox';
import { NextCursor, pageQuery } from '../../http/pagination.ts';

// The team's discussion (comments with @mentions) and tasks of a case: what the API takes and answers.
// The rules are in comments.ts and tasks.ts.

const uuidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const day = '^\\d{4}-\\d{2}-\\d{2}$';
const uuid = Type.String({ format: 'uuid' });
const person = Type.Object({ id: uuid, name: Type.String() });
const dueDay = Type.String({ pattern: day, format: 'date' });

export const TASK_STATUSES = ['open', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const CaseComment = Type.Object(
  {
    id: uuid,
    author: person,
    /** Null when it failed verification. */
    text: Type.Union([Type.String(), Type.Null()]),
    /** The users the comment names (and who were told of it). */
    mentions: Type.Array(person),
    /** Only threat managers read it; no expert receives it, by any route. */
    managersOnly: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'CaseComment' },
);
export type CaseComment = Static<typeof CaseComment>;

export const CommentQuery = pageQuery({});

export const CommentPage = Type.Object(
  { comments: Type.Array(CaseComment), nextCursor: NextCursor },
  { title: 'CaseCommentPage' },
);

export const NewComment = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 10000 }),
    /** Users to tell (each must be able to read the case; a managers-only comment's, its managers-only part too). */
    mentions: Type.Optional(Type.Array(Type.String({ pattern: uuidPattern }), { maxItems: 20 })),
    managersOnly: Type.Optional(Type.Boolean()),
  },
  { title: 'NewCaseComment', additionalProperties: false },
);
export type NewComment = Static<typeof NewComment>;

export const CaseTask = Type.Object(
  {
    id: uuid,
    /** Null when it failed verification. */
    title: Type.Union([Type.String(), Type.Null()]),
    assignee: Type.Union([person, Type.Null()]),
    dueOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    status: Type.Enum(TASK_STATUSES),
    managersOnly: Type.Boolean(),
    createdBy: Type.Union([person, Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    doneAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    doneBy: Type.Union([person, Type.Null()]),
  },
  { title: 'CaseTask' },
);
export type CaseTask = Static<typeof CaseTask>;

export const TaskList = Type.Object({ tasks: Type.Array(CaseTask) }, { title: 'CaseTaskList' });

export const NewTask = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 500 }),
    /** Who does it (must be able to read the case); told in the app and by e-mail. */
    assigneeId: Type.Optional(Type.String({ pattern: uuidPattern })),
    dueOn: Type.Optional(dueDay),
    managersOnly: Type.Optional(Type.Boolean()),
  },
  { title: 'NewCaseTask', additionalProperties: false },
);
export type NewTask = Static<typeof NewTask>;

/** What to change; what is left out stays. */
export const TaskChange = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    assigneeId: Type.Optional(Type.Union([Type.String({ pattern: uuidPattern }), Type.Null()])),
    dueOn: Type.Optional(Type.Union([dueDay, Type.Null()])),
    status: Type.Optional(Type.Enum(TASK_STATUSES)),
  },
  { title: 'CaseTaskChange', additionalProperties: false, minProperties: 1 },
);
export type TaskChange = Static<typeof TaskChange>;

export const CaseTaskParams = Type.Object({
  id: Type.String({ pattern: uuidPattern }),
  taskId: Type.String({ pattern: uuidPattern }),
});
