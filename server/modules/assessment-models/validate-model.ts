import { Value } from 'typebox/value';
import { Invalid } from '../../errors.ts';
import { type DefinitionProblem, dottedPath } from '../model-format/building-blocks.ts';
import { logicProblems } from './json-logic.ts';
import {
  type AssessmentModel,
  AssessmentModel as AssessmentModelSchema,
  modelItems,
  scaleOf,
} from './model-definition.ts';

// The one validator of assessment models, used by the API, the CLI and the tests: the JSON Schema first,
// then what a schema cannot say (MODELS.md's checklist). Every problem names its path.

/** Ids the FHIR export uses for TMA's own items (fhir-questionnaire.ts). */
const RESERVED_IDS = new Set(['suggested-level', 'final-judgement']);

/** How long an item's label may be in a model whose licence allows labels only. */
const LABEL_ONLY_MAX = 160;

const isLogicPath = (path: string) => /^(derived\.\d+\.expr|rules\.\d+\.when)(\.|$)/.test(path);

function schemaProblems(value: unknown): { problems: DefinitionProblem[]; inLogic: DefinitionProblem[] } {
  const seen = new Set<string>();
  const problems: DefinitionProblem[] = [];
  const inLogic: DefinitionProblem[] = [];
  for (const error of Value.Errors(AssessmentModelSchema, value)) {
    const path = dottedPath(error.instancePath) || 'model';
    // Expressions are explained by the logic check below; a union's alternatives would only add noise.
    if (isLogicPath(path)) {
      inLogic.push({ path, message: 'is not a valid expression' });
      continue;
    }
    const key = `${path}\u0000${error.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path, message: error.message });
  }
  return { problems, inLogic };
}

function expressionsOf(value: unknown): { path: string; logic: unknown; declared: string[] }[] {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const derived = Array.isArray(record.derived) ? record.derived : [];
  const rules = Array.isArray(record.rules) ? record.rules : [];
  const ids = derived.map((entry) => (entry as { id?: unknown })?.id).filter((id) => typeof id === 'string');
  return [
    ...derived.map((entry, index) => ({
      path: `derived.${index}.expr`,
      logic: (entry as { expr?: unknown })?.expr,
      declared: ids.slice(0, index),
    })),
    ...rules.map((rule, index) => ({
      path: `rules.${index}.when`,
      logic: (rule as { when?: unknown })?.when,
      declared: ids,
    })),
  ];
}

function semanticProblems(model: AssessmentModel): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const items = modelItems(model);
  const itemIds = new Set<string>();
  const tags = new Set(items.flatMap((item) => item.tags));
  const sectionIds = new Set<string>();
  model.sections.forEach((section, s) => {
    if (RESERVED_IDS.has(section.id))
      problems.push({ path: `sections.${s}.id`, message: `${section.id} is reserved for TMA's own items` });
    if (sectionIds.has(section.id))
      problems.push({ path: `sections.${s}.id`, message: `duplicate section id ${section.id}` });
    sectionIds.add(section.id);
    section.items.forEach((item, i) => {
      const path = `sections.${s}.items.${i}`;
      if (RESERVED_IDS.has(item.itemId))
        problems.push({ path: `${path}.itemId`, message: `${item.itemId} is reserved for TMA's own items` });
      if (itemIds.has(item.itemId))
        problems.push({ path: `${path}.itemId`, message: `duplicate item id ${item.itemId}` });
      itemIds.add(item.itemId);
      const scale = scaleOf(model, item.scale);
      if (!scale)
        problems.push({ path: `${path}.scale`, message: `refers to the undefined scale ${item.scale}` });
      else if (scale.options.filter((option) => option.missing).length !== 1)
        problems.push({
          path: `${path}.scale`,
          message: `answer scale ${item.scale} must have exactly one option marked "missing": true (unknown)`,
        });
      if (item.trendScale && !scaleOf(model, item.trendScale))
        problems.push({
          path: `${path}.trendScale`,
          message: `refers to the undefined scale ${item.trendScale}`,
        });
      // A licence that allows labels only (a manual's text may not be copied): short labels, no help texts.
      if (model.license.textPolicy === 'labels-only') {
        for (const locale of ['en', 'de'] as const)
          if (item.text[locale].length > LABEL_ONLY_MAX)
            problems.push({
              path: `${path}.text.${locale}`,
              message: `must be a short label of at most ${LABEL_ONLY_MAX} characters: the licence allows labels only`,
            });
        if (item.help)
          problems.push({ path: `${path}.help`, message: 'is not allowed: the licence allows labels only' });
      }
      for (const locale of model.locales)
        if (!item.text[locale]) problems.push({ path: `${path}.text.${locale}`, message: 'is missing' });
    });
  });
  for (const [id, scale] of Object.entries(model.scales)) {
    const codes = scale.options.map((option) => option.code);
    if (new Set(codes).size !== codes.length)
      problems.push({ path: `scales.${id}.options`, message: 'repeats an option code' });
  }
  const derivedIds = new Set<string>();
  model.derived.forEach((entry, index) => {
    if (derivedIds.has(entry.id))
      problems.push({ path: `derived.${index}.id`, message: `duplicate derived id ${entry.id}` });
    if (entry.id === 'answers' || entry.id === 'trends')
      problems.push({ path: `derived.${index}.id`, message: `${entry.id} is a reserved name` });
    derivedIds.add(entry.id);
  });
  const ruleIds = new Set<string>();
  model.rules.forEach((rule, index) => {
    if (ruleIds.has(rule.id))
      problems.push({ path: `rules.${index}.id`, message: `duplicate rule id ${rule.id}` });
    ruleIds.add(rule.id);
  });
  for (const expression of expressionsOf(model))
    problems.push(
      ...logicProblems(expression.logic, expression.path, {
        variables: new Set(expression.declared),
        itemIds,
        tags,
      }),
    );
  const policy = model.suggestionPolicy;
  for (const [key, variable] of [
    ['protectiveAdjustment', policy.protectiveAdjustment?.variable],
    ['insufficientInformation', policy.insufficientInformation?.variable],
  ] as const)
    if (variable !== undefined && !derivedIds.has(variable))
      problems.push({
        path: `suggestionPolicy.${key}.variable`,
        message: `refers to the undeclared derived value ${variable}`,
      });
  if (model.changelog[0]?.version !== model.version)
    problems.push({ path: 'changelog.0.version', message: `must be the model's version ${model.version}` });
  if (model.license.type === 'proprietary' && (model.license.redistributable || model.license.exportAllowed))
    problems.push({
      path: 'license',
      message: 'a proprietary model is neither redistributable nor exportable',
    });
  const fixtureIds = new Set<string>();
  model.fixtures.forEach((fixture, index) => {
    if (fixtureIds.has(fixture.id))
      problems.push({ path: `fixtures.${index}.id`, message: `duplicate fixture id ${fixture.id}` });
    fixtureIds.add(fixture.id);
    for (const [itemId, code] of Object.entries(fixture.answers)) {
      const item = items.find((candidate) => candidate.itemId === itemId);
      if (!item)
        problems.push({
          path: `fixtures.${index}.answers.${itemId}`,
          message: 'is not an item of the model',
        });
      else if (!scaleOf(model, item.scale)?.options.some((option) => option.code === code))
        problems.push({
          path: `fixtures.${index}.answers.${itemId}`,
          message: `${code} is not an option of ${item.scale}`,
        });
    }
    for (const ruleId of fixture.expect.fired ?? [])
      if (!ruleIds.has(ruleId))
        problems.push({ path: `fixtures.${index}.expect.fired`, message: `${ruleId} is not a rule` });
  });
  return problems;
}

/** Every problem of a model definition, by path; empty when it is a valid model. */
export function modelProblems(value: unknown): DefinitionProblem[] {
  const logic = expressionsOf(value).flatMap((expression) =>
    logicProblems(expression.logic, expression.path, null),
  );
  const { problems: schema, inLogic } = schemaProblems(value);
  if (schema.length > 0 || logic.length > 0) return [...schema, ...logic];
  // A schema error inside an expression that the logic check does not explain must still reject the model.
  if (inLogic.length > 0) return inLogic.slice(0, 1);
  return semanticProblems(value as AssessmentModel);
}

/** Throws 422 `model_invalid` naming every problem unless the value is a valid assessment model. */
export function assertModel(value: unknown): asserts value is AssessmentModel {
  const problems = modelProblems(value);
  if (problems.length === 0) return;
  const shown = problems.slice(0, 20);
  const detail = shown.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
  throw new Invalid('model_invalid', `The assessment model is not valid (${detail}${more}).`, problems);
}
