import { Invalid } from '../../errors.ts';
import {
  CONCEPT_SYSTEM,
  canonicalUrl,
  derivedVariables,
  EXT,
  type FhirAnswerOption,
  type FhirCoding,
  type FhirElement,
  type FhirItem,
  type FhirLanguage,
  type FhirQuestionnaire,
  type FhirQuestionnaireResponse,
  type FhirResponseAnswer,
  type FhirResponseItem,
  JSON_LOGIC,
  LEVEL_SYSTEM,
  optional,
  scaleSystem,
} from './fhir-expressions.ts';
import {
  type AssessmentModel,
  LEVELS,
  type Level,
  type ModelItem,
  modelItems,
  scaleOf,
} from './model-definition.ts';

// An assessment model as an HL7 FHIR R4 Questionnaire (with SDC extensions), and an answer set as its
// QuestionnaireResponse (MODELS.md "Data standards"). Sections become groups, items choice questions whose
// answerOptions carry the scale's codes and weights; derived values become SDC variables (FHIRPath where
// the value is a helper call, fhir-expressions.ts); the rules travel unchanged as JSON so that a round trip
// loses nothing. Plain objects and a few interfaces (fhir-expressions.ts): no FHIR library.

export type {
  FhirCoding,
  FhirExtension,
  FhirItem,
  FhirLanguage,
  FhirQuestionnaire,
  FhirQuestionnaireResponse,
  FhirResponseItem,
} from './fhir-expressions.ts';
export { canonicalUrl, EXT } from './fhir-expressions.ts';

export const SUGGESTED_LEVEL = 'suggested-level';
export const FINAL_JUDGEMENT = 'final-judgement';

type Text = { en: string; de: string };
const LEVEL_LABELS: Record<Level, Text> = {
  L1: { en: 'Low concern', de: 'Geringe Besorgnis' },
  L2: { en: 'Moderate concern', de: 'Mittlere Besorgnis' },
  L3: { en: 'High concern', de: 'Hohe Besorgnis' },
  L4: { en: 'Critical / imminent', de: 'Kritisch / unmittelbar' },
};
const LABELS = {
  trend: { en: 'Development since the last assessment', de: 'Entwicklung seit der letzten Einschätzung' },
  judgement: { en: 'Final judgement', de: 'Abschließende Beurteilung' },
  level: { en: 'Level of concern', de: 'Einstufung' },
  rationale: { en: 'Rationale', de: 'Begründung' },
  scenarios: { en: 'Scenarios', de: 'Szenarien' },
  nextReview: { en: 'Next review date', de: 'Nächste Überprüfung am' },
} satisfies Record<string, Text>;

/** Texts in one language, with the model's other declared language as the standard translation extension. */
function localiser(model: AssessmentModel, language: FhirLanguage) {
  const others = model.locales.filter((locale) => locale !== language);
  const translations = (text: Text): FhirElement | undefined => {
    const extension = others.map((lang) => ({
      url: EXT.translation,
      extension: [
        { url: 'lang', valueCode: lang },
        { url: 'content', valueString: text[lang] },
      ],
    }));
    return extension.length > 0 ? { extension } : undefined;
  };
  return {
    translations,
    /** `{ text, _text }` for an item. */
    text: (text: Text) => ({ text: text[language], ...optional('_text', translations(text)) }),
    coding: (system: string, code: string, label: Text): FhirCoding => ({
      system,
      code,
      display: label[language],
      ...optional('_display', translations(label)),
    }),
  };
}
type Localiser = ReturnType<typeof localiser>;

type ScaleOption = AssessmentModel['scales'][string]['options'][number];
/** The unknown option is marked and has no weight, so SDC's weight() leaves it out of sums. */
const optionExtensions = (option: ScaleOption) =>
  optional(
    'extension',
    option.missing
      ? [{ url: EXT.missing, valueBoolean: true }]
      : typeof option.weight === 'number'
        ? [{ url: EXT.itemWeight, valueDecimal: option.weight }]
        : undefined,
  );

/** The options of a scale: code and label as a Coding, the weight as itemWeight, the unknown one marked. */
function scaleOptions(model: AssessmentModel, scaleId: string, l: Localiser): FhirAnswerOption[] {
  // The extensions pack puts itemWeight "on answerOption where possible"; SDC's weight() reads it there.
  return (scaleOf(model, scaleId)?.options ?? []).map((option) => ({
    valueCoding: l.coding(scaleSystem(model, scaleId), option.code, option.label),
    ...optionExtensions(option),
  }));
}

const levelOptions = (l: Localiser): FhirAnswerOption[] =>
  LEVELS.map((level) => ({ valueCoding: l.coding(LEVEL_SYSTEM, level, LEVEL_LABELS[level]) }));

