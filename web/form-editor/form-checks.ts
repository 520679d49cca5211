import type { FormItem, LocalisedText } from '../api/portal.ts';
import type { Language } from '../i18n/language.ts';
import { type FormDraft, isHigherVersion, scaleOf } from './form-draft.ts';

// The rules the server applies when a form is published (server/modules/reports/form-definition.ts and
// assertFormDefinition in answers.ts), checked as the admin types, by the same dotted paths the server
// names in its 422 answer (`sections.0.items.2.label.de`). The web app knows the server only through the
// generated API types, so the limits are repeated here; the server stays the judge.

export type Rule =
  | 'required'
  | 'tooLong'
  | 'code'
  | 'scaleId'
  | 'formId'
  | 'version'
  | 'versionNotHigher'
  | 'duplicate'
  | 'noSections'
  | 'tooManySections'
  | 'noItems'
  | 'tooManyItems'
  | 'tooFewOptions'
  | 'tooManyOptions'
  | 'maxLength'
  | 'maxPersons'
  | 'missingScale'
  | 'helpBoth'
  | 'dangerNotChoice'
  | 'dangerCode';

export interface DraftProblem {
  path: string;
  rule: Rule;
  /** The limit a rule speaks of (a maximum length, a number of items). */
  limit?: number;
}

export const limits = {
  text: 2000,
  sections: 20,
  items: 40,
  minOptions: 2,
  options: 40,
  maxLength: 20_000,
  maxPersons: 50,
  formId: 100,
} as const;

/** The editor shows German left of English: problems are listed in that order. */
const languages: readonly Language[] = ['de', 'en'];

const code = /^[a-z][a-z0-9_]{0,39}$/;
const scaleId = /^[a-z][a-z0-9_-]{0,39}$/;
const formId = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;
const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

function checkText(problems: DraftProblem[], path: string, value: LocalisedText | undefined): void {
  for (const language of languages) {
    const text = value?.[language] ?? '';
    if (text.trim() === '') problems.push({ path: `${path}.${language}`, rule: 'required' });
    else if (text.length > limits.text)
      problems.push({ path: `${path}.${language}`, rule: 'tooLong', limit: limits.text });
  }
}

/** An optional text (help, description): none at all, or both languages. */
function checkOptionalText(problems: DraftProblem[], path: string, value: LocalisedText | undefined): void {
  if (!value) return;
  for (const language of languages) {
    const text = value[language] ?? '';
    if (text.trim() === '') problems.push({ path: `${path}.${language}`, rule: 'helpBoth' });
    else if (text.length > limits.text)
      problems.push({ path: `${path}.${language}`, rule: 'tooLong', limit: limits.text });
  }
}

function checkItem(problems: DraftProblem[], form: FormDraft, item: FormItem, path: string): void {
  if (!code.test(item.id)) problems.push({ path: `${path}.id`, rule: 'code' });
  checkText(problems, `${path}.label`, item.label);
  checkOptionalText(problems, `${path}.help`, item.help);
  if (item.type === 'text' && !(Number.isInteger(item.maxLength) && item.maxLength >= 1))
    problems.push({ path: `${path}.maxLength`, rule: 'maxLength', limit: limits.maxLength });
  if (item.type === 'text' && item.maxLength > limits.maxLength)
    problems.push({ path: `${path}.maxLength`, rule: 'maxLength', limit: limits.maxLength });
  if (
    item.type === 'persons' &&
    !(Number.isInteger(item.maxPersons) && item.maxPersons >= 1 && item.maxPersons <= limits.maxPersons)
  )
    problems.push({ path: `${path}.maxPersons`, rule: 'maxPersons', limit: limits.maxPersons });
  const scale = scaleOf(item);
  if (scale !== undefined && !form.scales[scale])
    problems.push({
      path: `${path}.${item.type === 'persons' ? 'roleScale' : 'scale'}`,
      rule: 'missingScale',
    });
}

function checkScales(problems: DraftProblem[], form: FormDraft): void {
  for (const [id, scale] of Object.entries(form.scales)) {
    const path = `scales.${id}`;
    if (!scaleId.test(id)) problems.push({ path, rule: 'scaleId' });
    if (scale.options.length < limits.minOptions)
      problems.push({ path: `${path}.options`, rule: 'tooFewOptions', limit: limits.minOptions });
    if (scale.options.length > limits.options)
      problems.push({ path: `${path}.options`, rule: 'tooManyOptions', limit: limits.options });
    const seen = new Set<string>();
    scale.options.forEach((option, index) => {
      const at = `${path}.options.${index}`;
      if (!code.test(option.code)) problems.push({ path: `${at}.code`, rule: 'code' });
      else if (seen.has(option.code)) problems.push({ path: `${at}.code`, rule: 'duplicate' });
      seen.add(option.code);
      checkText(problems, `${at}.label`, option.label);
      checkOptionalText(problems, `${at}.help`, option.help);
    });
  }
}

