import { type Static, Type } from 'typebox';

/** Why a closed case was closed; the retention policy keys on it. A code, never free text. */
export const CLOSING_OUTCOMES = ['resolved', 'no_threat', 'unfounded', 'referred', 'other'] as const;
export type ClosingOutcome = (typeof CLOSING_OUTCOMES)[number];
export const ClosingOutcome = Type.Enum(CLOSING_OUTCOMES, { title: 'ClosingOutcome' });

/** What happens once the period has passed: delete (crypto-shred), or keep a statistics record and delete. */
export const RETENTION_ACTIONS = ['delete', 'anonymise'] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];
const RetentionAction = Type.Enum(RETENTION_ACTIONS, { title: 'RetentionAction' });

const Months = Type.Integer({ minimum: 1, maximum: 1200, description: 'Months after closing' });

export const RetentionPeriod = Type.Object(
  { months: Months, action: RetentionAction },
  { title: 'RetentionPeriod', additionalProperties: false },
);
export type RetentionPeriod = Static<typeof RetentionPeriod>;

/** A rule for closed cases: matches by outcome and/or level (an empty list matches any). */
export const CaseRetentionRule = Type.Object(
  {
    outcomes: Type.Array(ClosingOutcome, { maxItems: CLOSING_OUTCOMES.length, uniqueItems: true }),
    levels: Type.Array(Type.Integer({ minimum: 1, maximum: 4 }), { maxItems: 4, uniqueItems: true }),
    months: Months,
    action: RetentionAction,
  },
  { title: 'CaseRetentionRule', additionalProperties: false },
);
export type CaseRetentionRule = Static<typeof CaseRetentionRule>;

/**
 * A tenant's retention policy. Closed cases: the first rule that matches decides, else `caseDefault`;
 * dismissed reports (closed without a case): `dismissedReports`. The case owner is warned `warningDays`
 * before a case is due (0: no warning).
 */
export const RetentionPolicy = Type.Object(
  {
    warningDays: Type.Integer({ minimum: 0, maximum: 365 }),
    caseRules: Type.Array(CaseRetentionRule, { maxItems: 20 }),
    caseDefault: RetentionPeriod,
    dismissedReports: RetentionPeriod,
  },
  { title: 'RetentionPolicy', additionalProperties: false },
);
export type RetentionPolicy = Static<typeof RetentionPolicy>;

const Day = Type.String({ format: 'date', description: 'A calendar day, YYYY-MM-DD' });

export const RetentionRun = Type.Object(
  {
    runOn: Day,
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    deleted: Type.Integer(),
    anonymised: Type.Integer(),
    warned: Type.Integer(),
    held: Type.Integer(),
    failed: Type.Integer(),
  },
  { title: 'RetentionRun' },
);
export type RetentionRun = Static<typeof RetentionRun>;

export const RetentionSettings = Type.Object(
  {
    policy: RetentionPolicy,
    /** No policy was saved: these are TMA's defaults. */
    isDefault: Type.Boolean(),
    updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** The last daily run of the retention job, if any. */
    lastRun: Type.Union([RetentionRun, Type.Null()]),
  },
  { title: 'RetentionSettings' },
);
export type RetentionSettings = Static<typeof RetentionSettings>;

/** What a policy would do at the next daily run, in counts (closed cases and dismissed reports of the organisation). */
export const RetentionPreview = Type.Object(
  {
    /** Closed cases the next run deletes (past their period, their owner warned long enough ago or not warned). */
    deleteCases: Type.Integer(),
    /** Closed cases whose owner the next run warns: deleted the warning period later at the earliest. */
    warnCases: Type.Integer(),
    /** Closed cases past their period but under legal hold: kept. */
    heldCases: Type.Integer(),
    /** Dismissed reports the next run deletes. */
    deleteReports: Type.Integer(),
  },
  { title: 'RetentionPreview', additionalProperties: false },
);
export type RetentionPreview = Static<typeof RetentionPreview>;

const uuid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const LegalHoldParam = Type.Object({ id: Type.String({ pattern: uuid }) });

export const LegalHoldBody = Type.Object(
  {
    /** Why (a court order, an investigation): sealed with the case's key, never in the audit log. */
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { title: 'LegalHoldBody', additionalProperties: false },
);
export type LegalHoldBody = Static<typeof LegalHoldBody>;

/** A case's legal hold: while `held`, retention passes the case by and it cannot be deleted. */
export const LegalHold = Type.Object(
  {
    held: Type.Boolean(),
    /** Only for whoever reads the case's content. */
    reason: Type.Union([Type.String(), Type.Null()]),
    setBy: Type.Union([
      Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
      Type.Null(),
    ]),
    setAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** The caller may set (when not held) or lift (when held) the hold. */
    mayChange: Type.Boolean(),
  },
  { title: 'LegalHold' },
);
export type LegalHold = Static<typeof LegalHold>;
