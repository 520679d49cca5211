import type { DefinitionProblem } from '../model-format/building-blocks.ts';
import type { AssessmentModel, Level, ModelFixture } from './model-definition.ts';
import { evaluateModel } from './rule-engine.ts';

// A model's fixtures (MODELS.md "Versioning"): answer sets with the suggestion the version must give. They
// are run before a version is published, and by the tests for the shipped models, so that the effect of a
// rule change shows as a fixture whose outcome changed, not as a surprise in a live case.

export interface FixtureResult {
  id: string;
  passed: boolean;
  expected: ModelFixture['expect'];
  suggestedLevel: Level;
  flags: string[];
  /** The ids of the rules that fired, in the model's order. */
  fired: string[];
  /** What differs from the expectation, in words; only when the fixture failed. */
  problem?: string;
}

const sortedUnique = (values: readonly string[]) => [...new Set(values)].sort();
const listed = (values: readonly string[]) => (values.length === 0 ? 'none' : values.join(', '));

/** Evaluates every fixture of the model and compares it with its expectation. */
export function runFixtures(model: AssessmentModel): FixtureResult[] {
  return model.fixtures.map((fixture) => {
    const evaluation = evaluateModel(model, fixture.answers);
    const fired = evaluation.fired.map((rule) => rule.id);
    const { expect } = fixture;
    const differences: string[] = [];
    if (evaluation.suggestedLevel !== expect.suggestedLevel)
      differences.push(`suggests ${evaluation.suggestedLevel} instead of ${expect.suggestedLevel}`);
    if (expect.flags !== undefined) {
      const wanted = sortedUnique(expect.flags);
      const actual = sortedUnique(evaluation.flags);
      if (wanted.join('\u0000') !== actual.join('\u0000'))
        differences.push(`flags ${listed(actual)} instead of ${listed(wanted)}`);
    }
    const missing = (expect.fired ?? []).filter((id) => !fired.includes(id));
    if (missing.length > 0) differences.push(`${listed(missing)} did not fire (fired: ${listed(fired)})`);
    const result: FixtureResult = {
      id: fixture.id,
      passed: differences.length === 0,
      expected: expect,
      suggestedLevel: evaluation.suggestedLevel,
      flags: evaluation.flags,
      fired,
    };
    if (differences.length > 0) result.problem = `fixture ${fixture.id} ${differences.join('; ')}`;
    return result;
  });
}

/** The failing fixtures as problems by path (`fixtures.3`), for the publishing service. */
export function fixtureProblems(model: AssessmentModel): DefinitionProblem[] {
  return runFixtures(model).flatMap((result, index) =>
    result.problem === undefined ? [] : [{ path: `fixtures.${index}`, message: result.problem }],
  );
}
