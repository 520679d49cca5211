import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FormItem } from '../api/portal.ts';
import { checkDraft } from './form-checks.ts';
import {
  addItem,
  addOption,
  addSection,
  changeItemKind,
  chooseScale,
  type FormDraft,
  isHigherVersion,
  itemsUsingScale,
  moveItem,
  moveSection,
  nextVersion,
  removeItem,
  removeOption,
  removeSection,
  scaleOf,
  setDangerCodes,
  setDescription,
  setSectionHelp,
  setSectionTitle,
  startDraft,
  uniqueCode,
  updateItem,
  updateOption,
  withOptionalText,
  withText,
} from './form-draft.ts';

/** The form TMA ships (models/report-form.default.json): four sections, three scales, a danger rule. */
const published: FormDraft = JSON.parse(
  readFileSync(new URL('../../models/report-form.default.json', import.meta.url), 'utf8'),
);

const itemAt = (form: FormDraft, s: number, i: number): FormItem => {
  const item = form.sections[s]?.items[i];
  if (!item) throw new Error(`no item at ${s}.${i}`);
  return item;
};
const ids = (form: FormDraft) => form.sections.map((section) => section.items.map((item) => item.id));
/** What JSON.stringify keeps: no `key: undefined` may linger in the definition. */
const roundTrip = (form: FormDraft) => JSON.parse(JSON.stringify(form));

describe('versions and codes', () => {
  it('proposes the next minor version and compares versions numerically', () => {
    expect(nextVersion('1.0.0')).toBe('1.1.0');
    expect(nextVersion('1.9.3')).toBe('1.10.0');
    expect(nextVersion('draft')).toBe('1.0.0');
    expect(isHigherVersion('1.10.0', '1.9.0')).toBe(true);
    expect(isHigherVersion('2.0.0', '1.99.99')).toBe(true);
    expect(isHigherVersion('1.0.0', '1.0.0')).toBe(false);
    expect(isHigherVersion('1.0.1', '1.1.0')).toBe(false);
  });

  it('finds a code that is not taken yet', () => {
    expect(uniqueCode('question_1', new Set())).toBe('question_1');
    expect(uniqueCode('question_1', new Set(['question_1', 'question_1_2']))).toBe('question_1_3');
  });
});

describe('a draft of the next version', () => {
  it('copies the published form deeply and raises its version', () => {
    const draft = startDraft(published);
    expect(draft.version).toBe('1.1.0');
    expect({ ...draft, version: published.version }).toEqual(published);
    const changed = setSectionTitle(draft, 0, 'en', 'Changed');
    expect(changed.sections[0]?.title.en).toBe('Changed');
    expect(published.sections[0]?.title.en).toBe('Immediate danger');
    expect(draft.sections[0]?.title.en).toBe('Immediate danger');
    expect(checkDraft(draft, published)).toEqual([]);
  });

  it('changes one language of a text, and drops an optional text when both languages are empty', () => {
    expect(withText({ de: 'a', en: 'b' }, 'de', 'c')).toEqual({ de: 'c', en: 'b' });
    expect(withText(undefined, 'en', 'x')).toEqual({ de: '', en: 'x' });
    expect(withOptionalText({ de: '', en: 'x' }, 'en', '')).toBeUndefined();
    const draft = startDraft(published);
    const withHelp = setSectionHelp(draft, 1, 'de', 'Bitte genau beschreiben.');
    expect(withHelp.sections[1]?.help).toEqual({ de: 'Bitte genau beschreiben.', en: '' });
    const without = setSectionHelp(withHelp, 1, 'de', '');
    expect('help' in (without.sections[1] ?? {})).toBe(false);
    const described = setDescription(setDescription(draft, 'de', ''), 'en', '');
    expect('description' in described).toBe(false);
    expect(roundTrip(without)).toEqual(without);
  });
});

