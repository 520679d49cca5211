import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { derivedToFhirPath, fhirPathList, fhirPathString, JSON_LOGIC } from './fhir-expressions.ts';
import {
  EXT,
  type FhirItem,
  type FhirQuestionnaire,
  type FhirResponseItem,
  toFhirQuestionnaire,
  toFhirQuestionnaireResponse,
} from './fhir-questionnaire.ts';
import { type AssessmentModel, modelItems } from './model-definition.ts';
import { modelProblems } from './validate-model.ts';

const t = (en: string, de: string) => ({ en, de });

/** A small model with every feature the export maps: help, trends, weights, unknowns, all helpers. */
function smallModel(): AssessmentModel {
  return {
    kind: 'AssessmentModel',
    modelId: 'test.fhir.small',
    url: 'https://models.example.org/test/fhir-small',
    version: '2.1.0',
    versionAlgorithm: 'semver',
    status: 'active',
    title: t('Small model', 'Kleines Modell'),
    description: t('For the FHIR export.', 'Für den FHIR-Export.'),
    publisher: 'TMA',
    effectivePeriod: { start: '2025-03-01' },
    license: {
      type: 'internal',
      redistributable: false,
      attribution: 'Concepts after Meloy et al. (2012); wording by TMA.',
      exportAllowed: true,
    },
    sources: [],
    locales: ['en', 'de'],
    levelScale: 'org.criticality.v1',
    scales: {
      presence: {
        type: 'single-choice',
        options: [
          { code: 'absent', label: t('Not present', 'Nicht vorhanden'), weight: 0 },
          { code: 'partial', label: t('Partly present', 'Teilweise'), weight: 1 },
          { code: 'present', label: t('Present', 'Vorhanden'), weight: 2 },
          { code: 'unknown', label: t('Unknown', 'Unbekannt'), weight: null, missing: true },
        ],
      },
      protective: {
        type: 'single-choice',
        options: [
          { code: 'none', label: t('None', 'Keine'), weight: 0 },
          { code: 'strong', label: t('Strong', 'Stark'), weight: 2.5 },
          { code: 'unknown', label: t('Unknown', 'Unbekannt'), missing: true },
        ],
      },
      trend: {
        type: 'single-choice',
        options: [
          { code: 'new', label: t('New', 'Neu') },
          { code: 'stable', label: t('Unchanged', 'Unverändert') },
          { code: 'unknown', label: t('Unknown', 'Unbekannt'), missing: true },
        ],
      },
    },
    sections: [
      {
        id: 'proximal',
        title: t('Proximal warning behaviours', 'Proximales Warnverhalten'),
        help: t('Record evidence.', 'Belege erfassen.'),
        items: [
          {
            itemId: 'pathway',
            conceptId: 'tma:wb/pathway',
            text: t('Pathway?', 'Pfad?'),
            help: t('Planning, preparing.', 'Planen, vorbereiten.'),
            scale: 'presence',
            trendScale: 'trend',
            tags: ['proximal', 'critical'],
          },
          {
            itemId: 'fixation',
            conceptId: 'tma:wb/fixation',
            text: t('Fixation?', 'Fixierung?'),
            scale: 'presence',
            tags: ['proximal'],
          },
        ],
      },
      {
        id: 'context',
        title: t('Context', 'Kontext'),
        items: [
          {
            itemId: 'means',
            conceptId: 'tma:ctx/means',
            text: t('Means?', 'Mittel?'),
            scale: 'presence',
            tags: ['critical'],
          },
          {
            itemId: 'trusted-relationship',
            conceptId: 'tma:prot/trusted-relationship',
            text: t('Trusted person?', 'Vertrauensperson?'),
            scale: 'protective',
            tags: ['protective'],
          },
        ],
      },
    ],
    derived: [
      { id: 'proximalPositive', expr: { countTag: ['proximal', ['present', 'partial']] } },
      {
        id: 'criticalPresent',
        label: t('Critical', 'Kritisch'),
        expr: { countTag: ['critical', ['present']] },
      },
      { id: 'anyCritical', expr: { anyTag: ['critical', ['present']] } },
      { id: 'protectiveWeight', expr: { sumWeightTag: ['protective'] } },
      { id: 'unknownShare', expr: { unknownShare: [] } },
      { id: 'proximalUnknown', expr: { unknownShare: ['proximal'] } },
      {
        id: 'weighted',
        expr: {
          '+': [{ countTag: ['proximal', ['present']] }, { '*': [2, { sumWeightTag: ['protective'] }] }],
        },
      },
      { id: 'flagged', expr: { if: [{ '>=': [{ var: 'criticalPresent' }, 1] }, 1, 0] } },
    ],
    rules: [
      {
        id: 'R3-critical',
        suggest: 'L3',
        floor: true,
        when: { '>=': [{ var: 'criticalPresent' }, 1] },
        explain: t('A critical item is present.', 'Ein kritisches Merkmal liegt vor.'),
      },
      { id: 'R1-default', suggest: 'L1', floor: false, when: true, explain: t('Default.', 'Standard.') },
    ],
    suggestionPolicy: {
      aggregate: 'max',
      protectiveAdjustment: { variable: 'protectiveWeight', ifAtLeast: 3, steps: -1, neverBelowFloor: true },
      insufficientInformation: {
        variable: 'unknownShare',
        above: 0.3,
        flag: 'INSUFFICIENT_INFO',
        blocksLevelBelow: 'L2',
      },
      labelForUsers: t('Suggested level (decision support)', 'Vorgeschlagene Stufe (Entscheidungshilfe)'),
    },
    finalJudgement: {
      required: true,
      scale: 'org.criticality.v1',
      rationaleRequired: 'always',
      overrideRequiresSecondReviewer: false,
    },
    changelog: [
      {
        version: '2.1.0',
        date: '2025-03-01',
        bump: 'minor',
        affectsSuggestion: false,
        summary: t('x', 'x'),
        changes: [],
      },
    ],
    fixtures: [],
  };
}

