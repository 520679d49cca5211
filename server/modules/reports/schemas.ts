import { type Static, Type } from 'typebox';
import { NextCursor, pageQuery } from '../../http/pagination.ts';
import { HandOverEntry } from '../cases/hand-overs.ts';
import { Tombstone } from '../deletion/schemas.ts';
import { TenantSlug } from '../tenants/schemas.ts';
import { LocalisedText, ReportAnswers, ReportFormDefinition } from './form-definition.ts';

const uuid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const Id = Type.String({ pattern: uuid });
const Day = Type.String({ format: 'date', description: 'A calendar day, YYYY-MM-DD' });
const Language = Type.Union([Type.Literal('de'), Type.Literal('en')], { title: 'Language' });

export const CHANNELS = ['portal', 'phone', 'in_person', 'letter', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];
export const Channel = Type.Enum(CHANNELS, { title: 'Channel' });
/** Channels staff record a report from; `portal` is the reporters' own. */
export const StaffChannel = Type.Enum(['phone', 'in_person', 'letter', 'email'] as const, {
  title: 'StaffChannel',
});

export const REPORT_STATUSES = ['new', 'acknowledged', 'case_opened', 'attached', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const ReportStatus = Type.Enum(REPORT_STATUSES, { title: 'ReportStatus' });

export const CLOSE_REASONS = ['not_relevant', 'handed_to_other_body'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
export const CloseReason = Type.Enum(CLOSE_REASONS, { title: 'CloseReason' });

/** A named reporter's details; all optional but the name. */
export const ReporterDetails = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    phone: Type.Optional(Type.String({ maxLength: 50 })),
  },
  { title: 'ReporterDetails', additionalProperties: false },
);
export type ReporterDetails = Static<typeof ReporterDetails>;

// --- the public portal --------------------------------------------------------------------------------

export const PortalParams = Type.Object({ tenant: TenantSlug });

export const AttachmentRules = Type.Object(
  {
    maxBytes: Type.Integer(),
    maxFiles: Type.Integer(),
    /** Content types accepted, as sniffed from the bytes. */
    types: Type.Array(Type.String()),
  },
  { title: 'AttachmentRules' },
);

