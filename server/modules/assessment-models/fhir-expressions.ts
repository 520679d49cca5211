import type { AssessmentModel, ModelItem } from './model-definition.ts';
import { modelItems, scaleOf } from './model-definition.ts';

// The FHIR side of the export (fhir-questionnaire.ts): the few R4 data types it writes (plain interfaces, no
// FHIR library), the extension and code-system URLs, and the expressions of derived values.

export type FhirLanguage = 'en' | 'de';

export interface FhirExpression {
  name?: string;
  language: string;
  expression?: string;
  description?: string;
}

export interface FhirCoding {
  system?: string;
  code: string;
  display?: string;
  _display?: FhirElement;
  extension?: FhirExtension[];
}

export interface FhirExtension {
  url: string;
  extension?: FhirExtension[];
  valueBoolean?: boolean;
  valueCode?: string;
  valueDecimal?: number;
  valueString?: string;
  valueExpression?: FhirExpression;
  valueCodeableConcept?: { coding: FhirCoding[] };
}

/** The `_text`-style sibling of a primitive, which holds its extensions (here: translations). */
export interface FhirElement {
  extension: FhirExtension[];
}

export interface FhirAnswerOption {
  valueCoding: FhirCoding;
  extension?: FhirExtension[];
}

export interface FhirItem {
  linkId: string;
  type: 'group' | 'display' | 'choice' | 'text' | 'date';
  text?: string;
  _text?: FhirElement;
  code?: FhirCoding[];
  required?: boolean;
  repeats?: boolean;
  readOnly?: boolean;
  answerOption?: FhirAnswerOption[];
  extension?: FhirExtension[];
  item?: FhirItem[];
}

export interface FhirQuestionnaire {
  resourceType: 'Questionnaire';
  id: string;
  language: FhirLanguage;
  extension: FhirExtension[];
  url: string;
  version: string;
  name: string;
  title: string;
  _title?: FhirElement;
  status: 'draft' | 'active' | 'retired';
  date?: string;
  publisher: string;
  description?: string;
  _description?: FhirElement;
  copyright?: string;
  effectivePeriod?: { start: string; end?: string };
  item: FhirItem[];
}

export const EXT = {
  translation: 'http://hl7.org/fhir/StructureDefinition/translation',
  variable: 'http://hl7.org/fhir/StructureDefinition/variable',
  itemWeight: 'http://hl7.org/fhir/StructureDefinition/itemWeight',
  hidden: 'http://hl7.org/fhir/StructureDefinition/questionnaire-hidden',
  itemControl: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
  calculatedExpression:
    'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression',
  missing: 'urn:tma:fhir:missing',
  rules: 'urn:tma:fhir:rules',
  contentHash: 'urn:tma:fhir:content-hash',
} as const;
export const CONCEPT_SYSTEM = 'urn:tma:concept';
export const LEVEL_SYSTEM = 'urn:tma:criticality';

export interface FhirResponseAnswer {
  valueCoding?: FhirCoding;
  valueString?: string;
  valueDate?: string;
  item?: FhirResponseItem[];
}

export interface FhirResponseItem {
  linkId: string;
  text?: string;
  answer?: FhirResponseAnswer[];
  item?: FhirResponseItem[];
}

export interface FhirQuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  language: FhirLanguage;
  /** The canonical `url|version`, which pins the response to the model version it answers. */
  questionnaire: string;
  status: 'in-progress' | 'completed';
  item: FhirResponseItem[];
}

/** `urn:tma:model:<modelId>` unless the model names its own canonical url. */
export const canonicalUrl = (model: AssessmentModel): string => model.url ?? `urn:tma:model:${model.modelId}`;
export const scaleSystem = (model: AssessmentModel, scaleId: string): string =>
  `urn:tma:model:${model.modelId}:scale:${scaleId}`;

/** `{ key: value }`, or nothing when the value is undefined: FHIR JSON has no nulls or empty elements. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

// A model's derived values as SDC `variable` extensions on the exported Questionnaire. The four helpers
// (json-logic.ts) read only the answers, so each has an exact FHIRPath counterpart over the
// QuestionnaireResponse being filled (`%resource` in SDC): the tagged items are known from the model, so
// their linkIds are written into the expression; sums and differences of them translate too. Anything
// else a derived value may be (references to other values, comparisons, `if`) is carried unchanged as
// JsonLogic under a language of our own, which a form filler will not evaluate, but nothing is dropped.

export const FHIRPATH = 'text/fhirpath';
/** Not a registered media type: marks an expression TMA's rule engine evaluates (rule-engine.ts). */
export const JSON_LOGIC = 'application/json-logic+json';

/** A FHIRPath string literal: single quotes, with backslash and quote escaped. */
export function fhirPathString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** A FHIRPath collection of string literals for `in`: `('a' | 'b')`, or `{}` when there is none. */
export function fhirPathList(values: readonly string[]): string {
  return values.length === 0 ? '{}' : `(${values.map(fhirPathString).join(' | ')})`;
}

/** The response items answering the given model items, wherever they are nested. */
const itemsWhere = (condition: string) => `%resource.repeat(item).where(${condition})`;
const linkIdIn = (items: readonly ModelItem[]) =>
  `linkId in ${fhirPathList(items.map((item) => item.itemId))}`;

const tagged = (model: AssessmentModel, tag: string) =>
  modelItems(model).filter((item) => item.tags.includes(tag));
const isTag = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isCodes = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every((code) => typeof code === 'string');

