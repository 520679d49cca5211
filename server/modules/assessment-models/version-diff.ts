import { isDeepStrictEqual } from 'node:util';
import semver from 'semver';
import type { DefinitionProblem } from '../model-format/building-blocks.ts';
import { type AssessmentModel, type ModelItem, modelItems, scaleOf } from './model-definition.ts';

// The machine diff between two versions of a model, and the semantic version bump it requires (MODELS.md
// "Version rules"): a removed item, a changed scale or option set, or a changed concept breaks comparison
// and must be MAJOR; new items, rules, derived values, weights, tags and policy change what is suggested
// and must be at least MINOR; wording, translations, help, sources and fixtures are a PATCH.

export type Bump = 'major' | 'minor' | 'patch';

export interface ModelChange {
  bump: Bump;
  op: string;
  /** The item, rule, derived value, scale or section the change is about. */
  target: string | null;
  /** Whether old answers may now get another suggestion. */
  affectsSuggestion: boolean;
}

export interface ModelDiff {
  changes: ModelChange[];
  /** The least bump these changes need; null when nothing changed. */
  required: Bump | null;
  affectsSuggestion: boolean;
}

const ORDER: Bump[] = ['patch', 'minor', 'major'];
const atLeast = (bump: Bump, than: Bump) => ORDER.indexOf(bump) >= ORDER.indexOf(than);

function byId<T>(values: readonly T[], id: (value: T) => string): Map<string, T> {
  return new Map(values.map((value) => [id(value), value]));
}

function itemChanges(before: ModelItem, after: ModelItem, previous: AssessmentModel, next: AssessmentModel) {
  const changes: ModelChange[] = [];
  const target = after.itemId;
  const codes = (model: AssessmentModel, scale: string | undefined) =>
    scale === undefined ? [] : (scaleOf(model, scale)?.options.map((option) => option.code) ?? []);
  if (before.conceptId !== after.conceptId)
    changes.push({ bump: 'major', op: 'changeConcept', target, affectsSuggestion: true });
  if (!isDeepStrictEqual(codes(previous, before.scale), codes(next, after.scale)))
    changes.push({ bump: 'major', op: 'changeOptions', target, affectsSuggestion: true });
  else if (before.scale !== after.scale)
    changes.push({ bump: 'major', op: 'changeScale', target, affectsSuggestion: true });
  if (!isDeepStrictEqual(codes(previous, before.trendScale), codes(next, after.trendScale)))
    // Rules may read `trends.<itemId>`: a changed trend scale can change what is suggested.
    changes.push({ bump: 'major', op: 'changeTrendOptions', target, affectsSuggestion: true });
  const weights = (model: AssessmentModel, item: ModelItem) =>
    scaleOf(model, item.scale)?.options.map((option) => [
      option.code,
      option.weight ?? null,
      option.missing ?? false,
    ]);
  if (!isDeepStrictEqual(weights(previous, before), weights(next, after)))
    changes.push({ bump: 'minor', op: 'changeWeights', target, affectsSuggestion: true });
  if (!isDeepStrictEqual(before.tags, after.tags))
    changes.push({ bump: 'minor', op: 'changeTags', target, affectsSuggestion: true });
  if (before.evidence !== after.evidence)
    changes.push({ bump: 'minor', op: 'changeEvidence', target, affectsSuggestion: false });
  const wording = (item: ModelItem) => [item.text, item.help, item.sourceRef];
  const labels = (model: AssessmentModel, item: ModelItem) =>
    scaleOf(model, item.scale)?.options.map((o) => o.label);
  if (
    !isDeepStrictEqual(wording(before), wording(after)) ||
    !isDeepStrictEqual(labels(previous, before), labels(next, after))
  )
    changes.push({ bump: 'patch', op: 'changeWording', target, affectsSuggestion: false });
  return changes;
}

