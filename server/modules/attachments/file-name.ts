/** Longest display name we keep, in Unicode code points, extension included. */
export const MAX_FILE_NAME_LENGTH = 120;
const FALLBACK_STEM = 'attachment';

// Bidi controls let "invoice\u202Efdp.exe" display as "invoiceexe.pdf".
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
const CONTROLS = /[\p{Cc}\u2028\u2029]/gu;
// Characters Windows refuses in a file name, which would otherwise break the download there.
const WINDOWS_RESERVED = /[<>:"|?*]/gu;
// Only a short run with a letter counts as an extension, so "notes v1.2" keeps its ".2".
const EXTENSION = /\.(?=[a-z0-9]*[a-z])[a-z0-9]{1,10}$/iu;
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * A name that is safe to show and to offer for download: the base name only (a browser may send a whole
 * path, which can contain the reporter's user name), in NFC, without control or bidi characters or leading
 * dots, at most {@link MAX_FILE_NAME_LENGTH} code points, ending in `extension` whatever the client said.
 */
export function safeFileName(clientName: string, extension: string): string {
  const baseName = clientName.toWellFormed().split(/[/\\]/u).at(-1) ?? '';
  const cleaned = baseName
    .normalize('NFC')
    .replace(BIDI_CONTROLS, '')
    .replace(CONTROLS, '')
    .replace(WINDOWS_RESERVED, '_')
    .replace(/^[.\s]+/u, '');
  const stem = trimEnd(
    truncate(trimEnd(cleaned.replace(EXTENSION, '')), MAX_FILE_NAME_LENGTH - extension.length - 1),
  );
  return `${stem || FALLBACK_STEM}.${extension}`;
}

// Windows drops trailing dots and spaces, and a dot before the extension would double it.
function trimEnd(text: string): string {
  return text.replace(/[.\s]+$/u, '');
}

// Cut at a grapheme boundary, so an accent or an emoji sequence is not split in half.
function truncate(text: string, maxCodePoints: number): string {
  if (codePoints(text) <= maxCodePoints) return text;
  let kept = '';
  let length = 0;
  for (const { segment } of graphemes.segment(text)) {
    length += codePoints(segment);
    if (length > maxCodePoints) break;
    kept += segment;
  }
  return kept;
}

function codePoints(text: string): number {
  return [...text].length;
}
