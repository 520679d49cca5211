import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { releaseBuffer } from '../../release-buffer.ts';
import type { BlobStore } from './blob-store.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Blobs as files: `<directory>/<tenantId>/<first two characters of blobId>/<blobId>`. Ids must be UUIDs
 * (so no path can escape the directory) and are lower-cased (so one blob has one name). A blob is written
 * to a temporary file beside its final name, flushed to disk and renamed, so a crash never leaves a
 * partial file under the final name. Files are 0600 and folders 0700: only TMA's own user reads them.
 *
 * A blob may be an anonymous report's attachment, which must not be dated finer than the day: its file's
 * access and modification times are set to the start of the UTC day it was written, and so are those of
 * the folders whose entries it changed (each folder's mtime would otherwise tell when its newest blob
 * came or went). Reads do not touch the access time (O_NOATIME where the system allows it). The inode's
 * change time (ctime) and, on some file systems, its birth time cannot be set: docs/security.md.
 */
export function createFilesystemBlobStore(
  directory: string,
  options: { readChunkBytes?: number; now?: () => Date } = {},
): BlobStore {
  const readChunkBytes = options.readChunkBytes ?? 256 * 1024;
  const root = path.resolve(directory);
  const now = options.now ?? (() => new Date());

  /** Sets the file's times, then its folders' up to the root, to the start of today (UTC). */
  async function blurTimes(file: string | undefined, folder: string): Promise<void> {
    const day = startOfUtcDay(now());
    if (file) await utimes(file, day, day);
    for (let dir = folder; ; dir = path.dirname(dir)) {
      try {
        await utimes(dir, day, day);
      } catch (error) {
        // The configured directory may belong to someone else (a mount point): its times stay.
        const { code } = error as NodeJS.ErrnoException;
        if (dir !== root || (code !== 'EPERM' && code !== 'EACCES')) throw error;
      }
      if (dir === root || path.dirname(dir) === dir) return;
    }
  }

  /** The blob's path, or undefined when the blob id cannot name a blob. */
  function blobPath(tenantId: string, blobId: string): string | undefined {
    if (!uuid.test(tenantId)) throw new TypeError('tenantId must be a UUID');
    if (!uuid.test(blobId)) return undefined;
    const id = blobId.toLowerCase();
    return path.join(root, tenantId.toLowerCase(), id.slice(0, 2), id);
  }

  async function put(tenantId: string, blobId: string, chunks: AsyncIterable<Buffer>) {
    const file = blobPath(tenantId, blobId);
    if (!file) throw new Invalid('invalid_blob_id', 'blob id must be a UUID');
    const folder = path.dirname(file);
    const created = await mkdir(folder, { recursive: true, mode: 0o700 });
    if (created) await syncNewFolders(path.resolve(created), folder);
    if (await exists(file)) {
      throw new Conflict('document_blob_exists', 'a document blob with this id already exists');
    }
    const temp = path.join(folder, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', 0o600);
    let bytes = 0;
    try {
      for await (const piece of chunks) {
        for (let offset = 0; offset < piece.length; ) {
          const { bytesWritten } = await handle.write(piece, offset, piece.length - offset);
          offset += bytesWritten;
        }
        bytes += piece.length;
        releaseBuffer(piece);
      }
      await handle.sync();
      await handle.close();
      await rename(temp, file);
    } catch (error) {
      await handle.close().catch(() => {});
      await unlink(temp).catch(() => {});
      await blurTimes(undefined, folder).catch(() => {});
      throw error;
    }
    await blurTimes(file, folder);
    // The rename is durable only once the folder holding the new name is flushed too.
    await syncFolder(folder);
    return { bytes };
  }

  async function* get(tenantId: string, blobId: string): AsyncGenerator<Buffer> {
    const file = blobPath(tenantId, blobId);
    const handle = file
      ? await openForReading(file).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
          throw error;
        })
      : undefined;
    if (!handle) throw new NotFound('document_blob_not_found', 'document blob not found');
    try {
      // One buffer for the whole read: each piece is valid only until the next is requested.
      const buffer = Buffer.allocUnsafe(readChunkBytes);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, readChunkBytes, null);
        if (bytesRead === 0) return;
        yield bytesRead === readChunkBytes ? buffer : buffer.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  }

  async function remove(tenantId: string, blobId: string): Promise<void> {
    const file = blobPath(tenantId, blobId);
    if (!file) return;
    try {
      await unlink(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return;
    }
    await blurTimes(undefined, path.dirname(file));
    await syncFolder(path.dirname(file));
  }

  return { put, get, delete: remove };
}

/** Midnight (UTC) of the day of `at`. */
export function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** Opens for reading without updating the access time, where the system allows it (Linux, own files). */
async function openForReading(file: string) {
  const noAtime = constants.O_NOATIME;
  if (noAtime === undefined) return open(file, 'r');
  try {
    return await open(file, constants.O_RDONLY | noAtime);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    return open(file, 'r');
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes the parents of folders that mkdir just created, from the deepest to the first one created. */
async function syncNewFolders(firstCreated: string, deepest: string): Promise<void> {
  for (let folder = deepest; ; folder = path.dirname(folder)) {
    await syncFolder(path.dirname(folder));
    if (folder === firstCreated || path.dirname(folder) === folder) return;
  }
}
