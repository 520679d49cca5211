import { randomUUID } from 'node:crypto';
import { decryptStream, encryptStream, type FileContext } from '../../crypto/file-encryption.ts';
import type { SanitizedAttachment } from '../attachments/sanitize.ts';
import type { BlobStore } from '../documents/blob-store.ts';

// A report's attachments are encrypted streams in the blob store, under the report's data key.

export interface StoredAttachment {
  id: string;
  blobId: string;
  file: SanitizedAttachment;
}

function fileContext(tenantId: string, reportId: string, attachmentId: string): FileContext {
  return { tenantId, scope: 'report', scopeId: reportId, documentId: attachmentId, version: 1 };
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/**
 * Encrypts and stores cleaned attachments before the rows that name them are written. If one fails, those
 * already stored are removed again: nothing partial stays behind. Call outside any transaction.
 */
export async function storeAttachments(
  blobStore: BlobStore,
  tenantId: string,
  reportId: string,
  dataKey: Buffer,
  files: SanitizedAttachment[],
): Promise<StoredAttachment[]> {
  const stored: StoredAttachment[] = [];
  try {
    for (const file of files) {
      const id = randomUUID();
      const blobId = randomUUID();
      await blobStore.put(
        tenantId,
        blobId,
        encryptStream(once(file.bytes), dataKey, fileContext(tenantId, reportId, id)),
      );
      stored.push({ id, blobId, file });
    }
    return stored;
  } catch (error) {
    await discardAttachments(blobStore, tenantId, stored);
    throw error;
  }
}

/** Removes stored attachment blobs whose rows were never written (the submission failed after storing). */
export async function discardAttachments(
  blobStore: BlobStore,
  tenantId: string,
  stored: ReadonlyArray<{ blobId: string }>,
): Promise<void> {
  await Promise.allSettled(stored.map((attachment) => blobStore.delete(tenantId, attachment.blobId)));
}

/** The plaintext of a stored attachment, verified chunk by chunk as it streams. */
export function readAttachment(
  blobStore: BlobStore,
  tenantId: string,
  reportId: string,
  dataKey: Buffer,
  attachment: { id: string; blobId: string },
): AsyncGenerator<Buffer> {
  return decryptStream(
    blobStore.get(tenantId, attachment.blobId),
    dataKey,
    fileContext(tenantId, reportId, attachment.id),
  );
}
