import type { FormItem, LocalisedText, ReportFormDefinition } from '../api/portal.ts';
import type { Language } from '../i18n/language.ts';

// The editing operations of the report-form editor, as pure functions from one draft to the next. A draft
// has the shape of the versioned definition the server publishes (PUT /api/v1/report-form); while it is
// being edited its texts may be empty and its ids clash, which form-checks.ts reports.

export type FormDraft = ReportFormDefinition;
export type FormSection = FormDraft['sections'][number];
export type AnswerOption = FormDraft['scales'][string]['options'][number];
export type ItemKind = FormItem['type'];

export const itemKinds: readonly ItemKind[] = ['text', 'date', 'choice', 'multi_choice', 'persons'];

const emptyText = (): LocalisedText => ({ de: '', en: '' });

/** `base`, or `base_2`, `base_3` … whichever is not taken yet. */
export function uniqueCode(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** The next minor version after a published one (`1.4.2` → `1.5.0`); `1.0.0` when it is not semver. */
export function nextVersion(version: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return match ? `${match[1]}.${Number(match[2]) + 1}.0` : '1.0.0';
}

/** Whether semantic version `a` is higher than `b`. */
export function isHigherVersion(a: string, b: string): boolean {
  const parts = (version: string) => version.split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
}

/** A draft of the next version of the published form: a deep copy with the version raised. */
export function startDraft(published: FormDraft): FormDraft {
  return { ...structuredClone(published), version: nextVersion(published.version) };
}

/** One language of a text changed. */
export function withText(value: LocalisedText | undefined, language: Language, text: string): LocalisedText {
  return { ...(value ?? emptyText()), [language]: text };
}

/** One language of an optional text changed; the text goes away when both languages are empty. */
export function withOptionalText(
  value: LocalisedText | undefined,
  language: Language,
  text: string,
): LocalisedText | undefined {
  const next = withText(value, language, text);
  return next.de === '' && next.en === '' ? undefined : next;
}

/** Sets or removes an optional property without leaving `key: undefined` behind (the JSON stays clean). */
function withOptional<T extends object, K extends keyof T>(object: T, key: K, value: T[K] | undefined): T {
  const next = { ...object };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

export function setTitle(form: FormDraft, language: Language, text: string): FormDraft {
  return { ...form, title: withText(form.title, language, text) };
}

export function setDescription(form: FormDraft, language: Language, text: string): FormDraft {
  return withOptional(form, 'description', withOptionalText(form.description, language, text));
}

function move<T>(list: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const next = [...list];
  const [moved] = next.splice(index, 1) as [T];
  next.splice(target, 0, moved);
  return next;
}

const allItems = (form: FormDraft): FormItem[] => form.sections.flatMap((section) => section.items);

// Sections

/** Adds an empty section at the end (it needs a title and a question before it can be published). */
export function addSection(form: FormDraft): FormDraft {
  const id = uniqueCode(`section_${form.sections.length + 1}`, new Set(form.sections.map((s) => s.id)));
  return { ...form, sections: [...form.sections, { id, title: emptyText(), items: [] }] };
}

export function removeSection(form: FormDraft, sectionIndex: number): FormDraft {
  const section = form.sections[sectionIndex];
  if (!section) return form;
  let next: FormDraft = { ...form, sections: form.sections.filter((_, index) => index !== sectionIndex) };
  for (const item of section.items) next = forgetItem(next, item);
  return next;
}

export function moveSection(form: FormDraft, sectionIndex: number, delta: -1 | 1): FormDraft {
  return { ...form, sections: move(form.sections, sectionIndex, delta) };
}

export function updateSection(
  form: FormDraft,
  sectionIndex: number,
  change: (section: FormSection) => FormSection,
): FormDraft {
  return {
    ...form,
    sections: form.sections.map((section, index) => (index === sectionIndex ? change(section) : section)),
  };
}

export function setSectionTitle(form: FormDraft, sectionIndex: number, language: Language, text: string) {
  return updateSection(form, sectionIndex, (section) => ({
    ...section,
    title: withText(section.title, language, text),
  }));
}

export function setSectionHelp(form: FormDraft, sectionIndex: number, language: Language, text: string) {
  return updateSection(form, sectionIndex, (section) =>
    withOptional(section, 'help', withOptionalText(section.help, language, text)),
  );
}

// Items

/** The answer list an item draws its options (or, for people, their roles) from. */
export function scaleOf(item: FormItem): string | undefined {
  if (item.type === 'persons') return item.roleScale;
  if (item.type === 'choice' || item.type === 'multi_choice') return item.scale;
  return undefined;
}

/** The items whose answers come from a scale. */
export function itemsUsingScale(form: FormDraft, scaleId: string): FormItem[] {
  return allItems(form).filter((item) => scaleOf(item) === scaleId);
}

/** Adds a scale of two empty options, named after the item; returns the draft and the scale's id. */
export function addScale(form: FormDraft, itemId: string): { form: FormDraft; scaleId: string } {
  const base = itemId.replaceAll('_', '-').slice(0, 34) || 'answers';
  const scaleId = uniqueCode(base, new Set(Object.keys(form.scales))).replaceAll('_', '-');
  const options: AnswerOption[] = [
    { code: 'option_1', label: emptyText() },
    { code: 'option_2', label: emptyText() },
  ];
  return { form: { ...form, scales: { ...form.scales, [scaleId]: { options } } }, scaleId };
}

/** Drops a scale that no item uses any more (shared scales stay). */
function pruneScale(form: FormDraft, scaleId: string | undefined): FormDraft {
  if (scaleId === undefined || !form.scales[scaleId] || itemsUsingScale(form, scaleId).length > 0)
    return form;
  const { [scaleId]: _dropped, ...scales } = form.scales;
  return { ...form, scales };
}

/** What goes with an item that leaves the form: its own scale, and the danger rule when it was on it. */
function forgetItem(form: FormDraft, item: FormItem): FormDraft {
  const next = form.danger?.itemId === item.id ? withOptional(form, 'danger', undefined) : form;
  return pruneScale(next, scaleOf(item));
}

function newItem(kind: ItemKind, id: string, scaleId: string): FormItem {
  const base = { id, label: emptyText(), required: false };
  switch (kind) {
    case 'text':
      return { ...base, type: 'text', multiline: true, maxLength: 5000 };
    case 'date':
      return { ...base, type: 'date' };
    case 'choice':
      return { ...base, type: 'choice', scale: scaleId };
    case 'multi_choice':
      return { ...base, type: 'multi_choice', scale: scaleId };
    case 'persons':
      return { ...base, type: 'persons', roleScale: scaleId, maxPersons: 10 };
  }
}

/** A scale for a new choice or persons item: a new one of its own. */
function scaleForKind(form: FormDraft, kind: ItemKind, itemId: string): { form: FormDraft; scaleId: string } {
  if (kind === 'text' || kind === 'date') return { form, scaleId: '' };
  return addScale(form, itemId);
}

/** Adds an item of a kind at the end of a section; choice and persons items get an answer list of their own. */
export function addItem(form: FormDraft, sectionIndex: number, kind: ItemKind): FormDraft {
  if (!form.sections[sectionIndex]) return form;
  const taken = new Set(allItems(form).map((item) => item.id));
  const id = uniqueCode(`question_${taken.size + 1}`, taken);
  const withScale = scaleForKind(form, kind, id);
  const item = newItem(kind, id, withScale.scaleId);
  return updateSection(withScale.form, sectionIndex, (section) => ({
    ...section,
    items: [...section.items, item],
  }));
}

export function removeItem(form: FormDraft, sectionIndex: number, itemIndex: number): FormDraft {
  const item = form.sections[sectionIndex]?.items[itemIndex];
  if (!item) return form;
  const next = updateSection(form, sectionIndex, (section) => ({
    ...section,
    items: section.items.filter((_, index) => index !== itemIndex),
  }));
  return forgetItem(next, item);
}

/**
 * Moves an item one place up or down; past the first or last place of its section it goes to the end of
 * the previous section or the start of the next one.
 */
export function moveItem(form: FormDraft, sectionIndex: number, itemIndex: number, delta: -1 | 1): FormDraft {
  const section = form.sections[sectionIndex];
  const item = section?.items[itemIndex];
  if (!section || !item) return form;
  const target = itemIndex + delta;
  if (target >= 0 && target < section.items.length)
    return updateSection(form, sectionIndex, (s) => ({ ...s, items: move(s.items, itemIndex, delta) }));
  const neighbour = sectionIndex + delta;
  if (!form.sections[neighbour]) return form;
  const without = updateSection(form, sectionIndex, (s) => ({
    ...s,
    items: s.items.filter((_, index) => index !== itemIndex),
  }));
  return updateSection(without, neighbour, (s) => ({
    ...s,
    items: delta < 0 ? [...s.items, item] : [item, ...s.items],
  }));
}

/** Changes an item; a new id is followed by the danger rule. */
export function updateItem(
  form: FormDraft,
  sectionIndex: number,
  itemIndex: number,
  change: (item: FormItem) => FormItem,
): FormDraft {
  const before = form.sections[sectionIndex]?.items[itemIndex];
  if (!before) return form;
  const after = change(before);
  const next = updateSection(form, sectionIndex, (section) => ({
    ...section,
    items: section.items.map((item, index) => (index === itemIndex ? after : item)),
  }));
  if (next.danger && next.danger.itemId === before.id && after.id !== before.id)
    return { ...next, danger: { ...next.danger, itemId: after.id } };
  return next;
}

/**
 * Gives an item another kind, keeping its id, texts and required flag. Between single and multiple choice
 * the answer list stays; otherwise the item gets a new one (or none) and the old one goes if unused.
 */
export function changeItemKind(form: FormDraft, sectionIndex: number, itemIndex: number, kind: ItemKind) {
  const item = form.sections[sectionIndex]?.items[itemIndex];
  if (!item || item.type === kind) return form;
  const oldScale = scaleOf(item);
  const keepsScale =
    oldScale !== undefined && (kind === 'choice' || kind === 'multi_choice') && item.type !== 'persons';
  const withScale = keepsScale ? { form, scaleId: oldScale } : scaleForKind(form, kind, item.id);
  const replacement: FormItem = {
    ...newItem(kind, item.id, withScale.scaleId),
    label: item.label,
    required: item.required,
    ...(item.help ? { help: item.help } : {}),
  };
  let next = updateItem(withScale.form, sectionIndex, itemIndex, () => replacement);
  // The danger rule needs a single choice.
  if (kind !== 'choice' && next.danger?.itemId === item.id) next = withOptional(next, 'danger', undefined);
  return keepsScale ? next : pruneScale(next, oldScale);
}

/** Points a choice or persons item at another (existing) answer list; the old one goes if unused. */
export function chooseScale(form: FormDraft, sectionIndex: number, itemIndex: number, scaleId: string) {
  const item = form.sections[sectionIndex]?.items[itemIndex];
  if (!item || !form.scales[scaleId]) return form;
  const oldScale = scaleOf(item);
  const next = updateItem(form, sectionIndex, itemIndex, (current) =>
    current.type === 'persons'
      ? { ...current, roleScale: scaleId }
      : current.type === 'choice' || current.type === 'multi_choice'
        ? { ...current, scale: scaleId }
        : current,
  );
  const danger = next.danger?.itemId === item.id ? withOptional(next, 'danger', undefined) : next;
  return pruneScale(danger, oldScale);
}

// Options of a scale

function updateOptions(
  form: FormDraft,
  scaleId: string,
  change: (options: AnswerOption[]) => AnswerOption[],
): FormDraft {
  const scale = form.scales[scaleId];
  if (!scale) return form;
  return { ...form, scales: { ...form.scales, [scaleId]: { ...scale, options: change(scale.options) } } };
}

/** The danger rule's codes after a change to the scale its item uses. */
function dangerAfter(form: FormDraft, scaleId: string, codes: (current: string[]) => string[]): FormDraft {
  const danger = form.danger;
  if (!danger) return form;
  const item = allItems(form).find((candidate) => candidate.id === danger.itemId);
  if (!item || scaleOf(item) !== scaleId) return form;
  const next = codes(danger.codes);
  return next.length === 0
    ? withOptional(form, 'danger', undefined)
    : { ...form, danger: { ...danger, codes: next } };
}

export function addOption(form: FormDraft, scaleId: string): FormDraft {
  return updateOptions(form, scaleId, (options) => {
    const code = uniqueCode(`option_${options.length + 1}`, new Set(options.map((option) => option.code)));
    return [...options, { code, label: emptyText() }];
  });
}

export function removeOption(form: FormDraft, scaleId: string, optionIndex: number): FormDraft {
  const code = form.scales[scaleId]?.options[optionIndex]?.code;
  const next = updateOptions(form, scaleId, (options) => options.filter((_, index) => index !== optionIndex));
  return dangerAfter(next, scaleId, (codes) => codes.filter((candidate) => candidate !== code));
}

export function moveOption(form: FormDraft, scaleId: string, optionIndex: number, delta: -1 | 1) {
  return updateOptions(form, scaleId, (options) => move(options, optionIndex, delta));
}

/** Changes an option; a new code is followed by the danger rule. */
export function updateOption(
  form: FormDraft,
  scaleId: string,
  optionIndex: number,
  change: (option: AnswerOption) => AnswerOption,
): FormDraft {
  const before = form.scales[scaleId]?.options[optionIndex];
  if (!before) return form;
  const after = change(before);
  const next = updateOptions(form, scaleId, (options) =>
    options.map((option, index) => (index === optionIndex ? after : option)),
  );
  if (after.code === before.code) return next;
  return dangerAfter(next, scaleId, (codes) =>
    codes.map((code) => (code === before.code ? after.code : code)),
  );
}

// The danger rule

/** The answers of an item that mark immediate danger (none when the rule is on another item). */
export function dangerCodesOf(form: FormDraft, itemId: string): string[] {
  return form.danger?.itemId === itemId ? form.danger.codes : [];
}

/**
 * Puts the danger rule on a single-choice item with these answers (in the scale's order), replacing a rule
 * on another item; no answers removes the rule.
 */
export function setDangerCodes(form: FormDraft, itemId: string, codes: readonly string[]): FormDraft {
  const item = allItems(form).find((candidate) => candidate.id === itemId);
  if (item?.type !== 'choice') return form;
  const order = form.scales[item.scale]?.options.map((option) => option.code) ?? [];
  const chosen = order.filter((code) => codes.includes(code));
  if (chosen.length === 0 && form.danger?.itemId !== itemId) return form;
  return chosen.length === 0
    ? withOptional(form, 'danger', undefined)
    : { ...form, danger: { itemId, codes: chosen } };
}
