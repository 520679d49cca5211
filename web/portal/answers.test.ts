import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PortalInfo, ReportFormDefinition } from '../api/portal.ts';
import {
  anonymousIdentity,
  buildSubmission,
  checkAnswers,
  checkIdentity,
  checkUnit,
  cleanAnswers,
  emptyDrafts,
  type PersonDraft,
  serverToday,
  unitChoices,
} from './answers.ts';

// The form TMA ships: the client's checks must agree with the server's on it.
const form: ReportFormDefinition = JSON.parse(
  readFileSync(new URL('../../models/report-form.default.json', import.meta.url), 'utf8'),
);
const today = '2026-03-15';

const person = (change: Partial<PersonDraft>): PersonDraft => ({
  key: 'k',
  role: '',
  name: '',
  description: '',
  ...change,
});

const paths = (problems: { path: string; code: string }[]) => problems.map((p) => `${p.path}:${p.code}`);

describe('checkAnswers', () => {
  it('asks for every required question of an empty form', () => {
    expect(paths(checkAnswers(form, emptyDrafts(form), today))).toEqual([
      'answers.immediate_danger:required',
      'answers.description:required',
    ]);
  });

  it('accepts a complete set of answers', () => {
    const drafts = {
      ...emptyDrafts(form),
      immediate_danger: 'no',
      description: 'He said he would “make them pay”.',
      warning_signs: ['threat', 'fixation'],
      when: '2026-03-14',
      where: 'Hall 3',
      persons: [person({ role: 'person_of_concern', name: 'J. Doe' })],
    };
    expect(checkAnswers(form, drafts, today)).toEqual([]);
  });

  it('does not count spaces as an answer', () => {
    const drafts = { ...emptyDrafts(form), immediate_danger: 'no', description: '   \n ' };
    expect(paths(checkAnswers(form, drafts, today))).toEqual(['answers.description:required']);
  });

  it('refuses a day in the future (by the server’s UTC calendar) and a day typed only in part', () => {
    const base = { ...emptyDrafts(form), immediate_danger: 'no', description: 'x' };
    expect(paths(checkAnswers(form, { ...base, when: '2026-03-16' }, today))).toEqual([
      'answers.when:futureDay',
    ]);
    expect(paths(checkAnswers(form, { ...base, when: 'incomplete' }, today))).toEqual([
      'answers.when:notADay',
    ]);
    expect(paths(checkAnswers(form, { ...base, when: '2026-02-30' }, today))).toEqual([
      'answers.when:notADay',
    ]);
    expect(checkAnswers(form, { ...base, when: today }, today)).toEqual([]);
  });

  it('keeps texts within their length, counted after trimming', () => {
    const base = { ...emptyDrafts(form), immediate_danger: 'no', description: 'x' };
    expect(checkAnswers(form, { ...base, where: ` ${'a'.repeat(500)} ` }, today)).toEqual([]);
    expect(checkAnswers(form, { ...base, where: 'a'.repeat(501) }, today)).toEqual([
      { path: 'answers.where', code: 'tooLong', max: 500 },
    ]);
    expect(paths(checkAnswers(form, { ...base, where: 'line one\nline two' }, today))).toEqual([
      'answers.where:singleLine',
    ]);
  });

  it('refuses choices that are not options of the scale', () => {
    const base = { ...emptyDrafts(form), description: 'x' };
    expect(paths(checkAnswers(form, { ...base, immediate_danger: 'maybe' }, today))).toEqual([
      'answers.immediate_danger:notAnOption',
    ]);
    expect(
      paths(checkAnswers(form, { ...base, immediate_danger: 'no', warning_signs: ['nope'] }, today)),
    ).toEqual(['answers.warning_signs:notAnOption']);
  });

  it('checks each person: a role, and a name or a description; blank rows are ignored', () => {
    const base = { ...emptyDrafts(form), immediate_danger: 'no', description: 'x' };
    const persons = [
      person({ key: 'a', role: 'witness', description: 'tall, red jacket' }),
      person({ key: 'b' }),
      person({ key: 'c', name: 'Someone' }),
      person({ key: 'd', role: 'witness' }),
    ];
    expect(paths(checkAnswers(form, { ...base, persons }, today))).toEqual([
      'answers.persons.2.role:roleRequired',
      'answers.persons.3.name:personEmpty',
    ]);
  });
});

