import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asDraft, checkDraft, isWithin, serverPath } from './form-checks.ts';
import { addItem, addSection, type FormDraft, startDraft } from './form-draft.ts';

const published: FormDraft = JSON.parse(
  readFileSync(new URL('../../models/report-form.default.json', import.meta.url), 'utf8'),
);

/** A draft of the next version with one thing changed (the draft is a copy: change it freely). */
function draftWith(change: (draft: FormDraft) => void): FormDraft {
  const draft = startDraft(published);
  change(draft);
  return draft;
}
const found = (draft: FormDraft) =>
  checkDraft(draft, published).map((problem) =>
    problem.limit === undefined
      ? `${problem.path} ${problem.rule}`
      : `${problem.path} ${problem.rule} ${problem.limit}`,
  );

describe('checking a draft before it is published', () => {
  it('finds nothing wrong with the shipped form as the next version', () => {
    expect(found(startDraft(published))).toEqual([]);
    // Without a published version to compare with, any version will do.
    expect(checkDraft(published)).toEqual([]);
  });

  it('wants a new version, higher than the published one, for the same form id', () => {
    expect(found(draftWith((d) => Object.assign(d, { version: '1.0.0' })))).toEqual([
      'version versionNotHigher',
    ]);
    expect(found(draftWith((d) => Object.assign(d, { version: '0.9.0' })))).toEqual([
      'version versionNotHigher',
    ]);
    expect(found(draftWith((d) => Object.assign(d, { version: '1.1' })))).toEqual(['version version']);
    // Another form id starts its own versions.
    expect(found(draftWith((d) => Object.assign(d, { formId: 'acme.report', version: '1.0.0' })))).toEqual(
      [],
    );
    expect(found(draftWith((d) => Object.assign(d, { formId: 'Acme Report' })))).toEqual(['formId formId']);
  });

  it('wants every text in German and English, within 2000 characters', () => {
    const draft = draftWith((d) => {
      d.title.de = ' ';
      const item = d.sections[1]?.items[0];
      if (item) item.label.en = 'x'.repeat(2001);
    });
    expect(found(draft)).toEqual(['title.de required', 'sections.1.items.0.label.en tooLong 2000']);
  });

  it('wants an optional text in both languages or in none', () => {
    const draft = draftWith((d) => {
      const section = d.sections[2];
      if (section) section.help = { de: 'Nennen Sie, wen Sie kennen.', en: '' };
      d.description = { de: '', en: 'Only English' };
    });
    expect(found(draft)).toEqual(['description.de helpBoth', 'sections.2.help.en helpBoth']);
  });

  it('wants ids and codes in their format and unique', () => {
    const draft = draftWith((d) => {
      const [first, second] = d.sections;
      if (!first || !second) throw new Error('too few sections');
      second.id = 'danger';
      const item = second.items[1];
      if (item) item.id = 'description';
      const last = second.items[2];
      if (last) last.id = 'When';
      const options = d.scales['yes-no-unsure']?.options;
      if (options?.[1]) options[1].code = 'yes';
      if (options?.[2]) options[2].code = '2nd';
    });
    expect(found(draft)).toEqual([
      'sections.1.id duplicate',
      'sections.1.items.1.id duplicate',
      'sections.1.items.2.id code',
      'scales.yes-no-unsure.options.1.code duplicate',
      'scales.yes-no-unsure.options.2.code code',
    ]);
  });

  it('wants sections with questions, answer lists with two answers or more, sensible limits', () => {
    let draft = addSection(startDraft(published));
    draft = addItem(draft, 1, 'choice');
    const added = draft.sections[1]?.items[4];
    if (added?.type !== 'choice') throw new Error('not a choice');
    const options = draft.scales[added.scale]?.options;
    options?.pop();
    const text = draft.sections[3]?.items[0];
    if (text?.type === 'text') text.maxLength = 20_001;
    const persons = draft.sections[2]?.items[0];
    if (persons?.type === 'persons') persons.maxPersons = 0;
    expect(found(draft)).toEqual([
      'sections.1.items.4.label.de required',
      'sections.1.items.4.label.en required',
      'sections.2.items.0.maxPersons maxPersons 50',
      'sections.3.items.0.maxLength maxLength 20000',
      'sections.4.title.de required',
      'sections.4.title.en required',
      'sections.4.items noItems',
      'scales.question-8.options tooFewOptions 2',
      'scales.question-8.options.0.label.de required',
      'scales.question-8.options.0.label.en required',
    ]);
  });

  it('wants every answer list a question names, and a danger rule on a single choice with its codes', () => {
    const missing = draftWith((d) => {
      const item = d.sections[1]?.items[1];
      if (item?.type === 'multi_choice') item.scale = 'signs';
    });
    expect(found(missing)).toEqual(['sections.1.items.1.scale missingScale']);
    const onText = draftWith((d) => Object.assign(d, { danger: { itemId: 'description', codes: ['yes'] } }));
    expect(found(onText)).toEqual(['danger.itemId dangerNotChoice']);
    const unknownCode = draftWith((d) =>
      Object.assign(d, { danger: { itemId: 'immediate_danger', codes: ['maybe'] } }),
    );
    expect(found(unknownCode)).toEqual(['danger.codes dangerCode']);
    const badScaleId = draftWith((d) => {
      const scale = d.scales['person-role'];
      if (!scale) throw new Error('no scale');
      d.scales['Person Role'] = scale;
      const item = d.sections[2]?.items[0];
      if (item?.type === 'persons') item.roleScale = 'Person Role';
    });
    expect(found(badScaleId)).toEqual(['scales.Person Role scaleId']);
  });

  it('wants at least one section and at most 20', () => {
    expect(found(draftWith((d) => Object.assign(d, { sections: [], danger: undefined })))).toContain(
      'sections noSections',
    );
    let many = startDraft(published);
    for (let n = 0; n < 17; n++) many = addItem(addSection(many), many.sections.length, 'date');
    expect(found(many).filter((problem) => problem.startsWith('sections '))).toEqual([
      'sections tooManySections 20',
    ]);
  });
});

