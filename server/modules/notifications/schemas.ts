import { type Static, Type } from 'typebox';
import { NextCursor } from '../../http/pagination.ts';

export const NOTIFICATION_KINDS = [
  'report.received',
  'report.danger',
  'report.reporter_message',
  /** A danger report of your unit is still not acknowledged: the reminder to whoever is on duty. */
  'report.danger_alert',
  /** Nobody acknowledged a danger report in time: every threat manager who may read it is told. */
  'report.danger_escalated',
  /** You were added to a case's team. */
  'case.team_added',
  /** You were taken off a case's team. */
  'case.team_removed',
  /** A time-limited member of your case's team reached the end of their membership. */
  'case.team_expired',
  /** Someone mentioned you in a comment on a case. */
  'case.mentioned',
  /** A task on a case was given to you. */
  'case.task_assigned',
  /** A task of yours is due today or overdue (the reminder). */
  'case.task_due',
  'case.assessment_due',
  /** A measure on a case was given to you (you read the case already). */
  'case.measure_assigned',
  /** You were invited to carry out or take part in a measure; accepting adds you to the case's team. */
  'case.measure_invited',
  /** An expert you invited to a measure accepted or declined. */
  'case.measure_answered',
  /** A measure on your case is past its due day. */
  'case.measure_overdue',
  /** A closed case you own will be deleted by the retention policy soon (the warning before). */
  'case.retention_due',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const Notification = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.Enum(NOTIFICATION_KINDS),
    /** The report it is about, by id and reference. */
    report: Type.Union([
      Type.Object({ id: Type.String({ format: 'uuid' }), reference: Type.String() }),
      Type.Null(),
    ]),
    /** The case it is about, by id and reference; null when you no longer see the case. */
    case: Type.Union([
      Type.Object({ id: Type.String({ format: 'uuid' }), reference: Type.String() }),
      Type.Null(),
    ]),
    /** Day only: a notice of an anonymous report must not tell its hour. */
    createdOn: Type.String({ format: 'date' }),
    read: Type.Boolean(),
  },
  { title: 'Notification' },
);
export type Notification = Static<typeof Notification>;

export const NotificationList = Type.Object(
  {
    notifications: Type.Array(Notification),
    /** Unread notices in all, not only on this page. */
    unread: Type.Integer(),
    nextCursor: NextCursor,
  },
  { title: 'NotificationList' },
);

export const MarkRead = Type.Object(
  { ids: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 200 }) },
  { title: 'MarkRead', additionalProperties: false },
);
