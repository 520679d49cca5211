// The reporter's answers while they fill in the form, the checks the server makes again
// (`validateAnswers` in the server's modules/reports/answers.ts), and the answers as the server takes them.
import type {
  FormItem,
  PersonAnswer,
  PortalInfo,
  PortalSubmission,
  ReportAnswers,
  ReportFormDefinition,
} from '../api/portal.ts';

/** One person of a `persons` item as typed; `key` only tells React which row is which. */
export interface PersonDraft {
  key: string;
  role: string;
  name: string;
  description: string;
}

export type AnswerDraft = string | string[] | PersonDraft[];
export type AnswerDrafts = Readonly<Record<string, AnswerDraft>>;

export type ProblemCode =
  | 'required'
  | 'tooLong'
  | 'singleLine'
  | 'notADay'
  | 'futureDay'
  | 'notAnOption'
  | 'tooManyPersons'
  | 'roleRequired'
  | 'personEmpty'
  | 'email'
  | 'unitRequired'
  | 'unitUnknown'
  | 'tooManyFiles'
  | 'fileTooLarge'
  | 'fileEmpty'
  | 'fileType'
  | 'fileUnreadable'
  | 'fileEncrypted'
  | 'imageTooLarge'
  /** The server refused it and the client cannot tell why. */
  | 'invalid';

/**
 * Something to fix before sending. `path` names the field as the server does (`answers.<item id>`,
 * `reporter.name`, `unit`, `attachments`), with a row for people and files (`answers.persons.0.role`,
 * `attachments.2`).
 */
export interface Problem {
  path: string;
  code: ProblemCode;
  /** A limit for the message: characters, people, files or bytes. */
  max?: number;
}

/** Person-name and description limits of the server's PersonAnswer. */
export const PERSON_NAME_MAX = 200;
export const PERSON_DESCRIPTION_MAX = 2000;

export function formItems(form: ReportFormDefinition): FormItem[] {
  return form.sections.flatMap((section) => section.items);
}

/** The empty answer of an item: '' for text, a day and one choice, [] for several choices and people. */
export function emptyDraft(item: FormItem): AnswerDraft {
  return item.type === 'multi_choice' || item.type === 'persons' ? [] : '';
}

export function emptyDrafts(form: ReportFormDefinition): Record<string, AnswerDraft> {
  return Object.fromEntries(formItems(form).map((item) => [item.id, emptyDraft(item)]));
}

let personCounter = 0;

export function newPerson(): PersonDraft {
  personCounter += 1;
  return { key: `person-${personCounter}`, role: '', name: '', description: '' };
}

