import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { releaseBuffer } from '../release-buffer.ts';

// Streaming file encryption after the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015), as
// in age and Tink's streaming AEAD. Layout:
//
//   header  = magic "TMAF" (4) || format 0x01 (1) || plaintext chunk size, uint32 BE (4)
//             || salt (32) || nonce prefix (7) || header tag (32)                            = 80 bytes
//   chunk i = AES-256-GCM(fileKey, nonce_i, plaintext_i, aad) || GCM tag (16)
//
//   fileKey || headerKey = HKDF-SHA256(data key, salt, "tma/file/v1" || canonical context), 64 bytes
//   header tag = HMAC-SHA256(headerKey, header fields || canonical context)
//   nonce_i    = nonce prefix (7) || i as uint32 BE (4) || 0x01 for the final chunk, else 0x00 (1)
//   aad        = header (80) || canonical context
//
// Every chunk but the last holds exactly `chunk size` plaintext bytes; the final chunk holds 0 to
// chunk size − 1 (a file whose length is a multiple of the chunk size ends with an empty final chunk), so
// a reader knows a chunk is final from its length alone and needs no look-ahead. The counter and the final
// flag in the nonce catch reordering, duplication and truncation; the per-file key (fresh salt) and the
// associated data catch chunks and headers moved between files; the header tag, checked before any chunk,
// tells a wrong key or context apart from a damaged chunk and commits the header to the key.

const MAGIC = Buffer.from('TMAF', 'ascii');
const FORMAT_VERSION = 0x01;
const SALT_BYTES = 32;
const NONCE_PREFIX_BYTES = 7;
const HEADER_TAG_BYTES = 32;
const HEADER_FIELDS_BYTES = MAGIC.length + 1 + 4 + SALT_BYTES + NONCE_PREFIX_BYTES;
/** Length of the header that starts every encrypted file. */
export const HEADER_BYTES = HEADER_FIELDS_BYTES + HEADER_TAG_BYTES;
/** Bytes each chunk adds to its plaintext (the GCM tag). */
export const CHUNK_OVERHEAD_BYTES = 16;
export const DEFAULT_CHUNK_SIZE = 64 * 1024;
export const MIN_CHUNK_SIZE = 64;
/** Caps what a reader allocates for one chunk, whatever a (forged) header claims. */
export const MAX_CHUNK_SIZE = 16 * 1024 * 1024;
const MAX_CHUNKS = 2 ** 32;
const KEY_BYTES = 32;
const MAX_CONTEXT_FIELD_BYTES = 200;
const INFO_LABEL = Buffer.from('tma/file/v1\0', 'ascii');

/** What an encrypted file belongs to; decryption with any other context fails. */
export interface FileContext {
  tenantId: string;
  /** The kind of object whose data key encrypts the file, e.g. `case` or `report`. */
  scope: string;
  scopeId: string;
  documentId: string;
  version: number;
}

export type FileDecryptionReason =
  /** Not a TMA encrypted file, an unknown format version, or a header cut short. */
  | 'malformed-header'
  /** The header does not verify: wrong data key, another file's context, or an altered header. */
  | 'wrong-key-or-context'
  /** A chunk does not verify: altered, reordered, duplicated, from another file, or extra data appended. */
  | 'chunk-authentication'
  /** The stream ended before the final chunk. */
  | 'truncated';

/** An encrypted file could not be decrypted; nothing after the failing chunk has been returned. */
export class FileDecryptionError extends Error {
  override name = 'FileDecryptionError';
  readonly reason: FileDecryptionReason;
  /** Index of the failing chunk, when the failure concerns one. */
  readonly chunkIndex: number | undefined;

  constructor(reason: FileDecryptionReason, message: string, chunkIndex?: number) {
    super(message);
    this.reason = reason;
    this.chunkIndex = chunkIndex;
  }
}

/**
 * Encrypts a stream of any-sized pieces into an encrypted file: the header, then one buffer per chunk.
 * Holds at most one chunk of plaintext beyond the piece being read, and keeps no reference to a piece
 * once it asks for the next one, so a producer may reuse or free it then. Every buffer it yields is the
 * consumer's own, to keep or to free (releaseBuffer) once written.
 */
export async function* encryptStream(
  source: AsyncIterable<Uint8Array>,
  key: Buffer,
  context: FileContext,
  options: { chunkSize?: number } = {},
): AsyncGenerator<Buffer> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw new RangeError(`chunkSize must be an integer from ${MIN_CHUNK_SIZE} to ${MAX_CHUNK_SIZE}`);
  }
  const contextBytes = encodeContext(context);
  checkKey(key);
  const fields = Buffer.alloc(HEADER_FIELDS_BYTES);
  MAGIC.copy(fields, 0);
  fields[MAGIC.length] = FORMAT_VERSION;
  fields.writeUInt32BE(chunkSize, MAGIC.length + 1);
  randomBytes(SALT_BYTES + NONCE_PREFIX_BYTES).copy(fields, MAGIC.length + 5);
  const keys = deriveKeys(key, fields, contextBytes);
  const header = Buffer.concat([fields, headerTag(keys.headerKey, fields, contextBytes)]);
  const aad = Buffer.concat([header, contextBytes]);
  const noncePrefix = fields.subarray(HEADER_FIELDS_BYTES - NONCE_PREFIX_BYTES);
  yield header;

  const runs = new RunCutter(chunkSize);
  let index = 0;
  for await (const piece of source) {
    for (const plaintext of runs.cut(piece)) {
      yield sealChunk(keys.fileKey, noncePrefix, index, false, aad, plaintext);
      index = nextIndex(index);
    }
  }
  yield sealChunk(keys.fileKey, noncePrefix, index, true, aad, runs.rest());
}