function checkDanger(problems: DraftProblem[], form: FormDraft): void {
  const danger = form.danger;
  if (!danger) return;
  const item = form.sections
    .flatMap((section) => section.items)
    .find((candidate) => candidate.id === danger.itemId);
  if (item?.type !== 'choice') {
    problems.push({ path: 'danger.itemId', rule: 'dangerNotChoice' });
    return;
  }
  const codes = new Set(form.scales[item.scale]?.options.map((option) => option.code));
  if (danger.codes.length === 0 || danger.codes.some((candidate) => !codes.has(candidate)))
    problems.push({ path: 'danger.codes', rule: 'dangerCode' });
}

/**
 * Every problem that keeps a draft from being published. `published` is the version the portal shows now:
 * the new one must be higher (a published version never changes).
 */
export function checkDraft(form: FormDraft, published?: { formId: string; version: string }): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (!formId.test(form.formId) || form.formId.length > limits.formId)
    problems.push({ path: 'formId', rule: 'formId' });
  if (!semver.test(form.version)) problems.push({ path: 'version', rule: 'version' });
  else if (published && published.formId === form.formId && !isHigherVersion(form.version, published.version))
    problems.push({ path: 'version', rule: 'versionNotHigher' });
  checkText(problems, 'title', form.title);
  checkOptionalText(problems, 'description', form.description);

  if (form.sections.length === 0) problems.push({ path: 'sections', rule: 'noSections' });
  if (form.sections.length > limits.sections)
    problems.push({ path: 'sections', rule: 'tooManySections', limit: limits.sections });
  const sectionIds = new Set<string>();
  const itemIds = new Set<string>();
  form.sections.forEach((section, s) => {
    const path = `sections.${s}`;
    if (!code.test(section.id)) problems.push({ path: `${path}.id`, rule: 'code' });
    else if (sectionIds.has(section.id)) problems.push({ path: `${path}.id`, rule: 'duplicate' });
    sectionIds.add(section.id);
    checkText(problems, `${path}.title`, section.title);
    checkOptionalText(problems, `${path}.help`, section.help);
    if (section.items.length === 0) problems.push({ path: `${path}.items`, rule: 'noItems' });
    if (section.items.length > limits.items)
      problems.push({ path: `${path}.items`, rule: 'tooManyItems', limit: limits.items });
    section.items.forEach((item, i) => {
      const itemPath = `${path}.items.${i}`;
      if (code.test(item.id) && itemIds.has(item.id))
        problems.push({ path: `${itemPath}.id`, rule: 'duplicate' });
      itemIds.add(item.id);
      checkItem(problems, form, item, itemPath);
    });
  });
  checkScales(problems, form);
  checkDanger(problems, form);
  return problems;
}

/** A path from the server's answer as a dotted path: schema errors name JSON pointers (`sections/0/id`). */
export function serverPath(path: string): string {
  return path.replace(/^\//, '').replaceAll('/', '.').replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Whether a problem at `problemPath` belongs to the part at `path` (itself or something inside it). */
export function isWithin(problemPath: string, path: string): boolean {
  return problemPath === path || problemPath.startsWith(`${path}.`);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown) =>
  isObject(value) && typeof value.de === 'string' && typeof value.en === 'string';
const isOptionalText = (value: unknown) => value === undefined || isText(value);

/**
 * The value as a draft when it has the shape the editor can show (typed in the JSON fallback). Anything
 * else, the server would refuse as well: the JSON is then sent as it is, and the server's problems are shown.
 */
export function asDraft(value: unknown): FormDraft | null {
  if (!isObject(value) || typeof value.formId !== 'string' || typeof value.version !== 'string') return null;
  if (!isText(value.title) || !isOptionalText(value.description) || !isObject(value.scales)) return null;
  const scalesFit = Object.values(value.scales).every(
    (scale) =>
      isObject(scale) &&
      Array.isArray(scale.options) &&
      scale.options.every(
        (option) =>
          isObject(option) &&
          typeof option.code === 'string' &&
          isText(option.label) &&
          isOptionalText(option.help),
      ),
  );
  const itemFits = (item: unknown) =>
    isObject(item) &&
    typeof item.id === 'string' &&
    typeof item.type === 'string' &&
    ['text', 'date', 'choice', 'multi_choice', 'persons'].includes(item.type) &&
    isText(item.label) &&
    isOptionalText(item.help) &&
    typeof item.required === 'boolean';
  const sectionsFit =
    Array.isArray(value.sections) &&
    value.sections.every(
      (section) =>
        isObject(section) &&
        typeof section.id === 'string' &&
        isText(section.title) &&
        isOptionalText(section.help) &&
        Array.isArray(section.items) &&
        section.items.every(itemFits),
    );
  const dangerFits =
    value.danger === undefined ||
    (isObject(value.danger) &&
      typeof value.danger.itemId === 'string' &&
      Array.isArray(value.danger.codes) &&
      value.danger.codes.every((entry) => typeof entry === 'string'));
  return scalesFit && sectionsFit && dangerFits ? (value as unknown as FormDraft) : null;
}
