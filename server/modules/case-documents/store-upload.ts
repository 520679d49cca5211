import { randomUUID } from 'node:crypto';
import type { ScopeCipher } from '../../crypto/keyring.ts';
import { Invalid } from '../../errors.ts';
import { findAllowedType, isImageType } from '../attachments/allowed-types.ts';
import { cleanPdf, UnusablePdf } from '../attachments/clean-pdf.ts';
import { reencodeImage } from '../attachments/reencode-image.ts';
import { DEFAULT_MAX_ATTACHMENT_PIXELS } from '../attachments/sanitize.ts';
import type { BlobStore } from '../documents/blob-store.ts';
import type { DocumentType } from '../documents/document-types.ts';
import { checkDocumentStream, safeDocumentFileName } from '../documents/sniff-document.ts';
import { type DocumentVariant, documentFileContext } from './fields.ts';

// An upload on its way into the blob store, outside any transaction: sniffed against the allow-list,
// cleaned where its type can carry hidden content (PDFs, images), encrypted with the case's key as it
// streams. Types that are not cleaned never sit in memory whole; cleaned ones are read in, up to a limit.

export interface DocumentLimits {
  /** The largest file accepted. */
  maxBytes: number;
  /** The largest PDF or image that is cleaned (in memory); larger ones are refused. */
  cleanMaxBytes: number;
  /** Pixels of an image, all frames together. */
  maxPixels: number;
}

/** 2 GiB per file; PDFs and images up to 100 MiB (they are cleaned in memory). */
export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = {
  maxBytes: 2 * 1024 ** 3,
  cleanMaxBytes: 100 * 1024 ** 2,
  maxPixels: DEFAULT_MAX_ATTACHMENT_PIXELS,
};

export interface IncomingFile {
  fileName: string;
  content: AsyncIterable<Buffer>;
}

export interface StoredUpload {
  versionId: string;
  blobId: string;
  byteLength: number;
  original: { blobId: string; byteLength: number } | null;
  fileName: string;
  type: DocumentType;
  cleaned: Record<string, number>;
}

const formatMiB = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;

/**
 * Checks, cleans, encrypts and stores an upload as a new version's content (and its original when
 * `keepOriginal` and cleaning changed anything). Nothing stays behind when it throws.
 */
export async function storeUpload(
  blobStore: BlobStore,
  at: { tenantId: string; caseId: string },
  cipher: ScopeCipher,
  file: IncomingFile,
  options: { limits: DocumentLimits; keepOriginal: boolean },
): Promise<StoredUpload> {
  const { limits } = options;
  const checked = await checkDocumentStream(file.content, file.fileName, { maxBytes: limits.maxBytes });
  const versionId = randomUUID();
  const fileName = safeDocumentFileName(file.fileName, checked.type.extension);
  const put = async (variant: DocumentVariant, content: AsyncIterable<Buffer>) => {
    const blobId = randomUUID();
    const counted = countBytes(content);
    const context = documentFileContext({ ...at, versionId }, variant);
    await blobStore.put(at.tenantId, blobId, cipher.encryptStream(counted, context));
    return { blobId, byteLength: counted.count() };
  };

  if (checked.type.kind !== 'pdf' && checked.type.kind !== 'image') {
    const stored = await put('content', checked.content);
    return { versionId, ...stored, original: null, fileName, type: checked.type, cleaned: {} };
  }

  const upload = await readWhole(checked.content, limits.cleanMaxBytes);
  const cleaned = await cleanDocument(upload, checked.type, limits.maxPixels);
  const content = await put('content', once(cleaned.bytes));
  if (!options.keepOriginal)
    return { versionId, ...content, original: null, fileName, type: checked.type, cleaned: cleaned.removed };
  try {
    const original = await put('original', once(upload));
    return { versionId, ...content, original, fileName, type: checked.type, cleaned: cleaned.removed };
  } catch (error) {
    await blobStore.delete(at.tenantId, content.blobId).catch(() => {});
    throw error;
  }
}

/** The blobs of an upload whose rows were never written. */
export async function discardUpload(blobStore: BlobStore, tenantId: string, stored: StoredUpload) {
  const blobIds = stored.original ? [stored.blobId, stored.original.blobId] : [stored.blobId];
  await Promise.allSettled(blobIds.map((blobId) => blobStore.delete(tenantId, blobId)));
}

async function cleanDocument(
  bytes: Buffer,
  type: DocumentType,
  maxPixels: number,
): Promise<{ bytes: Buffer; removed: Record<string, number> }> {
  if (type.kind === 'pdf') {
    try {
      const cleaned = await cleanPdf(bytes);
      return { bytes: cleaned.bytes, removed: countsOf(cleaned.removed) };
    } catch (error) {
      throw asDocumentError(error);
    }
  }
  const imageType = findAllowedType(type.contentType);
  if (!imageType || !isImageType(imageType)) throw new TypeError(`no image type for ${type.contentType}`);
  const image = await reencodeImage(bytes, imageType, maxPixels);
  if (image.ok) return { bytes: image.bytes, removed: { reencoded: 1 } };
  if (image.problem === 'too_many_pixels')
    throw new Invalid(
      'document_image_too_large',
      `The image has ${Math.round(image.pixels / 100_000) / 10} megapixels; at most ${Math.round(maxPixels / 100_000) / 10} are accepted.`,
    );
  throw new Invalid(
    'document_unreadable',
    `The file starts like a ${type.label} but cannot be read: it may be damaged or incomplete.`,
  );
}

function asDocumentError(error: unknown): unknown {
  if (!(error instanceof UnusablePdf)) return error;
  if (error.problem === 'encrypted')
    return new Invalid(
      'document_encrypted',
      'The PDF document is password-protected: upload it without the password protection.',
    );
  return new Invalid(
    'document_unreadable',
    'The PDF document cannot be read: it may be damaged or incomplete.',
  );
}

function countsOf(removed: object): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [kind, count] of Object.entries(removed))
    if (typeof count === 'number' && count > 0) counts[kind] = count;
  return counts;
}

async function readWhole(content: AsyncIterable<Buffer>, maxBytes: number): Promise<Buffer> {
  const pieces: Buffer[] = [];
  let total = 0;
  for await (const piece of content) {
    total += piece.length;
    if (total > maxBytes)
      throw new Invalid(
        'document_too_large_to_clean',
        `PDFs and images are cleaned of hidden content before they are stored, up to ${formatMiB(maxBytes)}; this file is larger. Split or compress it.`,
      );
    pieces.push(piece);
  }
  return Buffer.concat(pieces, total);
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

function countBytes(source: AsyncIterable<Buffer>): AsyncIterable<Buffer> & { count(): number } {
  let count = 0;
  return {
    count: () => count,
    async *[Symbol.asyncIterator]() {
      for await (const piece of source) {
        count += piece.length;
        yield piece;
      }
    },
  };
}
