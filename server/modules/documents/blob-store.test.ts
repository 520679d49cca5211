import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { decryptStream, encryptStream, type FileContext } from '../../crypto/file-encryption.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { type BlobStore, createBlobStore } from './blob-store.ts';
import { createFilesystemBlobStore } from './filesystem-blob-store.ts';
import { createPostgresBlobStore } from './postgres-blob-store.ts';

interface Fixture {
  store: BlobStore;
  tenantA: string;
  tenantB: string;
  /** Everything the store keeps for a tenant (rows or files, finished or not). */
  leftovers(tenantId: string): Promise<number>;
}

const key = randomBytes(32);

/** Hands the store copies: it takes its pieces over and frees them once stored. */
async function* streamOf(...pieces: Buffer[]): AsyncGenerator<Buffer> {
  for (const piece of pieces) yield Buffer.from(piece);
}

/** Copies each piece: a store's piece is valid only until the next one is requested. */
async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of source) pieces.push(Buffer.from(piece));
  return Buffer.concat(pieces);
}

function contextFor(tenantId: string, documentId: string): FileContext {
  return { tenantId, scope: 'case', scopeId: randomUUID(), documentId, version: 1 };
}

/** Fails fast (instead of at the test timeout) if a store call waits on something that never comes. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within 5 s`)), 5000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A source that yields `before` pieces, then waits until released, then yields the rest or throws. */
function gatedSource(pieces: Buffer[], before: number) {
  let release!: (outcome: Error | undefined) => void;
  const gate = new Promise<Error | undefined>((resolve) => {
    release = resolve;
  });
  let reachedGate!: () => void;
  const atGate = new Promise<void>((resolve) => {
    reachedGate = resolve;
  });
  async function* source(): AsyncGenerator<Buffer> {
    yield* streamOf(...pieces.slice(0, before));
    reachedGate();
    const failure = await gate;
    if (failure) throw failure;
    yield* streamOf(...pieces.slice(before));
  }
  return { source: source(), atGate, release };
}