describe('sections', () => {
  it('adds an empty section with an id of its own, which the checks ask to complete', () => {
    const draft = addSection(startDraft(published));
    expect(draft.sections).toHaveLength(5);
    expect(draft.sections[4]).toEqual({ id: 'section_5', title: { de: '', en: '' }, items: [] });
    expect(checkDraft(draft, published).map((problem) => `${problem.path} ${problem.rule}`)).toEqual([
      'sections.4.title.de required',
      'sections.4.title.en required',
      'sections.4.items noItems',
    ]);
    const again = addSection(moveSection(draft, 4, -1));
    expect(again.sections.map((section) => section.id)).toEqual([
      'danger',
      'what',
      'who',
      'section_5',
      'more',
      'section_6',
    ]);
  });

  it('removes a section with its questions, their own answer lists and the danger rule on them', () => {
    const draft = removeSection(startDraft(published), 0);
    expect(draft.sections.map((section) => section.id)).toEqual(['what', 'who', 'more']);
    expect('danger' in draft).toBe(false);
    expect(Object.keys(draft.scales).sort()).toEqual(['person-role', 'warning-signs']);
    expect(checkDraft(draft, published)).toEqual([]);
  });

  it('moves sections within bounds only', () => {
    const draft = startDraft(published);
    expect(moveSection(draft, 0, -1).sections.map((s) => s.id)).toEqual(['danger', 'what', 'who', 'more']);
    expect(moveSection(draft, 0, 1).sections.map((s) => s.id)).toEqual(['what', 'danger', 'who', 'more']);
  });
});

describe('questions', () => {
  it('adds a single-choice question with an answer list of its own and two empty answers', () => {
    const draft = addItem(addSection(startDraft(published)), 4, 'choice');
    const item = itemAt(draft, 4, 0);
    expect(item).toEqual({
      id: 'question_8',
      label: { de: '', en: '' },
      required: false,
      type: 'choice',
      scale: 'question-8',
    });
    expect(draft.scales['question-8']?.options).toEqual([
      { code: 'option_1', label: { de: '', en: '' } },
      { code: 'option_2', label: { de: '', en: '' } },
    ]);
    // Another question of the same kind gets another list.
    const second = addItem(draft, 4, 'choice');
    expect(scaleOf(itemAt(second, 4, 1))).toBe('question-9');
  });

  it('adds the other kinds with sensible defaults', () => {
    let draft = startDraft(published);
    for (const kind of ['text', 'date', 'multi_choice', 'persons'] as const) draft = addItem(draft, 3, kind);
    const added = draft.sections[3]?.items.slice(1);
    expect(added?.map((item) => item.type)).toEqual(['text', 'date', 'multi_choice', 'persons']);
    expect(added?.[0]).toMatchObject({ multiline: true, maxLength: 5000 });
    expect(added?.[3]).toMatchObject({ maxPersons: 10 });
    expect(Object.keys(draft.scales)).toHaveLength(5);
  });

  it('removes a question with its own answer list but keeps a shared one', () => {
    const draft = addItem(startDraft(published), 1, 'choice');
    const shared = chooseScale(draft, 1, 4, 'warning-signs');
    expect(shared.scales['question-8']).toBeUndefined();
    expect(itemsUsingScale(shared, 'warning-signs').map((item) => item.id)).toEqual([
      'warning_signs',
      'question_8',
    ]);
    const removed = removeItem(shared, 1, 4);
    expect(removed.scales['warning-signs']).toBeDefined();
    const removedOwn = removeItem(draft, 1, 4);
    expect(removedOwn.scales['question-8']).toBeUndefined();
    expect(removedOwn).toEqual(startDraft(published));
  });

  it('moves a question past the end of its section into the next one, and back', () => {
    const draft = startDraft(published);
    const down = moveItem(draft, 1, 3, 1);
    expect(ids(down)).toEqual([
      ['immediate_danger'],
      ['description', 'warning_signs', 'when'],
      ['where', 'persons'],
      ['additional'],
    ]);
    expect(moveItem(down, 2, 0, -1)).toEqual(draft);
    expect(moveItem(draft, 0, 0, -1)).toEqual(draft);
    expect(moveItem(draft, 3, 0, 1)).toEqual(draft);
  });

  it('changes the kind: choice and multiple choice share the list, others get their own or none', () => {
    const draft = startDraft(published);
    const multi = changeItemKind(draft, 0, 0, 'multi_choice');
    expect(itemAt(multi, 0, 0)).toMatchObject({
      type: 'multi_choice',
      scale: 'yes-no-unsure',
      required: true,
    });
    // The danger rule needs a single choice.
    expect('danger' in multi).toBe(false);
    const text = changeItemKind(draft, 0, 0, 'text');
    expect(itemAt(text, 0, 0)).toEqual({
      id: 'immediate_danger',
      label: itemAt(draft, 0, 0).label,
      help: itemAt(draft, 0, 0).help,
      required: true,
      type: 'text',
      multiline: true,
      maxLength: 5000,
    });
    expect(text.scales['yes-no-unsure']).toBeUndefined();
    const persons = changeItemKind(text, 0, 0, 'persons');
    expect(itemAt(persons, 0, 0)).toMatchObject({ type: 'persons', roleScale: 'immediate-danger' });
    expect(checkDraft(multi, published)).toEqual([]);
  });

  it('keeps the danger rule on a question whose id changes', () => {
    const draft = updateItem(startDraft(published), 0, 0, (item) => ({ ...item, id: 'danger_now' }));
    expect(draft.danger).toEqual({ itemId: 'danger_now', codes: ['yes'] });
    expect(checkDraft(draft, published)).toEqual([]);
  });
});

