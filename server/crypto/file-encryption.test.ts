import { createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CHUNK_OVERHEAD_BYTES,
  DEFAULT_CHUNK_SIZE,
  decryptStream,
  encryptStream,
  type FileContext,
  FileDecryptionError,
  HEADER_BYTES,
} from './file-encryption.ts';

const key = randomBytes(32);
const context: FileContext = {
  tenantId: '3f1c6a52-8d0e-4b7a-9c1d-2e5f6a7b8c9d',
  scope: 'case',
  scopeId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  documentId: '0b1c2d3e-4f5a-4b6c-8d7e-8f9a0b1c2d3e',
  version: 1,
};
const chunkSize = 1000;
const segment = chunkSize + CHUNK_OVERHEAD_BYTES;

async function* streamOf(...pieces: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) yield piece;
}

/** Splits `data` into pieces of the given sizes, cycling through them. */
function split(data: Buffer, sizes: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  for (let offset = 0, i = 0; offset < data.length; i++) {
    const size = sizes[i % sizes.length] as number;
    pieces.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return pieces;
}

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const piece of source) out.push(piece);
  return out;
}

/** Encrypts `data` and returns the header and the chunk segments separately. */
async function encrypt(data: Buffer, options: { context?: FileContext; key?: Buffer } = {}) {
  const out = await collect(
    encryptStream(streamOf(data), options.key ?? key, options.context ?? context, { chunkSize }),
  );
  return { header: out[0] as Buffer, chunks: out.slice(1) };
}

async function decrypt(pieces: Uint8Array[], options: { context?: FileContext; key?: Buffer } = {}) {
  return Buffer.concat(
    await collect(decryptStream(streamOf(...pieces), options.key ?? key, options.context ?? context)),
  );
}

/** Runs decryption to its end, returning what it yielded before failing and the error. */
async function decryptUntilError(
  pieces: Uint8Array[],
  options: { context?: FileContext; key?: Buffer } = {},
) {
  const yielded: Buffer[] = [];
  try {
    for await (const piece of decryptStream(
      streamOf(...pieces),
      options.key ?? key,
      options.context ?? context,
    )) {
      yielded.push(piece);
    }
  } catch (error) {
    expect(error).toBeInstanceOf(FileDecryptionError);
    return { yielded: Buffer.concat(yielded), error: error as FileDecryptionError };
  }
  throw new Error('decryption succeeded but should have failed');
}

