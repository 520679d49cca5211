import { Invalid } from '../../errors.ts';
import { ALLOWED_ATTACHMENT_TYPES, type AllowedAttachmentType, isImageType } from './allowed-types.ts';
import { cleanPdf, UnusablePdf } from './clean-pdf.ts';
import { detectAttachmentType } from './detect-type.ts';
import { safeFileName } from './file-name.ts';
import { reencodeImage } from './reencode-image.ts';

export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Covers the 48- and 50-megapixel photos of current phones; an RGB image this size decodes to ~190 MB. */
export const DEFAULT_MAX_ATTACHMENT_PIXELS = 64_000_000;

export const ATTACHMENT_ERROR_CODES = {
  empty: 'attachment_empty',
  tooLarge: 'attachment_too_large',
  typeNotAllowed: 'attachment_type_not_allowed',
  /** It is of an allowed type by its first bytes, but damaged, cut short, or not what those bytes claim. */
  unreadable: 'attachment_unreadable',
  imageTooLarge: 'attachment_image_too_large',
  /** A password-protected PDF. */
  encrypted: 'attachment_encrypted',
} as const;
export type AttachmentErrorCode = (typeof ATTACHMENT_ERROR_CODES)[keyof typeof ATTACHMENT_ERROR_CODES];

export interface AttachmentLimits {
  maxBytes: number;
  /** Pixels of an image, all frames of an animation together (default {@link DEFAULT_MAX_ATTACHMENT_PIXELS}). */
  maxPixels?: number;
}

export interface SanitizedAttachment {
  bytes: Buffer;
  /** From the content, never from the name or a client-declared type. */
  contentType: string;
  /** A safe display name ending in the canonical extension of `contentType`. */
  fileName: string;
  byteLength: number;
}

/**
 * Checks an uploaded attachment and cleans it before it is stored. The type is sniffed from the bytes and
 * must be on the allow-list. Images are decoded and encoded again, upright and with all metadata removed.
 * Text must be valid UTF-8 and not open with markup. PDFs are rewritten without their metadata (author,
 * producer, dates, XMP), scripts and other actions, embedded files and unused objects, and without the EXIF
 * of their JPEG images; password-protected ones are refused. See {@link cleanPdf}.
 */
export async function sanitizeAttachment(
  input: { bytes: Buffer; fileName: string },
  limits: AttachmentLimits = { maxBytes: DEFAULT_MAX_ATTACHMENT_BYTES },
): Promise<SanitizedAttachment> {
  const { bytes } = input;
  if (bytes.length === 0) throw new Invalid(ATTACHMENT_ERROR_CODES.empty, 'The file is empty.');
  if (bytes.length > limits.maxBytes)
    throw new Invalid(
      ATTACHMENT_ERROR_CODES.tooLarge,
      `The file is ${formatBytes(bytes.length)}; attachments may be at most ${formatBytes(limits.maxBytes)}.`,
    );

  const detected = await detectAttachmentType(bytes);
  if (!detected.allowed)
    throw new Invalid(
      ATTACHMENT_ERROR_CODES.typeNotAllowed,
      `This file cannot be attached: it is ${detected.description}. Allowed are ${allowedTypesInWords()}.`,
    );

  const cleaned = await clean(bytes, detected.type, limits.maxPixels ?? DEFAULT_MAX_ATTACHMENT_PIXELS);
  return {
    bytes: cleaned,
    contentType: detected.type.contentType,
    fileName: safeFileName(input.fileName, detected.type.extension),
    byteLength: cleaned.length,
  };
}

async function clean(bytes: Buffer, type: AllowedAttachmentType, maxPixels: number): Promise<Buffer> {
  if (isImageType(type)) {
    const image = await reencodeImage(bytes, type, maxPixels);
    if (image.ok) return image.bytes;
    if (image.problem === 'too_many_pixels')
      throw new Invalid(
        ATTACHMENT_ERROR_CODES.imageTooLarge,
        `The image has ${formatMegapixels(image.pixels)}; at most ${formatMegapixels(maxPixels)} are accepted.`,
      );
    throw unreadable(type);
  }
  if (type.contentType === 'application/pdf') return (await cleanAttachedPdf(bytes, type)).bytes;
  return bytes;
}

async function cleanAttachedPdf(bytes: Buffer, type: AllowedAttachmentType) {
  try {
    return await cleanPdf(bytes);
  } catch (error) {
    if (!(error instanceof UnusablePdf)) throw error;
    if (error.problem === 'encrypted')
      throw new Invalid(
        ATTACHMENT_ERROR_CODES.encrypted,
        'The PDF document is password-protected: attach it without the password protection.',
      );
    throw unreadable(type);
  }
}

function unreadable(type: AllowedAttachmentType): Invalid {
  return new Invalid(
    ATTACHMENT_ERROR_CODES.unreadable,
    `The file starts like a ${type.label} but cannot be read: it may be damaged or incomplete.`,
  );
}

function allowedTypesInWords(): string {
  const labels = ALLOWED_ATTACHMENT_TYPES.map((type) => `${type.label}s`);
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trimDecimal(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${trimDecimal(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

function formatMegapixels(pixels: number): string {
  return pixels >= 100_000 ? `${trimDecimal(pixels / 1_000_000)} megapixels` : `${pixels} pixels`;
}

function trimDecimal(value: number): string {
  return value.toFixed(1).replace(/\.0$/u, '');
}
