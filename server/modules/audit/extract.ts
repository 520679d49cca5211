import { chainedEventOf, hashAuditEvent, toHex } from './hash-chain.ts';
import type { AuditEventRow } from './store.ts';

// The audit log as CSV (docs/audit-log.md, "Extracts"): RFC 4180 (CRLF, fields quoted where they hold a
// comma, quote or line break), one row per event, newest first, with every field the event's hash covers,
// written exactly as the hash covers it, so that `tma audit verify --extract` can recompute each row's hash
// and find the same event in the chain. An empty field is null: no hashed field may be empty text (ids, codes
// and times have at least one character). The first line names the chain's head at export time, the last one
// says how many events the file holds, so a cut-off file is told from a complete one. `actor_name` and
// `case_reference` are for people reading the file; the hash does not cover them.

export const EXTRACT_FORMAT = 'tma-audit-extract/1';

export const EXTRACT_COLUMNS = [
  'seq',
  'occurred_at',
  'tenant_id',
  'actor_type',
  'actor_id',
  'action',
  'object_type',
  'object_id',
  'case_id',
  'request_id',
  'outcome',
  'reason',
  'object_ids',
  'prev_hash',
  'hash',
  'actor_name',
  'case_reference',
] as const;

export interface ExtractHead {
  tenantId: string;
  /** The chain's head at export time (seq 0, hash null: the log was empty). */
  head: { seq: number; hash: string | null };
  exportedAt: Date;
  /** The filters, as codes (e.g. `case=…`, `action=case.*`). */
  filters: string[];
}

const FIELD_NEEDS_QUOTES = /[",\r\n]/;
// Names are typed by people: one a spreadsheet would take for a formula gets a leading apostrophe. Hashed
// fields are written as they are (they are ids and codes).
const LOOKS_LIKE_FORMULA = /^[=+\-@\t\r]/;

function field(text: string | null, display = false): string {
  if (text === null) return '';
  const value = display && LOOKS_LIKE_FORMULA.test(text) ? `'${text}` : text;
  return FIELD_NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The first line and the column names. */
export function extractHeader(head: ExtractHead): string {
  const filters = head.filters.length === 0 ? 'none' : head.filters.join('+');
  const headText = head.head.hash === null ? '0:none' : `${head.head.seq}:${head.head.hash}`;
  return (
    `# ${EXTRACT_FORMAT} tenant=${head.tenantId} head=${headText} ` +
    `exported_at=${head.exportedAt.toISOString()} filters=${filters}\r\n` +
    `${EXTRACT_COLUMNS.join(',')}\r\n`
  );
}

/** One event as a CSV line. */
export function extractRow(
  row: AuditEventRow,
  names: { actorName: string | null; caseReference: string | null },
): string {
  const fields = [
    field(String(row.seq)),
    field(row.occurred_at.toISOString()),
    field(row.tenant_id),
    field(row.actor_type),
    field(row.actor_id),
    field(row.action),
    field(row.object_type),
    field(row.object_id),
    field(row.case_id),
    field(row.request_id),
    field(row.outcome),
    field(row.reason),
    field(row.object_ids === null || row.object_ids === undefined ? null : row.object_ids.join(' ')),
    field(toHex(row.prev_hash)),
    field(toHex(row.hash)),
    field(names.actorName, true),
    field(names.caseReference, true),
  ];
  return `${fields.join(',')}\r\n`;
}

/** The last line. */
export function extractTrailer(count: number): string {
  return `# end of ${EXTRACT_FORMAT}: ${count} events\r\n`;
}

// Reading an extract back, for `tma audit verify --extract`.

/** The file is not an extract (exit code 2), or not a whole one. */
export class ExtractFormatError extends Error {
  override name = 'ExtractFormatError';
}

/** A row of an extract: the event as the file states it, and the hash the file gives it. */
export interface ExtractEvent {
  line: number;
  seq: number;
  hash: string;
  /** The hash the row's own fields produce (with its prev_hash): equal to `hash` unless the row was changed. */
  recomputed: string | null;
}

/** Splits one CSV record into fields (RFC 4180); null when its quotes are not closed (it goes on). */
export function splitCsvRecord(text: string): string[] | null {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        current += '"';
        index++;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(current);
      current = '';
    } else current += char;
  }
  if (quoted) return null;
  fields.push(current);
  return fields;
}

/** The header line of an extract: its tenant and head. */
export function parseExtractHeader(line: string): {
  tenantId: string;
  head: { seq: number; hash: string | null };
} {
  const match = new RegExp(
    `^# ${EXTRACT_FORMAT.replace('/', '\\/')} tenant=([0-9a-f-]{36}) head=(?:0:none|(\\d+):([0-9a-f]{64}))(?: |$)`,
  ).exec(line);
  if (!match?.[1])
    throw new ExtractFormatError(
      `the file does not start with "# ${EXTRACT_FORMAT} tenant=… head=…": it is not an audit log extract of TMA`,
    );
  return {
    tenantId: match[1],
    head: match[2] && match[3] ? { seq: Number(match[2]), hash: match[3] } : { seq: 0, hash: null },
  };
}

const nullable = (text: string | undefined) => (text === undefined || text === '' ? null : text);

/** One data record of an extract as the event it states; throws ExtractFormatError when it cannot be one. */
export function parseExtractRow(fields: string[], line: number): ExtractEvent {
  if (fields.length !== EXTRACT_COLUMNS.length)
    throw new ExtractFormatError(
      `line ${line} has ${fields.length} fields, not ${EXTRACT_COLUMNS.length}: the file was cut or edited`,
    );
  const value = (column: (typeof EXTRACT_COLUMNS)[number]) => fields[EXTRACT_COLUMNS.indexOf(column)];
  const seq = Number(value('seq'));
  const hash = value('hash') ?? '';
  if (!Number.isSafeInteger(seq) || seq < 1 || !/^[0-9a-f]{64}$/.test(hash))
    throw new ExtractFormatError(`line ${line} has no seq and hash: the file was cut or edited`);
  let recomputed: string | null = null;
  try {
    const prevHash = Buffer.from(value('prev_hash') ?? '', 'hex');
    const occurredAt = new Date(value('occurred_at') ?? '');
    const objectIds = nullable(value('object_ids'));
    const event = chainedEventOf(
      {
        tenant_id: value('tenant_id') ?? '',
        occurred_at: occurredAt,
        actor_type: value('actor_type') as AuditEventRow['actor_type'],
        actor_id: nullable(value('actor_id')),
        action: value('action') ?? '',
        object_type: value('object_type') ?? '',
        object_id: nullable(value('object_id')),
        case_id: nullable(value('case_id')),
        request_id: nullable(value('request_id')),
        outcome: value('outcome') as AuditEventRow['outcome'],
        reason: nullable(value('reason')),
        object_ids: objectIds === null ? null : objectIds.split(' '),
      },
      seq,
    );
    // A time must read back exactly as written (ISO 8601 UTC with milliseconds), or it is not the event's.
    if (occurredAt.toISOString() === value('occurred_at'))
      recomputed = toHex(hashAuditEvent(event, prevHash));
  } catch {
    recomputed = null;
  }
  return { line, seq, hash, recomputed };
}