/** Every item of a questionnaire, depth first. */
const allItems = (items: readonly FhirItem[]): FhirItem[] =>
  items.flatMap((item) => [item, ...allItems(item.item ?? [])]);
const itemById = (questionnaire: FhirQuestionnaire, linkId: string): FhirItem => {
  const found = allItems(questionnaire.item).find((item) => item.linkId === linkId);
  if (!found) throw new Error(`no item ${linkId}`);
  return found;
};
const variables = (questionnaire: FhirQuestionnaire) =>
  questionnaire.extension.filter((e) => e.url === EXT.variable).map((e) => e.valueExpression);
const translation = (element: { extension: { url: string; extension?: unknown[] }[] } | undefined) =>
  element?.extension.find((e) => e.url === EXT.translation)?.extension;
/** The string literals of every `linkId in (...)` of an expression. */
const linkIdsIn = (expression: string) =>
  [...expression.matchAll(/linkId in \(([^)]*)\)/g)].map((match) =>
    (match[1] ?? '').split(' | ').map((literal) => literal.slice(1, -1)),
  );

/** The checks every exported model must pass, the small one here and the shipped ones. */
function expectFaithfulExport(model: AssessmentModel, questionnaire: FhirQuestionnaire) {
  const linkIds = allItems(questionnaire.item).map((item) => item.linkId);
  expect(new Set(linkIds).size).toBe(linkIds.length);
  expect(questionnaire.item.map((item) => item.linkId)).toEqual([
    ...model.sections.map((section) => section.id),
    'suggested-level',
    'final-judgement',
  ]);
  for (const item of modelItems(model)) {
    const fhirItem = itemById(questionnaire, item.itemId);
    expect(fhirItem).toMatchObject({
      type: 'choice',
      required: false,
      code: [{ system: 'urn:tma:concept', code: item.conceptId }],
    });
    const options = model.scales[item.scale]?.options ?? [];
    expect(fhirItem.answerOption?.map((option) => option.valueCoding.code)).toEqual(
      options.map((o) => o.code),
    );
    fhirItem.answerOption?.forEach((answerOption, index) => {
      const option = options[index];
      expect(answerOption.valueCoding.system).toBe(`urn:tma:model:${model.modelId}:scale:${item.scale}`);
      const weight = answerOption.extension?.find((e) => e.url === EXT.itemWeight)?.valueDecimal;
      const missing = answerOption.extension?.find((e) => e.url === EXT.missing)?.valueBoolean;
      expect(weight).toBe(option?.missing ? undefined : (option?.weight ?? undefined));
      expect(missing).toBe(option?.missing);
    });
    const trend = fhirItem.item?.find((child) => child.linkId === `${item.itemId}.trend`);
    expect(trend?.answerOption?.map((o) => o.valueCoding.code)).toEqual(
      item.trendScale ? model.scales[item.trendScale]?.options.map((o) => o.code) : undefined,
    );
  }
  expect(variables(questionnaire).map((expression) => expression?.name)).toEqual(
    model.derived.map((d) => d.id),
  );
  model.derived.forEach((entry, index) => {
    const expression = variables(questionnaire)[index];
    const countTag = (entry.expr as { countTag?: [string, string[]] }).countTag;
    if (!countTag) return;
    const [tag, codes] = countTag;
    expect(expression?.language).toBe('text/fhirpath');
    const tagged = modelItems(model).filter((item) => item.tags.includes(tag));
    expect(linkIdsIn(expression?.expression ?? '')).toEqual([tagged.map((item) => item.itemId)]);
    expect(expression?.expression).toContain(`.answer.value.where(code in ${fhirPathList(codes)}).count()`);
  });
  const rules = questionnaire.extension.find((e) => e.url === EXT.rules)?.valueString ?? '';
  expect(JSON.parse(rules)).toEqual({
    derived: model.derived,
    rules: model.rules,
    suggestionPolicy: model.suggestionPolicy,
  });
}