/** What changed from one version to the next, and the least bump that requires. */
export function diffModels(previous: AssessmentModel, next: AssessmentModel): ModelDiff {
  const changes: ModelChange[] = [];
  const add = (bump: Bump, op: string, target: string | null, affectsSuggestion: boolean) =>
    changes.push({ bump, op, target, affectsSuggestion });
  const before = byId(modelItems(previous), (item) => item.itemId);
  const after = byId(modelItems(next), (item) => item.itemId);
  for (const [id, item] of before) {
    const now = after.get(id);
    if (!now) add('major', 'removeItem', id, true);
    else changes.push(...itemChanges(item, now, previous, next));
  }
  for (const id of after.keys()) if (!before.has(id)) add('minor', 'addItem', id, true);
  const sectionOf = (model: AssessmentModel) =>
    new Map(model.sections.flatMap((section) => section.items.map((item) => [item.itemId, section.id])));
  const sectionsBefore = sectionOf(previous);
  for (const [id, section] of sectionOf(next))
    if (sectionsBefore.has(id) && sectionsBefore.get(id) !== section) add('patch', 'moveItem', id, false);
  // The items both versions have, in each version's order: a new order of the same items is a patch.
  const kept = (model: AssessmentModel, other: AssessmentModel) => {
    const ids = new Set(modelItems(other).map((item) => item.itemId));
    return modelItems(model)
      .map((item) => item.itemId)
      .filter((id) => ids.has(id));
  };
  if (!isDeepStrictEqual(kept(previous, next), kept(next, previous)))
    add('patch', 'reorderItems', null, false);
  const sectionText = (model: AssessmentModel) => model.sections.map((s) => [s.id, s.title, s.help]);
  if (!isDeepStrictEqual(sectionText(previous), sectionText(next)))
    add('patch', 'changeSections', null, false);
  if (previous.levelScale !== next.levelScale) add('major', 'changeLevelScale', null, true);
  const derivedBefore = byId(previous.derived, (entry) => entry.id);
  const derivedAfter = byId(next.derived, (entry) => entry.id);
  for (const [id, entry] of derivedAfter) {
    const old = derivedBefore.get(id);
    if (!old) add('minor', 'addDerived', id, true);
    else if (!isDeepStrictEqual(old.expr, entry.expr)) add('minor', 'changeDerived', id, true);
    else if (!isDeepStrictEqual(old.label, entry.label)) add('patch', 'changeDerivedWording', id, false);
  }
  for (const id of derivedBefore.keys()) if (!derivedAfter.has(id)) add('minor', 'removeDerived', id, true);
  const rulesBefore = byId(previous.rules, (rule) => rule.id);
  const rulesAfter = byId(next.rules, (rule) => rule.id);
  for (const [id, rule] of rulesAfter) {
    const old = rulesBefore.get(id);
    const logic = (r: typeof rule) => [r.when, r.suggest, r.floor];
    if (!old) add('minor', 'addRule', id, true);
    else if (!isDeepStrictEqual(logic(old), logic(rule))) add('minor', 'changeRule', id, true);
    else if (!isDeepStrictEqual(old.explain, rule.explain)) add('patch', 'changeRuleWording', id, false);
  }
  for (const id of rulesBefore.keys()) if (!rulesAfter.has(id)) add('minor', 'removeRule', id, true);
  const { labelForUsers: _a, ...policyBefore } = previous.suggestionPolicy;
  const { labelForUsers: _b, ...policyAfter } = next.suggestionPolicy;
  if (!isDeepStrictEqual(policyBefore, policyAfter)) add('minor', 'changePolicy', null, true);
  if (!isDeepStrictEqual(previous.finalJudgement, next.finalJudgement))
    add('minor', 'changeJudgement', null, false);
  const meta = (model: AssessmentModel) => [
    model.title,
    model.description,
    model.publisher,
    model.sources,
    model.license,
    model.url,
    model.suggestionPolicy.labelForUsers,
    model.comparability,
    model.effectivePeriod,
  ];
  if (!isDeepStrictEqual(meta(previous), meta(next))) add('patch', 'changeMetadata', null, false);
  if (!isDeepStrictEqual(previous.fixtures, next.fixtures)) add('patch', 'changeFixtures', null, false);
  const required = changes.reduce<Bump | null>(
    (bump, change) => (bump === null || atLeast(change.bump, bump) ? change.bump : bump),
    null,
  );
  return { changes, required, affectsSuggestion: changes.some((change) => change.affectsSuggestion) };
}

/**
 * Whether `next` is a correct successor of `previous`: a higher version whose declared bump (the first
 * changelog entry) is at least what the diff requires, and that says when the suggestion may change.
 */
export function successorProblems(previous: AssessmentModel, next: AssessmentModel): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const diff = diffModels(previous, next);
  const entry = next.changelog[0];
  if (!semver.gt(next.version, previous.version))
    problems.push({ path: 'version', message: `must be higher than ${previous.version}` });
  if (!entry) return problems;
  if (diff.required !== null && !atLeast(entry.bump, diff.required)) {
    const reasons = diff.changes
      .filter((change) => change.bump === diff.required)
      .map((change) => (change.target ? `${change.op} ${change.target}` : change.op))
      .slice(0, 5)
      .join(', ');
    problems.push({
      path: 'changelog.0.bump',
      message: `is ${entry.bump}, but the changes need a ${diff.required} version (${reasons})`,
    });
  }
  const step = semver.gt(next.version, previous.version) ? semver.diff(previous.version, next.version) : null;
  if (step !== null && step !== entry.bump)
    problems.push({
      path: 'changelog.0.bump',
      message: `says ${entry.bump}, but ${previous.version} → ${next.version} is a ${step} step`,
    });
  if (diff.affectsSuggestion && !entry.affectsSuggestion)
    problems.push({
      path: 'changelog.0.affectsSuggestion',
      message: 'must be true: the changes can alter suggestions',
    });
  return problems;
}