describe('paths of the server’s answer', () => {
  it('reads JSON pointers and dotted paths as the dotted paths of the fields', () => {
    expect(serverPath('sections/0/items/2/label/de')).toBe('sections.0.items.2.label.de');
    expect(serverPath('/scales/yes-no~1unsure/options')).toBe('scales.yes-no/unsure.options');
    expect(serverPath('danger.codes')).toBe('danger.codes');
  });

  it('knows which part of the form a problem belongs to', () => {
    expect(isWithin('sections.1.items.0.label.de', 'sections.1.items.0')).toBe(true);
    expect(isWithin('sections.1.items.0', 'sections.1.items.0')).toBe(true);
    expect(isWithin('sections.1.items.10.id', 'sections.1.items.1')).toBe(false);
    expect(isWithin('sections.10', 'sections.1')).toBe(false);
  });
});

describe('JSON typed by the admin', () => {
  it('is shown in the editor when it has the definition’s shape', () => {
    const draft = startDraft(published);
    expect(asDraft(JSON.parse(JSON.stringify(draft)))).toEqual(draft);
    // Broken values of the right shape are shown, with their problems next to the fields.
    const broken = {
      ...draft,
      version: 'next',
      sections: [{ id: 'X', title: { de: '', en: '' }, items: [] }],
    };
    expect(asDraft(broken)).toEqual(broken);
  });

  it('is left to the server when the editor cannot show it', () => {
    const draft = startDraft(published);
    expect(asDraft({ ...draft, sections: 'none' })).toBeNull();
    expect(asDraft({ ...draft, title: 'Report' })).toBeNull();
    expect(asDraft({ ...draft, scales: { x: { options: [{ code: 'a' }] } } })).toBeNull();
    expect(asDraft({ ...draft, danger: { itemId: 'immediate_danger', codes: 'yes' } })).toBeNull();
    const item = { id: 'q', type: 'slider', label: { de: 'a', en: 'a' }, required: false };
    expect(
      asDraft({ ...draft, sections: [{ id: 's', title: { de: 'a', en: 'a' }, items: [item] }] }),
    ).toBeNull();
    expect(asDraft(null)).toBeNull();
    expect(asDraft([draft])).toBeNull();
  });
});
