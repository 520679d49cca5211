import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from './default-models.ts';
import type { AssessmentModel } from './model-definition.ts';
import { type Bump, diffModels, successorProblems } from './version-diff.ts';

const previous = DEFAULT_MODELS.find((model) => model.modelId === 'tma.core.warning-behaviours');
if (!previous) throw new Error('the warning-behaviours model is not shipped');

function changed(change: (model: AssessmentModel) => void): AssessmentModel {
  const model = structuredClone(previous) as AssessmentModel;
  change(model);
  return model;
}

/** A successor: `change` applied, the version set and a changelog entry for it put first. */
function successor(
  change: (model: AssessmentModel) => void,
  version: string,
  bump: Bump,
  affectsSuggestion: boolean,
): AssessmentModel {
  return changed((model) => {
    change(model);
    model.version = version;
    model.changelog.unshift({
      version,
      date: '2027-01-15',
      bump,
      affectsSuggestion,
      summary: { en: 'Change', de: 'Änderung' },
      changes: [],
    });
  });
}

const removeLeakage = (model: AssessmentModel) => {
  const section = model.sections[0];
  if (section) section.items = section.items.filter((item) => item.itemId !== 'leakage');
};
const addItem = (model: AssessmentModel) => {
  model.sections[3]?.items.push({
    itemId: 'surveillance',
    conceptId: 'tma:imm/surveillance',
    text: { en: 'Has the target been watched?', de: 'Wurde die Zielperson beobachtet?' },
    scale: 'presence',
    tags: ['imminence'],
  });
};
const changeThreshold = (model: AssessmentModel) => {
  const rule = model.rules.find((candidate) => candidate.id === 'R2-context');
  if (rule)
    rule.when = {
      or: [{ '>=': [{ var: 'proximalPositive' }, 1] }, { '>=': [{ var: 'distalPositive' }, 3] }],
    };
};
const reword = (model: AssessmentModel) => {
  const item = model.sections[0]?.items[0];
  if (item) item.text = { ...item.text, de: `${item.text.de} (überarbeitet)` };
};

describe('diffModels', () => {
  it('sees items reordered within a section as a patch', () => {
    const next = changed((model) => {
      const section = model.sections[0];
      if (section) section.items = [...section.items].reverse();
    });
    const diff = diffModels(previous, next);
    expect(diff.required).toBe('patch');
    expect(diff.changes).toContainEqual(expect.objectContaining({ op: 'reorderItems', bump: 'patch' }));
  });

  it('finds nothing between a version and itself', () => {
    expect(
      diffModels(
        previous,
        changed(() => {}),
      ),
    ).toEqual({ changes: [], required: null, affectsSuggestion: false });
  });

  it('requires a major version when an item is removed', () => {
    const diff = diffModels(previous, changed(removeLeakage));
    expect(diff.required).toBe('major');
    expect(diff.affectsSuggestion).toBe(true);
    expect(diff.changes).toContainEqual({
      bump: 'major',
      op: 'removeItem',
      target: 'leakage',
      affectsSuggestion: true,
    });
  });

  it('requires a major version when an option set changes', () => {
    const diff = diffModels(
      previous,
      changed((model) => {
        model.scales.protective?.options.splice(2, 0, {
          code: 'very_strong',
          label: { en: 'Very strong', de: 'Sehr stark' },
          weight: 3,
        });
      }),
    );
    expect(diff.required).toBe('major');
    expect(
      diff.changes.filter((change) => change.op === 'changeOptions').map((change) => change.target),
    ).toEqual(['trusted-relationship', 'engagement']);
    // Renaming a code is a changed option set too.
    const renamed = changed((model) => {
      const option = model.scales.presence?.options.find((candidate) => candidate.code === 'partial');
      if (option) option.code = 'partly';
    });
    expect(diffModels(previous, renamed).required).toBe('major');
  });

  it('requires a major version when an item changes its concept', () => {
    const diff = diffModels(
      previous,
      changed((model) => {
        const item = model.sections[0]?.items[0];
        if (item) item.conceptId = 'tma:wb/planning';
      }),
    );
    expect(diff.required).toBe('major');
    expect(diff.changes).toContainEqual({
      bump: 'major',
      op: 'changeConcept',
      target: 'pathway',
      affectsSuggestion: true,
    });
  });

  it('requires a minor version that affects the suggestion when an item is added', () => {
    const diff = diffModels(previous, changed(addItem));
    expect(diff).toEqual({
      changes: [{ bump: 'minor', op: 'addItem', target: 'surveillance', affectsSuggestion: true }],
      required: 'minor',
      affectsSuggestion: true,
    });
  });

  it('requires a minor version that affects the suggestion when a rule, weight or policy changes', () => {
    expect(diffModels(previous, changed(changeThreshold))).toEqual({
      changes: [{ bump: 'minor', op: 'changeRule', target: 'R2-context', affectsSuggestion: true }],
      required: 'minor',
      affectsSuggestion: true,
    });
    const floor = changed((model) => {
      const rule = model.rules.find((candidate) => candidate.id === 'R2-context');
      if (rule) rule.floor = true;
    });
    expect(diffModels(previous, floor).changes).toEqual([
      { bump: 'minor', op: 'changeRule', target: 'R2-context', affectsSuggestion: true },
    ]);
    const weight = changed((model) => {
      const option = model.scales.protective?.options.find((candidate) => candidate.code === 'strong');
      if (option) option.weight = 3;
    });
    expect(diffModels(previous, weight)).toMatchObject({ required: 'minor', affectsSuggestion: true });
    const policy = changed((model) => {
      if (model.suggestionPolicy.protectiveAdjustment)
        model.suggestionPolicy.protectiveAdjustment.ifAtLeast = 4;
    });
    expect(diffModels(previous, policy).changes).toEqual([
      { bump: 'minor', op: 'changePolicy', target: null, affectsSuggestion: true },
    ]);
    const removedRule = changed((model) => {
      model.rules = model.rules.filter((rule) => rule.id !== 'R2-direct-threat');
    });
    expect(diffModels(previous, removedRule).changes).toEqual([
      { bump: 'minor', op: 'removeRule', target: 'R2-direct-threat', affectsSuggestion: true },
    ]);
  });

  it('calls a change of wording a patch that does not affect the suggestion', () => {
    expect(diffModels(previous, changed(reword))).toEqual({
      changes: [{ bump: 'patch', op: 'changeWording', target: 'pathway', affectsSuggestion: false }],
      required: 'patch',
      affectsSuggestion: false,
    });
    const explain = changed((model) => {
      const rule = model.rules[0];
      if (rule) rule.explain = { ...rule.explain, en: `${rule.explain.en} Act now.` };
    });
    expect(diffModels(previous, explain)).toMatchObject({ required: 'patch', affectsSuggestion: false });
    const label = changed((model) => {
      model.suggestionPolicy.labelForUsers = { en: 'Suggestion', de: 'Vorschlag' };
    });
    expect(diffModels(previous, label)).toMatchObject({ required: 'patch', affectsSuggestion: false });
  });
});