/** What every BlobStore must do, whatever keeps the bytes. */
function blobStoreContract(fixture: () => Fixture) {
  it('round-trips a multi-chunk encrypted stream', async () => {
    const { store, tenantA } = fixture();
    const blobId = randomUUID();
    const context = contextFor(tenantA, blobId);
    const data = randomBytes(150_000);
    const pieces = [data.subarray(0, 1), data.subarray(1, 70_000), data.subarray(70_000)];
    const ciphertext = await collect(encryptStream(streamOf(...pieces), key, context, { chunkSize: 4096 }));

    const encrypted = encryptStream(streamOf(...pieces), key, context, { chunkSize: 4096 });
    const { bytes } = await store.put(tenantA, blobId, encrypted);
    expect(bytes).toBe(ciphertext.length);
    const stored = await collect(store.get(tenantA, blobId));
    expect(stored.length).toBe(ciphertext.length);
    expect((await collect(decryptStream(store.get(tenantA, blobId), key, context))).equals(data)).toBe(true);
    // Reading twice gives the same bytes: blobs are immutable.
    expect((await collect(store.get(tenantA, blobId))).equals(stored)).toBe(true);
  });

  it('frees each piece it takes over once stored, and reads correctly however fast pieces are consumed', async () => {
    const { store, tenantA } = fixture();
    const blobId = randomUUID();
    const handedOver = [randomBytes(100_000), randomBytes(300_000)];
    const expected = Buffer.concat(handedOver);
    await store.put(
      tenantA,
      blobId,
      (async function* () {
        yield* handedOver;
      })(),
    );
    // Freed at once rather than at V8's next collection (the memory target of a 1 GiB stream).
    expect(handedOver.map((piece) => piece.byteLength)).toEqual([0, 0]);
    // decryptStream-like consumption: each piece is used before the next is requested.
    const digest = createHash('sha256');
    for await (const piece of store.get(tenantA, blobId)) digest.update(piece);
    expect(digest.digest('hex')).toBe(createHash('sha256').update(expected).digest('hex'));
  });

  it('stores an empty stream as an empty blob', async () => {
    const { store, tenantA } = fixture();
    const blobId = randomUUID();
    expect(await store.put(tenantA, blobId, streamOf())).toEqual({ bytes: 0 });
    expect((await collect(store.get(tenantA, blobId))).length).toBe(0);
  });

  it('throws NotFound for a blob that does not exist or whose id is not a UUID', async () => {
    const { store, tenantA } = fixture();
    await expect(collect(store.get(tenantA, randomUUID()))).rejects.toBeInstanceOf(NotFound);
    await expect(collect(store.get(tenantA, '../../etc/passwd'))).rejects.toBeInstanceOf(NotFound);
    await expect(store.put(tenantA, '../escape', streamOf(Buffer.from('x')))).rejects.toBeInstanceOf(Invalid);
  });

  it("keeps tenants apart: A cannot read or delete B's blob, and may use the same id for its own", async () => {
    const { store, tenantA, tenantB } = fixture();
    const blobId = randomUUID();
    const secret = randomBytes(10_000);
    await store.put(tenantB, blobId, streamOf(secret));
    await expect(collect(store.get(tenantA, blobId))).rejects.toBeInstanceOf(NotFound);
    await store.delete(tenantA, blobId);
    expect((await collect(store.get(tenantB, blobId))).equals(secret)).toBe(true);

    const mine = randomBytes(500);
    await store.put(tenantA, blobId, streamOf(mine));
    expect((await collect(store.get(tenantA, blobId))).equals(mine)).toBe(true);
    expect((await collect(store.get(tenantB, blobId))).equals(secret)).toBe(true);
  });

  it('leaves nothing readable, and nothing behind, when the source fails midway', async () => {
    const { store, tenantA, leftovers } = fixture();
    const before = await leftovers(tenantA);
    const blobId = randomUUID();
    const failure = new Error('upload connection reset');
    async function* failing(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 40; i++) yield randomBytes(5000);
      throw failure;
    }
    await expect(store.put(tenantA, blobId, failing())).rejects.toBe(failure);
    await expect(collect(store.get(tenantA, blobId))).rejects.toBeInstanceOf(NotFound);
    expect(await leftovers(tenantA)).toBe(before);
  });

  it('never returns a blob that is still being written, and holds nothing open while waiting', async () => {
    const { store, tenantA } = fixture();
    const blobId = randomUUID();
    const pieces = Array.from({ length: 30 }, () => randomBytes(4000));
    const gated = gatedSource(pieces, 20);
    const writing = store.put(tenantA, blobId, gated.source);
    await gated.atGate;
    // On the embedded database a write that kept its transaction open would block this read forever.
    await expect(within(collect(store.get(tenantA, blobId)), 'a read during a write')).rejects.toBeInstanceOf(
      NotFound,
    );
    gated.release(undefined);
    expect(await writing).toEqual({ bytes: 120_000 });
    expect((await collect(store.get(tenantA, blobId))).equals(Buffer.concat(pieces))).toBe(true);
  });

  it('refuses to overwrite an existing blob', async () => {
    const { store, tenantA } = fixture();
    const blobId = randomUUID();
    const original = randomBytes(3000);
    await store.put(tenantA, blobId, streamOf(original));
    await expect(store.put(tenantA, blobId, streamOf(randomBytes(10)))).rejects.toBeInstanceOf(Conflict);
    expect((await collect(store.get(tenantA, blobId))).equals(original)).toBe(true);
  });

  it('deletes a blob completely; deleting again does nothing', async () => {
    const { store, tenantA, leftovers } = fixture();
    const before = await leftovers(tenantA);
    const blobId = randomUUID();
    await store.put(tenantA, blobId, streamOf(randomBytes(60_000), randomBytes(60_000)));
    expect(await leftovers(tenantA)).toBeGreaterThan(before);
    await store.delete(tenantA, blobId);
    await expect(collect(store.get(tenantA, blobId))).rejects.toBeInstanceOf(NotFound);
    expect(await leftovers(tenantA)).toBe(before);
    await store.delete(tenantA, blobId);
    await store.delete(tenantA, 'not-a-uuid');
  });
}

