import { fileTypeFromBuffer } from 'file-type';
import { Invalid } from '../../errors.ts';
import { safeFileName } from '../attachments/file-name.ts';
import {
  DOCUMENT_TYPES,
  type DocumentType,
  documentType,
  findDocumentType,
  isUtf8Document,
} from './document-types.ts';

/** How much of an upload's start decides its type. OOXML and ODF name themselves in their first entry. */
export const SNIFF_BYTES = 64 * 1024;

export const DOCUMENT_ERROR_CODES = {
  empty: 'document_empty',
  tooLarge: 'document_too_large',
  typeNotAllowed: 'document_type_not_allowed',
  /** It began as text or an e-mail, but further on it is not valid UTF-8 or holds a NUL byte. */
  unreadable: 'document_unreadable',
} as const;
export type DocumentErrorCode = (typeof DOCUMENT_ERROR_CODES)[keyof typeof DOCUMENT_ERROR_CODES];

export type SniffResult =
  | { allowed: true; type: DocumentType }
  /** `description` names what the file is in words a user understands, e.g. "a Windows program". */
  | { allowed: false; description: string };

const TEXT = documentType('text/plain; charset=utf-8');
const EMAIL = documentType('message/rfc822');
const PNG = documentType('image/png');
const COMPOUND_FILE_TYPES = [
  documentType('application/msword'),
  documentType('application/vnd.ms-excel'),
  documentType('application/vnd.ms-powerpoint'),
  documentType('application/vnd.ms-outlook'),
];

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  'application/x-msdownload': 'a Windows program',
  'application/x-elf': 'a Linux program',
  'application/x-mach-binary': 'a macOS program',
  'application/java-archive': 'a Java program',
  'application/vnd.android.package-archive': 'an Android app',
  'application/x-apple-diskimage': 'a macOS disk image',
  'application/x-ms-shortcut': 'a Windows shortcut',
  'application/x-ms-regedit': 'a Windows registry file',
  'application/zip': 'a ZIP archive',
  'application/x-rar-compressed': 'a RAR archive',
  'application/x-7z-compressed': 'a 7-Zip archive',
  'application/gzip': 'a gzip archive',
  'application/x-tar': 'a tar archive',
  'application/x-iso9660-image': 'a disk image',
  'application/xml': 'an XML document (such as a web page or SVG)',
  'application/rtf': 'an RTF document (save it as PDF or Word document)',
  'application/postscript': 'a PostScript file (save it as PDF)',
  'text/calendar': 'a calendar file',
  'text/vcard': 'a contact card',
  'application/vnd.ms-word.document.macroenabled.12': 'a Word document with macros',
  'application/vnd.ms-excel.sheet.macroenabled.12': 'an Excel workbook with macros',
  'application/vnd.ms-powerpoint.presentation.macroenabled.12': 'a PowerPoint presentation with macros',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.template': 'a Word template',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.template': 'an Excel template',
  'application/vnd.openxmlformats-officedocument.presentationml.template': 'a PowerPoint template',
  'application/vnd.openxmlformats-officedocument.presentationml.slideshow': 'a PowerPoint slide show',
  'application/vnd.oasis.opendocument.graphics': 'an OpenDocument drawing',
  'application/epub+zip': 'an e-book',
  'image/heic': 'a HEIC photo (convert it to JPEG first)',
  'image/heif': 'a HEIF photo (convert it to JPEG first)',
  'image/avif': 'an AVIF image',
  'image/tiff': 'a TIFF image',
  'image/bmp': 'a BMP image',
};

// Formats file-type recognises in plain text: its verdict on them stands (see sniffDocument). XML is left to
// the markup check, which also tells SVG.
const TEXT_FORMATS = new Set([
  'application/rtf',
  'application/postscript',
  'application/x-ms-regedit',
  'text/calendar',
  'text/vcard',
  'text/vtt',
]);
// Control characters human-written text may hold: tab, line breaks, form feed, and escape (coloured logs).
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b]);

