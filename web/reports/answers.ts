// Turns a report's answers into what a reader needs: section titles, item labels and option labels in the
// interface language, by the form definition the report was submitted with. No React here.

import type {
  AnswerValue,
  FormItem,
  LocalisedText,
  PersonAnswer,
  ReportAnswers,
  ReportFormDefinition,
} from '../api/reports.ts';
import type { Language } from '../i18n/language.ts';

export function localised(text: LocalisedText, language: Language): string {
  return text[language] || text.en;
}

export type AnswerDisplay =
  | { kind: 'none' }
  | { kind: 'text'; text: string; multiline: boolean }
  | { kind: 'day'; day: string }
  | { kind: 'choices'; labels: string[] }
  | { kind: 'persons'; persons: { role: string; name: string; description: string }[] };

export interface AnsweredItem {
  id: string;
  label: string;
  display: AnswerDisplay;
}

export interface AnsweredSection {
  id: string;
  title: string;
  items: AnsweredItem[];
}

export interface AnswersForReading {
  sections: AnsweredSection[];
  /** Answers to questions the form does not have (should not happen; shown by their id rather than lost). */
  unknown: AnsweredItem[];
}

function isPersons(value: AnswerValue): value is PersonAnswer[] {
  return Array.isArray(value) && value.some((entry) => typeof entry === 'object' && entry !== null);
}

function isEmpty(value: AnswerValue | undefined): boolean {
  if (value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  return value.length === 0;
}

/** An option's label from a scale; a code the scale does not know is shown as it is. */
export function optionLabel(
  form: ReportFormDefinition,
  scale: string,
  code: string,
  language: Language,
): string {
  const option = form.scales[scale]?.options.find((candidate) => candidate.code === code);
  return option ? localised(option.label, language) : code;
}

function display(
  form: ReportFormDefinition,
  item: FormItem,
  value: AnswerValue | undefined,
  language: Language,
): AnswerDisplay {
  if (value === undefined || isEmpty(value)) return { kind: 'none' };
  switch (item.type) {
    case 'text':
      return typeof value === 'string'
        ? { kind: 'text', text: value, multiline: item.multiline }
        : raw(value);
    case 'date':
      return typeof value === 'string' ? { kind: 'day', day: value } : raw(value);
    case 'choice':
    case 'multi_choice': {
      if (isPersons(value)) return raw(value);
      const codes = typeof value === 'string' ? [value] : (value as string[]);
      return { kind: 'choices', labels: codes.map((code) => optionLabel(form, item.scale, code, language)) };
    }
    case 'persons':
      if (!isPersons(value)) return raw(value);
      return {
        kind: 'persons',
        persons: value.map((person) => ({
          role: optionLabel(form, item.roleScale, person.role, language),
          name: person.name.trim(),
          description: person.description.trim(),
        })),
      };
  }
}

/** An answer whose shape does not fit its question: shown plainly. */
function raw(value: AnswerValue): AnswerDisplay {
  if (typeof value === 'string') return { kind: 'text', text: value, multiline: true };
  if (isPersons(value))
    return {
      kind: 'persons',
      persons: value.map((p) => ({ role: p.role, name: p.name ?? '', description: p.description ?? '' })),
    };
  return { kind: 'choices', labels: value as string[] };
}

/** The answers in the form's order, with every question of the form (unanswered ones as `none`). */
export function answersForReading(
  form: ReportFormDefinition,
  answers: ReportAnswers,
  language: Language,
): AnswersForReading {
  const known = new Set<string>();
  const sections = form.sections.map((section) => ({
    id: section.id,
    title: localised(section.title, language),
    items: section.items.map((item) => {
      known.add(item.id);
      return {
        id: item.id,
        label: localised(item.label, language),
        display: display(form, item, answers[item.id], language),
      };
    }),
  }));
  const unknown = Object.entries(answers)
    .filter(([id, value]) => !known.has(id) && !isEmpty(value))
    .map(([id, value]) => ({ id, label: id, display: raw(value) }));
  return { sections, unknown };
}
