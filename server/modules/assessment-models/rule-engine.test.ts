import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from './default-models.ts';
import { type AssessmentModel, LEVELS, modelItems } from './model-definition.ts';
import { type Answers, evaluateModel } from './rule-engine.ts';
import { assertModel } from './validate-model.ts';

const text = (en: string) => ({ en, de: en });
const presence = {
  type: 'single-choice' as const,
  options: [
    { code: 'absent', label: text('absent'), weight: 0 },
    { code: 'partial', label: text('partial'), weight: 1 },
    { code: 'present', label: text('present'), weight: 2 },
    { code: 'unknown', label: text('unknown'), weight: null, missing: true as const },
  ],
};
const protective = {
  type: 'single-choice' as const,
  options: [
    { code: 'none', label: text('none'), weight: 0 },
    { code: 'some', label: text('some'), weight: 1 },
    { code: 'strong', label: text('strong'), weight: 2 },
    { code: 'unknown', label: text('unknown'), weight: null, missing: true as const },
  ],
};
const trend = {
  type: 'single-choice' as const,
  options: [
    { code: 'new', label: text('new') },
    { code: 'stable', label: text('stable') },
  ],
};

/**
 * A small model made for the semantics: `hard` (tag x) sets an L3 floor; `soft` (tag y) suggests L3 without
 * a floor; any x at least partly present suggests L2; `p` and `q` are protective (adjustment at weight 3);
 * more than 30 % of the items unknown or unanswered flags INSUFFICIENT_INFO.
 */
function semanticsModel(): AssessmentModel {
  const item = (itemId: string, scale: string, tags: string[]) => ({
    itemId,
    conceptId: `test:${itemId}`,
    text: text(itemId),
    scale,
    trendScale: 'trend',
    tags,
  });
  const model: unknown = {
    kind: 'AssessmentModel',
    modelId: 'test.semantics',
    version: '1.0.0',
    versionAlgorithm: 'semver',
    status: 'draft',
    title: text('Semantics'),
    publisher: 'test',
    license: { type: 'internal', redistributable: false, exportAllowed: false },
    sources: [],
    locales: ['en', 'de'],
    levelScale: 'org.criticality.v1',
    scales: { presence, protective, trend },
    sections: [
      {
        id: 'main',
        title: text('Main'),
        items: [
          item('hard', 'presence', ['x']),
          item('other', 'presence', ['x']),
          item('soft', 'presence', ['y']),
          item('p', 'protective', ['protective']),
          item('q', 'protective', ['protective']),
        ],
      },
    ],
    derived: [
      { id: 'xPositive', expr: { countTag: ['x', ['present', 'partial']] } },
      { id: 'xAny', expr: { anyTag: ['x', ['present']] } },
      { id: 'protectiveWeight', expr: { sumWeightTag: ['protective'] } },
      { id: 'unknownShare', expr: { unknownShare: [] } },
      { id: 'unknownX', expr: { unknownShare: ['x'] } },
      { id: 'hardTrend', expr: { var: 'trends.hard' } },
    ],
    rules: [
      // Listed lowest first: the order of the rules must not matter for the aggregate.
      {
        id: 'R2',
        suggest: 'L2',
        floor: false,
        when: { '>=': [{ var: 'xPositive' }, 1] },
        explain: text('R2'),
      },
      {
        id: 'R3soft',
        suggest: 'L3',
        floor: false,
        when: { '==': [{ var: 'answers.soft' }, 'present'] },
        explain: text('soft'),
      },
      {
        id: 'R3hard',
        suggest: 'L3',
        floor: true,
        when: { '==': [{ var: 'answers.hard' }, 'present'] },
        explain: text('hard'),
      },
      {
        id: 'R4trend',
        suggest: 'L4',
        floor: true,
        when: { and: [{ var: 'xAny' }, { '==': [{ var: 'trends.hard' }, 'new'] }] },
        explain: text('trend'),
      },
      { id: 'R1', suggest: 'L1', floor: false, when: true, explain: text('R1') },
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
      labelForUsers: text('Suggested level'),
    },
    finalJudgement: {
      required: true,
      scale: 'org.criticality.v1',
      rationaleRequired: 'always',
      overrideRequiresSecondReviewer: false,
    },
    changelog: [
      {
        version: '1.0.0',
        date: '2026-12-07',
        bump: 'major',
        affectsSuggestion: true,
        summary: text('First'),
        changes: [],
      },
    ],
    fixtures: [],
  };
  assertModel(model);
  return model;
}

