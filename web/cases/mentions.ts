// @mentions in a comment: typing "@" and the start of a name offers the case team's members; picking one
// writes "@Full Name" into the text. Whoever is still named so when the comment is sent is told of it.

/** Someone who can be mentioned: a team member. */
export interface Mentionable {
  id: string;
  name: string;
}

/** The "@…" being typed just before the caret: where its "@" is, and the name typed so far. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|[\s([{"'„“])@([^\s@][^@\n]{0,39})?$/u.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: before.length - query.length - 1, query };
}

/** Team members whose name, or a word of it, starts with what was typed (all of them for a bare "@"). */
export function mentionMatches<T extends Mentionable>(people: readonly T[], query: string, max = 8): T[] {
  const typed = query.trim().toLocaleLowerCase();
  return people
    .filter((person) => {
      const name = person.name.toLocaleLowerCase();
      return (
        typed === '' || name.startsWith(typed) || name.split(/\s+/).some((word) => word.startsWith(typed))
      );
    })
    .slice(0, max);
}

/** The text with the "@…" from `start` to `caret` replaced by "@Name " (one space), and the caret behind it. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  name: string,
): { text: string; caret: number } {
  const rest = text.slice(caret);
  const inserted = /^\s/.test(rest) ? `@${name}` : `@${name} `;
  return { text: text.slice(0, start) + inserted + rest, caret: start + inserted.length };
}

/** The people the text still names as "@Name" (a mention deleted from the text tells nobody). */
export function mentionedIn<T extends Mentionable>(text: string, people: readonly T[]): T[] {
  return people.filter((person) => text.includes(`@${person.name}`));
}
