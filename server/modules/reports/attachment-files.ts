import { randomUUID } from 'node:crypto';
import type { FileContext } from '../../crypto/file-encryption.ts';
import type { ScopeCipher } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import type { SanitizedAttachment } from '../attachments/sanitize.ts';
import type { BlobStore } from '../documents/blob-store.ts';
import { insertAttachments } from './store.ts';

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
  cipher: ScopeCipher,
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
        cipher.encryptStream(once(file.bytes), fileContext(tenantId, reportId, id)),
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
  cipher: ScopeCipher,
  attachment: { id: string; blobId: string },
): AsyncGenerator<Buffer> {
  return cipher.decryptStream(
    blobStore.get(tenantId, attachment.blobId),
    fileContext(tenantId, reportId, attachment.id),
  );
}

/** Writes the rows of stored attachments, their names sealed: of the report itself, or of one of its messages. */
export function recordAttachments(
  trx: TenantTransaction,
  cipher: ScopeCipher,
  at: { tenantId: string; reportId: string; messageId: string | null; day: string },
  stored: StoredAttachment[],
): Promise<void> {
  return insertAttachments(
    trx,
    stored.map((attachment) => ({
      id: attachment.id,
      tenant_id: at.tenantId,
      report_id: at.reportId,
      message_id: at.messageId,
      blob_id: attachment.blobId,
      file_name_sealed: cipher.seal(attachment.file.fileName, {
        table: 'report_attachments',
        column: 'file_name_sealed',
        rowId: attachment.id,
      }),
      content_type: attachment.file.contentType,
      byte_length: attachment.file.byteLength,
      added_on: at.day,
    })),
  );
}
