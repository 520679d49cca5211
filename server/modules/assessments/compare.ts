import semver from 'semver';
import {
  type AssessmentModel,
  type Level,
  type ModelItem,
  modelItems,
} from '../assessment-models/model-definition.ts';
import { evaluateModel } from '../assessment-models/rule-engine.ts';
import type { AnswerInput } from './schemas.ts';

// Comparing two assessments of a case (MODELS.md "Comparing assessments"): the final levels always; item by
// item when both use the same model and major version, with the older answers re-scored under the newer
// version's rules (labelled derived, never stored over the original); across majors or models by concept,
// through the newer model's item map where it has one and by concept id otherwise. Items that map to
// nothing are listed as not comparable, never dropped silently.

export interface ComparedSide {
  model: AssessmentModel;
  answers: Readonly<Record<string, AnswerInput>>;
}

export interface ComparedItem {
  /** The newer model's item, or the older one's where the newer has no counterpart. */
  key: string;
  olderItemId: string | null;
  newerItemId: string | null;
  text: { en: string; de: string };
  older: { value: string | null; trend: string | null } | null;
  newer: { value: string | null; trend: string | null } | null;
  relation:
    | 'same'
    | 'equivalent'
    | 'broader'
    | 'narrower'
    | 'split'
    | 'merged'
    | 'removed'
    | 'new'
    | 'concept';
  comparable: boolean;
  changed: boolean;
}

export interface Comparison {
  basis: 'items' | 'concepts';
  items: ComparedItem[];
  /** The older answers under the newer version's rules, when both are the same model and major. */
  rescored: { version: string; suggestedLevel: Level; fired: string[]; flags: string[] } | null;
}

const answerOf = (answers: Readonly<Record<string, AnswerInput>>, itemId: string | null) => {
  const answer = itemId === null ? undefined : answers[itemId];
  return answer ? { value: answer.value, trend: answer.trend ?? null } : { value: null, trend: null };
};

const differs = (a: { value: string | null; trend: string | null } | null, b: typeof a) =>
  a?.value !== b?.value || a?.trend !== b?.trend;

function byItems(older: ComparedSide, newer: ComparedSide): ComparedItem[] {
  const olderItems = new Map(modelItems(older.model).map((item) => [item.itemId, item]));
  const rows: ComparedItem[] = modelItems(newer.model).map((item) => {
    const before = olderItems.has(item.itemId) ? answerOf(older.answers, item.itemId) : null;
    const after = answerOf(newer.answers, item.itemId);
    return {
      key: item.itemId,
      olderItemId: olderItems.has(item.itemId) ? item.itemId : null,
      newerItemId: item.itemId,
      text: item.text,
      older: before,
      newer: after,
      relation: olderItems.has(item.itemId) ? 'same' : 'new',
      comparable: olderItems.has(item.itemId),
      changed: olderItems.has(item.itemId) && differs(before, after),
    };
  });
  const newerIds = new Set(modelItems(newer.model).map((item) => item.itemId));
  for (const item of olderItems.values())
    if (!newerIds.has(item.itemId)) rows.push(removedRow(item, answerOf(older.answers, item.itemId)));
  return rows;
}

function removedRow(item: ModelItem, answer: { value: string | null; trend: string | null }): ComparedItem {
  return {
    key: item.itemId,
    olderItemId: item.itemId,
    newerItemId: null,
    text: item.text,
    older: answer,
    newer: null,
    relation: 'removed',
    comparable: false,
    changed: false,
  };
}

/** Across majors or models: the newer model's item map where it covers the older model, concept ids otherwise. */
function byConcepts(older: ComparedSide, newer: ComparedSide): ComparedItem[] {
  const olderItems = modelItems(older.model);
  const newerItems = new Map(modelItems(newer.model).map((item) => [item.itemId, item]));
  const map = newer.model.comparability;
  const mapCovers = map !== undefined && map.from.split('|')[0] === older.model.modelId;
  const rows: ComparedItem[] = [];
  const matched = new Set<string>();
  for (const item of olderItems) {
    const before = answerOf(older.answers, item.itemId);
    const entry = mapCovers ? map.itemMap.find((candidate) => candidate.from === item.itemId) : undefined;
    const targets = entry
      ? entry.to === null
        ? []
        : Array.isArray(entry.to)
          ? entry.to
          : [entry.to]
      : [...newerItems.values()]
          .filter((candidate) => candidate.conceptId === item.conceptId)
          .map((c) => c.itemId);
    const relation: ComparedItem['relation'] = entry
      ? entry.relation
      : targets.length > 0
        ? 'concept'
        : 'removed';
    if (targets.length === 0) {
      rows.push({ ...removedRow(item, before), relation });
      continue;
    }
    for (const target of targets) {
      const counterpart = newerItems.get(target);
      if (!counterpart) continue;
      matched.add(target);
      const after = answerOf(newer.answers, target);
      // Only an equivalent concept compares answer by answer; a split or broader one is shown side by side.
      const comparable = relation === 'equivalent' || relation === 'concept';
      rows.push({
        key: target,
        olderItemId: item.itemId,
        newerItemId: target,
        text: counterpart.text,
        older: before,
        newer: after,
        relation,
        comparable,
        changed: comparable && differs(before, after),
      });
    }
  }
  for (const item of newerItems.values())
    if (!matched.has(item.itemId))
      rows.push({
        key: item.itemId,
        olderItemId: null,
        newerItemId: item.itemId,
        text: item.text,
        older: null,
        newer: answerOf(newer.answers, item.itemId),
        relation: 'new',
        comparable: false,
        changed: false,
      });
  return rows;
}

/** Compares an older with a newer assessment. */
export function compareAssessments(older: ComparedSide, newer: ComparedSide): Comparison {
  const sameMajor =
    older.model.modelId === newer.model.modelId &&
    semver.major(older.model.version) === semver.major(newer.model.version);
  if (!sameMajor) return { basis: 'concepts', items: byConcepts(older, newer), rescored: null };
  const rescored =
    older.model.version === newer.model.version
      ? null
      : (() => {
          const evaluation = evaluateModel(newer.model, older.answers);
          return {
            version: newer.model.version,
            suggestedLevel: evaluation.suggestedLevel,
            fired: evaluation.fired.map((rule) => rule.id),
            flags: evaluation.flags,
          };
        })();
  return { basis: 'items', items: byItems(older, newer), rescored };
}
