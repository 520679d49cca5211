import { Readable } from 'node:stream';
import yazl from 'yazl';

// The export as a ZIP, written while it is sent: yazl (no dependencies but a CRC table, ZIP64 when an
// entry or the archive passes 4 GiB, back-pressure through its output stream) takes each entry in turn and
// asks for a document's stream only when it is that entry's turn, so one document at a time is being
// decrypted, chunk by chunk, and nothing is written to disk.

export interface ZipEntry {
  path: string;
  /** A small file (JSON), compressed. */
  buffer?: Buffer;
  /** A document, stored as it is (mostly compressed formats already), with its known size. */
  stream?: () => AsyncIterable<Buffer>;
  size?: number;
}

export function zipStream(entries: readonly ZipEntry[], mtime: Date): Readable {
  const zip = new yazl.ZipFile();
  const output = zip.outputStream as Readable;
  for (const entry of entries) {
    if (entry.buffer) {
      zip.addBuffer(entry.buffer, entry.path, { mtime, compress: true });
      continue;
    }
    const open = entry.stream;
    if (!open) continue;
    zip.addReadStreamLazy(
      entry.path,
      { mtime, compress: false, ...(entry.size !== undefined ? { size: entry.size } : {}) },
      (callback) => {
        const stream = Readable.from(open(), { objectMode: false });
        // A document that fails to decrypt or verify aborts the whole download: an archive must never end
        // normally with a part missing.
        stream.on('error', (error) => output.destroy(error));
        callback(null, stream);
      },
    );
  }
  zip.end();
  return output;
}