describe('answers and the danger rule', () => {
  it('adds, renames, moves and removes answers; the danger rule follows its codes', () => {
    let draft = startDraft(published);
    draft = addOption(draft, 'yes-no-unsure');
    expect(draft.scales['yes-no-unsure']?.options.map((option) => option.code)).toEqual([
      'yes',
      'no',
      'unsure',
      'option_4',
    ]);
    draft = updateOption(draft, 'yes-no-unsure', 0, (option) => ({ ...option, code: 'yes_now' }));
    expect(draft.danger).toEqual({ itemId: 'immediate_danger', codes: ['yes_now'] });
    draft = setDangerCodes(draft, 'immediate_danger', ['unsure', 'yes_now']);
    // In the list's order, whatever order they were ticked in.
    expect(draft.danger?.codes).toEqual(['yes_now', 'unsure']);
    draft = removeOption(draft, 'yes-no-unsure', 0);
    expect(draft.danger?.codes).toEqual(['unsure']);
    draft = removeOption(draft, 'yes-no-unsure', 1);
    expect('danger' in draft).toBe(false);
  });

  it('puts the danger rule on single-choice questions only, and moves it from one to another', () => {
    let draft = addItem(startDraft(published), 1, 'choice');
    expect(setDangerCodes(draft, 'warning_signs', ['threat'])).toEqual(draft);
    draft = setDangerCodes(draft, 'question_8', ['option_2']);
    expect(draft.danger).toEqual({ itemId: 'question_8', codes: ['option_2'] });
    draft = setDangerCodes(draft, 'question_8', []);
    expect('danger' in draft).toBe(false);
    // Unticking a question that has no rule changes nothing.
    expect(setDangerCodes(draft, 'immediate_danger', [])).toEqual(draft);
  });

  it('drops the danger rule when its question gets another answer list', () => {
    const draft = chooseScale(addItem(startDraft(published), 0, 'choice'), 0, 0, 'question-8');
    expect('danger' in draft).toBe(false);
    // The list it used is still used by nobody else: it goes.
    expect(draft.scales['yes-no-unsure']).toBeUndefined();
  });
});
