import { MATCH_END, MATCH_START } from './store.ts';

// What a search box's words become for PostgreSQL, and the passages it finds back into plain text. The
// query is built from letters and digits only, so no input can be tsquery syntax; every word must occur,
// each as a prefix ("haus" finds "Hausverbot").

const MAX_WORDS = 8;
const MAX_WORD_CHARS = 60;

/** The to_tsquery text for the words of `q`; null when it has none. */
export function searchQuery(q: string): string | null {
  const words =
    q
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const unique = [...new Set(words.map((word) => word.slice(0, MAX_WORD_CHARS)))].slice(0, MAX_WORDS);
  if (unique.length === 0) return null;
  return unique.map((word) => `${word}:*`).join(' & ');
}

/** Markdown's marks taken out of a passage, so it reads as text: links keep their words, tables their cells. */
function plain(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[#*_`~>|[\]]+/g, ' ')
    .replace(/(^|\s)-{2,}(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A passage from ts_headline as text segments, the words found marked; null for none or an empty one. */
export function snippetSegments(headline: string | null): Array<{ text: string; match: boolean }> | null {
  if (headline === null) return null;
  const text = plain(headline);
  if (text === '') return null;
  const segments: Array<{ text: string; match: boolean }> = [];
  let match = false;
  let current = '';
  for (const char of text) {
    if (char === MATCH_START || char === MATCH_END) {
      if (current) segments.push({ text: current, match });
      current = '';
      match = char === MATCH_START;
    } else current += char;
  }
  if (current) segments.push({ text: current, match });
  return segments;
}
