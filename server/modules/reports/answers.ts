import { readFileSync } from 'node:fs';
import { Invalid } from '../../errors.ts';
import { assertValid } from '../../validation.ts';
import {
  type FormItem,
  type PersonAnswer,
  type ReportAnswers,
  ReportFormDefinition,
} from './form-definition.ts';

type Problem = { path: string; message: string };

function items(form: ReportFormDefinition): FormItem[] {
  return form.sections.flatMap((section) => section.items);
}

/**
 * Checks what the schema cannot: item ids unique, every referenced scale defined, the danger rule pointing
 * at a choice item and codes of its scale. Throws Invalid('report_form_invalid') naming each problem.
 */
export function assertFormDefinition(definition: unknown): asserts definition is ReportFormDefinition {
  assertValid(ReportFormDefinition, definition, 'report_form');
  const form = definition as ReportFormDefinition;
  const problems: Problem[] = [];
  for (const [scaleId, scale] of Object.entries(form.scales)) {
    const codes = new Set<string>();
    scale.options.forEach((option, o) => {
      if (codes.has(option.code))
        problems.push({
          path: `scales.${scaleId}.options.${o}.code`,
          message: `duplicate code ${option.code}`,
        });
      codes.add(option.code);
    });
  }
  const seen = new Set<string>();
  const sectionIds = new Set<string>();
  form.sections.forEach((section, s) => {
    if (sectionIds.has(section.id))
      problems.push({ path: `sections.${s}.id`, message: `duplicate section id ${section.id}` });
    sectionIds.add(section.id);
    section.items.forEach((item, i) => {
      const path = `sections.${s}.items.${i}`;
      if (seen.has(item.id)) problems.push({ path: `${path}.id`, message: `duplicate item id ${item.id}` });
      seen.add(item.id);
      const scale = item.type === 'persons' ? item.roleScale : 'scale' in item ? item.scale : undefined;
      if (scale !== undefined && !form.scales[scale])
        problems.push({ path, message: `refers to the undefined scale ${scale}` });
    });
  });
  if (form.danger) {
    const item = items(form).find((candidate) => candidate.id === form.danger?.itemId);
    if (item?.type !== 'choice') {
      problems.push({ path: 'danger.itemId', message: 'must name a choice item of the form' });
    } else {
      const codes = new Set(form.scales[item.scale]?.options.map((option) => option.code));
      for (const code of form.danger.codes)
        if (!codes.has(code))
          problems.push({ path: 'danger.codes', message: `${code} is not in ${item.scale}` });
    }
  }
  if (problems.length > 0)
    throw new Invalid(
      'report_form_invalid',
      `The report form is not valid (${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}).`,
      problems,
    );
}

/** The form TMA ships, used by every tenant that has not published its own. */
export const defaultReportForm: ReportFormDefinition = (() => {
  const definition: unknown = JSON.parse(
    readFileSync(new URL('../../../models/report-form.default.json', import.meta.url), 'utf8'),
  );
  assertFormDefinition(definition);
  return definition;
})();

const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDay(value: string): boolean {
  const match = isoDay.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function checkItem(item: FormItem, value: unknown, form: ReportFormDefinition, today: string): string | null {
  const codesOf = (scale: string) => new Set(form.scales[scale]?.options.map((option) => option.code));
  switch (item.type) {
    case 'text':
      if (typeof value !== 'string') return 'must be text';
      if (value.length > item.maxLength) return `must have at most ${item.maxLength} characters`;
      if (!item.multiline && /[\r\n]/.test(value)) return 'must be a single line';
      return null;
    case 'date':
      if (typeof value !== 'string' || !isRealDay(value)) return 'must be a day as YYYY-MM-DD';
      if (value > today) return 'must not be in the future';
      return null;
    case 'choice':
      if (typeof value !== 'string' || !codesOf(item.scale).has(value)) return 'must be one of the options';
      return null;
    case 'multi_choice': {
      if (!Array.isArray(value) || value.some((code) => typeof code !== 'string'))
        return 'must be a list of options';
      const codes = codesOf(item.scale);
      if (value.some((code) => !codes.has(code))) return 'must name only options of the list';
      if (new Set(value).size !== value.length) return 'must not repeat an option';
      return null;
    }
    case 'persons': {
      if (!Array.isArray(value) || value.some((person) => typeof person !== 'object' || person === null))
        return 'must be a list of people';
      if (value.length > item.maxPersons) return `must name at most ${item.maxPersons} people`;
      const roles = codesOf(item.roleScale);
      if ((value as PersonAnswer[]).some((person) => !roles.has(person.role))) return 'has an unknown role';
      if ((value as PersonAnswer[]).some((person) => !person.name.trim() && !person.description.trim()))
        return 'each person needs a name or a description';
      return null;
    }
  }
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * The answers checked against the form they were given for: only the form's items, each of its type, every
 * required one present. Empty answers are dropped, texts trimmed. Throws Invalid('report_answers_invalid')
 * listing each field (`answers.<item id>`).
 */
export function validateAnswers(
  form: ReportFormDefinition,
  answers: ReportAnswers,
  today: string,
): ReportAnswers {
  const problems: Problem[] = [];
  const known = new Map(items(form).map((item) => [item.id, item]));
  for (const id of Object.keys(answers))
    if (!known.has(id)) problems.push({ path: `answers.${id}`, message: 'is not a question of this form' });
  const cleaned: ReportAnswers = {};
  for (const item of known.values()) {
    const raw = answers[item.id];
    const value =
      typeof raw === 'string'
        ? raw.trim()
        : item.type === 'persons' && Array.isArray(raw)
          ? (raw as PersonAnswer[]).map((p) => ({
              role: p.role,
              name: p.name?.trim(),
              description: p.description?.trim(),
            }))
          : raw;
    if (isEmpty(value)) {
      if (item.required) problems.push({ path: `answers.${item.id}`, message: 'is required' });
      continue;
    }
    const problem = checkItem(item, value, form, today);
    if (problem) problems.push({ path: `answers.${item.id}`, message: problem });
    else cleaned[item.id] = value as ReportAnswers[string];
  }
  if (problems.length > 0)
    throw new Invalid(
      'report_answers_invalid',
      `Some answers are missing or not valid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}.`,
      problems,
    );
  return cleaned;
}

/** Whether the answers say someone is in immediate danger, by the form's danger rule. */
export function indicatesDanger(form: ReportFormDefinition, answers: ReportAnswers): boolean {
  if (!form.danger) return false;
  const value = answers[form.danger.itemId];
  return typeof value === 'string' && form.danger.codes.includes(value);
}