/**
 * What an upload is, judged by its first bytes (`head`, at most {@link SNIFF_BYTES} of them; fewer when the
 * file is shorter). The name is consulted only where the content cannot tell: a Compound File is a .doc,
 * .xls, .ppt or .msg as its name says, and a name ending in .eml lowers the bar for reading the start as
 * e-mail headers. A declared content type is never consulted.
 *
 * Text is valid UTF-8 without NUL bytes that does not open with markup (HTML, SVG, XML: refused for their
 * scripts). Scripts such as `#!/bin/sh` are plain text to us: they are stored and served as text/plain under
 * a .txt name, never run, so they are accepted like any note.
 */
export async function sniffDocument(head: Buffer, fileName: string): Promise<SniffResult> {
  if (head.length === 0) return { allowed: false, description: 'an empty file' };
  const text = decodeTextPrefix(head);
  const sniffed = await fileTypeFromBuffer(head);
  if (sniffed) {
    const type = allowedSniffedType(sniffed.mime, fileName);
    if (type) return { allowed: true, type };
    if (sniffed.mime === 'application/x-cfb')
      return {
        allowed: false,
        description: `a legacy Office or Outlook file whose name does not end in ${cfbNames()}`,
      };
    // Two-byte signatures such as "BM" (BMP) or "MZ" also open ordinary text ("BMW …"); real files of those
    // formats hold NUL bytes in their headers, so clean text is judged as text instead.
    const isCleanText = text !== undefined && !hasBinaryControls(head);
    if (TEXT_FORMATS.has(sniffed.mime) || !isCleanText)
      return { allowed: false, description: DESCRIPTIONS[sniffed.mime] ?? describeFileType(sniffed) };
  }
  if (text === undefined)
    return { allowed: false, description: 'a file that is neither a known format nor UTF-8 text' };
  const markup = describeMarkup(text);
  if (markup) return { allowed: false, description: markup };
  return { allowed: true, type: isMessage(text, fileName) ? EMAIL : TEXT };
}

function allowedSniffedType(mime: string, fileName: string): DocumentType | undefined {
  // Compound Files (doc, xls, ppt, msg, but also MSI installers) share one signature. Trusting the name is
  // safe because the stored name keeps that extension: whatever the file really is opens in Office or Outlook.
  if (mime === 'application/x-cfb')
    return COMPOUND_FILE_TYPES.find((type) => type.extension === extensionOf(fileName));
  // An animated PNG is a PNG whose extra frames older viewers skip.
  if (mime === 'image/apng') return PNG;
  return findDocumentType(mime);
}

function describeFileType(sniffed: { mime: string; ext: string }): string {
  return `a file of type ${sniffed.mime} (.${sniffed.ext})`;
}

function cfbNames(): string {
  return joinWords(
    COMPOUND_FILE_TYPES.map((type) => `.${type.extension}`),
    'or',
  );
}

/** The head as text when it is valid UTF-8 without NUL bytes; a sequence cut off at its end is allowed. */
function decodeTextPrefix(head: Buffer): string | undefined {
  if (head.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return undefined;
  }
}

// In UTF-8, bytes below 0x80 are ASCII characters only, so the bytes can be scanned instead of the text.
function hasBinaryControls(bytes: Buffer): boolean {
  return bytes.some((byte) => (byte < 0x20 && !TEXT_CONTROLS.has(byte)) || byte === 0x7f);
}

// As in the WHATWG sniffing rules, a document counts as markup when a tag opens it (after a byte-order mark
// and white space); "<3" or a later "<b>" stays plain text, harmless when served as text/plain with nosniff.
function describeMarkup(text: string): string | undefined {
  const start = text.replace(/^\uFEFF?\s*/u, '');
  if (!/^<[a-z!?/]/iu.test(start)) return undefined;
  if (/^<svg[\s>/]/iu.test(start)) return 'an SVG image';
  if (/^<\?xml[\s?]/iu.test(start))
    return /<svg[\s>/]/iu.test(start) ? 'an SVG image' : 'an XML document (such as a web page or SVG)';
  if (/^<(!doctype\s+html|html)[\s>]/iu.test(start)) return 'a web page (HTML)';
  return 'an HTML or other markup document';
}