function questionItem(model: AssessmentModel, item: ModelItem, l: Localiser): FhirItem {
  const children: FhirItem[] = [];
  if (item.help)
    children.push({
      linkId: `${item.itemId}.help`,
      type: 'display',
      ...l.text(item.help),
      extension: [
        {
          url: EXT.itemControl,
          valueCodeableConcept: {
            coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'help' }],
          },
        },
      ],
    });
  if (item.trendScale)
    children.push({
      linkId: `${item.itemId}.trend`,
      type: 'choice',
      ...l.text(LABELS.trend),
      required: false,
      answerOption: scaleOptions(model, item.trendScale, l),
    });
  return {
    linkId: item.itemId,
    type: 'choice',
    code: [{ system: CONCEPT_SYSTEM, code: item.conceptId }],
    ...l.text(item.text),
    required: false,
    answerOption: scaleOptions(model, item.scale, l),
    ...optional('item', children.length > 0 ? children : undefined),
  };
}

/**
 * The suggestion as a hidden, read-only item whose calculatedExpression names TMA as its evaluator. FHIRPath
 * could express "the highest level whose condition holds", but not this model's suggestion: floors that a
 * protective adjustment may lower only down to, a one-step adjustment that applies after aggregation, an
 * insufficient-information raise with a flag, all over JsonLogic's own truthiness and loose equality. A
 * translation would be a second implementation that could quietly disagree with the versioned engine whose
 * result is stored with every assessment. So the expression is the rules' JSON, marked as JsonLogic.
 */
function suggestionItem(model: AssessmentModel, rulesJson: string, l: Localiser): FhirItem {
  return {
    linkId: SUGGESTED_LEVEL,
    type: 'choice',
    ...l.text(model.suggestionPolicy.labelForUsers),
    readOnly: true,
    answerOption: levelOptions(l),
    extension: [
      { url: EXT.hidden, valueBoolean: true },
      {
        url: EXT.calculatedExpression,
        valueExpression: {
          name: 'suggestedLevel',
          language: JSON_LOGIC,
          expression: rulesJson,
          description:
            'Computed by TMA’s rule engine from the rules and suggestion policy (extension urn:tma:fhir:rules); ' +
            'not evaluable as FHIRPath. Decision support only: the final judgement is a person’s.',
        },
      },
    ],
  };
}

function judgementGroup(l: Localiser): FhirItem {
  const linkId = (name: string) => `${FINAL_JUDGEMENT}.${name}`;
  return {
    linkId: FINAL_JUDGEMENT,
    type: 'group',
    ...l.text(LABELS.judgement),
    required: true,
    item: [
      {
        linkId: linkId('level'),
        type: 'choice',
        ...l.text(LABELS.level),
        required: true,
        answerOption: levelOptions(l),
      },
      { linkId: linkId('rationale'), type: 'text', ...l.text(LABELS.rationale), required: true },
      { linkId: linkId('scenarios'), type: 'text', ...l.text(LABELS.scenarios), repeats: true },
      { linkId: linkId('next-review-date'), type: 'date', ...l.text(LABELS.nextReview) },
    ],
  };
}

/** `tma.core.warning-behaviours` → `TmaCoreWarningBehaviours` (FHIR's computer-friendly name). */
const machineName = (modelId: string) =>
  modelId
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** The model as a FHIR R4 Questionnaire in the given language, the other declared language as translations. */
export function toFhirQuestionnaire(model: AssessmentModel, language: FhirLanguage): FhirQuestionnaire {
  for (const reserved of [SUGGESTED_LEVEL, FINAL_JUDGEMENT])
    if (model.sections.some((s) => s.id === reserved) || modelItems(model).some((i) => i.itemId === reserved))
      throw new Invalid('model_not_exportable', `The id "${reserved}" is reserved in the FHIR export.`);
  const l = localiser(model, language);
  const { derived, rules, suggestionPolicy } = model;
  const rulesJson = JSON.stringify({ derived, rules, suggestionPolicy });
  const sections: FhirItem[] = model.sections.map((section) => ({
    linkId: section.id,
    type: 'group',
    ...l.text(section.title),
    item: [
      ...(section.help
        ? [{ linkId: `${section.id}.help`, type: 'display' as const, ...l.text(section.help) }]
        : []),
      ...section.items.map((item) => questionItem(model, item, l)),
    ],
  }));
  return {
    resourceType: 'Questionnaire',
    // FHIR ids are at most 64 characters of [A-Za-z0-9.-]; model ids may be longer.
    id: model.modelId.replaceAll('.', '-').slice(0, 64),
    language,
    extension: [
      { url: EXT.rules, valueString: rulesJson },
      ...(model.contentHash ? [{ url: EXT.contentHash, valueString: model.contentHash }] : []),
      ...derivedVariables(model, language),
    ],
    url: canonicalUrl(model),
    version: model.version,
    name: machineName(model.modelId),
    title: model.title[language],
    ...optional('_title', l.translations(model.title)),
    status: model.status,
    ...optional('date', model.changelog.find((entry) => entry.version === model.version)?.date),
    publisher: model.publisher,
    ...optional('description', model.description?.[language]),
    ...optional('_description', model.description && l.translations(model.description)),
    ...optional('copyright', model.license.attribution),
    ...optional('effectivePeriod', model.effectivePeriod),
    item: [...sections, suggestionItem(model, rulesJson, l), judgementGroup(l)],
  };
}

