import { describe, expect, it } from 'vitest';
import { Invalid } from '../../errors.ts';
import { DEFAULT_MODELS } from './default-models.ts';
import type { AssessmentModel } from './model-definition.ts';
import { assertModel, modelProblems } from './validate-model.ts';

const shipped = DEFAULT_MODELS.find((model) => model.modelId === 'tma.core.warning-behaviours');
if (!shipped) throw new Error('the warning-behaviours model is not shipped');

/** A mutable copy of the shipped warning-behaviours model, changed by `change`. */
function variant(change: (model: AssessmentModel) => void): AssessmentModel {
  const model = structuredClone(shipped) as AssessmentModel;
  change(model);
  return model;
}
const paths = (value: unknown) => modelProblems(value).map((problem) => problem.path);
const withRule = (when: unknown) =>
  variant((model) => {
    (model.rules[0] as { when: unknown }).when = when;
  });

describe('modelProblems', () => {
  it('accepts the shipped model as it is', () => {
    expect(modelProblems(variant(() => {}))).toEqual([]);
  });

  it('rejects a non-whitelisted operator, naming its path', () => {
    expect(modelProblems(withRule({ method: [{ var: 'answers.pathway' }, 'toString'] }))).toEqual([
      { path: 'rules.0.when.method', message: 'uses the operator "method", which models may not use' },
    ]);
    expect(paths(withRule({ and: [true, { method: ['x', 'constructor'] }] }))).toEqual([
      'rules.0.when.and.1.method',
    ]);
    expect(paths(withRule({ or: [false, { and: [true, { '!': [{ eval: 'x' }] }] }] }))).toEqual([
      'rules.0.when.or.1.and.1.!.0.eval',
    ]);
    for (const operator of [
      'map',
      'reduce',
      'filter',
      'all',
      'some',
      'substr',
      'cat',
      'log',
      'merge',
      'missing',
      '%',
    ])
      expect(paths(withRule({ [operator]: [[1], 1] }))).toEqual([`rules.0.when.${operator}`]);
    const inDerived = variant((model) => {
      (model.derived[2] as { expr: unknown }).expr = { '+': [1, { preserve: [1] }] };
    });
    expect(paths(inDerived)).toEqual(['derived.2.expr.+.1.preserve']);
  });

  it('rejects an operator hidden in a default value or in a helper’s arguments', () => {
    expect(paths(withRule({ var: ['proximalPresent', { method: ['x', 'toString'] }] }))).toEqual([
      'rules.0.when.var.1.method',
    ]);
    expect(paths(withRule({ countTag: ['proximal', [{ method: ['x', 'y'] }]] }))).toEqual([
      'rules.0.when.countTag.1.0.method',
    ]);
  });

  it('rejects malformed expressions', () => {
    expect(modelProblems(withRule({ '==': [1, 1], or: [true] }))).toEqual([
      { path: 'rules.0.when', message: 'must be an object with exactly one operator' },
    ]);
    expect(modelProblems(withRule({ '==': ['x'.repeat(201), 'y'] }))).toEqual([
      { path: 'rules.0.when.==.0', message: 'is longer than 200 characters' },
    ]);
    let deep: unknown = true;
    for (let depth = 0; depth < 40; depth += 1) deep = { '!': [deep] };
    expect(modelProblems(withRule(deep))[0]?.message).toBe('nests deeper than 30 levels');
  });

  it('rejects a variable that is neither a derived value declared before nor an answer', () => {
    expect(modelProblems(withRule({ '>=': [{ var: 'nope' }, 1] }))).toEqual([
      {
        path: 'rules.0.when.>=.0.var',
        message: 'refers to "nope", which is neither a derived value declared before nor an answer',
      },
    ]);
    expect(paths(withRule({ var: { var: 'proximalPresent' } }))).toEqual(['rules.0.when.var']);
    expect(paths(withRule({ var: 'answers' }))).toEqual(['rules.0.when.var']);
    // A derived value may only read the ones declared before it.
    const forward = variant((model) => {
      (model.derived[0] as { expr: unknown }).expr = { var: 'unknownShare' };
    });
    expect(paths(forward)).toEqual(['derived.0.expr.var']);
  });

  it('rejects an unknown item in answers.<id> and trends.<id>', () => {
    expect(modelProblems(withRule({ '==': [{ var: 'answers.nope' }, 'present'] }))).toEqual([
      { path: 'rules.0.when.==.0.var', message: 'refers to the unknown item "nope"' },
    ]);
    expect(paths(withRule({ '==': [{ var: 'trends.nope' }, 'new'] }))).toEqual(['rules.0.when.==.0.var']);
    expect(paths(withRule({ '==': [{ var: 'answers.pathway.code' }, 'x'] }))).toEqual([
      'rules.0.when.==.0.var',
    ]);
  });

  it('rejects an unknown tag or malformed arguments in a helper', () => {
    expect(modelProblems(withRule({ countTag: ['nope', ['present']] }))).toEqual([
      { path: 'rules.0.when.countTag', message: 'refers to the tag "nope", which no item has' },
    ]);
    expect(paths(withRule({ anyTag: ['imminence', []] }))).toEqual(['rules.0.when.anyTag']);
    expect(paths(withRule({ sumWeightTag: ['nope'] }))).toEqual(['rules.0.when.sumWeightTag']);
    expect(paths(withRule({ sumWeightTag: ['protective', 'proximal'] }))).toEqual([
      'rules.0.when.sumWeightTag',
    ]);
    expect(paths(withRule({ unknownShare: ['nope'] }))).toEqual(['rules.0.when.unknownShare']);
    expect(paths(withRule({ countTag: [{ var: 'x' }, ['present']] }))).toEqual(['rules.0.when.countTag']);
    expect(paths(withRule({ '>': [{ unknownShare: ['proximal'] }, 0.5] }))).toEqual([]);
  });

  it('rejects a derived value named like the answers', () => {
    const model = variant((m) => {
      m.derived.unshift({ id: 'answers', expr: 1 });
    });
    expect(modelProblems(model)).toEqual([{ path: 'derived.0.id', message: 'answers is a reserved name' }]);
  });

  it('finds only the model’s own scales, never what every object inherits', () => {
    const model = variant((m) => {
      const item = m.sections[0]?.items[0];
      if (!item) throw new Error('the shipped model has items');
      item.scale = 'constructor';
      item.trendScale = 'constructor';
    });
    expect(modelProblems(model)).toEqual(
      expect.arrayContaining([
        { path: 'sections.0.items.0.scale', message: 'refers to the undefined scale constructor' },
        { path: 'sections.0.items.0.trendScale', message: 'refers to the undefined scale constructor' },
      ]),
    );
  });

  it('keeps a labels-only model to short labels without help texts', () => {
    const model = variant((m) => {
      m.license = {
        type: 'proprietary',
        redistributable: false,
        exportAllowed: false,
        textPolicy: 'labels-only',
      };
      const item = m.sections[0]?.items[0];
      if (!item) throw new Error('the shipped model has items');
      item.text.en = 'x'.repeat(161);
      item.help = { en: 'Manual p. 12', de: 'Handbuch S. 12' };
    });
    expect(modelProblems(model).map((problem) => problem.path)).toEqual(
      expect.arrayContaining(['sections.0.items.0.text.en', 'sections.0.items.0.help']),
    );
  });

  it('rejects duplicate ids', () => {
    const model = variant((m) => {
      (m.sections[1]?.items[0] as { itemId: string }).itemId = 'pathway';
    });
    expect(modelProblems(model)).toContainEqual({
      path: 'sections.1.items.0.itemId',
      message: 'duplicate item id pathway',
    });
    const rules = variant((m) => {
      (m.rules[1] as { id: string }).id = 'R4-imminence';
    });
    expect(paths(rules)).toContain('rules.1.id');
  });

  it('requires exactly one "missing" option on every answer scale', () => {
    const none = variant((m) => {
      const unknown = m.scales.protective?.options.find((option) => option.code === 'unknown');
      if (unknown) delete unknown.missing;
    });
    expect(modelProblems(none)).toEqual([
      {
        path: 'sections.2.items.0.scale',
        message: 'answer scale protective must have exactly one option marked "missing": true (unknown)',
      },
      {
        path: 'sections.2.items.1.scale',
        message: 'answer scale protective must have exactly one option marked "missing": true (unknown)',
      },
    ]);
    const two = variant((m) => {
      const absent = m.scales.presence?.options.find((option) => option.code === 'absent');
      if (absent) absent.missing = true;
    });
    expect(paths(two)).toContain('sections.0.items.0.scale');
    expect(paths(two)).toHaveLength(16);
  });

  it('requires the first changelog entry to be the model’s version', () => {
    const model = variant((m) => {
      m.version = '1.1.0';
    });
    expect(modelProblems(model)).toEqual([
      { path: 'changelog.0.version', message: "must be the model's version 1.1.0" },
    ]);
  });

  it('rejects a proprietary model that may be exported or redistributed', () => {
    const exportable = variant((m) => {
      m.license = { type: 'proprietary', holder: 'the tenant', redistributable: false, exportAllowed: true };
    });
    expect(modelProblems(exportable)).toEqual([
      { path: 'license', message: 'a proprietary model is neither redistributable nor exportable' },
    ]);
    const locked = variant((m) => {
      m.license = { type: 'proprietary', holder: 'the tenant', redistributable: false, exportAllowed: false };
    });
    expect(modelProblems(locked)).toEqual([]);
  });

  it('rejects fixtures that do not fit the model', () => {
    const model = variant((m) => {
      const fixture = m.fixtures[0];
      if (!fixture) throw new Error('no fixture');
      fixture.answers.pathway = 'maybe';
      fixture.answers.engagement = 'present';
      fixture.answers['no-such-item'] = 'absent';
      fixture.expect.fired = ['R9-nope'];
    });
    expect(modelProblems(model)).toEqual([
      { path: 'fixtures.0.answers.pathway', message: 'maybe is not an option of presence' },
      { path: 'fixtures.0.answers.engagement', message: 'present is not an option of protective' },
      { path: 'fixtures.0.answers.no-such-item', message: 'is not an item of the model' },
      { path: 'fixtures.0.expect.fired', message: 'R9-nope is not a rule' },
    ]);
  });

  it('names the path of schema problems', () => {
    const model = variant((m) => {
      (m.title as { de?: string }).de = undefined;
      m.version = 'v1';
      (m.sections[0]?.items[0] as { scale: string }).scale = 'Presence!';
    });
    expect(paths(model)).toEqual(expect.arrayContaining(['title.de', 'version', 'sections.0.items.0.scale']));
    expect(paths({ kind: 'AssessmentModel' })).toContain('model');
    expect(paths(null)).toEqual(['model']);
  });
});

describe('assertModel', () => {
  it('throws a 422 model_invalid naming every problem by path', () => {
    const model = withRule({ and: [true, { method: ['x', 'constructor'] }] });
    let caught: unknown;
    try {
      assertModel(model);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Invalid);
    expect(caught).toMatchObject({
      status: 422,
      code: 'model_invalid',
      fields: [
        {
          path: 'rules.0.when.and.1.method',
          message: 'uses the operator "method", which models may not use',
        },
      ],
    });
    expect((caught as Error).message).toContain('rules.0.when.and.1.method');
  });

  it('accepts a valid model', () => {
    expect(() => assertModel(variant(() => {}))).not.toThrow();
  });
});