describe('encryptStream / decryptStream', () => {
  it.each([0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 3 * chunkSize, 7_777])(
    'round-trips %i bytes',
    async (length) => {
      const data = randomBytes(length);
      const { header, chunks } = await encrypt(data);
      expect(header.length).toBe(HEADER_BYTES);
      // Full chunks, then one shorter final chunk (empty when the length is a multiple of the chunk size).
      expect(chunks.length).toBe(Math.floor(length / chunkSize) + 1);
      for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBe(segment);
      expect(chunks.at(-1)?.length).toBe((length % chunkSize) + CHUNK_OVERHEAD_BYTES);
      expect((await decrypt([header, ...chunks])).equals(data)).toBe(true);
    },
  );

  it('an empty file is a header and one empty final chunk', async () => {
    const { header, chunks } = await encrypt(Buffer.alloc(0));
    expect(chunks.map((chunk) => chunk.length)).toEqual([CHUNK_OVERHEAD_BYTES]);
    expect(await decrypt([header, ...chunks])).toEqual(Buffer.alloc(0));
  });

  it('re-chunks input and ciphertext pieces of any size, down to single bytes', async () => {
    const data = randomBytes(5 * chunkSize + 123);
    const encrypted = await collect(
      encryptStream(streamOf(...split(data, [1, 7, 999, 2500, 3])), key, context, { chunkSize }),
    );
    expect(encrypted.slice(1, -1).every((chunk) => chunk.length === segment)).toBe(true);
    const ciphertext = Buffer.concat(encrypted);
    for (const sizes of [[1], [13, 1, 4096], [ciphertext.length]]) {
      expect((await decrypt(split(ciphertext, sizes))).equals(data)).toBe(true);
    }
  });

  it('accepts plain Uint8Array pieces and uses 64 KiB chunks by default', async () => {
    const data = new Uint8Array(randomBytes(DEFAULT_CHUNK_SIZE + 10));
    const encrypted = await collect(encryptStream(streamOf(data), key, context));
    expect(encrypted[0]?.readUInt32BE(5)).toBe(DEFAULT_CHUNK_SIZE);
    expect(encrypted.map((piece) => piece.length)).toEqual([
      HEADER_BYTES,
      DEFAULT_CHUNK_SIZE + CHUNK_OVERHEAD_BYTES,
      10 + CHUNK_OVERHEAD_BYTES,
    ]);
    expect(new Uint8Array(await decrypt(encrypted))).toEqual(data);
  });

  it('encrypts the same plaintext differently each time (fresh salt and nonce prefix)', async () => {
    const data = randomBytes(100);
    const first = await encrypt(data);
    const second = await encrypt(data);
    expect(first.header.equals(second.header)).toBe(false);
    expect(first.chunks[0]?.equals(second.chunks[0] as Buffer)).toBe(false);
  });

  it('writes the documented format (checked by an independent reading of the specification)', async () => {
    const data = randomBytes(2 * chunkSize + 10);
    const { header, chunks } = await encrypt(data);
    expect(header.subarray(0, 5)).toEqual(Buffer.from('TMAF\x01', 'latin1'));
    expect(header.readUInt32BE(5)).toBe(chunkSize);
    const salt = header.subarray(9, 41);
    const noncePrefix = header.subarray(41, 48);
    const field = (value: string) => {
      const bytes = Buffer.from(value, 'utf8');
      return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
    };
    const contextBytes = Buffer.concat([
      field(context.tenantId),
      field(context.scope),
      field(context.scopeId),
      field(context.documentId),
      Buffer.from([0, 0, 0, context.version]),
    ]);
    const okm = Buffer.from(
      hkdfSync('sha256', key, salt, Buffer.concat([Buffer.from('tma/file/v1\0'), contextBytes]), 64),
    );
    const tag = createHmac('sha256', okm.subarray(32)).update(header.subarray(0, 48)).update(contextBytes);
    expect(header.subarray(48)).toEqual(tag.digest());
    const plaintext = chunks.map((chunk, index) => {
      const final = index === chunks.length - 1 ? 1 : 0;
      const nonce = Buffer.concat([noncePrefix, Buffer.from([0, 0, 0, index, final])]);
      const decipher = createDecipheriv('aes-256-gcm', okm.subarray(0, 32), nonce);
      decipher.setAAD(Buffer.concat([header, contextBytes]));
      decipher.setAuthTag(chunk.subarray(chunk.length - 16));
      return Buffer.concat([decipher.update(chunk.subarray(0, chunk.length - 16)), decipher.final()]);
    });
    expect(Buffer.concat(plaintext).equals(data)).toBe(true);
  });

  it('streams: reads at most one chunk ahead of what it yields', async () => {
    let pulled = 0;
    async function* counting(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 100; i++) {
        pulled += 100;
        yield randomBytes(100);
      }
    }
    const encrypted: Buffer[] = [];
    const pulledAtEachOutput: number[] = [];
    for await (const piece of encryptStream(counting(), key, context, { chunkSize })) {
      encrypted.push(piece);
      pulledAtEachOutput.push(pulled);
    }
    // Header before any input; chunk i after exactly (i + 1) chunks of input.
    expect(pulledAtEachOutput.slice(0, 4)).toEqual([0, chunkSize, 2 * chunkSize, 3 * chunkSize]);

    let fed = 0;
    async function* feeding(): AsyncGenerator<Uint8Array> {
      for (const piece of split(Buffer.concat(encrypted), [100])) {
        fed += piece.length;
        yield piece;
      }
    }
    const fedAtEachOutput: number[] = [];
    for await (const _ of decryptStream(feeding(), key, context)) fedAtEachOutput.push(fed);
    expect(fedAtEachOutput[0]).toBeLessThanOrEqual(HEADER_BYTES + segment + 100);
    expect(fedAtEachOutput[1]).toBeLessThanOrEqual(HEADER_BYTES + 2 * segment + 100);
  });

  it('keeps no reference to a piece once it asks for the next: producers may reuse their buffer', async () => {
    /** Yields `data` through one buffer that is overwritten (with garbage first) before every piece. */
    async function* throughOneBuffer(data: Buffer, sizes: number[]): AsyncGenerator<Uint8Array> {
      const buffer = Buffer.alloc(Math.max(...sizes));
      for (const piece of split(data, sizes)) {
        buffer.fill(0xa5);
        piece.copy(buffer);
        yield buffer.subarray(0, piece.length);
      }
    }
    const data = randomBytes(6 * chunkSize + 321);
    for (const sizes of [[1], [333, 1700], [chunkSize], [2 * chunkSize + 5, 7]]) {
      const encrypted = await collect(
        encryptStream(throughOneBuffer(data, sizes), key, context, { chunkSize }),
      );
      const ciphertext = Buffer.concat(encrypted);
      expect((await decrypt([ciphertext])).equals(data)).toBe(true);
      const decrypted = await collect(decryptStream(throughOneBuffer(ciphertext, sizes), key, context));
      expect(Buffer.concat(decrypted).equals(data)).toBe(true);
    }
  });

  it('refuses a key that is not 32 bytes, a bad chunk size and an incomplete context', async () => {
    const data = streamOf(Buffer.from('x'));
    await expect(collect(encryptStream(data, randomBytes(16), context))).rejects.toThrow(TypeError);
    await expect(collect(encryptStream(data, key, context, { chunkSize: 10 }))).rejects.toThrow(RangeError);
    await expect(collect(encryptStream(data, key, { ...context, documentId: '' }))).rejects.toThrow(
      /documentId/,
    );
    await expect(collect(encryptStream(data, key, { ...context, version: 1.5 }))).rejects.toThrow(/version/);
  });
});

