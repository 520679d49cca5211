// What the "record a report" form holds while the user fills it in, and the answers it sends. The rules are
// the server's (modules/reports/answers.ts), checked early so the user sees them at the field.

import type { PersonAnswer, ReportAnswers, ReportFormDefinition } from '../api/reports.ts';

/** A person being entered; `key` keeps React's rows stable while people are added and removed. */
export interface PersonDraft extends PersonAnswer {
  key: string;
}

export type FieldValue = string | string[] | PersonDraft[];
export type FormValues = Record<string, FieldValue>;

/** Why a field cannot be sent yet. */
export type FieldProblem = 'required' | 'future' | 'too_many';

function items(form: ReportFormDefinition) {
  return form.sections.flatMap((section) => section.items);
}

/** Every question blank. */
export function emptyValues(form: ReportFormDefinition): FormValues {
  const values: FormValues = {};
  for (const item of items(form))
    values[item.id] = item.type === 'multi_choice' || item.type === 'persons' ? [] : '';
  return values;
}

function isPersonDraft(value: unknown): value is PersonDraft {
  return typeof value === 'object' && value !== null && 'role' in value;
}

function persons(value: FieldValue | undefined): PersonDraft[] {
  return Array.isArray(value) ? value.filter(isPersonDraft) : [];
}

/** A row the user added but left empty is not a person. */
function isBlankPerson(person: PersonAnswer): boolean {
  return person.name.trim() === '' && person.description.trim() === '';
}

/** The answers to send: texts trimmed, blank answers and blank people left out. */
export function answersFromValues(form: ReportFormDefinition, values: FormValues): ReportAnswers {
  const answers: ReportAnswers = {};
  for (const item of items(form)) {
    const value = values[item.id];
    if (item.type === 'persons') {
      const people = persons(value)
        .filter((person) => !isBlankPerson(person))
        .map(({ role, name, description }) => ({ role, name: name.trim(), description: description.trim() }));
      if (people.length > 0) answers[item.id] = people;
    } else if (item.type === 'multi_choice') {
      const codes = Array.isArray(value)
        ? value.filter((code): code is string => typeof code === 'string')
        : [];
      if (codes.length > 0) answers[item.id] = codes;
    } else if (typeof value === 'string' && value.trim() !== '') {
      answers[item.id] = value.trim();
    }
  }
  return answers;
}

/** The problems of the filled-in form by item id; empty when it can be sent. */
export function checkValues(
  form: ReportFormDefinition,
  values: FormValues,
  today: string,
): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {};
  const answers = answersFromValues(form, values);
  for (const item of items(form)) {
    const answer = answers[item.id];
    if (answer === undefined) {
      if (item.required) problems[item.id] = 'required';
      continue;
    }
    if (item.type === 'date' && typeof answer === 'string' && answer > today) problems[item.id] = 'future';
    if (item.type === 'persons' && Array.isArray(answer) && answer.length > item.maxPersons)
      problems[item.id] = 'too_many';
  }
  return problems;
}
