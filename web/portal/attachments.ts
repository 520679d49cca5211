// Checks on the files a reporter adds, before they are sent. The server has the last word: it recognises a
// file's type from its bytes, whatever its name or the browser says.
import type { PortalInfo } from '../api/portal.ts';
import type { Problem } from './answers.ts';

export type AttachmentRules = PortalInfo['attachments'];

/** What the checks need of a File (so that they can be tested without one). */
export interface FileLike {
  name: string;
  size: number;
  type: string;
}

/** `text/plain; charset=utf-8` → `text/plain`: the form browsers give File.type in. */
export function baseContentType(contentType: string): string {
  return contentType.split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The file input's `accept`: the allowed types, and their usual extensions for pickers that go by name. */
export function acceptAttribute(rules: AttachmentRules): string {
  const extensions: Record<string, string[]> = {
    'image/jpeg': ['.jpg', '.jpeg'],
    'image/png': ['.png'],
    'image/webp': ['.webp'],
    'image/gif': ['.gif'],
    'application/pdf': ['.pdf'],
    'text/plain': ['.txt'],
  };
  const types = [...new Set(rules.types.map(baseContentType))];
  return [...types, ...types.flatMap((type) => extensions[type] ?? [])].join(',');
}

/**
 * Problems with the chosen files: too many (`attachments`), and per file (`attachments.<index>`) too large,
 * empty or of a type the browser already knows is not allowed. A file the browser cannot name a type for
 * goes to the server, which decides.
 */
export function checkAttachments(files: readonly FileLike[], rules: AttachmentRules): Problem[] {
  const problems: Problem[] = [];
  if (files.length > rules.maxFiles)
    problems.push({ path: 'attachments', code: 'tooManyFiles', max: rules.maxFiles });
  const allowed = new Set(rules.types.map(baseContentType));
  files.forEach((file, index) => {
    const path = `attachments.${index}`;
    if (file.size === 0) problems.push({ path, code: 'fileEmpty' });
    else if (file.size > rules.maxBytes) problems.push({ path, code: 'fileTooLarge', max: rules.maxBytes });
    else if (file.type !== '' && allowed.size > 0 && !allowed.has(baseContentType(file.type)))
      problems.push({ path, code: 'fileType' });
  });
  return problems;
}

/** A file size in the units people know: "640 bytes", "12 KB", "3.4 MB" (decimal, as file managers show). */
export function formatFileSize(bytes: number, locale: string): string {
  const [amount, unit, digits] =
    bytes < 1000
      ? [bytes, 'byte', 0]
      : bytes < 1_000_000
        ? [bytes / 1000, 'kilobyte', bytes < 10_000 ? 1 : 0]
        : [bytes / 1_000_000, 'megabyte', bytes < 10_000_000 ? 1 : 0];
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: unit === 'byte' ? 'long' : 'short',
    maximumFractionDigits: digits,
  }).format(amount);
}

/** The short names of the allowed types for the help text: "JPEG, PNG, WebP, GIF, PDF, TXT". */
export function allowedTypeNames(rules: AttachmentRules): string {
  const names: Record<string, string> = {
    'image/jpeg': 'JPEG',
    'image/png': 'PNG',
    'image/webp': 'WebP',
    'image/gif': 'GIF',
    'application/pdf': 'PDF',
    'text/plain': 'TXT',
  };
  return [...new Set(rules.types.map(baseContentType))].map((type) => names[type] ?? type).join(', ');
}
