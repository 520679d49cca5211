import type { DocumentStoreConfig } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { createFilesystemBlobStore } from './filesystem-blob-store.ts';
import { createPostgresBlobStore } from './postgres-blob-store.ts';

/**
 * Where encrypted document streams are kept, by tenant and blob id (a UUID chosen by the caller). Blobs
 * are immutable: written once, read any number of times, deleted. The store sees only ciphertext.
 */
export interface BlobStore {
  /**
   * Stores the pieces in order and returns the byte count once the blob is complete and readable. If
   * `chunks` throws (or the store fails) midway, nothing readable is left and the error is rethrown.
   * Throws Conflict if the id is taken. The store takes the pieces over: it frees each one's memory
   * (releaseBuffer) once it is stored, so a producer hands over only pieces it is done with, such as
   * encryptStream's output.
   */
  put(tenantId: string, blobId: string, chunks: AsyncIterable<Buffer>): Promise<{ bytes: number }>;
  /**
   * Streams a complete blob back in pieces (not necessarily the pieces it was written in). Throws NotFound
   * on the first iteration if the blob does not exist for this tenant or is not complete: callers that
   * must know before answering (an HTTP download) pull the first piece before sending headers. A piece
   * is valid only until the next one is requested (the store may reuse or free its memory then):
   * decryptStream consumes it in time; any other consumer copies what it keeps.
   */
  get(tenantId: string, blobId: string): AsyncIterable<Buffer>;
  /** Removes the blob; doing nothing if there is none. */
  delete(tenantId: string, blobId: string): Promise<void>;
}

/** The store chosen by TMA_DOCUMENT_STORE. */
export function createBlobStore(config: DocumentStoreConfig, database: Database): BlobStore {
  if (config.kind === 'filesystem') return createFilesystemBlobStore(config.directory);
  return createPostgresBlobStore(database);
}
