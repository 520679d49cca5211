// The web app's report-form editor against the server's rules (issue 19): the editor repeats the server's
// checks so that an admin sees a problem next to its field while typing (web/form-editor/form-checks.ts), and
// the server stays the judge when the form is published (assertFormDefinition). Held here side by side: a
// draft the editor finds nothing wrong with is one the server publishes, and for each kind of mistake both
// name the same field, so that the server's own answer lands next to the field the editor marks.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.ts';
import { assertFormDefinition, defaultReportForm } from '../../server/modules/reports/answers.ts';
import { checkDraft, isWithin, serverPath } from '../../web/form-editor/form-checks.ts';
import {
  addItem,
  addOption,
  addSection,
  changeItemKind,
  type FormDraft,
  setDangerCodes,
  setSectionTitle,
  startDraft,
  updateItem,
  updateOption,
  withText,
} from '../../web/form-editor/form-draft.ts';

const published = defaultReportForm as FormDraft;

/** The server's problems as the editor's dotted paths; none when it accepts the definition. */
function serverProblems(definition: unknown): string[] {
  try {
    assertFormDefinition(structuredClone(definition));
    return [];
  } catch (error) {
    if (!(error instanceof AppError) || !error.fields) throw error;
    return error.fields.map((field) => serverPath(field.path));
  }
}
const editorProblems = (draft: FormDraft) => checkDraft(draft).map((problem) => problem.path);

/** Builds a draft of the next version with the editor's own operations. */
function edited(...steps: ((form: FormDraft) => FormDraft)[]): FormDraft {
  return steps.reduce((form, step) => step(form), startDraft(published));
}
/** A change by hand, as one could type it in the JSON view. */
function typed(change: (draft: FormDraft) => void): FormDraft {
  const draft = startDraft(published);
  change(draft);
  return draft;
}
const both = (text: string) => ({ de: `${text} (de)`, en: `${text} (en)` });

/** A new section with a single-choice question of three answers, filled in as an admin would. */
const withNewQuestion = edited(
  addSection,
  (f) => setSectionTitle(setSectionTitle(f, 4, 'de', 'Arbeitsumfeld'), 4, 'en', 'Workplace'),
  (f) => addItem(f, 4, 'choice'),
  (f) => updateItem(f, 4, 0, (item) => ({ ...item, id: 'weapons_access', label: both('Weapons') })),
  (f) => addOption(f, 'question-8'),
  (f) =>
    [0, 1, 2].reduce(
      (form, index) =>
        updateOption(form, 'question-8', index, (option) => ({ ...option, label: both(`Answer ${index}`) })),
      f,
    ),
);

describe('drafts the editor finds nothing wrong with', () => {
  const cases: [string, FormDraft][] = [
    ['the shipped form as the next version', startDraft(published)],
    ['a new section with a single-choice question', withNewQuestion],
    [
      'the danger rule moved to the new question',
      setDangerCodes(withNewQuestion, 'weapons_access', ['option_1']),
    ],
    [
      'every kind of question',
      edited(
        ...(['text', 'date', 'multi_choice', 'persons'] as const).map(
          (kind) => (f: FormDraft) => addItem(f, 3, kind),
        ),
        (f) =>
          [1, 2, 3, 4].reduce(
            (form, i) =>
              updateItem(form, 3, i, (item) => ({
                ...item,
                label: withText(both(`Q${i}`), 'de', `Frage ${i}`),
              })),
            f,
          ),
        (f) =>
          ['question_10', 'question_11'].reduce(
            (form, scale) =>
              [0, 1].reduce(
                (inner, index) =>
                  updateOption(inner, scale.replace('_', '-'), index, (option) => ({
                    ...option,
                    label: both(`${scale} ${index}`),
                  })),
                form,
              ),
            f,
          ),
      ),
    ],
    ['a question turned from single into multiple choice', edited((f) => changeItemKind(f, 1, 1, 'choice'))],
  ];

  it.each(cases)('%s: the server publishes it', (_name, draft) => {
    expect(editorProblems(draft)).toEqual([]);
    expect(serverProblems(draft)).toEqual([]);
  });
});