describe('successorProblems', () => {
  it('accepts a correct successor', () => {
    expect(successorProblems(previous, successor(reword, '1.0.1', 'patch', false))).toEqual([]);
    expect(successorProblems(previous, successor(addItem, '1.1.0', 'minor', true))).toEqual([]);
    expect(successorProblems(previous, successor(removeLeakage, '2.0.0', 'major', true))).toEqual([]);
    // A larger bump than needed is allowed.
    expect(successorProblems(previous, successor(reword, '1.1.0', 'minor', false))).toEqual([]);
  });

  it('rejects a minor version for a removed item', () => {
    expect(successorProblems(previous, successor(removeLeakage, '1.1.0', 'minor', true))).toEqual([
      {
        path: 'changelog.0.bump',
        message: 'is minor, but the changes need a major version (removeItem leakage)',
      },
    ]);
  });

  it('rejects a version that is not higher', () => {
    expect(successorProblems(previous, successor(reword, '1.0.0', 'patch', false))).toEqual([
      { path: 'version', message: 'must be higher than 1.0.0' },
    ]);
    expect(successorProblems(previous, successor(reword, '0.9.0', 'patch', false))).toEqual([
      { path: 'version', message: 'must be higher than 1.0.0' },
    ]);
  });

  it('rejects a declared bump that does not match the version step', () => {
    expect(successorProblems(previous, successor(changeThreshold, '1.0.1', 'minor', true))).toEqual([
      { path: 'changelog.0.bump', message: 'says minor, but 1.0.0 → 1.0.1 is a patch step' },
    ]);
    expect(successorProblems(previous, successor(reword, '2.0.0', 'patch', false))).toEqual([
      { path: 'changelog.0.bump', message: 'says patch, but 1.0.0 → 2.0.0 is a major step' },
    ]);
  });

  it('rejects affectsSuggestion false when a rule changed', () => {
    expect(successorProblems(previous, successor(changeThreshold, '1.1.0', 'minor', false))).toEqual([
      { path: 'changelog.0.affectsSuggestion', message: 'must be true: the changes can alter suggestions' },
    ]);
  });
});