const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDay(value: string): boolean {
  if (!isoDay.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Today as the server counts days (UTC, the server's modules/reports/days.ts), as YYYY-MM-DD. */
export function serverToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

const isPersonList = (draft: AnswerDraft | undefined): draft is PersonDraft[] =>
  Array.isArray(draft) && draft.every((entry) => typeof entry === 'object');
const isCodeList = (draft: AnswerDraft | undefined): draft is string[] =>
  Array.isArray(draft) && draft.every((entry) => typeof entry === 'string');

/** A person row the reporter added but left blank: dropped, like the server drops empty answers. */
function isBlankPerson(person: PersonDraft): boolean {
  return person.role === '' && person.name.trim() === '' && person.description.trim() === '';
}

function checkItem(
  item: FormItem,
  draft: AnswerDraft | undefined,
  form: ReportFormDefinition,
  today: string,
) {
  const path = `answers.${item.id}`;
  const problems: Problem[] = [];
  const codesOf = (scale: string) => new Set(form.scales[scale]?.options.map((option) => option.code));
  switch (item.type) {
    case 'text': {
      const value = typeof draft === 'string' ? draft.trim() : '';
      if (value === '') {
        if (item.required) problems.push({ path, code: 'required' });
      } else if (value.length > item.maxLength) problems.push({ path, code: 'tooLong', max: item.maxLength });
      else if (!item.multiline && /[\r\n]/.test(value)) problems.push({ path, code: 'singleLine' });
      break;
    }
    case 'date': {
      const value = typeof draft === 'string' ? draft.trim() : '';
      if (value === '') {
        if (item.required) problems.push({ path, code: 'required' });
      } else if (!isRealDay(value)) problems.push({ path, code: 'notADay' });
      else if (value > today) problems.push({ path, code: 'futureDay' });
      break;
    }
    case 'choice': {
      const value = typeof draft === 'string' ? draft : '';
      if (value === '') {
        if (item.required) problems.push({ path, code: 'required' });
      } else if (!codesOf(item.scale).has(value)) problems.push({ path, code: 'notAnOption' });
      break;
    }
    case 'multi_choice': {
      const value = isCodeList(draft) ? draft : [];
      const codes = codesOf(item.scale);
      if (value.length === 0) {
        if (item.required) problems.push({ path, code: 'required' });
      } else if (value.some((code) => !codes.has(code)) || new Set(value).size !== value.length)
        problems.push({ path, code: 'notAnOption' });
      break;
    }
    case 'persons': {
      const people = (isPersonList(draft) ? draft : []).filter((person) => !isBlankPerson(person));
      const roles = codesOf(item.roleScale);
      if (people.length === 0) {
        if (item.required) problems.push({ path, code: 'required' });
        break;
      }
      if (people.length > item.maxPersons)
        problems.push({ path, code: 'tooManyPersons', max: item.maxPersons });
      const rows = isPersonList(draft) ? draft : [];
      rows.forEach((person, index) => {
        if (isBlankPerson(person)) return;
        const row = `${path}.${index}`;
        if (!roles.has(person.role)) problems.push({ path: `${row}.role`, code: 'roleRequired' });
        if (person.name.trim() === '' && person.description.trim() === '')
          problems.push({ path: `${row}.name`, code: 'personEmpty' });
        if (person.name.trim().length > PERSON_NAME_MAX)
          problems.push({ path: `${row}.name`, code: 'tooLong', max: PERSON_NAME_MAX });
        if (person.description.trim().length > PERSON_DESCRIPTION_MAX)
          problems.push({ path: `${row}.description`, code: 'tooLong', max: PERSON_DESCRIPTION_MAX });
      });
      break;
    }
  }
  return problems;
}

/** What the server would refuse in these answers, in the order of the form. */
export function checkAnswers(form: ReportFormDefinition, drafts: AnswerDrafts, today: string): Problem[] {
  return formItems(form).flatMap((item) => checkItem(item, drafts[item.id], form, today));
}

/** The client's own check of one item, to word a problem the server found in it. */
export function checkAnswer(
  form: ReportFormDefinition,
  itemId: string,
  drafts: AnswerDrafts,
  today: string,
): Problem[] {
  const item = formItems(form).find((candidate) => candidate.id === itemId);
  return item ? checkItem(item, drafts[item.id], form, today) : [];
}

/** The answers as the server takes them: trimmed, empty ones and blank person rows left out. */
export function cleanAnswers(form: ReportFormDefinition, drafts: AnswerDrafts): ReportAnswers {
  const answers: ReportAnswers = {};
  for (const item of formItems(form)) {
    const draft = drafts[item.id];
    if (item.type === 'persons') {
      const people: PersonAnswer[] = (isPersonList(draft) ? draft : [])
        .filter((person) => !isBlankPerson(person))
        .map((person) => ({
          role: person.role,
          name: person.name.trim(),
          description: person.description.trim(),
        }));
      if (people.length > 0) answers[item.id] = people;
    } else if (item.type === 'multi_choice') {
      const codes = isCodeList(draft) ? draft : [];
      if (codes.length > 0) answers[item.id] = [...codes];
    } else if (typeof draft === 'string' && draft.trim() !== '') {
      answers[item.id] = draft.trim();
    }
  }
  return answers;
}

/** Named or anonymous, and a named reporter's details, as typed. */
export interface IdentityDraft {
  anonymous: boolean;
  name: string;
  email: string;
  phone: string;
}

export const anonymousIdentity: IdentityDraft = { anonymous: true, name: '', email: '', phone: '' };

// Deliberately loose: one @, something on both sides, a dot in the domain. The server has the last word.
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkIdentity(identity: IdentityDraft): Problem[] {
  if (identity.anonymous) return [];
  const problems: Problem[] = [];
  const name = identity.name.trim();
  const email = identity.email.trim();
  const phone = identity.phone.trim();
  if (name === '') problems.push({ path: 'reporter.name', code: 'required' });
  else if (name.length > 200) problems.push({ path: 'reporter.name', code: 'tooLong', max: 200 });
  if (email.length > 254) problems.push({ path: 'reporter.email', code: 'tooLong', max: 254 });
  else if (email !== '' && !emailPattern.test(email))
    problems.push({ path: 'reporter.email', code: 'email' });
  if (phone.length > 50) problems.push({ path: 'reporter.phone', code: 'tooLong', max: 50 });
  return problems;
}

/** A named reporter's details without empty optional fields; undefined for an anonymous report. */
export function reporterOf(identity: IdentityDraft) {
  if (identity.anonymous) return undefined;
  const email = identity.email.trim();
  const phone = identity.phone.trim();
  return {
    name: identity.name.trim(),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
  };
}

type Units = PortalInfo['units'];

/**
 * The unit a report goes to: the one the link names, else the reporter's choice. A tenant with one unit
 * needs neither (the server takes it); one with several needs a choice.
 */
export function checkUnit(units: Units, linkUnit: string | undefined, chosen: string): Problem[] {
  if (linkUnit !== undefined)
    return units.some((unit) => unit.slug === linkUnit) ? [] : [{ path: 'unit', code: 'unitUnknown' }];
  if (units.length > 1 && !units.some((unit) => unit.slug === chosen))
    return [{ path: 'unit', code: 'unitRequired' }];
  return [];
}

/**
 * Unit names with their parents' in front ("Germany › Munich plant"), each unit followed by its own units,
 * in the server's order otherwise.
 */
export function unitChoices(units: Units): { value: string; label: string }[] {
  const known = new Set(units.map((unit) => unit.slug));
  const choices: { value: string; label: string }[] = [];
  const visit = (parentSlug: string | null, prefix: string[], seen: Set<string>) => {
    for (const unit of units) {
      const parent = unit.parentSlug !== null && known.has(unit.parentSlug) ? unit.parentSlug : null;
      if (parent !== parentSlug || seen.has(unit.slug)) continue;
      seen.add(unit.slug);
      const path = [...prefix, unit.name];
      choices.push({ value: unit.slug, label: path.join(' › ') });
      visit(unit.slug, path, seen);
    }
  };
  visit(null, [], new Set());
  return choices;
}

/** The JSON part of a portal submission, from what the reporter entered and the solved challenge. */
export function buildSubmission(input: {
  proof: string;
  language: 'de' | 'en';
  form: ReportFormDefinition;
  drafts: AnswerDrafts;
  identity: IdentityDraft;
  /** The unit's slug from the link or the reporter's choice; undefined lets the server take the only one. */
  unit: string | undefined;
}): PortalSubmission {
  const reporter = reporterOf(input.identity);
  return {
    proof: input.proof,
    language: input.language,
    ...(input.unit ? { unit: input.unit } : {}),
    anonymous: input.identity.anonymous,
    ...(reporter ? { reporter } : {}),
    formVersion: input.form.version,
    answers: cleanAnswers(input.form, input.drafts),
  };
}
