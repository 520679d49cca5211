import { Invalid } from '../../errors.ts';
import type { CaseRetentionRule, ClosingOutcome, RetentionPeriod, RetentionPolicy } from './schemas.ts';

// What the retention policy says about one closed case or dismissed report: which rule applies, when it is
// due, and the code that names the rule (in the deletion certificate and the run's audit event).

/**
 * TMA's defaults for a tenant that has saved no policy (docs/privacy.md): unfounded and no-threat cases six
 * and twelve months, high and critical cases (L3/L4) five years, every other closed case three years, each
 * anonymised into statistics; dismissed reports six months, deleted. The owner hears 30 days before.
 */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = {
  warningDays: 30,
  caseRules: [
    { outcomes: ['unfounded'], levels: [], months: 6, action: 'anonymise' },
    { outcomes: ['no_threat'], levels: [], months: 12, action: 'anonymise' },
    { outcomes: [], levels: [3, 4], months: 60, action: 'anonymise' },
  ],
  caseDefault: { months: 36, action: 'anonymise' },
  dismissedReports: { months: 6, action: 'delete' },
};

export interface AppliedRule extends RetentionPeriod {
  /** Names the rule, e.g. `case:outcomes=unfounded:levels=any:months=6:anonymise`. */
  code: string;
}

const joined = (values: ReadonlyArray<string | number>) => (values.length === 0 ? 'any' : values.join('-'));

const caseRuleCode = (rule: CaseRetentionRule) =>
  `case:outcomes=${joined(rule.outcomes)}:levels=${joined(rule.levels)}:months=${rule.months}:${rule.action}`;

/** The rule for a closed case: the first that matches its outcome and level, else the default. */
export function ruleForCase(
  policy: RetentionPolicy,
  closed: { outcome: ClosingOutcome | null; level: number | null },
): AppliedRule {
  const outcome = closed.outcome ?? 'other';
  for (const rule of policy.caseRules) {
    const outcomeMatches = rule.outcomes.length === 0 || rule.outcomes.includes(outcome);
    const levelMatches =
      rule.levels.length === 0 || (closed.level !== null && rule.levels.includes(closed.level));
    if (outcomeMatches && levelMatches)
      return { months: rule.months, action: rule.action, code: caseRuleCode(rule) };
  }
  const { months, action } = policy.caseDefault;
  return { months, action, code: `case:default:months=${months}:${action}` };
}

export function ruleForDismissedReport(policy: RetentionPolicy): AppliedRule {
  const { months, action } = policy.dismissedReports;
  return { months, action, code: `report:dismissed:months=${months}:${action}` };
}

/** `months` calendar months after `from` (UTC; the 31st becomes the month's last day). */
export function addMonths(from: Date, months: number): Date {
  const target = new Date(
    Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months, 1, from.getUTCHours(), from.getUTCMinutes()),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  target.setUTCSeconds(from.getUTCSeconds(), from.getUTCMilliseconds());
  return target;
}

export const DAY_MS = 24 * 60 * 60_000;

/** When an object closed at `closedAt` is due, and when its owner is warned. */
export function dueDates(closedAt: Date, rule: RetentionPeriod, warningDays: number) {
  const dueAt = addMonths(closedAt, rule.months);
  return { dueAt, warnFrom: new Date(dueAt.getTime() - warningDays * DAY_MS) };
}

/**
 * What a route schema cannot say: a rule must match something narrower than every case (else the default
 * would never apply), and the owner's warning must come after the closing for the shortest case period (reports have no owner to
 * warn).
 */
export function checkPolicy(policy: RetentionPolicy): void {
  policy.caseRules.forEach((rule, index) => {
    if (rule.outcomes.length === 0 && rule.levels.length === 0)
      throw new Invalid(
        'retention_rule_matches_everything',
        'A rule must name outcomes or levels; the default covers the rest.',
        [{ path: `caseRules/${index}`, message: 'names no outcome and no level' }],
      );
  });
  const shortest = Math.min(policy.caseDefault.months, ...policy.caseRules.map((rule) => rule.months));
  if (policy.warningDays >= shortest * 28)
    throw new Invalid(
      'retention_warning_too_long',
      'The warning must come after the case was closed: shorten it.',
      [{ path: 'warningDays', message: `must be shorter than the shortest period (${shortest} months)` }],
    );
}

/**
 * What retention does with a closed case today: `held` (under legal hold and past its period: kept),
 * `warn` (its owner is to be warned now), `delete` (due, and its owner was warned long enough ago or is not
 * warned), `wait` (due but warned less than the warning period ago, or not due yet).
 */
export function caseFate(
  row: { closed_at: Date; owner_id: string | null; held: boolean; warned_at: Date | null },
  rule: RetentionPeriod,
  warningDays: number,
  now: Date,
): 'held' | 'warn' | 'delete' | 'wait' {
  const { dueAt, warnFrom } = dueDates(row.closed_at, rule, warningDays);
  if (row.held) return dueAt <= now ? 'held' : 'wait';
  const warns = warningDays > 0 && row.owner_id !== null;
  if (warns && row.warned_at === null) return warnFrom <= now ? 'warn' : 'wait';
  const warnedLongEnough =
    !warns || (row.warned_at as Date).getTime() + warningDays * DAY_MS <= now.getTime();
  return dueAt <= now && warnedLongEnough ? 'delete' : 'wait';
}