describe('toFhirQuestionnaire', () => {
  const model = smallModel();
  const questionnaire = toFhirQuestionnaire(model, 'en');

  it('starts from a valid model', () => {
    expect(modelProblems(model)).toEqual([]);
  });

  it('describes the resource: id, canonical url and version, name, status, dates, licence', () => {
    expect(questionnaire).toMatchObject({
      resourceType: 'Questionnaire',
      id: 'test-fhir-small',
      language: 'en',
      url: 'https://models.example.org/test/fhir-small',
      version: '2.1.0',
      name: 'TestFhirSmall',
      title: 'Small model',
      status: 'active',
      date: '2025-03-01',
      publisher: 'TMA',
      description: 'For the FHIR export.',
      copyright: 'Concepts after Meloy et al. (2012); wording by TMA.',
      effectivePeriod: { start: '2025-03-01' },
    });
    expect(questionnaire.name).toMatch(/^[A-Z][A-Za-z0-9_]{0,254}$/);
    const { url: _url, ...withoutUrl } = model;
    expect(toFhirQuestionnaire({ ...withoutUrl, status: 'draft' }, 'en')).toMatchObject({
      url: 'urn:tma:model:test.fhir.small',
      status: 'draft',
    });
  });

  it('is faithful to the model: items, options, weights, unknowns, trends, variables, rules', () => {
    expectFaithfulExport(model, questionnaire);
  });

  it('marks the unknown option and gives it no weight; an option without weight gets none', () => {
    const trend = itemById(questionnaire, 'pathway.trend');
    expect(trend.type).toBe('choice');
    expect(trend.answerOption?.[0]).toEqual({
      valueCoding: {
        system: 'urn:tma:model:test.fhir.small:scale:trend',
        code: 'new',
        display: 'New',
        _display: {
          extension: [
            {
              url: EXT.translation,
              extension: [
                { url: 'lang', valueCode: 'de' },
                { url: 'content', valueString: 'Neu' },
              ],
            },
          ],
        },
      },
    });
    const protective = itemById(questionnaire, 'trusted-relationship').answerOption ?? [];
    expect(protective.map((option) => option.extension)).toEqual([
      [{ url: EXT.itemWeight, valueDecimal: 0 }],
      [{ url: EXT.itemWeight, valueDecimal: 2.5 }],
      [{ url: 'urn:tma:fhir:missing', valueBoolean: true }],
    ]);
  });

  it('turns section and item help into display items', () => {
    expect(itemById(questionnaire, 'proximal').item?.[0]).toMatchObject({
      linkId: 'proximal.help',
      type: 'display',
      text: 'Record evidence.',
    });
    const help = itemById(questionnaire, 'pathway.help');
    expect(help.type).toBe('display');
    expect(help.extension?.[0]?.valueCodeableConcept?.coding[0]?.code).toBe('help');
    expect(itemById(questionnaire, 'context').item?.[0]?.linkId).toBe('means');
  });

  it('writes FHIRPath for the helpers and sums of them, JsonLogic for the rest', () => {
    const byName = Object.fromEntries(variables(questionnaire).map((v) => [v?.name, v]));
    expect(byName.proximalPositive?.expression).toBe(
      "%resource.repeat(item).where(linkId in ('pathway' | 'fixation')).answer.value" +
        ".where(code in ('present' | 'partial')).count()",
    );
    expect(byName.criticalPresent?.description).toBe('Critical');
    expect(byName.anyCritical?.expression).toBe(
      "%resource.repeat(item).where(linkId in ('pathway' | 'means')).answer.value.where(code in ('present')).exists()",
    );
    expect(byName.protectiveWeight?.expression).toBe(
      "%resource.repeat(item).where(linkId in ('trusted-relationship')).answer.value.weight()" +
        '.aggregate($this + $total, 0)',
    );
    expect(byName.unknownShare?.expression).toBe(
      '(4 - %resource.repeat(item).where(' +
        "(linkId in ('pathway' | 'fixation' | 'means') and answer.value.code in ('absent' | 'partial' | 'present'))" +
        " or (linkId in ('trusted-relationship') and answer.value.code in ('none' | 'strong'))).count()) / 4",
    );
    expect(linkIdsIn(byName.proximalUnknown?.expression ?? '')).toEqual([['pathway', 'fixation']]);
    expect(byName.weighted?.language).toBe('text/fhirpath');
    expect(byName.weighted?.expression).toMatch(
      /^\(%resource.*\.count\(\)\) \+ \(\(2\) \* \(%resource.*\)\)$/,
    );
    expect(byName.flagged).toMatchObject({
      language: JSON_LOGIC,
      expression: JSON.stringify(model.derived.find((d) => d.id === 'flagged')?.expr),
    });
  });

  it('leaves forms that are not exact in FHIRPath to JsonLogic', () => {
    for (const expr of [
      { unknownShare: null },
      { countTag: ['proximal'] },
      { '/': [{ countTag: ['proximal', ['present']] }, 2] },
      { '+': [{ anyTag: ['critical', ['present']] }, 1] },
      { '-': [1, 2, 3] },
      { var: 'criticalPresent' },
      1e21,
    ])
      expect(derivedToFhirPath(model, expr)).toBeNull();
    expect(derivedToFhirPath(model, { '-': [{ countTag: ['critical', ['present']] }] })).toMatch(
      /^-\(%resource/,
    );
    expect(fhirPathString("it's \\ ok")).toBe("'it\\'s \\\\ ok'");
    expect(fhirPathList([])).toBe('{}');
  });

  it('adds the hidden, read-only suggestion computed by TMA, and the required final judgement', () => {
    const suggestion = itemById(questionnaire, 'suggested-level');
    expect(suggestion).toMatchObject({
      type: 'choice',
      readOnly: true,
      text: 'Suggested level (decision support)',
    });
    expect(suggestion.answerOption?.map((o) => [o.valueCoding.system, o.valueCoding.code])).toEqual(
      ['L1', 'L2', 'L3', 'L4'].map((level) => ['urn:tma:criticality', level]),
    );
    expect(suggestion.extension?.find((e) => e.url === EXT.hidden)?.valueBoolean).toBe(true);
    const calculated = suggestion.extension?.find((e) => e.url === EXT.calculatedExpression)?.valueExpression;
    expect(calculated?.language).toBe(JSON_LOGIC);
    expect(calculated?.expression).toBe(
      questionnaire.extension.find((e) => e.url === EXT.rules)?.valueString,
    );
    const judgement = itemById(questionnaire, 'final-judgement');
    expect(judgement).toMatchObject({ type: 'group', required: true });
    expect(
      judgement.item?.map(({ linkId, type, required, repeats, readOnly }) => ({
        linkId,
        type,
        required,
        repeats,
        readOnly,
      })),
    ).toEqual([
      {
        linkId: 'final-judgement.level',
        type: 'choice',
        required: true,
        repeats: undefined,
        readOnly: undefined,
      },
      {
        linkId: 'final-judgement.rationale',
        type: 'text',
        required: true,
        repeats: undefined,
        readOnly: undefined,
      },
      {
        linkId: 'final-judgement.scenarios',
        type: 'text',
        required: undefined,
        repeats: true,
        readOnly: undefined,
      },
      {
        linkId: 'final-judgement.next-review-date',
        type: 'date',
        required: undefined,
        repeats: undefined,
        readOnly: undefined,
      },
    ]);
  });

  it('speaks German with English translations, and English with German ones', () => {
    const german = toFhirQuestionnaire(model, 'de');
    expect(german.language).toBe('de');
    expect(german.title).toBe('Kleines Modell');
    expect(translation(german._title)).toEqual([
      { url: 'lang', valueCode: 'en' },
      { url: 'content', valueString: 'Small model' },
    ]);
    expect(itemById(german, 'pathway').text).toBe('Pfad?');
    expect(translation(itemById(german, 'pathway')._text)).toContainEqual({
      url: 'content',
      valueString: 'Pathway?',
    });
    expect(translation(questionnaire._title)).toContainEqual({
      url: 'content',
      valueString: 'Kleines Modell',
    });
    expect(translation(questionnaire._description)).toContainEqual({
      url: 'content',
      valueString: 'Für den FHIR-Export.',
    });
    expect(translation(itemById(questionnaire, 'final-judgement.rationale')._text)).toContainEqual({
      url: 'content',
      valueString: 'Begründung',
    });
    const englishOnly = toFhirQuestionnaire({ ...model, locales: ['en'] }, 'en');
    expect(englishOnly._title).toBeUndefined();
    expect(JSON.stringify(englishOnly)).not.toContain(EXT.translation);
  });

  it('refuses a model whose ids clash with the export’s own items', () => {
    const model = smallModel();
    const [first, second] = model.sections;
    const clash = { ...model, sections: [first, { ...second, id: 'final-judgement' }] } as AssessmentModel;
    expect(() => toFhirQuestionnaire(clash, 'en')).toThrow(/reserved/);
    const itemClash = structuredClone(model);
    for (const item of modelItems(itemClash)) if (item.itemId === 'means') item.itemId = 'suggested-level';
    expect(() => toFhirQuestionnaire(itemClash, 'en')).toThrow(/reserved/);
  });
});

describe('toFhirQuestionnaireResponse', () => {
  const model = smallModel();
  const answers = {
    pathway: { value: 'present', trend: 'new' },
    fixation: { value: 'unknown' },
    means: { value: null, trend: null },
  };

  it('pins the response to url|version and answers with the questionnaire’s codings', () => {
    const response = toFhirQuestionnaireResponse(model, answers, 'en');
    expect(response).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      questionnaire: 'https://models.example.org/test/fhir-small|2.1.0',
      status: 'in-progress',
    });
    expect(response.item.map((item) => item.linkId)).toEqual(['proximal']);
    const [pathway, fixation] = response.item[0]?.item ?? [];
    expect(pathway?.answer?.[0]).toEqual({
      valueCoding: {
        system: 'urn:tma:model:test.fhir.small:scale:presence',
        code: 'present',
        display: 'Present',
        extension: [{ url: EXT.itemWeight, valueDecimal: 2 }],
      },
      item: [
        {
          linkId: 'pathway.trend',
          answer: [
            {
              valueCoding: {
                system: 'urn:tma:model:test.fhir.small:scale:trend',
                code: 'new',
                display: 'New',
              },
            },
          ],
        },
      ],
    });
    expect(fixation?.answer?.[0]?.valueCoding?.extension).toEqual([{ url: EXT.missing, valueBoolean: true }]);
  });

  it('is completed with the final judgement, and every linkId is one of the questionnaire’s', () => {
    const response = toFhirQuestionnaireResponse(model, answers, 'de', {
      suggestedLevel: 'L3',
      judgement: {
        level: 'L2',
        rationale: 'Begründet.',
        scenarios: ['a', 'b'],
        nextReviewDate: '2025-06-01',
      },
    });
    expect(response.status).toBe('completed');
    expect(response.item.at(-1)?.item?.map((item) => [item.linkId, item.answer?.length])).toEqual([
      ['final-judgement.level', 1],
      ['final-judgement.rationale', 1],
      ['final-judgement.scenarios', 2],
      ['final-judgement.next-review-date', 1],
    ]);
    // Each response item sits where the questionnaire has it: groups in groups, trends in their question.
    const questionnaire = toFhirQuestionnaire(model, 'de');
    const check = (items: readonly FhirResponseItem[], parents: readonly FhirItem[]) => {
      for (const item of items) {
        const match = parents.find((parent) => parent.linkId === item.linkId);
        expect(match, item.linkId).toBeDefined();
        check(item.item ?? [], match?.item ?? []);
        for (const answer of item.answer ?? []) {
          if (answer.valueCoding)
            expect(match?.answerOption?.map((o) => o.valueCoding.code)).toContain(answer.valueCoding.code);
          check(answer.item ?? [], match?.item ?? []);
        }
      }
    };
    check(response.item, questionnaire.item);
  });

  it('refuses answers that are not the model’s', () => {
    expect(() => toFhirQuestionnaireResponse(model, { nope: { value: 'present' } }, 'en')).toThrow(
      /not an item/,
    );
    expect(() => toFhirQuestionnaireResponse(model, { pathway: { value: 'yes' } }, 'en')).toThrow(
      /not an answer/,
    );
    expect(() =>
      toFhirQuestionnaireResponse(model, { pathway: { value: 'present', trend: 'up' } }, 'en'),
    ).toThrow(/not an answer/);
  });
});

describe.each(['tma.core.warning-behaviours', 'tma.core.structured-inquiry'])(
  'the shipped model %s',
  (modelId) => {
    const file = new URL(`../../../models/${modelId}.model.json`, import.meta.url);
    it.skipIf(!existsSync(file))('exports faithfully, every helper as FHIRPath', () => {
      const model = JSON.parse(readFileSync(file, 'utf8')) as AssessmentModel;
      for (const language of ['en', 'de'] as const) {
        const questionnaire = toFhirQuestionnaire(model, language);
        expectFaithfulExport(model, questionnaire);
        expect(questionnaire.url).toBe(model.url ?? `urn:tma:model:${model.modelId}`);
        expect(translation(questionnaire._title)).toBeDefined();
        // Both shipped models use only helpers and sums of them, so every derived value is FHIRPath.
        expect(variables(questionnaire).map((v) => v?.language)).toEqual(
          model.derived.map(() => 'text/fhirpath'),
        );
      }
      const response = toFhirQuestionnaireResponse(model, {}, 'en');
      expect(response.questionnaire).toBe(
        `${model.url ?? `urn:tma:model:${model.modelId}`}|${model.version}`,
      );
    });
  },
);