// E-mail is told from a note by the header fields it opens with (RFC 5322: "Name: value", folded lines
// indented). A name ending in .eml needs two known fields; any other name needs three and a sign the message
// was really sent: a trace field that transport adds, or a From address with a Date. A typed memo opening
// with "Subject: …" and "From: Anna" stays text.
const HEADER_FIELD = /^([\u0021-\u0039\u003B-\u007E]+)[ \t]*:(.*)$/u;
const MESSAGE_FIELDS = new Set([
  'from',
  'sender',
  'reply-to',
  'to',
  'cc',
  'bcc',
  'date',
  'subject',
  'message-id',
  'in-reply-to',
  'references',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'received',
  'return-path',
  'delivered-to',
  'received-spf',
  'authentication-results',
  'dkim-signature',
]);
const MAX_HEADER_FIELDS = 10;
const MAX_HEADER_LINES = 200;

function isMessage(text: string, fileName: string): boolean {
  const fields = leadingHeaderFields(text);
  if (!fields) return false;
  const known = fields.filter(({ name }) => MESSAGE_FIELDS.has(name) || /^(x|arc)-/u.test(name)).length;
  if (extensionOf(fileName) === 'eml') return known >= 2;
  return known >= 3 && wasSent(fields);
}

function wasSent(fields: ReadonlyArray<{ name: string; value: string }>): boolean {
  const has = (name: string, test: (value: string) => boolean) =>
    fields.some((field) => field.name === name && test(field.value));
  return (
    has('received', (value) => value.includes(';')) ||
    has('return-path', (value) => /<[^<>]*>/u.test(value)) ||
    has('delivered-to', (value) => value.includes('@')) ||
    (has('from', (value) => value.includes('@')) && has('date', (value) => value.trim() !== ''))
  );
}

/** The header fields a text opens with, up to a blank line; undefined when any other line comes first. */
function leadingHeaderFields(text: string): Array<{ name: string; value: string }> | undefined {
  const fields: Array<{ name: string; value: string }> = [];
  // Only whole lines: the head may end in the middle of one.
  const lines = text.slice(0, text.lastIndexOf('\n') + 1).split('\n', MAX_HEADER_LINES);
  for (const line of lines.map((raw) => raw.replace(/\r$/u, ''))) {
    if (line === '' || fields.length === MAX_HEADER_FIELDS) break;
    const last = fields.at(-1);
    if (/^[ \t]/u.test(line)) {
      if (!last) return undefined;
      last.value += line;
      continue;
    }
    const match = HEADER_FIELD.exec(line);
    if (!match) return undefined;
    fields.push({ name: (match[1] as string).toLowerCase(), value: match[2] as string });
  }
  return fields.length > 0 ? fields : undefined;
}

function extensionOf(fileName: string): string {
  const baseName = (fileName.split(/[/\\]/u).at(-1) ?? '').replace(/[.\s]+$/u, '');
  return /\.([^.]+)$/u.exec(baseName)?.[1]?.toLowerCase() ?? '';
}

/**
 * Checks an upload while it streams towards storage. Reads the first {@link SNIFF_BYTES} (or the whole
 * source, if shorter) and throws Invalid before anything is passed on when the upload is empty
 * (`document_empty`), of a type not allowed (`document_type_not_allowed`) or already larger than
 * `maxBytes` (`document_too_large`). Otherwise returns the type and the content: the head, then the rest of
 * the source as it arrives, checked on the way. Iterating `content` throws `document_too_large` before
 * passing on any byte beyond `maxBytes`, and for text and e-mail `document_unreadable` before passing on a
 * piece that is not valid UTF-8 or holds a NUL byte; the consumer's write must then fail and leave nothing.
 *
 * Only the head is held in memory (copied, so the source may reuse its pieces); later pieces are passed on
 * as they come. The source is closed on refusal, and when a check fails or the consumer stops iterating
 * `content` early; a consumer must therefore iterate `content` (once) rather than drop it.
 */
