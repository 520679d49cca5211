import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReportFormDefinition } from '../api/reports.ts';
import { answersForReading, optionLabel } from './answers.ts';
import { answersFromValues, checkValues, emptyValues } from './form-values.ts';

const form = JSON.parse(
  readFileSync(new URL('../../models/report-form.default.json', import.meta.url), 'utf8'),
) as ReportFormDefinition;

describe('answers for reading', () => {
  const answers = {
    immediate_danger: 'yes',
    description: 'He said he would “make them pay”.',
    warning_signs: ['threat', 'fixation'],
    when: '2026-11-20',
    persons: [
      { role: 'person_of_concern', name: 'J. Doe', description: 'Warehouse, night shift' },
      { role: 'witness', name: '', description: 'A colleague from logistics' },
    ],
  };

  it('follows the form: section titles and labels in the language, codes as their labels', () => {
    const { sections, unknown } = answersForReading(form, answers, 'de');
    expect(sections.map((section) => section.title)).toEqual([
      'Akute Gefahr',
      'Was ist passiert',
      'Wer ist beteiligt',
      'Sonstiges',
    ]);
    const [danger, what, who, more] = sections;
    expect(danger?.items[0]).toEqual({
      id: 'immediate_danger',
      label: 'Ist gerade jemand in akuter Gefahr?',
      display: { kind: 'choices', labels: ['Ja'] },
    });
    expect(what?.items.map((item) => item.display)).toEqual([
      { kind: 'text', text: 'He said he would “make them pay”.', multiline: true },
      {
        kind: 'choices',
        labels: [
          'Hat jemanden bedroht – mündlich, schriftlich oder mit Gesten',
          'Ist auf eine Person oder eine Kränkung fixiert',
        ],
      },
      { kind: 'day', day: '2026-11-20' },
      { kind: 'none' },
    ]);
    expect(who?.items[0]?.display).toEqual({
      kind: 'persons',
      persons: [
        {
          role: 'Person, deren Verhalten mich beunruhigt',
          name: 'J. Doe',
          description: 'Warehouse, night shift',
        },
        { role: 'Zeugin oder Zeuge', name: '', description: 'A colleague from logistics' },
      ],
    });
    expect(more?.items[0]?.display).toEqual({ kind: 'none' });
    expect(unknown).toEqual([]);
  });

  it('shows codes it does not know as they are, and answers to questions the form lacks', () => {
    expect(optionLabel(form, 'yes-no-unsure', 'maybe', 'en')).toBe('maybe');
    const { unknown } = answersForReading(form, { old_question: 'still here', empty: '' }, 'en');
    expect(unknown).toEqual([
      {
        id: 'old_question',
        label: 'old_question',
        display: { kind: 'text', text: 'still here', multiline: true },
      },
    ]);
  });
});

describe('form values', () => {
  it('start blank and send only what was filled in, trimmed', () => {
    const values = emptyValues(form);
    expect(values.warning_signs).toEqual([]);
    expect(answersFromValues(form, values)).toEqual({});
    values.description = '  Threats in the canteen  ';
    values.immediate_danger = 'no';
    values.persons = [
      { key: 'a', role: 'witness', name: ' Kim ', description: '' },
      { key: 'b', role: 'other', name: ' ', description: '' },
    ];
    expect(answersFromValues(form, values)).toEqual({
      immediate_danger: 'no',
      description: 'Threats in the canteen',
      persons: [{ role: 'witness', name: 'Kim', description: '' }],
    });
  });

  it('name the required questions left open and days in the future', () => {
    const values = emptyValues(form);
    values.when = '2026-11-24';
    expect(checkValues(form, values, '2026-11-23')).toEqual({
      immediate_danger: 'required',
      description: 'required',
      when: 'future',
    });
    values.immediate_danger = 'unsure';
    values.description = 'x';
    values.when = '2026-11-23';
    expect(checkValues(form, values, '2026-11-23')).toEqual({});
  });
});
