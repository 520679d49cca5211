import { diffLines, diffWordsWithSpace } from 'diff';
import type { DiffPart, HandbookText, LanguageDiff } from './schemas.ts';

// Two versions of a page compared, per language: the title word by word, the Markdown body line by line
// (jsdiff). A diff that would take too long (bodies of 200 000 characters that share little) gives up
// after a time limit and shows the old body removed and the new one added.

const TIME_LIMIT_MS = 1500;

type Change = { value: string; added: boolean; removed: boolean };

function parts(changes: readonly Change[]): DiffPart[] {
  return changes
    .filter((change) => change.value !== '')
    .map((change) => ({
      kind: change.added ? 'added' : change.removed ? 'removed' : 'same',
      text: change.value,
    }));
}

/** Lines end with a newline, the last one too, so an appended line does not mark the one before as changed. */
const asLines = (body: string) => (body === '' || body.endsWith('\n') ? body : `${body}\n`);

function wholeChange(before: string, after: string): DiffPart[] {
  return parts([
    { value: before, added: false, removed: true },
    { value: after, added: true, removed: false },
  ]);
}

/** How one language of a page changed from `from` to `to` (null: the version lacks the language). */
export function diffLanguage(from: HandbookText | null, to: HandbookText | null): LanguageDiff {
  const oldTitle = from?.title ?? '';
  const newTitle = to?.title ?? '';
  const oldBody = asLines(from?.body ?? '');
  const newBody = asLines(to?.body ?? '');
  const title = diffWordsWithSpace(oldTitle, newTitle, { timeout: TIME_LIMIT_MS });
  const body = diffLines(oldBody, newBody, { timeout: TIME_LIMIT_MS });
  return {
    inFrom: from !== null,
    inTo: to !== null,
    title: title ? parts(title) : wholeChange(oldTitle, newTitle),
    body: body ? parts(body) : wholeChange(oldBody, newBody),
    compared: body !== undefined,
  };
}