const model = semanticsModel();
const answered = { hard: 'absent', other: 'absent', soft: 'absent', p: 'none', q: 'none' };
const evaluate = (answers: Answers) => evaluateModel(model, { ...answered, ...answers });
const fired = (answers: Answers) => evaluate(answers).fired.map((rule) => rule.id);

describe('evaluateModel', () => {
  it('suggests the highest level of all fired rules, whatever their order', () => {
    const result = evaluate({ other: 'partial', hard: 'present' });
    expect(result.fired.map((rule) => rule.id)).toEqual(['R2', 'R3hard', 'R1']);
    expect(result.suggestedLevel).toBe('L3');
    expect(result.floorLevel).toBe('L3');
    expect(result.fired[1]).toEqual({ id: 'R3hard', suggest: 'L3', floor: true, explain: text('hard') });
    expect(evaluate({}).suggestedLevel).toBe('L1');
    expect(fired({})).toEqual(['R1']);
  });

  it('lets protective factors lower a non-floor suggestion by one step only', () => {
    expect(evaluate({ other: 'partial', p: 'strong', q: 'some' })).toMatchObject({
      suggestedLevel: 'L1',
      floorLevel: 'L1',
      adjustments: [{ kind: 'protective', from: 'L2', to: 'L1' }],
    });
    // L3 without a floor goes to L2, not further.
    expect(evaluate({ soft: 'present', p: 'strong', q: 'strong' })).toMatchObject({
      suggestedLevel: 'L2',
      adjustments: [{ kind: 'protective', from: 'L3', to: 'L2' }],
    });
    // Below the threshold nothing changes.
    expect(evaluate({ other: 'partial', p: 'strong', q: 'none' })).toMatchObject({
      suggestedLevel: 'L2',
      adjustments: [],
    });
  });

  it('never lowers a floor by protective factors', () => {
    expect(evaluate({ hard: 'present', p: 'strong', q: 'strong' })).toMatchObject({
      suggestedLevel: 'L3',
      floorLevel: 'L3',
      adjustments: [],
    });
    // A non-floor L3 is not lowered either when a floor of the same level fired.
    expect(evaluate({ soft: 'present', hard: 'present', p: 'strong', q: 'strong' }).suggestedLevel).toBe(
      'L3',
    );
  });

  it('flags insufficient information and raises the suggestion to at least L2', () => {
    const result = evaluateModel(model, { hard: 'unknown', other: 'unknown', soft: 'absent' });
    expect(result.derived.unknownShare).toBe(0.8);
    expect(result.flags).toEqual(['INSUFFICIENT_INFO']);
    expect(result.suggestedLevel).toBe('L2');
    expect(result.adjustments).toEqual([{ kind: 'insufficient_information', from: 'L1', to: 'L2' }]);
    // One unknown of five is below the threshold (0.3).
    expect(evaluate({ soft: 'unknown' })).toMatchObject({ suggestedLevel: 'L1', flags: [] });
    // Protective factors lower L2 to L1; too many unknowns raise it back.
    expect(
      evaluate({ other: 'partial', p: 'strong', q: 'strong', soft: 'unknown', hard: 'unknown' }),
    ).toMatchObject({
      suggestedLevel: 'L2',
      flags: ['INSUFFICIENT_INFO'],
      adjustments: [
        { kind: 'protective', from: 'L2', to: 'L1' },
        { kind: 'insufficient_information', from: 'L1', to: 'L2' },
      ],
    });
    // A higher suggestion stays as it is, flagged.
    expect(evaluateModel(model, { hard: 'present' })).toMatchObject({
      suggestedLevel: 'L3',
      flags: ['INSUFFICIENT_INFO'],
      adjustments: [],
    });
  });

  it('computes the helpers countTag, anyTag, sumWeightTag and unknownShare', () => {
    expect(evaluate({ hard: 'present', other: 'partial', p: 'some', q: 'strong' }).derived).toMatchObject({
      xPositive: 2,
      xAny: true,
      protectiveWeight: 3,
      unknownShare: 0,
      unknownX: 0,
    });
    expect(evaluate({ other: 'partial', p: 'unknown', q: 'strong' }).derived).toMatchObject({
      xPositive: 1,
      xAny: false,
      protectiveWeight: 2,
      unknownShare: 0.2,
      unknownX: 0,
    });
    // Unanswered counts as unknown; the tag narrows the share.
    expect(evaluateModel(model, { hard: 'unknown', soft: 'absent' }).derived).toMatchObject({
      unknownShare: 0.8,
      unknownX: 1,
      protectiveWeight: 0,
    });
  });

  it('reads unknownShare over every item when given no tag, [] or null', () => {
    const withNull = structuredClone(model);
    const entry = withNull.derived.find((candidate) => candidate.id === 'unknownShare');
    if (!entry) throw new Error('no unknownShare');
    entry.expr = { unknownShare: null };
    assertModel(withNull);
    expect(evaluateModel(withNull, { hard: 'absent' }).derived.unknownShare).toBe(0.8);
  });

  it('reads trends via trends.<itemId>', () => {
    const result = evaluate({ hard: { value: 'present', trend: 'new' } });
    expect(result.derived.hardTrend).toBe('new');
    expect(result.suggestedLevel).toBe('L4');
    expect(evaluate({ hard: { value: 'present', trend: 'stable' } }).suggestedLevel).toBe('L3');
    // A trend that is not an option of the trend scale is no trend.
    expect(evaluate({ hard: { value: 'present', trend: 'exploding' } }).derived.hardTrend).toBeNull();
  });

  it('ignores unknown items and codes that are not options of the item’s scale', () => {
    const junk = {
      hard: 'PRESENT',
      other: 'strong',
      p: 'present',
      unrelated: 'present',
      'answers.hard': 'present',
    };
    const result = evaluateModel(model, { ...answered, ...junk });
    expect(result.derived).toMatchObject({ xPositive: 0, protectiveWeight: 0, unknownShare: 0.6 });
    expect(result.fired.map((rule) => rule.id)).toEqual(['R1']);
    expect(result.flags).toEqual(['INSUFFICIENT_INFO']);
  });

  it('reports a rule that cannot be evaluated as a flag and does not fire it', () => {
    const broken = structuredClone(model);
    broken.rules.unshift({
      id: 'Rdiv',
      suggest: 'L4',
      floor: true,
      when: { '>': [{ '/': [1, 0] }, 0] },
      explain: text('division by zero'),
    });
    assertModel(broken);
    const result = evaluateModel(broken, answered);
    expect(result.fired.map((rule) => rule.id)).toEqual(['R1']);
    expect(result.flags).toEqual(['RULE_ERROR:Rdiv']);
  });
});