export async function checkDocumentStream(
  source: AsyncIterable<Buffer>,
  fileName: string,
  options: { maxBytes: number },
): Promise<{ type: DocumentType; content: AsyncIterable<Buffer> }> {
  if (!(options.maxBytes > 0)) throw new RangeError('maxBytes must be positive');
  const iterator = source[Symbol.asyncIterator]();
  try {
    const { head, ended } = await readHead(iterator);
    if (head.length === 0) throw new Invalid(DOCUMENT_ERROR_CODES.empty, 'The file is empty.');
    if (head.length > options.maxBytes) throw tooLarge(options.maxBytes);
    const sniffed = await sniffDocument(head.subarray(0, SNIFF_BYTES), fileName);
    if (!sniffed.allowed)
      throw new Invalid(
        DOCUMENT_ERROR_CODES.typeNotAllowed,
        `This file cannot be added to the case: it is ${sniffed.description}. ${ALLOWED_IN_WORDS}`,
      );
    const rest = ended ? undefined : iterator;
    return { type: sniffed.type, content: relay(head, rest, sniffed.type, options.maxBytes) };
  } catch (error) {
    await closeQuietly(iterator);
    throw error;
  }
}

async function readHead(iterator: AsyncIterator<Buffer>): Promise<{ head: Buffer; ended: boolean }> {
  const pieces: Buffer[] = [];
  let length = 0;
  while (length < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) return { head: Buffer.concat(pieces, length), ended: true };
    pieces.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(pieces, length), ended: false };
}

async function* relay(
  head: Buffer,
  rest: AsyncIterator<Buffer> | undefined,
  type: DocumentType,
  maxBytes: number,
): AsyncGenerator<Buffer> {
  const check = contentCheck(type, maxBytes);
  try {
    check.piece(head);
    yield head;
    if (rest) {
      for await (const piece of { [Symbol.asyncIterator]: () => rest }) {
        check.piece(piece);
        yield piece;
      }
    }
    check.end();
  } finally {
    // Closes the source when a check fails or the consumer stops early; a finished source ignores it.
    if (rest) await closeQuietly(rest);
  }
}

function contentCheck(type: DocumentType, maxBytes: number): { piece(piece: Buffer): void; end(): void } {
  let bytes = 0;
  const decoder = isUtf8Document(type) ? new TextDecoder('utf-8', { fatal: true }) : undefined;
  const decode = (piece?: Buffer) => {
    try {
      decoder?.decode(piece, { stream: piece !== undefined });
    } catch {
      throw unreadable(type);
    }
  };
  return {
    piece(piece) {
      bytes += piece.length;
      if (bytes > maxBytes) throw tooLarge(maxBytes);
      if (!decoder) return;
      if (piece.includes(0)) throw unreadable(type);
      decode(piece);
    },
    // A multi-byte sequence cut off at the very end is invalid too.
    end() {
      decode();
    },
  };
}

async function closeQuietly(iterator: AsyncIterator<Buffer>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // The refusal or the source's own failure is what the caller needs to see.
  }
}

function tooLarge(maxBytes: number): Invalid {
  return new Invalid(
    DOCUMENT_ERROR_CODES.tooLarge,
    `The file is larger than ${formatBytes(maxBytes)}, the most a case document may be.`,
  );
}

function unreadable(type: DocumentType): Invalid {
  return new Invalid(
    DOCUMENT_ERROR_CODES.unreadable,
    `The file starts like a ${type.label} but further on is not valid UTF-8 text: it may be damaged, ` +
      'binary, or saved in another encoding (save it as UTF-8).',
  );
}

const ALLOWED_IN_WORDS = `Allowed are ${joinWords(
  DOCUMENT_TYPES.map((type) => `.${type.extension}`),
  'and',
)} files, recognised by their content.`;

function joinWords(words: readonly string[], conjunction: string): string {
  return words.length < 2
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

function formatBytes(bytes: number): string {
  const units = [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const;
  for (const [unit, size] of units) {
    if (bytes >= size) return `${(bytes / size).toFixed(1).replace(/\.0$/u, '')} ${unit}`;
  }
  return `${bytes} bytes`;
}

/**
 * A display name safe to show and offer for download (see safeFileName), ending in the canonical extension of
 * the sniffed type whatever the client called it: "x.exe" holding a PDF is stored as "x.pdf".
 */
export function safeDocumentFileName(clientName: string, extension: string): string {
  const name = safeFileName(clientName, extension);
  // safeFileName falls back to "attachment" when nothing of the name is left; a case document is a document.
  return name === `attachment.${extension}` && !/attachment/iu.test(clientName)
    ? `document.${extension}`
    : name;
}
