import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { releaseBuffer } from '../../release-buffer.ts';
import type { BlobStore } from './blob-store.ts';
import { readChunkPage } from './chunk-pages.ts';

export interface PostgresBlobStoreOptions {
  /** Bytes of chunks written per transaction (default 4 MiB; 1 MiB on the embedded database). */
  writeBatchBytes?: number;
  /** Small pieces are joined into stored chunks of at least this many bytes (default 64 KiB). */
  minChunkBytes?: number;
  /** Larger pieces are split into stored chunks of at most this many bytes (default 256 KiB). */
  maxChunkBytes?: number;
  /** Chunks fetched per query when reading (default 16). */
  readBatchChunks?: number;
  /** Chunks removed per transaction when deleting (default 256). */
  deleteBatchChunks?: number;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ROWS_PER_INSERT = 1000;

/**
 * Blobs as rows of `document_blob_chunks`, on PostgreSQL server or the embedded PGlite. Every transaction
 * is short (one batch of a few MiB, one page of chunks), and none is open while waiting for the caller's
 * stream: on the embedded database all requests share one connection, and a transaction held for a whole
 * upload would stall every other request.
 */
export function createPostgresBlobStore(
  database: Database,
  options: PostgresBlobStoreOptions = {},
): BlobStore {
  // The embedded database serialises every request behind a write: keep its batches shorter.
  const writeBatchBytes = options.writeBatchBytes ?? (database.engine === 'embedded' ? 1 : 4) * 1024 * 1024;
  const maxChunkBytes = options.maxChunkBytes ?? 256 * 1024;
  const minChunkBytes = Math.min(options.minChunkBytes ?? 64 * 1024, maxChunkBytes);
  const readBatchChunks = options.readBatchChunks ?? 16;
  const deleteBatchChunks = options.deleteBatchChunks ?? 256;
  const tenant = <T>(tenantId: string, fn: (trx: TenantTransaction) => Promise<T>) =>
    withTenant(database, { tenantId, userId: null }, fn);

  /**
   * Removes the chunks batch by batch, then the row (whose foreign key also takes any chunk a concurrent
   * writer added meanwhile); the caller has already hidden the blob. Batches are ranges of `seq`, so no
   * batch has to step over the index entries of the ones before it.
   */
  async function removeBlob(tenantId: string, blobId: string): Promise<void> {
    const last = await tenant(tenantId, (trx) =>
      trx
        .selectFrom('document_blob_chunks')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('tenant_id', '=', tenantId)
        .where('blob_id', '=', blobId)
        .executeTakeFirst(),
    );
    const lastSeq = last?.seq ?? -1;
    for (let from = 0; from <= lastSeq; from += deleteBatchChunks) {
      await tenant(tenantId, (trx) =>
        trx
          .deleteFrom('document_blob_chunks')
          .where('tenant_id', '=', tenantId)
          .where('blob_id', '=', blobId)
          .where('seq', '>=', from)
          .where('seq', '<', from + deleteBatchChunks)
          .execute(),
      );
    }
    await tenant(tenantId, (trx) =>
      trx.deleteFrom('document_blobs').where('tenant_id', '=', tenantId).where('id', '=', blobId).execute(),
    );
  }

  async function hide(tenantId: string, blobId: string): Promise<boolean> {
    const hidden = await tenant(tenantId, (trx) =>
      trx
        .updateTable('document_blobs')
        .set({ status: 'deleting' })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', blobId)
        .returning('id')
        .executeTakeFirst(),
    );
    return hidden !== undefined;
  }

  async function put(tenantId: string, blobId: string, chunks: AsyncIterable<Buffer>) {
    if (!uuid.test(blobId)) throw new Invalid('invalid_blob_id', 'blob id must be a UUID');
    const created = await tenant(tenantId, (trx) =>
      trx
        .insertInto('document_blobs')
        .values({ tenant_id: tenantId, id: blobId })
        .onConflict((conflict) => conflict.doNothing())
        .returning('id')
        .executeTakeFirst(),
    );
    if (!created) throw new Conflict('document_blob_exists', 'a document blob with this id already exists');

    let seq = 0;
    let bytes = 0;
    let batch: Uint8Array[] = [];
    let batchBytes = 0;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    // Pieces cut up completely; their bytes wait in `batch` (pending is empty whenever a batch is written).
    let cutPieces: Uint8Array[] = [];
    const writeBatch = async () => {
      if (batch.length > 0) {
        const rows = batch.map((data, index) => ({
          tenant_id: tenantId,
          blob_id: blobId,
          seq: seq + index,
          data,
        }));
        await tenant(tenantId, (trx) => trx.insertInto('document_blob_chunks').values(rows).execute());
        seq += rows.length;
      }
      for (const data of [...batch, ...cutPieces]) releaseBuffer(data);
      cutPieces = [];
      batch = [];
      batchBytes = 0;
    };
    const endChunk = async () => {
      if (pendingBytes === 0) return;
      batch.push(pending.length === 1 ? (pending[0] as Uint8Array) : Buffer.concat(pending, pendingBytes));
      batchBytes += pendingBytes;
      pending = [];
      pendingBytes = 0;
      if (batchBytes >= writeBatchBytes || batch.length >= MAX_ROWS_PER_INSERT) await writeBatch();
    };
    try {
      for await (const piece of chunks) {
        for (let offset = 0; offset < piece.length; ) {
          const part = piece.subarray(offset, offset + maxChunkBytes - pendingBytes);
          pending.push(part);
          pendingBytes += part.length;
          bytes += part.length;
          offset += part.length;
          if (pendingBytes >= minChunkBytes) await endChunk();
        }
        cutPieces.push(piece);
      }
      await endChunk();
      await writeBatch();
      const completed = await tenant(tenantId, (trx) =>
        trx
          .updateTable('document_blobs')
          .set({
            status: 'complete',
            bytes,
            chunk_count: seq,
            // The day only: a report's attachments must not tell the hour it arrived.
            completed_at: sql<Date>`date_trunc('day', now())`,
          })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', blobId)
          .where('status', '=', 'writing')
          .returning('id')
          .executeTakeFirst(),
      );
      if (!completed)
        throw new Conflict('document_blob_deleted', 'the document blob was deleted while written');
    } catch (error) {
      // Best effort: a blob left behind stays 'writing' or 'deleting', which no reader ever sees.
      await hide(tenantId, blobId)
        .then((found) => (found ? removeBlob(tenantId, blobId) : undefined))
        .catch(() => {});
      throw error;
    }
    return { bytes };
  }

  async function* get(tenantId: string, blobId: string): AsyncGenerator<Buffer> {
    const notFound = () => new NotFound('document_blob_not_found', 'document blob not found');
    const deletedWhileRead = () =>
      new NotFound('document_blob_not_found', 'the document blob was deleted while it was read');
    if (!uuid.test(blobId)) throw notFound();
    const blob = await tenant(tenantId, (trx) =>
      trx
        .selectFrom('document_blobs')
        .select('chunk_count')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', blobId)
        .where('status', '=', 'complete')
        .executeTakeFirst(),
    );
    if (!blob) throw notFound();
    let next = 0;
    while (next < blob.chunk_count) {
      const from = next;
      const page = await readChunkPage(database, tenantId, blobId, from, readBatchChunks);
      if (page.length === 0) throw deletedWhileRead();
      for (const chunk of page) {
        if (chunk.seq !== next) throw deletedWhileRead();
        next++;
        yield chunk.data;
        releaseBuffer(chunk.data);
      }
    }
  }

  async function remove(tenantId: string, blobId: string): Promise<void> {
    if (!uuid.test(blobId)) return;
    if (await hide(tenantId, blobId)) await removeBlob(tenantId, blobId);
  }

  return { put, get, delete: remove };
}