describe('filesystem blob store', () => {
  let directory: string;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  let store: BlobStore;

  async function filesUnder(folder: string): Promise<string[]> {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  }

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'tma-blobs-'));
    store = createFilesystemBlobStore(path.join(directory, 'documents'), { readChunkBytes: 7000 });
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  blobStoreContract(() => ({
    store,
    tenantA,
    tenantB,
    leftovers: async (tenantId) => (await filesUnder(path.join(directory, 'documents', tenantId))).length,
  }));

  it('lays blobs out by tenant and id prefix, readable by the owner only, under the final name when done', async () => {
    const blobId = randomUUID().toUpperCase();
    const gated = gatedSource([randomBytes(100), randomBytes(100)], 1);
    const writing = store.put(tenantA, blobId, gated.source);
    await gated.atGate;
    const folder = path.join(directory, 'documents', tenantA, blobId.slice(0, 2).toLowerCase());
    const final = path.join(folder, blobId.toLowerCase());
    // Mid-write only a temporary file exists, beside the final name.
    const during = (await filesUnder(folder)).map((file) => path.basename(file));
    expect(during.some((name) => name.startsWith(`.${blobId.toLowerCase()}.`) && name.endsWith('.tmp'))).toBe(
      true,
    );
    expect(during).not.toContain(blobId.toLowerCase());
    gated.release(undefined);
    await writing;
    expect((await filesUnder(folder)).map((file) => path.basename(file))).toContain(blobId.toLowerCase());
    expect((await stat(final)).mode & 0o777).toBe(0o600);
    for (const dir of [
      path.join(directory, 'documents'),
      path.join(directory, 'documents', tenantA),
      folder,
    ]) {
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
    }
    expect((await collect(store.get(tenantA, blobId.toLowerCase()))).length).toBe(200);
  });

  it('dates a blob, its folders and its deletion to the day (UTC midnight), never the time', async () => {
    const root = path.join(directory, 'dated');
    const dated = createFilesystemBlobStore(root);
    const tenant = randomUUID();
    const blobId = randomUUID();
    const midnight = new Date(new Date().toISOString().slice(0, 10)).getTime();
    await dated.put(tenant, blobId, streamOf(randomBytes(5000)));
    const folder = path.join(root, tenant, blobId.slice(0, 2));
    const file = path.join(folder, blobId);
    const times = async (target: string) => {
      const info = await stat(target);
      return { atime: info.atimeMs, mtime: info.mtimeMs };
    };
    for (const target of [file, folder, path.join(root, tenant), root])
      expect(await times(target), target).toEqual({ atime: midnight, mtime: midnight });
    // Reading it leaves the access time alone.
    expect((await collect(dated.get(tenant, blobId))).length).toBe(5000);
    expect(await times(file)).toEqual({ atime: midnight, mtime: midnight });
    // A blob added later, or one deleted, does not date itself through the folder either.
    const second = `${blobId.slice(0, 2)}${randomUUID().slice(2)}`;
    await dated.put(tenant, second, streamOf(randomBytes(10)));
    expect(await times(folder)).toEqual({ atime: midnight, mtime: midnight });
    await dated.delete(tenant, blobId);
    expect(await times(folder)).toEqual({ atime: midnight, mtime: midnight });
    // A failed write leaves no trace in the folder's times either.
    await expect(
      dated.put(
        tenant,
        `${blobId.slice(0, 2)}${randomUUID().slice(2)}`,
        (async function* () {
          yield randomBytes(10);
          throw new Error('source failed');
        })(),
      ),
    ).rejects.toThrow('source failed');
    expect(await times(folder)).toEqual({ atime: midnight, mtime: midnight });
  });

  it('refuses tenant ids that are not UUIDs, so no path escapes the directory', async () => {
    await expect(store.put('../../tmp', randomUUID(), streamOf(Buffer.from('x')))).rejects.toThrow(TypeError);
    await expect(collect(store.get('..', randomUUID()))).rejects.toThrow(TypeError);
  });
});

