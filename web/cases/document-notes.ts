import type { CaseDocumentVersion } from '../api/documents.ts';

// What the documents tab says about a version beyond its name: its size, what cleaning removed, and the title
// a new document gets from its file's name.

/** The removals a PDF's note names, in this order; dropped unused objects are housekeeping, not named. */
export const pdfRemovals = [
  'javaScript',
  'launchActions',
  'otherActions',
  'embeddedFiles',
  'media',
  'xfaForms',
  'metadata',
] as const;
export type PdfRemoval = (typeof pdfRemovals)[number];

export type CleaningNote =
  /** A PDF with these removed. */
  | { kind: 'pdfCleaned'; removed: PdfRemoval[] }
  /** A PDF checked and stored without anything to remove. */
  | { kind: 'pdfClean' }
  /** An image re-encoded without its metadata (a photo: JPEG, which carries camera data and GPS). */
  | { kind: 'photoReencoded' }
  | { kind: 'imageReencoded' }
  /** Office files, e-mails, text: kept as they came. */
  | { kind: 'notCleaned' };

/** What cleaning did to a version, from the counts the server keeps (`cleaned`). */
export function cleaningNote(
  version: Pick<CaseDocumentVersion, 'kind' | 'contentType' | 'cleaned'>,
): CleaningNote {
  const { cleaned } = version;
  if (version.kind === 'pdf') {
    const removed = pdfRemovals.filter((removal) => (cleaned[removal] ?? 0) > 0);
    return removed.length > 0 ? { kind: 'pdfCleaned', removed } : { kind: 'pdfClean' };
  }
  if (version.kind === 'image' && (cleaned.reencoded ?? 0) > 0)
    return { kind: version.contentType === 'image/jpeg' ? 'photoReencoded' : 'imageReencoded' };
  return { kind: 'notCleaned' };
}

/** The title the server gives a document uploaded without one: the file's name without its extension. */
export function titleFromFileName(fileName: string): string {
  const withoutExtension = fileName.replace(/\.[^.]+$/u, '').trim();
  return (withoutExtension || fileName).slice(0, 200);
}

/** A file size as file managers show it (decimal units): "640 bytes", "12 kB", "3.4 MB", "2.1 GB". */
export function formatBytes(bytes: number, locale: string): string {
  const [amount, unit] =
    bytes < 1000
      ? [bytes, 'byte']
      : bytes < 1e6
        ? [bytes / 1e3, 'kilobyte']
        : bytes < 1e9
          ? [bytes / 1e6, 'megabyte']
          : [bytes / 1e9, 'gigabyte'];
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: unit === 'byte' ? 'long' : 'short',
    maximumFractionDigits: unit === 'byte' || amount >= 10 ? 0 : 1,
  }).format(amount);
}
