import type {
  AssessmentAnswers,
  AssessmentDetail,
  Level,
  ModelDefinition,
  ModelItem,
} from '../api/assessments.ts';
import { levelNumber } from '../api/assessments.ts';
import type { Language } from '../i18n/language.ts';

// Reading a model version's definition for the assessment pages: texts in the user's language, the labels
// of answer codes, and what the derived values mean.

/** A model's text in the language, English where a language is missing. */
export function localised(text: { en: string; de: string } | undefined | null, language: Language): string {
  if (!text) return '';
  return text[language] || text.en;
}

/** The definition of an assessment's model version, or null when it cannot be shown. */
export function definitionOf(detail: Pick<AssessmentDetail, 'definition'>): ModelDefinition | null {
  const definition = detail.definition;
  return definition !== null &&
    typeof definition === 'object' &&
    Array.isArray((definition as ModelDefinition).sections)
    ? (definition as ModelDefinition)
    : null;
}

/** Every item of the model, in order. */
export function itemsOf(definition: ModelDefinition): ModelItem[] {
  return definition.sections.flatMap((section) => section.items);
}

/** The label of an answer code on a scale; the code itself when the scale does not know it. */
export function optionLabel(
  definition: ModelDefinition,
  scaleId: string | undefined,
  code: string | null | undefined,
  language: Language,
): string | null {
  if (code === null || code === undefined) return null;
  const option = scaleId ? definition.scales[scaleId]?.options.find((o) => o.code === code) : undefined;
  return option ? localised(option.label, language) : code;
}

/** Whether an answer counts as positive (for "evidence required when positive"): a weight above 0. */
export function isPositive(definition: ModelDefinition, item: ModelItem, code: string | null): boolean {
  if (code === null) return false;
  const option = definition.scales[item.scale]?.options.find((o) => o.code === code);
  return !!option && !option.missing && typeof option.weight === 'number' && option.weight > 0;
}

/**
 * Whether the model wants this answer supported and it is not: a positive answer to an item with
 * `evidence: 'requiredIfPositive'` without a note or evidence (the server then refuses the judgement,
 * `assessment_evidence_missing`).
 */
export function needsSupport(
  definition: ModelDefinition,
  item: ModelItem,
  answer: AssessmentAnswers[string] | undefined,
): boolean {
  return (
    item.evidence === 'requiredIfPositive' &&
    isPositive(definition, item, answer?.value ?? null) &&
    !answer?.note?.trim() &&
    (answer?.evidence ?? []).length === 0
  );
}

/** How many items have an answer (unknown counts as answered: it was considered). */
export function answeredCount(definition: ModelDefinition, answers: AssessmentAnswers): number {
  return itemsOf(definition).filter((item) => (answers[item.itemId]?.value ?? null) !== null).length;
}

/** Whether a derived value is a share (computed by `unknownShare`): shown as a percentage. */
export function isShare(definition: ModelDefinition, id: string): boolean {
  const entry = definition.derived.find((candidate) => candidate.id === id);
  return (
    !!entry &&
    typeof entry.expr === 'object' &&
    entry.expr !== null &&
    'unknownShare' in (entry.expr as Record<string, unknown>)
  );
}

/** A derived value as a reader wants it: a percentage for shares, numbers in the language's way. */
export function formatDerived(
  value: number | boolean | string | null,
  share: boolean,
  language: Language,
  words: { yes: string; no: string; none: string },
): string {
  if (value === null) return words.none;
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (typeof value === 'string') return value;
  return share
    ? new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(value)
    : new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(value);
}

/** A level code as the number the case's level badge takes. */
export const levelOf = (level: Level | null | undefined): number | null =>
  level ? levelNumber(level) : null;
