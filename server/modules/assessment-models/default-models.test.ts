import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { modelSchemaFile, modelSchemaText } from '../../../scripts/write-model-schema.ts';
import { modelContentHash } from './content-hash.ts';
import { DEFAULT_MODELS } from './default-models.ts';
import { fixtureProblems, runFixtures } from './fixtures.ts';
import { type AssessmentModel, type ModelFixture, modelItems } from './model-definition.ts';
import { evaluateModel } from './rule-engine.ts';
import { modelProblems } from './validate-model.ts';

const byId = (modelId: string) => {
  const model = DEFAULT_MODELS.find((candidate) => candidate.modelId === modelId);
  if (!model) throw new Error(`${modelId} is not shipped`);
  return model;
};

describe('the shipped assessment models', () => {
  it('ships both default models, sorted by id, frozen, with their content hash', () => {
    expect(DEFAULT_MODELS.map((model) => model.modelId)).toEqual([
      'tma.core.structured-inquiry',
      'tma.core.warning-behaviours',
    ]);
    expect(Object.isFrozen(DEFAULT_MODELS)).toBe(true);
    for (const model of DEFAULT_MODELS) {
      expect(Object.isFrozen(model) && Object.isFrozen(model.rules[0]?.when)).toBe(true);
      expect(model.contentHash).toBe(modelContentHash(model));
      expect(model.status).toBe('active');
      expect(model.version).toBe('1.0.0');
      expect(model.$schema).toBe('./model.schema.json');
    }
  });

  it.each(DEFAULT_MODELS.map((model) => [model.modelId, model] as const))('%s is valid', (_id, model) => {
    expect(modelProblems(model)).toEqual([]);
  });

  it.each(
    DEFAULT_MODELS.flatMap((model) =>
      runFixtures(model).map((result) => [model.modelId, result.id, result] as const),
    ),
  )('%s fixture %s passes', (_model, _fixture, result) => {
    expect(result.problem).toBeUndefined();
    expect(result.passed).toBe(true);
  });

  it('has no fixture problems for the publishing service', () => {
    for (const model of DEFAULT_MODELS) expect(fixtureProblems(model)).toEqual([]);
  });

  it('says in the UI texts that the thresholds are product defaults, not validated cut-offs', () => {
    for (const model of DEFAULT_MODELS) {
      expect(model.description?.en).toContain('product defaults, not validated cut-offs');
      expect(model.description?.de).toContain('Produktvoreinstellungen, keine validierten Grenzwerte');
      expect(model.suggestionPolicy.labelForUsers.en).toContain('decision support');
      expect(model.license).toMatchObject({ type: 'internal', redistributable: true, exportAllowed: true });
    }
  });

  it('covers what the warning-behaviours fixtures must cover', () => {
    const model = byId('tma.core.warning-behaviours');
    expect(model.fixtures.length).toBeGreaterThanOrEqual(12);
    expect(modelItems(model).map((item) => item.itemId)).toEqual([
      'pathway',
      'fixation',
      'identification',
      'novel-aggression',
      'energy-burst',
      'leakage',
      'last-resort',
      'direct-threat',
      'grievance',
      'stressors',
      'means',
      'violence-ok',
      'inconsistency',
      'others-concerned',
      'trusted-relationship',
      'engagement',
      'time-place',
      'final-acts',
    ]);
    const results = new Map(runFixtures(model).map((result) => [result.id, result]));
    expect(results.get('direct-threat-alone')?.suggestedLevel).toBe('L2');
    expect(results.get('direct-threat-alone')?.fired).not.toContain('R3-proximal');
    expect(results.get('protective-keeps-floor')?.suggestedLevel).toBe('L3');
    expect(results.get('many-unknowns')?.flags).toEqual(['INSUFFICIENT_INFO']);
  });

  it('does not let a direct threat alone reach L3, at any trend and with any protective factors', () => {
    const model = byId('tma.core.warning-behaviours');
    const answers = Object.fromEntries(modelItems(model).map((item) => [item.itemId, 'absent']));
    for (const protective of ['none', 'some', 'strong', 'unknown'])
      expect(
        evaluateModel(model, {
          ...answers,
          'trusted-relationship': protective,
          engagement: protective,
          'direct-threat': { value: 'present', trend: 'new' },
        }).suggestedLevel,
      ).toBe('L2');
  });

  it('shares concept ids between the models where they ask about the same concept', () => {
    const concepts = (modelId: string) => new Set(modelItems(byId(modelId)).map((item) => item.conceptId));
    const warning = concepts('tma.core.warning-behaviours');
    const inquiry = concepts('tma.core.structured-inquiry');
    expect([...inquiry].filter((concept) => warning.has(concept)).sort()).toEqual([
      'tma:ctx/inconsistency',
      'tma:ctx/means',
      'tma:ctx/others-concerned',
      'tma:ctx/violence-acceptable',
      'tma:prot/trusted-relationship',
      'tma:wb/pathway',
    ]);
  });

  it('has a structured inquiry with one question per NTAC theme and at least 8 fixtures', () => {
    const model = byId('tma.core.structured-inquiry');
    expect(modelItems(model)).toHaveLength(12);
    expect(model.fixtures.length).toBeGreaterThanOrEqual(8);
    expect(new Set(model.fixtures.map((fixture) => fixture.expect.suggestedLevel))).toEqual(
      new Set(['L1', 'L2', 'L3', 'L4']),
    );
  });
});

