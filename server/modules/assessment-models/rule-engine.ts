import { defaultMethods as engineDefaults, LogicEngine } from 'json-logic-engine';
import { STANDARD_OPERATORS } from './json-logic.ts';
import {
  type AssessmentModel,
  LEVELS,
  type Level,
  type ModelItem,
  modelItems,
  scaleOf,
} from './model-definition.ts';

// Evaluates a model against the answers of an assessment: derived values in order, every rule, then the
// suggestion policy (MODELS.md "Semantics"). Pure and deterministic: the same model and answers give the
// same result on every machine and in every year, which is what lets an old assessment be re-scored and a
// fixture pin a version's behaviour. It never throws on answers: unknown items and codes are ignored, a
// rule that fails to evaluate does not fire and is reported as a flag.

/** Named in every stored computation, so a re-scoring under another engine shows. */
export const ENGINE_VERSION = 'tma-rules 1.0.0';

export interface AnswerValue {
  value: string | null;
  trend?: string | null;
}

/** An answer set by item id: a code of the item's scale (or nothing yet), optionally with its trend. */
export type Answers = Readonly<Record<string, AnswerValue | string | null | undefined>>;

export interface FiredRule {
  id: string;
  suggest: Level;
  floor: boolean;
  explain: { en: string; de: string };
}

export interface Adjustment {
  kind: 'protective' | 'insufficient_information';
  from: Level;
  to: Level;
}

export interface Evaluation {
  engineVersion: string;
  derived: Record<string, number | boolean | string | null>;
  fired: FiredRule[];
  suggestedLevel: Level;
  /** The level no protective factor may lower: the highest fired floor rule, or L1. */
  floorLevel: Level;
  adjustments: Adjustment[];
  flags: string[];
}

const levelIndex = (level: Level): number => LEVELS.indexOf(level);
const maxLevel = (a: Level, b: Level): Level => (levelIndex(a) >= levelIndex(b) ? a : b);
const levelAt = (index: number): Level => LEVELS[Math.min(Math.max(index, 0), LEVELS.length - 1)] as Level;

/** The answer codes that are valid for each item: unknown items and codes are dropped, never trusted. */
function normaliseAnswers(model: AssessmentModel, answers: Answers) {
  const codes = new Map<string, string | null>();
  const trends = new Map<string, string | null>();
  for (const item of modelItems(model)) {
    const raw = Object.hasOwn(answers, item.itemId) ? answers[item.itemId] : undefined;
    const answer = typeof raw === 'object' && raw !== null ? raw : { value: raw ?? null };
    const options = scaleOf(model, item.scale)?.options ?? [];
    const value =
      typeof answer.value === 'string' && options.some((o) => o.code === answer.value) ? answer.value : null;
    const trendOptions = item.trendScale ? (scaleOf(model, item.trendScale)?.options ?? []) : [];
    const trend =
      typeof answer.trend === 'string' && trendOptions.some((o) => o.code === answer.trend)
        ? answer.trend
        : null;
    codes.set(item.itemId, value);
    trends.set(item.itemId, trend);
  }
  return { codes, trends };
}

function helperMethods(model: AssessmentModel, codes: ReadonlyMap<string, string | null>) {
  const items = modelItems(model);
  const tagged = (tag: unknown): ModelItem[] =>
    typeof tag === 'string' ? items.filter((item) => item.tags.includes(tag)) : [];
  const option = (item: ModelItem) => {
    const code = codes.get(item.itemId);
    return code === null ? undefined : scaleOf(model, item.scale)?.options.find((o) => o.code === code);
  };
  const countTag = ([tag, wanted]: unknown[]) => {
    const set = new Set(Array.isArray(wanted) ? wanted : []);
    return tagged(tag).filter((item) => set.has(codes.get(item.itemId))).length;
  };
  return {
    countTag: (args: unknown[]) => countTag(args),
    anyTag: (args: unknown[]) => countTag(args) > 0,
    sumWeightTag: ([tag]: unknown[]) =>
      tagged(tag).reduce((sum, item) => {
        const chosen = option(item);
        return chosen && !chosen.missing && typeof chosen.weight === 'number' ? sum + chosen.weight : sum;
      }, 0),
    unknownShare: (args: unknown[]) => {
      // `[]`, `null` (the engine passes `[null]`) or `[tag]`: the validator accepts all three.
      const among = typeof args[0] === 'string' ? tagged(args[0]) : items;
      if (among.length === 0) return 0;
      const unknown = among.filter(
        (item) => option(item)?.missing !== undefined || option(item) === undefined,
      );
      return unknown.length / among.length;
    },
  };
}