describe.each(databaseTargets())('postgres blob store on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let tenantA: string;
  let tenantB: string;
  let store: BlobStore;

  async function rowCounts(tenantId: string) {
    return withTenant(database, { tenantId, userId: null }, async (trx) => {
      const blobs = await trx
        .selectFrom('document_blobs')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      const chunks = await trx
        .selectFrom('document_blob_chunks')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      return { blobs: Number(blobs.count), chunks: Number(chunks.count) };
    });
  }

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    const rows = await database.db
      .insertInto('tenants')
      .values([
        { slug: 'blob-a', name: 'Tenant A' },
        { slug: 'blob-b', name: 'Tenant B' },
      ])
      .returning(['id', 'slug'])
      .execute();
    tenantA = rows.find((row) => row.slug === 'blob-a')?.id ?? '';
    tenantB = rows.find((row) => row.slug === 'blob-b')?.id ?? '';
    // Small batches and pages, so that a test blob spans many transactions and keyset queries.
    store = createPostgresBlobStore(database, {
      writeBatchBytes: 20_000,
      minChunkBytes: 3000,
      maxChunkBytes: 8000,
      readBatchChunks: 3,
      deleteBatchChunks: 4,
    });
  });
  afterAll(() => cleanup());

  blobStoreContract(() => ({
    store,
    tenantA,
    tenantB,
    leftovers: async (tenantId) => {
      const counts = await rowCounts(tenantId);
      return counts.blobs + counts.chunks;
    },
  }));

  it('commits a large write in several short transactions, marked complete only at the end', async () => {
    const blobId = randomUUID();
    const pieces = Array.from({ length: 40 }, () => randomBytes(1000));
    const gated = gatedSource(pieces, 30);
    const writing = store.put(tenantA, blobId, gated.source);
    await gated.atGate;
    // Visible to another transaction: earlier batches are already committed, the blob is still 'writing'.
    const during = await withTenant(database, { tenantId: tenantA, userId: null }, async (trx) => ({
      blob: await trx
        .selectFrom('document_blobs')
        .select('status')
        .where('id', '=', blobId)
        .executeTakeFirst(),
      chunks: await trx
        .selectFrom('document_blob_chunks')
        .select('seq')
        .where('blob_id', '=', blobId)
        .execute(),
    }));
    expect(during.blob?.status).toBe('writing');
    expect(during.chunks.length).toBeGreaterThanOrEqual(6);
    gated.release(undefined);
    await writing;
    const after = await withTenant(database, { tenantId: tenantA, userId: null }, (trx) =>
      trx
        .selectFrom('document_blobs')
        .select(['status', 'bytes', 'chunk_count', 'completed_at'])
        .where('id', '=', blobId)
        .executeTakeFirstOrThrow(),
    );
    expect(after).toMatchObject({ status: 'complete', bytes: 40_000, chunk_count: 14 });
    expect(after.completed_at).toBeInstanceOf(Date);
  });

  it('splits pieces larger than the chunk limit and joins small ones', async () => {
    const blobId = randomUUID();
    const data = randomBytes(20_000);
    await store.put(
      tenantA,
      blobId,
      streamOf(data.subarray(0, 10), data.subarray(10, 20), data.subarray(20)),
    );
    const sizes = await withTenant(database, { tenantId: tenantA, userId: null }, (trx) =>
      trx
        .selectFrom('document_blob_chunks')
        .select((eb) => eb.fn<number>('length', ['data']).as('size'))
        .where('blob_id', '=', blobId)
        .orderBy('seq')
        .execute(),
    );
    expect(sizes.map((row) => row.size)).toEqual([8000, 8000, 4000]);
    expect((await collect(store.get(tenantA, blobId))).equals(data)).toBe(true);
  });

  it('stops serving chunks once the blob is deleted during a read', async () => {
    const blobId = randomUUID();
    await store.put(tenantA, blobId, streamOf(randomBytes(80_000)));
    const reader = store.get(tenantA, blobId)[Symbol.asyncIterator]();
    expect((await reader.next()).done).toBe(false);
    await store.delete(tenantA, blobId);
    const rest = (async () => {
      for (let step = await reader.next(); !step.done; step = await reader.next());
    })();
    await expect(rest).rejects.toBeInstanceOf(NotFound);
  });

  it('createBlobStore picks the store the configuration names', async () => {
    const blobId = randomUUID();
    const data = randomBytes(200_000);
    const postgres = createBlobStore({ kind: 'postgres' }, database);
    await postgres.put(tenantA, blobId, streamOf(data));
    expect((await collect(postgres.get(tenantA, blobId))).equals(data)).toBe(true);
    expect((await rowCounts(tenantA)).chunks).toBeGreaterThan(0);
    await postgres.delete(tenantA, blobId);

    const directory = await mkdtemp(path.join(tmpdir(), 'tma-blobs-'));
    try {
      const filesystem = createBlobStore({ kind: 'filesystem', directory }, database);
      await filesystem.put(tenantA, blobId, streamOf(data));
      expect((await stat(path.join(directory, tenantA, blobId.slice(0, 2), blobId))).size).toBe(200_000);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