describe('a mistake is named at the same field by the editor and by the server', () => {
  const cases: [string, FormDraft, string][] = [
    ['an empty title', typed((d) => Object.assign(d.title, { de: '' })), 'title.de'],
    ['a title of spaces only', typed((d) => Object.assign(d.title, { en: '   ' })), 'title.en'],
    [
      'an answer text of a line break only',
      typed((d) => Object.assign(d.scales['yes-no-unsure']?.options[0]?.label ?? {}, { de: '\n' })),
      'scales.yes-no-unsure.options.0.label.de',
    ],
    ['a form id with capitals', typed((d) => Object.assign(d, { formId: 'Acme' })), 'formId'],
    ['a version that is not semantic', typed((d) => Object.assign(d, { version: 'v2' })), 'version'],
    [
      'a section without a title',
      edited(
        addSection,
        (f) => setSectionTitle(f, 4, 'en', 'When'),
        (f) => addItem(f, 4, 'date'),
        (f) => updateItem(f, 4, 0, (i) => ({ ...i, label: both('When') })),
      ),
      'sections.4.title.de',
    ],
    [
      'a section without questions',
      edited(addSection, (f) => setSectionTitle(setSectionTitle(f, 4, 'de', 'A'), 4, 'en', 'A')),
      'sections.4.items',
    ],
    [
      'a section id with a hyphen',
      typed((d) => Object.assign(d.sections[1] ?? {}, { id: 'what-happened' })),
      'sections.1.id',
    ],
    [
      'a question without its English text',
      typed((d) => Object.assign(d.sections[1]?.items[0]?.label ?? {}, { en: '' })),
      'sections.1.items.0.label.en',
    ],
    [
      'a question text of 2001 characters',
      typed((d) => Object.assign(d.sections[1]?.items[0]?.label ?? {}, { de: 'x'.repeat(2001) })),
      'sections.1.items.0.label.de',
    ],
    [
      'a help text in German only',
      typed((d) => Object.assign(d.sections[1]?.items[0] ?? {}, { help: { de: 'Hilfe', en: '' } })),
      'sections.1.items.0.help.en',
    ],
    [
      'an answer id with a capital',
      typed((d) => Object.assign(d.sections[1]?.items[2] ?? {}, { id: 'When' })),
      'sections.1.items.2.id',
    ],
    [
      'two questions with one id',
      typed((d) => Object.assign(d.sections[3]?.items[0] ?? {}, { id: 'description' })),
      'sections.3.items.0.id',
    ],
    [
      'a text of 0 characters at most',
      typed((d) => Object.assign(d.sections[1]?.items[0] ?? {}, { maxLength: 0 })),
      'sections.1.items.0.maxLength',
    ],
    [
      'a text of 20001 characters at most',
      typed((d) => Object.assign(d.sections[1]?.items[0] ?? {}, { maxLength: 20_001 })),
      'sections.1.items.0.maxLength',
    ],
    [
      'at most 51 people',
      typed((d) => Object.assign(d.sections[2]?.items[0] ?? {}, { maxPersons: 51 })),
      'sections.2.items.0.maxPersons',
    ],
    [
      'a question naming an answer list that is not there',
      typed((d) => Object.assign(d.sections[1]?.items[1] ?? {}, { scale: 'signs' })),
      'sections.1.items.1.scale',
    ],
    [
      'an answer list of one answer',
      typed((d) => d.scales['yes-no-unsure']?.options.splice(1)),
      'scales.yes-no-unsure.options',
    ],
    [
      'an answer code with a hyphen',
      typed((d) => Object.assign(d.scales['person-role']?.options[0] ?? {}, { code: 'person-of-concern' })),
      'scales.person-role.options.0.code',
    ],
    [
      'an answer without its German text',
      typed((d) => Object.assign(d.scales['person-role']?.options[1]?.label ?? {}, { de: '' })),
      'scales.person-role.options.1.label.de',
    ],
    [
      'two sections with one id',
      typed((d) => Object.assign(d.sections[1] ?? {}, { id: 'danger' })),
      'sections.1.id',
    ],
    [
      'two answers of a list with one code',
      typed((d) => Object.assign(d.scales['yes-no-unsure']?.options[1] ?? {}, { code: 'yes' })),
      'scales.yes-no-unsure.options.1.code',
    ],
    [
      'the danger rule on a free-text question',
      typed((d) => Object.assign(d, { danger: { itemId: 'description', codes: ['yes'] } })),
      'danger.itemId',
    ],
    [
      'the danger rule on an answer that is not there',
      typed((d) => Object.assign(d, { danger: { itemId: 'immediate_danger', codes: ['maybe'] } })),
      'danger.codes',
    ],
  ];

  it.each(cases)('%s', (_name, draft, path) => {
    expect(editorProblems(draft)).toEqual([path]);
    const server = serverProblems(draft);
    expect(server.length).toBeGreaterThan(0);
    // The server names the field itself, or (for a question, whose kind it cannot tell) the question.
    expect(server.some((problem) => problem === path || isWithin(path, problem))).toBe(true);
  });
});

describe('where the editor is stricter than the server', () => {
  it('wants a version higher than the published one, where the server only refuses one that exists', () => {
    const same = typed((d) => Object.assign(d, { version: published.version }));
    expect(checkDraft(same, published).map((problem) => problem.rule)).toEqual(['versionNotHigher']);
    expect(serverProblems(same)).toEqual([]);
  });
});