/**
 * Decrypts what encryptStream produced with the same key and context, yielding plaintext chunk by chunk
 * once each has verified. Throws FileDecryptionError on any mismatch; a consumer must treat the output as
 * complete only when the generator finishes without error. Like encryptStream, it keeps no reference to
 * a piece of `source` once it asks for the next one, and every buffer it yields is the consumer's.
 */
export async function* decryptStream(
  source: AsyncIterable<Uint8Array>,
  key: Buffer,
  context: FileContext,
): AsyncGenerator<Buffer> {
  const contextBytes = encodeContext(context);
  checkKey(key);
  const header = Buffer.alloc(HEADER_BYTES);
  let headerBytes = 0;
  let opened: { fileKey: KeyObject; noncePrefix: Buffer; aad: Buffer; segments: RunCutter } | undefined;
  let index = 0;
  for await (const piece of source) {
    checkPiece(piece);
    let rest = piece;
    if (!opened) {
      const taken = Math.min(HEADER_BYTES - headerBytes, rest.length);
      header.set(rest.subarray(0, taken), headerBytes);
      headerBytes += taken;
      rest = rest.subarray(taken);
      if (headerBytes < HEADER_BYTES) continue;
      opened = openHeader(header, key, contextBytes);
    }
    // A full-length segment is never the final chunk, so it can be opened as soon as it is complete.
    for (const segment of opened.segments.cut(rest)) {
      const plaintext = openChunk(opened, index, false, segment);
      index = nextIndex(index, true);
      yield plaintext;
    }
  }
  if (!opened) {
    throw new FileDecryptionError(
      'malformed-header',
      headerBytes === 0 ? 'the encrypted file is empty' : 'the encrypted file ends inside its header',
    );
  }
  const last = opened.segments.rest();
  if (last.length < CHUNK_OVERHEAD_BYTES) {
    throw new FileDecryptionError(
      'truncated',
      last.length === 0
        ? `the encrypted file ends after chunk ${index - 1} without its final chunk (truncated)`
        : `the encrypted file ends inside chunk ${index} (truncated)`,
      index,
    );
  }
  const plaintext = openChunk(opened, index, true, last);
  if (plaintext.length > 0) yield plaintext;
}

function checkPiece(piece: unknown): asserts piece is Uint8Array {
  if (!(piece instanceof Uint8Array)) throw new TypeError('stream pieces must be Uint8Array or Buffer');
}

function checkKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new TypeError(`the data key must be a ${KEY_BYTES}-byte Buffer`);
  }
}

/** Length-prefixed fields, so that no two different contexts share an encoding. */
function encodeContext(context: FileContext): Buffer {
  const parts: Buffer[] = [];
  for (const name of ['tenantId', 'scope', 'scopeId', 'documentId'] as const) {
    const value = context[name];
    if (typeof value !== 'string' || value.length === 0) {
      throw new TypeError(`file context ${name} must be a non-empty string`);
    }
    const bytes = Buffer.from(value, 'utf8');
    if (bytes.length > MAX_CONTEXT_FIELD_BYTES) {
      throw new TypeError(`file context ${name} is longer than ${MAX_CONTEXT_FIELD_BYTES} bytes`);
    }
    const length = Buffer.alloc(2);
    length.writeUInt16BE(bytes.length);
    parts.push(length, bytes);
  }
  if (!Number.isInteger(context.version) || context.version < 0 || context.version > 0xffffffff) {
    throw new TypeError('file context version must be an integer from 0 to 2^32 − 1');
  }
  const version = Buffer.alloc(4);
  version.writeUInt32BE(context.version);
  parts.push(version);
  return Buffer.concat(parts);
}

function deriveKeys(
  key: Buffer,
  fields: Buffer,
  contextBytes: Buffer,
): { fileKey: KeyObject; headerKey: Buffer } {
  const salt = fields.subarray(MAGIC.length + 5, MAGIC.length + 5 + SALT_BYTES);
  const info = Buffer.concat([INFO_LABEL, contextBytes]);
  const okm = Buffer.from(hkdfSync('sha256', key, salt, info, 2 * KEY_BYTES));
  // One key object per file: a raw key given to every chunk's cipher would be imported again each time.
  return { fileKey: createSecretKey(okm.subarray(0, KEY_BYTES)), headerKey: okm.subarray(KEY_BYTES) };
}