/** What the portal page needs: the organisation, its units, the form, the emergency notice. */
export const PortalInfo = Type.Object(
  {
    tenant: Type.Object({ slug: Type.String(), name: Type.String() }),
    units: Type.Array(
      Type.Object({
        slug: Type.String(),
        name: Type.String(),
        parentSlug: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    form: ReportFormDefinition,
    emergencyNotice: Type.Union([LocalisedText, Type.Null()]),
    attachments: AttachmentRules,
  },
  { title: 'PortalInfo' },
);
export type PortalInfo = Static<typeof PortalInfo>;

/**
 * A signed proof-of-work challenge (ALTCHA v2, altcha-lib's `Challenge`): find the counter whose key, derived
 * from `nonce` and `salt` with `algorithm`, starts with `keyPrefix`. Each challenge is accepted once, until
 * `expiresAt` (seconds since 1970).
 */
export const PortalChallenge = Type.Object(
  {
    parameters: Type.Object(
      {
        algorithm: Type.String(),
        nonce: Type.String(),
        salt: Type.String(),
        cost: Type.Number(),
        keyLength: Type.Integer(),
        keyPrefix: Type.String(),
        keySignature: Type.Optional(Type.String()),
        memoryCost: Type.Optional(Type.Number()),
        parallelism: Type.Optional(Type.Number()),
        expiresAt: Type.Optional(Type.Integer()),
        data: Type.Optional(
          Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
        ),
      },
      // Passed to the solver as it comes: a field a later altcha-lib adds must not be dropped on the way.
      { additionalProperties: true },
    ),
    signature: Type.String(),
  },
  { title: 'PortalChallenge' },
);

/** The answer to a proof-of-work challenge, sent as `proof` with a report or a receipt login. */
export const ProofOfWorkAnswer = Type.String({
  title: 'ProofOfWorkAnswer',
  minLength: 1,
  maxLength: 4000,
  description:
    'Base64 of the UTF-8 JSON `{ "challenge": { "parameters", "signature" }, "solution": { "counter", "derivedKey" } }`: ' +
    'a challenge from `GET /api/v1/portal/{tenant}/challenge`, unchanged, and the counter and derived key ' +
    'that solve it. Accepted once.',
});

/** The JSON part (`submission`) of a portal submission; attachments come as file parts `attachments`. */
export const PortalSubmission = Type.Object(
  {
    proof: ProofOfWorkAnswer,
    language: Language,
    /** The unit's slug: from the portal link or the reporter's choice; optional when the tenant has one unit. */
    unit: Type.Optional(TenantSlug),
    anonymous: Type.Boolean(),
    /** Required unless anonymous. */
    reporter: Type.Optional(ReporterDetails),
    /** The version of the form the page showed. */
    formVersion: Type.String({ maxLength: 20 }),
    answers: ReportAnswers,
  },
  { title: 'PortalSubmission', additionalProperties: false },
);
export type PortalSubmission = Static<typeof PortalSubmission>;

export const SubmissionReceipt = Type.Object(
  {
    /** 32 digits in eight groups; shown once, stored only as a keyed hash. Null when none was issued. */
    receipt: Type.Union([Type.String({ pattern: '^\\d{4}( \\d{4}){7}$' }), Type.Null()]),
    receivedOn: Day,
  },
  { title: 'SubmissionReceipt' },
);

export const ReceiptLogin = Type.Object(
  {
    /** 32 digits (16 for a receipt of an earlier release), with or without spaces, dashes or dots. */
    receipt: Type.String({ minLength: 1, maxLength: 80 }),
    proof: ProofOfWorkAnswer,
  },
  { title: 'ReceiptLogin', additionalProperties: false },
);

export const ReceiptSession = Type.Object(
  {
    /** Send as `Authorization: Bearer <token>` to the dialogue endpoints; keep it in memory only. */
    token: Type.String(),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { title: 'ReceiptSession' },
);

export const AttachmentSummary = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    fileName: Type.String(),
    contentType: Type.String(),
    byteLength: Type.Integer(),
    addedOn: Day,
  },
  { title: 'AttachmentSummary' },
);
export type AttachmentSummary = Static<typeof AttachmentSummary>;

export const MESSAGE_KINDS = ['message', 'acknowledgement', 'feedback'] as const;
export const MessageKind = Type.Enum(MESSAGE_KINDS, { title: 'MessageKind' });

export const DialogueMessage = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    author: Type.Union([Type.Literal('team'), Type.Literal('reporter')]),
    kind: MessageKind,
    body: Type.String(),
    /** The day only: exact times of a reporter's messages are never stored. */
    sentOn: Day,
    /** For the team's own messages: who wrote it (not shown to the reporter). */
    authorName: Type.Optional(Type.String()),
    attachments: Type.Array(AttachmentSummary),
  },
  { title: 'DialogueMessage' },
);
export type DialogueMessage = Static<typeof DialogueMessage>;

/** What a reporter sees with their receipt. */
export const ReporterView = Type.Object(
  {
    tenant: Type.Object({ slug: Type.String(), name: Type.String() }),
    receivedOn: Day,
    anonymous: Type.Boolean(),
    status: Type.Union([
      Type.Literal('received'),
      Type.Literal('in_review'),
      Type.Literal('in_progress'),
      Type.Literal('closed'),
    ]),
    form: ReportFormDefinition,
    answers: ReportAnswers,
    attachments: Type.Array(AttachmentSummary),
    messages: Type.Array(DialogueMessage),
  },
  { title: 'ReporterView' },
);
export type ReporterView = Static<typeof ReporterView>;

/** The JSON part (`message`) of a reporter's message; attachments come as file parts `attachments`. */
export const ReporterMessage = Type.Object(
  { body: Type.String({ maxLength: 20_000 }) },
  { title: 'ReporterMessage', additionalProperties: false },
);

// --- the team's inbox ---------------------------------------------------------------------------------

export const ReportIdParam = Type.Object({ id: Id });
export const AttachmentParams = Type.Object({ id: Id, attachmentId: Id });

