// Comparing assessments across models and major versions: by the newer model's item map where it covers
// the older model, by concept id otherwise; unmapped items are shown as not comparable, never dropped.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../assessment-models/default-models.ts';
import type { AssessmentModel } from '../assessment-models/model-definition.ts';
import { compareAssessments } from './compare.ts';

const checklist = DEFAULT_MODELS.find(
  (model) => model.modelId === 'tma.core.warning-behaviours',
) as AssessmentModel;
const inquiry = DEFAULT_MODELS.find(
  (model) => model.modelId === 'tma.core.structured-inquiry',
) as AssessmentModel;

describe('comparing assessments', () => {
  it('compares two models by concept and lists what has no counterpart as not comparable', () => {
    const result = compareAssessments(
      { model: checklist, answers: { means: { value: 'present' }, pathway: { value: 'present' } } },
      { model: inquiry, answers: {} },
    );
    expect(result.basis).toBe('concepts');
    expect(result.rescored).toBeNull();
    const shared = result.items.filter((item) => item.relation === 'concept');
    expect(shared.length).toBeGreaterThan(0);
    const means = result.items.find((item) => item.olderItemId === 'means');
    expect(means).toMatchObject({ comparable: true, changed: true, older: { value: 'present' } });
    expect(result.items.some((item) => !item.comparable && item.relation === 'removed')).toBe(true);
    expect(result.items.some((item) => !item.comparable && item.relation === 'new')).toBe(true);
  });

  it('follows the newer major version’s item map: a split item is shown beside its parts, a removed one alone', () => {
    const next: AssessmentModel = {
      ...checklist,
      version: '2.0.0',
      comparability: {
        from: 'tma.core.warning-behaviours|1.x',
        itemMap: [
          { from: 'pathway', to: ['pathway', 'means'], relation: 'split' },
          { from: 'leakage', to: null, relation: 'removed' },
        ],
      },
    };
    const result = compareAssessments(
      { model: checklist, answers: { pathway: { value: 'present' }, leakage: { value: 'partial' } } },
      { model: next, answers: { pathway: { value: 'present' } } },
    );
    expect(result.basis).toBe('concepts');
    expect(
      result.items.filter((item) => item.olderItemId === 'pathway').map((item) => item.newerItemId),
    ).toEqual(['pathway', 'means']);
    expect(result.items.find((item) => item.olderItemId === 'pathway')).toMatchObject({
      relation: 'split',
      comparable: false,
    });
    expect(result.items.find((item) => item.olderItemId === 'leakage')).toMatchObject({
      relation: 'removed',
      comparable: false,
      newer: null,
    });
  });

  it('re-scores the older answers under a newer minor version, and compares item by item', () => {
    const stricter: AssessmentModel = {
      ...checklist,
      version: '1.1.0',
      rules: checklist.rules.filter((rule) => rule.id !== 'R3-proximal'),
    };
    const answers = { fixation: { value: 'present' } };
    const result = compareAssessments({ model: checklist, answers }, { model: stricter, answers });
    expect(result.basis).toBe('items');
    expect(result.rescored?.version).toBe('1.1.0');
    expect(result.rescored?.fired).not.toContain('R3-proximal');
    expect(result.items.every((item) => item.comparable && !item.changed)).toBe(true);
  });
});
