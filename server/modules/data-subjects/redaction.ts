import { searchTokens } from '../../crypto/blind-index.ts';

// One person's right of access must not expose another: in what an export shows of free text (a case's
// title and summary, journal entries, comments, task titles, report answers, file names), every word of
// another person's name, and their e-mail address and phone number as written, is replaced by that person's
// role label ("[Reporter]", "[Witness A]"). Words are compared as the blind index compares them (case,
// umlauts and accents folded), so "MEIER", "Meier" and "Meïer" all go. Words of the data subject's own name
// stay. What this cannot find (a nickname, a description that identifies someone) is what the data
// protection officer reviews before release; the manifest says so.

export type ExportLanguage = 'en' | 'de';

export const ROLE_LABELS: Record<string, string> = {
  person_of_concern: 'Person of concern',
  affected_person: 'Affected person',
  witness: 'Witness',
  reporter: 'Reporter',
  other: 'Other person',
};

/** What an export calls people it does not name, in the language the officer exports in. */
export const EXPORT_WORDS: Record<
  ExportLanguage,
  { roles: Record<string, string>; assessor: string; dataSubject: string }
> = {
  en: { roles: ROLE_LABELS, assessor: 'Assessor', dataSubject: 'the data subject' },
  de: {
    roles: {
      person_of_concern: 'Gefährdende Person',
      affected_person: 'Betroffene Person',
      witness: 'Zeuge/Zeugin',
      reporter: 'Hinweisgeber/in',
      other: 'Weitere Person',
    },
    assessor: 'Gutachter/in',
    dataSubject: 'die antragstellende Person',
  },
};

/** Hands out role labels within one case or report: "Witness A", "Witness B", "Reporter A". */
export class RoleLabels {
  readonly #counts = new Map<string, number>();
  readonly #roles: Record<string, string>;

  constructor(language: ExportLanguage = 'en') {
    this.#roles = EXPORT_WORDS[language].roles;
  }

  next(role: string): string {
    const count = (this.#counts.get(role) ?? 0) + 1;
    this.#counts.set(role, count);
    return `${this.#roles[role] ?? this.#roles.other} ${letters(count)}`;
  }
}

function letters(number: number): string {
  let result = '';
  for (let n = number; n > 0; n = Math.floor((n - 1) / 26))
    result = String.fromCharCode(65 + ((n - 1) % 26)) + result;
  return result;
}

/** Whether `name` holds every word of the searched name (as the blind index matches). */
export function nameMatches(name: string, searched: readonly string[]): boolean {
  if (searched.length === 0) return false;
  const tokens = new Set(searchTokens(name));
  return searched.every((token) => tokens.has(token));
}

export class Redactor {
  readonly #keep: Set<string>;
  readonly #words = new Map<string, string>();
  readonly #literals: Array<{ text: string; label: string }> = [];
  /** When false (the officer chose to include names), text passes unchanged. */
  readonly #active: boolean;

  constructor(subjectTokens: Iterable<string>, active = true) {
    this.#keep = new Set(subjectTokens);
    this.#active = active;
  }

  /** Another person: their name's words, and literal identifiers (e-mail, phone, contact) as written. */
  add(
    label: string,
    name: string | null | undefined,
    literals: ReadonlyArray<string | null | undefined> = [],
  ) {
    for (const token of searchTokens(name ?? ''))
      if (!this.#keep.has(token) && !this.#words.has(token)) this.#words.set(token, label);
    for (const literal of literals) {
      const text = literal?.trim();
      if (text && text.length >= 3) this.#literals.push({ text, label });
    }
  }

  text(value: string): string;
  text(value: string | null): string | null;
  text(value: string | null): string | null {
    if (value === null || !this.#active) return value;
    let result = value;
    for (const { text, label } of this.#literals)
      result = result.replace(new RegExp(escapeRegExp(text), 'giu'), `[${label}]`);
    result = result.replace(/[\p{L}\p{M}\p{N}]+/gu, (word) => {
      const label = searchTokens(word)
        .map((token) => this.#words.get(token))
        .find((found) => found !== undefined);
      return label === undefined ? word : `[${label}]`;
    });
    // "[Reporter] [Reporter]" (first and last name) reads as one mention.
    return result.replace(/(\[[^\]]+\])(?:[\s,.-]+\1)+/gu, '$1');
  }

  /** Whether the text still holds a word of another person's name (for the tests and the manifest). */
  mentionsOthers(value: string): boolean {
    return searchTokens(value).some((token) => this.#words.has(token));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