describe('runFixtures', () => {
  const withFixture = (expect: ModelFixture['expect'], answers: Record<string, string> = {}) => {
    const model = structuredClone(byId('tma.core.warning-behaviours')) as AssessmentModel;
    model.fixtures = [{ id: 'probe', answers: { ...model.fixtures[0]?.answers, ...answers }, expect }];
    return model;
  };

  it('reports the level, flags and fired rules, and passes when they match', () => {
    expect(
      runFixtures(
        withFixture({ suggestedLevel: 'L3', flags: [], fired: ['R3-proximal'] }, { leakage: 'present' }),
      ),
    ).toEqual([
      {
        id: 'probe',
        passed: true,
        expected: { suggestedLevel: 'L3', flags: [], fired: ['R3-proximal'] },
        suggestedLevel: 'L3',
        flags: [],
        fired: ['R3-proximal', 'R2-context', 'R1-default'],
      },
    ]);
    // Without flags or fired in the expectation only the level counts.
    expect(
      runFixtures(
        withFixture(
          { suggestedLevel: 'L2' },
          {
            pathway: 'unknown',
            fixation: 'unknown',
            leakage: 'unknown',
            means: 'unknown',
            identification: 'unknown',
            'time-place': 'unknown',
          },
        ),
      )[0]?.passed,
    ).toBe(true);
  });

  it('fails on another level, on flags that are not exactly the expected set, and on a rule that did not fire', () => {
    const [result] = runFixtures(
      withFixture(
        { suggestedLevel: 'L4', flags: ['INSUFFICIENT_INFO'], fired: ['R4-imminence', 'R2-context'] },
        { leakage: 'present' },
      ),
    );
    expect(result).toMatchObject({ passed: false, suggestedLevel: 'L3', flags: [] });
    expect(result?.problem).toBe(
      'fixture probe suggests L3 instead of L4; flags none instead of INSUFFICIENT_INFO; R4-imminence did not fire (fired: R3-proximal, R2-context, R1-default)',
    );
    const extraFlag = withFixture(
      { suggestedLevel: 'L2', flags: [] },
      {
        pathway: 'unknown',
        fixation: 'unknown',
        leakage: 'unknown',
        means: 'unknown',
        identification: 'unknown',
        'time-place': 'unknown',
      },
    );
    expect(fixtureProblems(extraFlag)).toEqual([
      { path: 'fixtures.0', message: 'fixture probe flags INSUFFICIENT_INFO instead of none' },
    ]);
  });
});

describe('models/model.schema.json', () => {
  const modelsDirectory = new URL('../../../models/', import.meta.url);
  // Ajv in strict mode, with the formats TypeBox uses (uri); it resolves the schema's cyclic JsonLogic
  // definition, which the generator moves to the root $defs (TypeBox alone repeats its $id, which Ajv rejects).
  const standardValidator = () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    return ajv.compile(JSON.parse(readFileSync(modelSchemaFile, 'utf8')));
  };

  it('is what scripts/write-model-schema.ts writes (run npm run models:schema)', () => {
    expect(readFileSync(modelSchemaFile, 'utf8')).toBe(modelSchemaText());
  });

  it('validates every shipped model file with a standard JSON Schema (2020-12) validator', () => {
    const validate = standardValidator();
    const files = readdirSync(modelsDirectory).filter((name) => name.endsWith('.model.json'));
    expect(files).toHaveLength(DEFAULT_MODELS.length);
    for (const name of files) {
      const valid = validate(JSON.parse(readFileSync(new URL(name, modelsDirectory), 'utf8')));
      expect({ name, errors: validate.errors ?? [] }).toEqual({ name, errors: [] });
      expect(valid).toBe(true);
    }
  });

  it('rejects a forbidden operator, as the TypeBox schema does', () => {
    const validate = standardValidator();
    const model = structuredClone(byId('tma.core.warning-behaviours')) as { rules: { when: unknown }[] };
    (model.rules[1] as { when: unknown }).when = { and: [true, { method: ['x', 'constructor'] }] };
    expect(validate(model)).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath)).toContain('/rules/1/when/and/1');
  });
});