/**
 * `unknownShare`: the share of the items that are unanswered or answered "unknown", i.e. one minus the share
 * answered with a code that is not the scale's missing one. Items are grouped by scale because each scale
 * has its own codes; the count is of items (not answers), as in the engine.
 */
function unknownShareExpression(model: AssessmentModel, items: readonly ModelItem[]): string {
  if (items.length === 0) return '0';
  const byScale = new Map<string, ModelItem[]>();
  for (const item of items) byScale.set(item.scale, [...(byScale.get(item.scale) ?? []), item]);
  const known = [...byScale].map(([scaleId, scaleItems]) => {
    const codes = (scaleOf(model, scaleId)?.options ?? []).filter((o) => !o.missing).map((o) => o.code);
    return `(${linkIdIn(scaleItems)} and answer.value.code in ${fhirPathList(codes)})`;
  });
  return `(${items.length} - ${itemsWhere(known.join(' or '))}.count()) / ${items.length}`;
}

/** The one operator of a JsonLogic call and its arguments as a list, or null for anything else. */
function callOf(expr: unknown): { operator: string; args: unknown[] } | null {
  if (typeof expr !== 'object' || expr === null || Array.isArray(expr)) return null;
  const entries = Object.entries(expr);
  if (entries.length !== 1) return null;
  const [operator, argument] = entries[0] as [string, unknown];
  return { operator, args: Array.isArray(argument) ? argument : [argument] };
}

/** `countTag` / `anyTag`: the answers of the tagged items whose code is one of the given ones. */
function chosenAnswers(model: AssessmentModel, args: unknown[]): string | null {
  const [tag, codes] = args;
  if (args.length !== 2 || !isTag(tag) || !isCodes(codes)) return null;
  return `${itemsWhere(linkIdIn(tagged(model, tag)))}.answer.value.where(code in ${fhirPathList(codes)})`;
}

/**
 * A numeric derived expression as FHIRPath, or null: a number, a numeric helper (`countTag`,
 * `sumWeightTag`, `unknownShare`) with literal arguments, or `+`, `-`, `*` over those. On numbers these
 * operators mean the same in JsonLogic and FHIRPath, and the helpers' FHIRPath never yields an empty
 * collection, so no operand can turn the result empty. `/`, `min`, `max`, `var`, `if` and comparisons
 * stay JsonLogic (division by zero, FHIRPath 3-only functions, JsonLogic's loose typing).
 *
 * `sumWeightTag` uses SDC's `weight()` (named `ordinal()` before SDC 3; `weight()` is the current name),
 * which reads the `itemWeight` of the chosen answerOption. The unknown option and options without a
 * numeric weight carry no itemWeight, so `weight()` yields nothing for them: they are left out of the sum
 * exactly as the engine leaves them out. The sum is written with the normative `aggregate()` rather than
 * `sum()`, which only FHIRPath 3 (trial use) has; it is 0 when nothing is answered, as in the engine.
 * `unknownShare: null` stays JsonLogic: the validator reads it as "all items", the engine as none.
 */
function numericFhirPath(model: AssessmentModel, expr: unknown): string | null {
  if (typeof expr === 'number')
    return !Number.isFinite(expr) || /e/i.test(String(expr)) ? null : expr < 0 ? `(${expr})` : String(expr);
  const call = callOf(expr);
  if (call === null) return null;
  const { operator, args } = call;
  const [first] = args;
  switch (operator) {
    case 'countTag': {
      const chosen = chosenAnswers(model, args);
      return chosen === null ? null : `${chosen}.count()`;
    }
    case 'sumWeightTag':
      if (args.length !== 1 || !isTag(first)) return null;
      return `${itemsWhere(linkIdIn(tagged(model, first)))}.answer.value.weight().aggregate($this + $total, 0)`;
    case 'unknownShare':
      if (args.length === 0) return unknownShareExpression(model, modelItems(model));
      return args.length === 1 && isTag(first) ? unknownShareExpression(model, tagged(model, first)) : null;
    case '+':
    case '*':
    case '-': {
      const operands = args.map((arg) => numericFhirPath(model, arg));
      if (operands.length === 0 || operands.some((operand) => operand === null)) return null;
      if (operator === '-' && operands.length === 1) return `-(${operands[0]})`;
      if (operator === '-' && operands.length !== 2) return null;
      return operands.map((operand) => `(${operand})`).join(` ${operator} `);
    }
    default:
      return null;
  }
}

/** The FHIRPath of a derived expression where it has an exact one (numeric, or one `anyTag`), else null. */
export function derivedToFhirPath(model: AssessmentModel, expr: unknown): string | null {
  const call = callOf(expr);
  if (call?.operator === 'anyTag') {
    const chosen = chosenAnswers(model, call.args);
    return chosen === null ? null : `${chosen}.exists()`;
  }
  return numericFhirPath(model, expr);
}

/** The SDC `variable` for each derived value, in the model's order (later values may read earlier ones). */
export function derivedVariables(model: AssessmentModel, language: FhirLanguage): FhirExtension[] {
  return model.derived.map((entry) => {
    const fhirPath = derivedToFhirPath(model, entry.expr);
    const label = entry.label?.[language];
    return {
      url: EXT.variable,
      valueExpression:
        fhirPath !== null
          ? {
              name: entry.id,
              language: FHIRPATH,
              expression: fhirPath,
              ...(label ? { description: label } : {}),
            }
          : {
              name: entry.id,
              language: JSON_LOGIC,
              expression: JSON.stringify(entry.expr),
              description: `${label ? `${label}. ` : ''}JsonLogic evaluated by TMA; no FHIRPath equivalent is exported.`,
            },
    };
  });
}