/** An engine with the whitelisted standard operators and the helpers over these answers, nothing else. */
function engineFor(model: AssessmentModel, codes: ReadonlyMap<string, string | null>): LogicEngine {
  const methods: Record<string, unknown> = {};
  for (const operator of STANDARD_OPERATORS)
    methods[operator] = (engineDefaults as Record<string, unknown>)[operator];
  const engine = new LogicEngine(methods, { disableInline: true });
  for (const [name, method] of Object.entries(helperMethods(model, codes)))
    engine.addMethod(name, (args: unknown) => method(Array.isArray(args) ? args : [args]), {
      deterministic: true,
    });
  return engine;
}

const asScalar = (value: unknown): number | boolean | string | null =>
  typeof value === 'number'
    ? Number.isFinite(value)
      ? value
      : null
    : typeof value === 'boolean' || typeof value === 'string'
      ? value
      : null;

/** The suggestion of a model for an answer set, with the derived values and the trace of rules. */
export function evaluateModel(model: AssessmentModel, answers: Answers): Evaluation {
  const { codes, trends } = normaliseAnswers(model, answers);
  const engine = engineFor(model, codes);
  const flags: string[] = [];
  const data: Record<string, unknown> = Object.create(null);
  data.answers = Object.assign(Object.create(null), Object.fromEntries(codes));
  data.trends = Object.assign(Object.create(null), Object.fromEntries(trends));
  const derived: Record<string, number | boolean | string | null> = {};
  for (const entry of model.derived) {
    let value: number | boolean | string | null = null;
    try {
      value = asScalar(engine.run(entry.expr, data));
    } catch {
      flags.push(`DERIVED_ERROR:${entry.id}`);
    }
    derived[entry.id] = value;
    data[entry.id] = value;
  }
  const fired: FiredRule[] = [];
  for (const rule of model.rules) {
    let matched = false;
    try {
      matched = Boolean(engine.truthy(engine.run(rule.when, data)));
    } catch {
      flags.push(`RULE_ERROR:${rule.id}`);
    }
    if (matched) fired.push({ id: rule.id, suggest: rule.suggest, floor: rule.floor, explain: rule.explain });
  }
  const aggregated = fired.reduce<Level>((level, rule) => maxLevel(level, rule.suggest), 'L1');
  const floorLevel = fired
    .filter((rule) => rule.floor)
    .reduce<Level>((l, rule) => maxLevel(l, rule.suggest), 'L1');
  const adjustments: Adjustment[] = [];
  let suggested = aggregated;
  const policy = model.suggestionPolicy;
  const protective = policy.protectiveAdjustment;
  if (protective) {
    const weight = derived[protective.variable];
    if (typeof weight === 'number' && weight >= protective.ifAtLeast) {
      const lowered = maxLevel(levelAt(levelIndex(suggested) + protective.steps), floorLevel);
      if (lowered !== suggested) {
        adjustments.push({ kind: 'protective', from: suggested, to: lowered });
        suggested = lowered;
      }
    }
  }
  const insufficient = policy.insufficientInformation;
  if (insufficient) {
    const share = derived[insufficient.variable];
    if (typeof share === 'number' && share > insufficient.above) {
      flags.push(insufficient.flag);
      const raised = maxLevel(suggested, insufficient.blocksLevelBelow);
      if (raised !== suggested) {
        adjustments.push({ kind: 'insufficient_information', from: suggested, to: raised });
        suggested = raised;
      }
    }
  }
  return {
    engineVersion: ENGINE_VERSION,
    derived,
    fired,
    suggestedLevel: suggested,
    floorLevel,
    adjustments,
    flags,
  };
}