describe('decryptStream detects tampering', () => {
  const data = randomBytes(4 * chunkSize + 500);

  it('a wrong key, before yielding anything', async () => {
    const { header, chunks } = await encrypt(data);
    const { yielded, error } = await decryptUntilError([header, ...chunks], { key: randomBytes(32) });
    expect(error.reason).toBe('wrong-key-or-context');
    expect(yielded.length).toBe(0);
  });

  it.each<[string, Partial<FileContext>]>([
    ['tenant', { tenantId: '4f1c6a52-8d0e-4b7a-9c1d-2e5f6a7b8c9d' }],
    ['scope', { scope: 'report' }],
    ['scope id', { scopeId: '8a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' }],
    ['document', { documentId: '1b1c2d3e-4f5a-4b6c-8d7e-8f9a0b1c2d3e' }],
    ['version', { version: 2 }],
  ])('another %s in the context', async (_, change) => {
    const { header, chunks } = await encrypt(data);
    const { error } = await decryptUntilError([header, ...chunks], { context: { ...context, ...change } });
    expect(error.reason).toBe('wrong-key-or-context');
    expect(error.message).toMatch(/wrong data key, another document, version or tenant/);
  });

  it('context fields that only differ in where one ends and the next begins', async () => {
    const { header, chunks } = await encrypt(data, { context: { ...context, scope: 'case', scopeId: 'ab' } });
    const { error } = await decryptUntilError([header, ...chunks], {
      context: { ...context, scope: 'casea', scopeId: 'b' },
    });
    expect(error.reason).toBe('wrong-key-or-context');
  });

  it('a final chunk missing (truncated at a chunk boundary)', async () => {
    const { header, chunks } = await encrypt(data);
    const { yielded, error } = await decryptUntilError([header, ...chunks.slice(0, -1)]);
    expect(error.reason).toBe('truncated');
    expect(error.message).toMatch(/without its final chunk/);
    expect(yielded.equals(data.subarray(0, 4 * chunkSize))).toBe(true);
  });

  it('a file cut inside a chunk, and inside the header', async () => {
    const { header, chunks } = await encrypt(data);
    const whole = Buffer.concat([header, ...chunks]);
    const cutAt = async (length: number) => (await decryptUntilError([whole.subarray(0, length)])).error;
    // Fewer bytes left than a chunk's tag: plainly cut short.
    expect((await cutAt(HEADER_BYTES + segment + 5)).reason).toBe('truncated');
    // Enough bytes left to be a final chunk, but they were not written as one.
    expect((await cutAt(HEADER_BYTES + 2 * segment + 500)).reason).toBe('chunk-authentication');
    expect((await cutAt(whole.length - 1)).reason).toBe('chunk-authentication');
    expect((await cutAt(40)).reason).toBe('malformed-header');
    expect((await decryptUntilError([])).error.reason).toBe('malformed-header');
  });

  it('reordered chunks, yielding nothing from the first bad chunk on', async () => {
    const { header, chunks } = await encrypt(data);
    const [c0, c1, c2, c3, c4] = chunks as [Buffer, Buffer, Buffer, Buffer, Buffer];
    const { yielded, error } = await decryptUntilError([header, c0, c2, c1, c3, c4]);
    expect(error.reason).toBe('chunk-authentication');
    expect(error.chunkIndex).toBe(1);
    expect(yielded.equals(data.subarray(0, chunkSize))).toBe(true);
  });

  it('a duplicated chunk', async () => {
    const { header, chunks } = await encrypt(data);
    const { error } = await decryptUntilError([header, chunks[0] as Buffer, ...chunks]);
    expect(error.reason).toBe('chunk-authentication');
    expect(error.chunkIndex).toBe(1);
  });

  it('a chunk swapped in from another file with the same key and context', async () => {
    const mine = await encrypt(data);
    const other = await encrypt(data);
    const chunks = [...mine.chunks];
    chunks[2] = other.chunks[2] as Buffer;
    const { error } = await decryptUntilError([mine.header, ...chunks]);
    expect(error.reason).toBe('chunk-authentication');
    expect(error.chunkIndex).toBe(2);
  });

  it("another file's header in front of this file's chunks", async () => {
    const mine = await encrypt(data);
    const other = await encrypt(data);
    const { yielded, error } = await decryptUntilError([other.header, ...mine.chunks]);
    expect(error.reason).toBe('chunk-authentication');
    expect(error.chunkIndex).toBe(0);
    expect(yielded.length).toBe(0);
  });

  it('data after the final chunk', async () => {
    const { header, chunks } = await encrypt(data);
    const extra = await encrypt(randomBytes(3 * chunkSize));
    for (const tail of [Buffer.from([0]), randomBytes(segment), extra.chunks[0] as Buffer]) {
      const { error } = await decryptUntilError([header, ...chunks, tail]);
      expect(error.reason).toBe('chunk-authentication');
      expect(error.chunkIndex).toBe(4);
    }
    // A second final chunk from the same file cannot be appended either.
    const { error } = await decryptUntilError([header, ...chunks, chunks.at(-1) as Buffer]);
    expect(error.reason).toBe('chunk-authentication');
  });

  it('a final chunk moved forward to end the file early', async () => {
    const { header, chunks } = await encrypt(data);
    const { error } = await decryptUntilError([header, chunks[0] as Buffer, chunks.at(-1) as Buffer]);
    expect(error.reason).toBe('chunk-authentication');
  });

  it('a flipped bit anywhere in a chunk or the header', async () => {
    const { header, chunks } = await encrypt(data);
    const whole = Buffer.concat([header, ...chunks]);
    for (const position of [HEADER_BYTES + 3, HEADER_BYTES + segment - 1, whole.length - 20, 20, 70]) {
      const altered = Buffer.from(whole);
      altered[position] = (altered[position] as number) ^ 0x01;
      const { error } = await decryptUntilError([altered]);
      expect(position < HEADER_BYTES ? 'wrong-key-or-context' : 'chunk-authentication').toBe(error.reason);
    }
  });

  it('header fields: magic, format version, an out-of-range or altered chunk size', async () => {
    const { header, chunks } = await encrypt(data);
    const withHeader = (change: (copy: Buffer) => void) => {
      const copy = Buffer.from(header);
      change(copy);
      return decryptUntilError([copy, ...chunks]);
    };
    expect((await withHeader((h) => h.write('XXXX', 0))).error.message).toMatch(/not a TMA encrypted file/);
    expect((await withHeader((h) => h.writeUInt8(2, 4))).error.message).toMatch(/format version 2/);
    expect((await withHeader((h) => h.writeUInt32BE(2 ** 31, 5))).error.message).toMatch(/out of range/);
    expect((await withHeader((h) => h.writeUInt32BE(500, 5))).error.reason).toBe('wrong-key-or-context');
  });
});
