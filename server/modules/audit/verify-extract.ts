import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import {
  EXTRACT_COLUMNS,
  EXTRACT_FORMAT,
  type ExtractEvent,
  ExtractFormatError,
  parseExtractHeader,
  parseExtractRow,
  splitCsvRecord,
} from './extract.ts';
import { toHex } from './hash-chain.ts';
import { type AuditChainVerification, verifyAuditChain } from './verify.ts';
import { selectEventHashes } from './viewer-store.ts';

// `tma audit verify --extract` (docs/audit-log.md, "Extracts"): is a CSV extract of the audit viewer exactly
// a part of the tenant's chain? Every row must recompute to its own hash (it was not edited) and be the event
// the chain holds under its seq (same hash); the head the file names must be an event of the chain, and the
// chain must verify up to it. The file is read a line at a time, the events looked up a batch at a time, so
// memory stays flat for any extract.

export type ExtractVerification =
  | { ok: true; events: number; head: { seq: number; hash: string | null }; chain: AuditChainVerification }
  | { ok: false; message: string };

const BATCH = 1000;
const TRAILER = new RegExp(`^# end of ${EXTRACT_FORMAT.replace('/', '\\/')}: (\\d+) events$`);

/** Checks the extract at `file` against the tenant's chain (link pending events first, as verify does). */
export async function verifyAuditExtract(
  database: Database,
  tenantId: string,
  file: string,
): Promise<ExtractVerification> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  let header: ReturnType<typeof parseExtractHeader> | undefined;
  let columnsSeen = false;
  let trailerCount: number | undefined;
  let pendingRecord = '';
  let recordLine = 0;
  let count = 0;
  let batch: ExtractEvent[] = [];
  let failure: string | undefined;

  const checkBatch = async (events: ExtractEvent[]) => {
    const stored = await withTenant(database, { tenantId, userId: null }, (trx) =>
      selectEventHashes(
        trx,
        events.map((event) => event.seq),
      ),
    );
    for (const event of events) {
      const hash = stored.get(event.seq);
      if (!hash) return `line ${event.line}: the chain holds no event #${event.seq}`;
      if (toHex(hash) !== event.hash)
        return `line ${event.line}: event #${event.seq} is not the chain's event #${event.seq} (another hash)`;
    }
    return undefined;
  };

  for await (const line of lines) {
    lineNumber++;
    if (failure !== undefined) break;
    if (!header) {
      header = parseExtractHeader(line.replace(/^\uFEFF/, ''));
      if (header.tenantId !== tenantId)
        return { ok: false, message: `the extract is of another organisation (tenant ${header.tenantId})` };
      continue;
    }
    if (!columnsSeen) {
      if (line !== EXTRACT_COLUMNS.join(','))
        throw new ExtractFormatError(
          `line 2 is not the extract's column names (${EXTRACT_COLUMNS.join(',')})`,
        );
      columnsSeen = true;
      continue;
    }
    if (trailerCount !== undefined) {
      if (line.trim() !== '') failure = `line ${lineNumber}: there is more after the extract's last line`;
      continue;
    }
    if (pendingRecord === '') {
      const trailer = TRAILER.exec(line);
      if (trailer) {
        trailerCount = Number(trailer[1]);
        continue;
      }
      recordLine = lineNumber;
    }
    const text = pendingRecord === '' ? line : `${pendingRecord}\n${line}`;
    const fields = splitCsvRecord(text);
    if (fields === null) {
      pendingRecord = text;
      continue;
    }
    pendingRecord = '';
    const event = parseExtractRow(fields, recordLine);
    count++;
    if (event.seq > header.head.seq)
      failure = `line ${event.line}: event #${event.seq} comes after the extract's head #${header.head.seq}`;
    else if (event.recomputed !== event.hash)
      failure = `line ${event.line}: event #${event.seq} was changed: its fields no longer produce its hash`;
    else {
      batch.push(event);
      if (batch.length >= BATCH) {
        failure = await checkBatch(batch);
        batch = [];
      }
    }
  }
  lines.close();
  if (failure !== undefined) return { ok: false, message: failure };
  if (!header) throw new ExtractFormatError('the file is empty: it is not an audit log extract of TMA');
  if (!columnsSeen || trailerCount === undefined)
    return { ok: false, message: 'the extract ends before its last line: it was cut off' };
  if (trailerCount !== count)
    return {
      ok: false,
      message: `the extract says it holds ${trailerCount} events but holds ${count}: rows were added or removed`,
    };
  const last = await checkBatch(batch);
  if (last !== undefined) return { ok: false, message: last };

  const head = header.head;
  const chain = await verifyAuditChain(
    database,
    tenantId,
    head.seq > 0 && head.hash !== null ? { anchor: { seq: head.seq, hash: head.hash } } : {},
  );
  if (!chain.ok)
    return {
      ok: false,
      message:
        chain.problem === 'anchor-mismatch'
          ? `the extract's head #${head.seq} is not in the chain: ${chain.message}`
          : `the chain is broken at event #${chain.seq}: ${chain.message}`,
    };
  return { ok: true, events: count, head, chain };
}