describe('cleanAnswers', () => {
  it('sends trimmed answers, leaves out empty ones and blank people, and drops the row keys', () => {
    const drafts = {
      ...emptyDrafts(form),
      immediate_danger: 'unsure',
      description: '  What I saw.  ',
      where: '   ',
      persons: [person({ key: 'a', role: 'witness', name: ' Ann ' }), person({ key: 'b' })],
    };
    expect(cleanAnswers(form, drafts)).toEqual({
      immediate_danger: 'unsure',
      description: 'What I saw.',
      persons: [{ role: 'witness', name: 'Ann', description: '' }],
    });
  });

  it('sends only the questions of the form', () => {
    expect(cleanAnswers(form, { description: 'x', not_a_question: 'y' })).toEqual({ description: 'x' });
  });
});

describe('identity', () => {
  it('needs nothing for an anonymous report', () => {
    expect(checkIdentity(anonymousIdentity)).toEqual([]);
  });

  it('needs a name for a named report; e-mail and phone are optional but checked', () => {
    const named = { anonymous: false, name: ' ', email: '', phone: '' };
    expect(paths(checkIdentity(named))).toEqual(['reporter.name:required']);
    expect(paths(checkIdentity({ ...named, name: 'Ann', email: 'not-an-address' }))).toEqual([
      'reporter.email:email',
    ]);
    expect(checkIdentity({ ...named, name: 'Ann', email: 'ann@example.com', phone: '+49 30 1234' })).toEqual(
      [],
    );
  });
});

describe('units', () => {
  const units: PortalInfo['units'] = [
    { slug: 'de', name: 'Germany', parentSlug: null },
    { slug: 'fr', name: 'France', parentSlug: null },
    { slug: 'de-muc', name: 'Munich plant', parentSlug: 'de' },
  ];

  it('needs a choice when there are several units and the link names none', () => {
    expect(paths(checkUnit(units, undefined, ''))).toEqual(['unit:unitRequired']);
    expect(checkUnit(units, undefined, 'fr')).toEqual([]);
    expect(checkUnit([units[0] as PortalInfo['units'][number]], undefined, '')).toEqual([]);
  });

  it('takes the unit of the link, if it exists', () => {
    expect(checkUnit(units, 'de-muc', '')).toEqual([]);
    expect(paths(checkUnit(units, 'xx', ''))).toEqual(['unit:unitUnknown']);
  });

  it('names each unit with its parents', () => {
    expect(unitChoices(units).map((choice) => choice.label)).toEqual([
      'Germany',
      'Germany › Munich plant',
      'France',
    ]);
  });
});

describe('buildSubmission', () => {
  const drafts = { ...emptyDrafts(form), immediate_danger: 'no', description: 'x' };

  it('builds an anonymous submission without reporter details', () => {
    expect(
      buildSubmission({
        proof: 'p',
        language: 'de',
        form,
        drafts,
        identity: anonymousIdentity,
        unit: undefined,
      }),
    ).toEqual({
      proof: 'p',
      language: 'de',
      anonymous: true,
      formVersion: form.version,
      answers: { immediate_danger: 'no', description: 'x' },
    });
  });

  it('builds a named submission with only the details given, and the unit', () => {
    const identity = { anonymous: false, name: ' Ann Example ', email: '', phone: ' 0123 ' };
    expect(buildSubmission({ proof: 'p', language: 'en', form, drafts, identity, unit: 'de' })).toMatchObject(
      {
        anonymous: false,
        unit: 'de',
        reporter: { name: 'Ann Example', phone: '0123' },
      },
    );
  });

  it('never sends details typed before the reporter switched back to anonymous', () => {
    const identity = { anonymous: true, name: 'Ann', email: 'ann@example.com', phone: '1' };
    expect(
      buildSubmission({ proof: 'p', language: 'en', form, drafts, identity, unit: undefined }),
    ).not.toHaveProperty('reporter');
  });
});

describe('serverToday', () => {
  it('is the UTC day, as the server counts', () => {
    expect(serverToday(new Date('2026-03-15T23:30:00-02:00'))).toBe('2026-03-16');
  });
});