export interface ResponseAnswer {
  value: string | null;
  trend?: string | null;
}

/** What a person and the engine added to the answers; with a judgement the response is `completed`. */
export interface ResponseOutcome {
  suggestedLevel?: Level;
  judgement?: { level: Level; rationale: string; scenarios?: string[]; nextReviewDate?: string };
}

/**
 * An answer set as a QuestionnaireResponse to `toFhirQuestionnaire(model)`. Unanswered items are left out;
 * a trend is nested in its item's answer (FHIR nests a question's children there), so a trend without an
 * answer has nowhere to go and is left out too. Codings carry the option's weight, so SDC's weight() works
 * on the response alone. Without a final judgement the response lacks required items and is `in-progress`.
 */
export function toFhirQuestionnaireResponse(
  model: AssessmentModel,
  answers: Readonly<Record<string, ResponseAnswer>>,
  language: FhirLanguage,
  outcome: ResponseOutcome = {},
): FhirQuestionnaireResponse {
  const items = new Map(modelItems(model).map((item) => [item.itemId, item]));
  const unknown = Object.keys(answers).find((itemId) => !items.has(itemId));
  if (unknown !== undefined) throw new Invalid('answer_invalid', `"${unknown}" is not an item of the model.`);
  const coding = (item: ModelItem, scaleId: string, code: string): FhirCoding => {
    const option = scaleOf(model, scaleId)?.options.find((candidate) => candidate.code === code);
    if (!option)
      throw new Invalid('answer_invalid', `"${code}" is not an answer option of "${item.itemId}".`);
    return {
      system: scaleSystem(model, scaleId),
      code,
      display: option.label[language],
      ...optionExtensions(option),
    };
  };
  const answered = (item: ModelItem): FhirResponseItem[] => {
    const answer = Object.hasOwn(answers, item.itemId) ? answers[item.itemId] : undefined;
    if (!answer || answer.value === null) return [];
    const trend =
      item.trendScale && typeof answer.trend === 'string'
        ? [
            {
              linkId: `${item.itemId}.trend`,
              answer: [{ valueCoding: coding(item, item.trendScale, answer.trend) }],
            },
          ]
        : undefined;
    const valueCoding = coding(item, item.scale, answer.value);
    return [
      {
        linkId: item.itemId,
        text: item.text[language],
        answer: [{ valueCoding, ...optional('item', trend) }],
      },
    ];
  };
  const level = (value: Level): FhirResponseAnswer => ({
    valueCoding: { system: LEVEL_SYSTEM, code: value, display: LEVEL_LABELS[value][language] },
  });
  const reply = (linkId: string, answer: FhirResponseAnswer[]): FhirResponseItem[] =>
    answer.length > 0 ? [{ linkId, answer }] : [];
  const judgement = outcome.judgement;
  const sections = model.sections.map((section) => ({
    linkId: section.id,
    text: section.title[language],
    item: section.items.flatMap(answered),
  }));
  const judged: FhirResponseItem[] = judgement
    ? [
        ...reply('level', [level(judgement.level)]),
        ...reply('rationale', [{ valueString: judgement.rationale }]),
        ...reply(
          'scenarios',
          (judgement.scenarios ?? []).map((valueString) => ({ valueString })),
        ),
        ...reply(
          'next-review-date',
          judgement.nextReviewDate ? [{ valueDate: judgement.nextReviewDate }] : [],
        ),
      ].map((item) => ({ ...item, linkId: `${FINAL_JUDGEMENT}.${item.linkId}` }))
    : [];
  return {
    resourceType: 'QuestionnaireResponse',
    language,
    questionnaire: `${canonicalUrl(model)}|${model.version}`,
    status: judgement ? 'completed' : 'in-progress',
    item: [
      ...sections.filter((section) => section.item.length > 0),
      ...reply(SUGGESTED_LEVEL, outcome.suggestedLevel ? [level(outcome.suggestedLevel)] : []),
      ...(judged.length > 0 ? [{ linkId: FINAL_JUDGEMENT, item: judged }] : []),
    ],
  };
}