export const INBOX_SORTS = ['danger', 'newest', 'oldest', 'deadline'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

/**
 * A view of the inbox (default `open`), narrowed by filters and in one order, paged: `limit` and `after`
 * (server/http/pagination.ts). A cursor belongs to its order: with another `sort` it answers 400.
 */
export const InboxQuery = pageQuery({
  view: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('all')])),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description:
        'Part of a reference (`R-2026-0042`, `0042`) or of a unit’s name, case-insensitive. Report content is ' +
        'sealed (encrypted) and never searched.',
    }),
  ),
  unit: Type.Optional(Type.String({ pattern: uuid, description: 'Only reports of this unit.' })),
  channel: Type.Optional(Channel),
  status: Type.Optional(ReportStatus),
  danger: Type.Optional(
    Type.Union([Type.Literal('true'), Type.Literal('false')], {
      description: '`true`: only reports that indicate immediate danger; `false`: only those that do not.',
    }),
  ),
  awaitingReply: Type.Optional(
    Type.Literal('true', { description: 'Only reports whose reporter wrote after the team’s last message.' }),
  ),
  assignee: Type.Optional(
    Type.String({
      pattern: `^(me|none|${uuid.slice(1, -1)})$`,
      description:
        'Whose reports: the owner of the case the report opened or joined, by user id; `me` for yours; ' +
        '`none` for reports without a case or whose case has no owner.',
    }),
  ),
  sort: Type.Optional(
    Type.Enum(INBOX_SORTS, {
      description:
        '`danger` (default): danger indicated first, then newest; `newest`, `oldest` by arrival; `deadline`: ' +
        'the nearest open deadline first (a danger report’s acknowledgement within hours, an acknowledgement, ' +
        'then feedback), reports without one last.',
    }),
  ),
});
export type InboxQuery = Static<typeof InboxQuery>;

/** What the user may do with the report (server/modules/reports/policy.ts): the web app shows only that. */
export const ReportAllowedActions = Type.Object(
  {
    /** See its metadata: reference, unit, channel, status, days, flags. */
    see: Type.Boolean(),
    /** Read its content: answers, reporter, dialogue, attachments, notes, hand-overs. */
    read: Type.Boolean(),
    reply: Type.Boolean(),
    acknowledge: Type.Boolean(),
    triage: Type.Boolean(),
    hand_over: Type.Boolean(),
    delete: Type.Boolean(),
  },
  { title: 'ReportAllowedActions' },
);

export const InboxItem = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    reference: Type.String(),
    unit: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
    channel: Channel,
    anonymous: Type.Boolean(),
    dangerIndicated: Type.Boolean(),
    status: ReportStatus,
    receivedOn: Day,
    acknowledgedOn: Type.Union([Day, Type.Null()]),
    /** Acknowledge the report by this day (EU Whistleblower Directive: 7 days by default). */
    acknowledgeDueOn: Day,
    /** Give the reporter feedback by this day (3 months after the acknowledgement, by default). */
    feedbackDueOn: Day,
    feedbackGivenOn: Type.Union([Day, Type.Null()]),
    /**
     * A report indicating immediate danger that nobody has acknowledged yet: acknowledge it by this time (the
     * tenant's `dangerAcknowledgeHours` after it came in). Null otherwise, and once acknowledged.
     */
    dangerAcknowledgeDueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** The day a danger report nobody acknowledged in time was escalated to every threat manager. */
    dangerEscalatedOn: Type.Union([Day, Type.Null()]),
    /** The language the reporter wrote in: replies should be in it. */
    language: Language,
    /** Whether the reporter can read replies (a receipt was issued). */
    hasReceipt: Type.Boolean(),
    /** The reporter wrote after the team's last message. */
    awaitingReply: Type.Boolean(),
    caseId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    /** Set on the tombstone of a deleted report (its content is gone; the report answers 410). */
    deleted: Type.Union([Tombstone, Type.Null()]),
    can: ReportAllowedActions,
  },
  { title: 'InboxItem' },
);
export type InboxItem = Static<typeof InboxItem>;

export const InboxPage = Type.Object(
  {
    reports: Type.Array(InboxItem),
    nextCursor: NextCursor,
  },
  { title: 'InboxPage' },
);

/**
 * A report with its content. Whoever sees its metadata only (`can.read` false: an admin, unless the tenant
 * lets admins read content) gets `answers` and `reporter` null and no attachments, messages or hand-overs.
 */
