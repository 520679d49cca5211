import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { protocol } from '@electric-sql/pglite';
import copyStreams from 'pg-copy-streams';
import copyBinary from 'pg-copy-streams-binary';
import type { Database } from '../../db/database.ts';
import { withTenantConnection, withTenantPglite } from '../../db/tenant-transaction.ts';

export interface StoredChunk {
  seq: number;
  data: Buffer;
}

// Why COPY: node-postgres and PGlite hand every query result over as text, so a bytea chunk would arrive
// as a string of twice its size and fill V8's heap at the speed of the read. A binary COPY delivers the
// bytes as they are. COPY takes no bind parameters: the page is named by transaction settings instead.
const PAGE_SETTINGS_SQL = `SELECT set_config('tma.chunk_blob_id', $1, true),
  set_config('tma.chunk_from_seq', $2, true), set_config('tma.chunk_limit', $3, true)`;
// The join stops serving chunks as soon as a delete has hidden the blob; row-level security still
// applies, and the tenant condition repeats it.
const PAGE_QUERY = `SELECT chunk.seq, chunk.data FROM document_blob_chunks AS chunk
  JOIN document_blobs AS blob ON blob.tenant_id = chunk.tenant_id AND blob.id = chunk.blob_id
  WHERE chunk.tenant_id = current_setting('app.tenant_id')::uuid
    AND chunk.blob_id = current_setting('tma.chunk_blob_id')::uuid
    AND blob.status = 'complete'
    AND chunk.seq >= current_setting('tma.chunk_from_seq')::integer
  ORDER BY chunk.seq
  LIMIT current_setting('tma.chunk_limit')::integer`;
const COPY_PAGE_SQL = `COPY (${PAGE_QUERY}) TO STDOUT (FORMAT binary)`;
const ROW_MAPPING = [
  { key: 'seq', type: 'int4' },
  { key: 'data', type: 'bytea' },
] as const;

/**
 * Up to `limit` chunks of a complete blob from `fromSeq` on, in order, in one tenant transaction; fewer
 * (or none) when the blob ends or was hidden by a delete.
 */
export async function readChunkPage(
  database: Database,
  tenantId: string,
  blobId: string,
  fromSeq: number,
  limit: number,
): Promise<StoredChunk[]> {
  const settings = [blobId, String(fromSeq), String(limit)];
  const scope = { tenantId, userId: null };
  const { driver } = database;
  if (driver.engine === 'postgres') {
    return withTenantConnection(driver.pool, database.appRole, scope, async (client) => {
      await client.query(PAGE_SETTINGS_SQL, settings);
      return parseRows(client.query(copyStreams.to(COPY_PAGE_SQL)));
    });
  }
  return withTenantPglite(driver.pglite, database.appRole, scope, async (tx) => {
    await tx.query(PAGE_SETTINGS_SQL, settings);
    // Inside the transaction PGlite's wire-protocol entry point runs in the same session; its own
    // serialiser builds the message, and COPY … TO STDOUT needs no file-writing privilege.
    const { messages } = await driver.pglite.execProtocol(protocol.serialize.query(COPY_PAGE_SQL));
    const copyData = messages.flatMap((message) =>
      message instanceof protocol.messages.CopyDataMessage
        ? [Buffer.from(message.chunk.buffer, message.chunk.byteOffset, message.chunk.byteLength)]
        : [],
    );
    return parseRows(Readable.from(copyData));
  });
}

async function parseRows(copy: Readable): Promise<StoredChunk[]> {
  const rows: StoredChunk[] = [];
  await pipeline(copy, copyBinary.rowReader({ mapping: [...ROW_MAPPING] }), async (parsed) => {
    for await (const row of parsed as AsyncIterable<StoredChunk>) rows.push(row);
  });
  return rows;
}
