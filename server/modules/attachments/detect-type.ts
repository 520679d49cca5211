import { fileTypeFromBuffer } from 'file-type';
import { type AllowedAttachmentType, findAllowedType } from './allowed-types.ts';

export type DetectedType =
  | { allowed: true; type: AllowedAttachmentType }
  /** `description` names what the file is in words a reporter understands, e.g. "a Windows program". */
  | { allowed: false; description: string };

const TEXT = findAllowedType('text/plain; charset=utf-8') as AllowedAttachmentType;

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  'application/x-msdownload': 'a Windows program',
  'application/x-elf': 'a Linux program',
  'application/x-mach-binary': 'a macOS program',
  'application/x-msi': 'a Windows installer',
  'application/zip': 'a ZIP archive',
  'application/x-rar-compressed': 'a RAR archive',
  'application/x-7z-compressed': 'a 7-Zip archive',
  'application/gzip': 'a gzip archive',
  'application/x-tar': 'a tar archive',
  'application/xml': 'an XML document (such as SVG)',
  'application/x-cfb': 'a legacy Microsoft Office document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'a Word document',
  'application/vnd.ms-word.document.macroenabled.12': 'a Word document with macros',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'an Excel workbook',
  'application/vnd.ms-excel.sheet.macroenabled.12': 'an Excel workbook with macros',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'a PowerPoint presentation',
  'application/vnd.oasis.opendocument.text': 'an OpenDocument text',
  'application/vnd.oasis.opendocument.spreadsheet': 'an OpenDocument spreadsheet',
  'image/heic': 'a HEIC photo (convert it to JPEG first)',
  'image/heif': 'a HEIF photo (convert it to JPEG first)',
  'image/heic-sequence': 'a HEIC photo sequence',
  'image/heif-sequence': 'a HEIF photo sequence',
  'image/avif': 'an AVIF image',
  'image/apng': 'an animated PNG',
  'image/tiff': 'a TIFF image',
  'image/bmp': 'a BMP image',
  'image/svg+xml': 'an SVG image',
};

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * What the bytes are, judged by their content alone: the file name and any type the client declared are
 * never consulted, so a renamed file is recognised for what it is.
 */
export async function detectAttachmentType(bytes: Buffer): Promise<DetectedType> {
  const sniffed = await fileTypeFromBuffer(bytes);
  if (sniffed) {
    const type = findAllowedType(sniffed.mime);
    if (type) return { allowed: true, type };
    return {
      allowed: false,
      description: DESCRIPTIONS[sniffed.mime] ?? `a file of type ${sniffed.mime} (.${sniffed.ext})`,
    };
  }
  const text = decodeUtf8Text(bytes);
  if (text === undefined)
    return { allowed: false, description: 'a file that is neither a known format nor UTF-8 text' };
  const markup = describeMarkup(text);
  if (markup) return { allowed: false, description: markup };
  return { allowed: true, type: TEXT };
}

function decodeUtf8Text(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

// HTML and SVG are refused for their scripts. As in the WHATWG sniffing rules, a document counts as markup
// when a tag opens it (after a byte-order mark and white space); "<3" or a later "<b>" stays plain text,
// which is harmless as long as it is served as text/plain with nosniff.
function describeMarkup(text: string): string | undefined {
  const start = text.replace(/^\uFEFF?\s*/u, '');
  if (!/^<[a-z!?/]/iu.test(start)) return undefined;
  if (/^<svg[\s>/]/iu.test(start)) return DESCRIPTIONS['image/svg+xml'];
  if (/^<\?xml[\s?]/iu.test(start)) return DESCRIPTIONS['application/xml'];
  return 'an HTML or other markup document';
}