function headerTag(headerKey: Buffer, fields: Buffer, contextBytes: Buffer): Buffer {
  return createHmac('sha256', headerKey).update(fields).update(contextBytes).digest();
}

function openHeader(header: Buffer, key: Buffer, contextBytes: Buffer) {
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new FileDecryptionError('malformed-header', 'not a TMA encrypted file (unknown magic bytes)');
  }
  const format = header[MAGIC.length];
  if (format !== FORMAT_VERSION) {
    throw new FileDecryptionError('malformed-header', `unsupported encrypted file format version ${format}`);
  }
  const chunkSize = header.readUInt32BE(MAGIC.length + 1);
  if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw new FileDecryptionError('malformed-header', `the header's chunk size ${chunkSize} is out of range`);
  }
  const fields = header.subarray(0, HEADER_FIELDS_BYTES);
  const keys = deriveKeys(key, fields, contextBytes);
  if (
    !timingSafeEqual(headerTag(keys.headerKey, fields, contextBytes), header.subarray(HEADER_FIELDS_BYTES))
  ) {
    throw new FileDecryptionError(
      'wrong-key-or-context',
      'the file header does not verify: wrong data key, another document, version or tenant, or an altered header',
    );
  }
  return {
    fileKey: keys.fileKey,
    noncePrefix: fields.subarray(HEADER_FIELDS_BYTES - NONCE_PREFIX_BYTES),
    aad: Buffer.concat([header, contextBytes]),
    segments: new RunCutter(chunkSize + CHUNK_OVERHEAD_BYTES),
  };
}

function chunkNonce(noncePrefix: Buffer, index: number, final: boolean): Buffer {
  const nonce = Buffer.alloc(NONCE_PREFIX_BYTES + 5);
  noncePrefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, NONCE_PREFIX_BYTES);
  nonce[NONCE_PREFIX_BYTES + 4] = final ? 1 : 0;
  return nonce;
}

function sealChunk(
  fileKey: KeyObject,
  noncePrefix: Buffer,
  index: number,
  final: boolean,
  aad: Buffer,
  plaintext: Uint8Array,
): Buffer {
  const cipher = createCipheriv('aes-256-gcm', fileKey, chunkNonce(noncePrefix, index, final));
  cipher.setAAD(aad);
  const out = Buffer.allocUnsafe(plaintext.length + CHUNK_OVERHEAD_BYTES);
  const body = cipher.update(plaintext);
  body.copy(out, 0);
  releaseBuffer(body);
  const rest = cipher.final();
  rest.copy(out, body.length);
  cipher.getAuthTag().copy(out, plaintext.length);
  return out;
}

function openChunk(
  file: { fileKey: KeyObject; noncePrefix: Buffer; aad: Buffer },
  index: number,
  final: boolean,
  segment: Uint8Array,
): Buffer {
  const bodyLength = segment.length - CHUNK_OVERHEAD_BYTES;
  const decipher = createDecipheriv('aes-256-gcm', file.fileKey, chunkNonce(file.noncePrefix, index, final));
  decipher.setAAD(file.aad);
  decipher.setAuthTag(segment.subarray(bodyLength));
  const plaintext = decipher.update(segment.subarray(0, bodyLength));
  try {
    decipher.final();
  } catch {
    throw new FileDecryptionError(
      'chunk-authentication',
      `chunk ${index} does not verify: the file was altered, truncated, extended or reordered, ` +
        'or the chunk belongs to another file',
      index,
    );
  }
  return plaintext;
}

function nextIndex(index: number, reading = false): number {
  if (index + 1 >= MAX_CHUNKS) {
    if (reading) {
      throw new FileDecryptionError(
        'chunk-authentication',
        'the file has more chunks than the format allows',
      );
    }
    throw new RangeError('the file is too large for its chunk size');
  }
  return index + 1;
}

/**
 * Cuts a stream of pieces into runs of exactly `size` bytes without keeping a reference to a piece once
 * it is cut: a run within one piece is a view into it; a run that spans pieces, and the remainder of each
 * piece, are gathered in one carry buffer, which is reused. A run is valid only until the next cut.
 */
class RunCutter {
  readonly #size: number;
  readonly #carry: Buffer;
  #carried = 0;

  constructor(size: number) {
    this.#size = size;
    this.#carry = Buffer.allocUnsafe(size);
  }

  *cut(piece: Uint8Array): Generator<Uint8Array> {
    checkPiece(piece);
    let offset = 0;
    if (this.#carried > 0) {
      offset = Math.min(this.#size - this.#carried, piece.length);
      this.#carry.set(piece.subarray(0, offset), this.#carried);
      this.#carried += offset;
      if (this.#carried < this.#size) return;
      this.#carried = 0;
      yield this.#carry;
    }
    for (; piece.length - offset >= this.#size; offset += this.#size) {
      yield piece.subarray(offset, offset + this.#size);
    }
    this.#carry.set(piece.subarray(offset), 0);
    this.#carried = piece.length - offset;
  }

  /** The bytes cut so far that make no whole run (fewer than `size`). */
  rest(): Uint8Array {
    return this.#carry.subarray(0, this.#carried);
  }
}