describe('evaluateModel on random answers (property)', () => {
  const levels: readonly string[] = LEVELS;
  const rank = (level: string) => levels.indexOf(level);
  const junkValue = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
    fc.record({
      value: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
      trend: fc.oneof(fc.string(), fc.constant(null)),
    }),
  );

  for (const shipped of DEFAULT_MODELS) {
    const items = modelItems(shipped);
    const codesOf = (scale: string | undefined) =>
      (scale ? (shipped.scales[scale]?.options ?? []) : []).map((o) => o.code);
    const value = (item: (typeof items)[number]) =>
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...codesOf(item.scale), 'not-a-code', '') },
        {
          weight: 2,
          arbitrary: fc.record(
            {
              value: fc.constantFrom(...codesOf(item.scale), 'bogus'),
              trend: fc.constantFrom(...codesOf(item.trendScale), 'bogus', null),
            },
            { requiredKeys: ['value'] },
          ),
        },
        { weight: 1, arbitrary: junkValue },
      );
    const itemAnswers = fc.record(Object.fromEntries(items.map((item) => [item.itemId, value(item)])), {
      requiredKeys: [],
    });
    const extraKeys = fc.dictionary(
      fc.oneof(
        fc.constantFrom(
          '__proto__',
          'constructor',
          'prototype',
          'toString',
          'hasOwnProperty',
          'answers',
          'trends',
        ),
        fc.string(),
      ),
      junkValue,
      { maxKeys: 5 },
    );
    const answerSets = fc.tuple(itemAnswers, extraKeys).map(([known, extra]) => {
      const answers: Record<string, unknown> = {};
      // defineProperty, so that `__proto__` becomes an own key as in parsed JSON rather than a prototype change.
      for (const [key, entry] of [...Object.entries(extra), ...Object.entries(known)])
        Object.defineProperty(answers, key, {
          value: entry,
          enumerable: true,
          configurable: true,
          writable: true,
        });
      return answers as Answers;
    });

    it(`${shipped.modelId}: never throws, suggests L1–L4 at or above the floor, deterministically`, () => {
      fc.assert(
        fc.property(answerSets, (answers) => {
          const first = evaluateModel(shipped, answers);
          const second = evaluateModel(shipped, structuredClone(answers));
          expect(second).toEqual(first);
          expect(levels).toContain(first.suggestedLevel);
          expect(levels).toContain(first.floorLevel);
          expect(rank(first.suggestedLevel)).toBeGreaterThanOrEqual(rank(first.floorLevel));
          expect(first.flags.filter((flag) => flag !== 'INSUFFICIENT_INFO')).toEqual([]);
        }),
        { numRuns: 300 },
      );
    });
  }
});