export const ReportDetail = Type.Object(
  {
    ...InboxItem.properties,
    form: ReportFormDefinition,
    answers: Type.Union([ReportAnswers, Type.Null()]),
    reporter: Type.Union([ReporterDetails, Type.Null()]),
    recordedBy: Type.Union([Type.String(), Type.Null()]),
    attachments: Type.Array(AttachmentSummary),
    messages: Type.Array(DialogueMessage),
    closedReason: Type.Union([CloseReason, Type.Null()]),
    closedNote: Type.Union([Type.String(), Type.Null()]),
    case: Type.Union([
      Type.Object({ id: Type.String({ format: 'uuid' }), reference: Type.String() }),
      Type.Null(),
    ]),
    /** Hand-overs to other units, oldest first, with the reason given (sealed with the report's key). */
    handOvers: Type.Array(HandOverEntry),
    /**
     * Fields that failed verification (altered or moved) and are left out, the operator alerted: `answers`,
     * `reporter`, `closedNote`, `attachments.<id>.fileName`, `messages.<id>.body`, `handOvers.<id>.reason`.
     */
    unreadableFields: Type.Array(Type.String()),
  },
  { title: 'ReportDetail' },
);
export type ReportDetail = Static<typeof ReportDetail>;

/** A report received by phone, in person, by letter or e-mail, recorded by the team. */
export const StaffReport = Type.Object(
  {
    unitId: Id,
    channel: StaffChannel,
    receivedOn: Day,
    anonymous: Type.Boolean(),
    reporter: Type.Optional(ReporterDetails),
    answers: ReportAnswers,
    /** The reporter's language (default German): replies and notices to them use it. */
    language: Type.Optional(Language),
    /** Issue a receipt to pass on, so the reporter can follow the dialogue in the portal. */
    issueReceipt: Type.Optional(Type.Boolean()),
  },
  { title: 'StaffReport', additionalProperties: false },
);
export type StaffReport = Static<typeof StaffReport>;

export const StaffReportCreated = Type.Object(
  {
    report: ReportDetail,
    receipt: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'StaffReportCreated' },
);

export const TeamMessage = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
    /** `feedback` marks the message that informs the reporter of the follow-up (the 3-month deadline). */
    kind: Type.Optional(Type.Union([Type.Literal('message'), Type.Literal('feedback')])),
  },
  { title: 'TeamMessage', additionalProperties: false },
);

export const Acknowledgement = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 20_000 }) },
  { title: 'Acknowledgement', additionalProperties: false },
);

export const OpenCase = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    /** A case template of the organisation to start the case with (category, tags, first tasks, experts). */
    templateKey: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })),
    /** The language of the template's task titles; default the user's language. */
    language: Type.Optional(Type.Union([Type.Literal('de'), Type.Literal('en')])),
  },
  { title: 'OpenCase', additionalProperties: false },
);
export type OpenCase = Static<typeof OpenCase>;

export const AttachToCase = Type.Object(
  { caseId: Id },
  { title: 'AttachToCase', additionalProperties: false },
);

export const CloseReport = Type.Object(
  { reason: CloseReason, note: Type.String({ minLength: 1, maxLength: 5000 }) },
  { title: 'CloseReport', additionalProperties: false },
);

export const HandOver = Type.Object(
  { unitId: Id, reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { title: 'HandOver', additionalProperties: false },
);

/** After a hand-over: the report, or null when the new unit lies outside the user's scope. */
export const HandOverResult = Type.Object(
  { report: Type.Union([ReportDetail, Type.Null()]) },
  { title: 'HandOverResult' },
);

export const ReportSettings = Type.Object(
  {
    emergencyNotice: Type.Union([LocalisedText, Type.Null()]),
    acknowledgeDays: Type.Integer({ minimum: 1, maximum: 90 }),
    feedbackMonths: Type.Integer({ minimum: 1, maximum: 12 }),
    /** Hours to acknowledge a report that indicates immediate danger (default 2). */
    dangerAcknowledgeHours: Type.Integer({ minimum: 1, maximum: 72 }),
  },
  { title: 'ReportSettings', additionalProperties: false },
);
export type ReportSettings = Static<typeof ReportSettings>;

/** A change of the reporting settings; without `dangerAcknowledgeHours` that setting stays as it is. */
export const ReportSettingsChange = Type.Object(
  {
    ...ReportSettings.properties,
    dangerAcknowledgeHours: Type.Optional(ReportSettings.properties.dangerAcknowledgeHours),
  },
  { title: 'ReportSettingsChange', additionalProperties: false },
);
export type ReportSettingsChange = Static<typeof ReportSettingsChange>;
