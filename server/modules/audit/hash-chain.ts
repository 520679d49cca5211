import { createHash } from 'node:crypto';
import type { AuditActorType, AuditOutcome } from '../../db/schema-audit.ts';

export const HASH_BYTES = 32;

/** The previous hash of every tenant's first event. */
export const GENESIS_HASH: Buffer = Buffer.alloc(HASH_BYTES);

/** Every stored field of an event except the hashes, as the database returns them. */
export interface ChainedEvent {
  tenantId: string;
  seq: number;
  occurredAt: Date;
  actorType: AuditActorType;
  actorId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  caseId: string | null;
  requestId: string | null;
  outcome: AuditOutcome;
  reason: string | null;
  /** The objects of a list page, or null (never empty): events without them hash as format 1. */
  objectIds: readonly string[] | null;
}

/** The event columns both audit tables (linked and pending) share, as the database returns them. */
export interface AuditEventColumns {
  tenant_id: string;
  occurred_at: Date;
  actor_type: AuditActorType;
  actor_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  case_id: string | null;
  request_id: string | null;
  outcome: AuditOutcome;
  reason: string | null;
  object_ids?: string[] | null;
}

/** A stored row as the event it hashes at `seq`. */
export function chainedEventOf(row: AuditEventColumns, seq: number): ChainedEvent {
  return {
    tenantId: row.tenant_id,
    seq,
    occurredAt: row.occurred_at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    caseId: row.case_id,
    requestId: row.request_id,
    outcome: row.outcome,
    reason: row.reason,
    objectIds: row.object_ids ?? null,
  };
}

// Bumped if the serialisation ever changes; it is the first field, so old and new hashes cannot collide.
// Format 2 adds the object ids after the reason; events without object ids keep format 1, so the events
// written before object ids existed verify unchanged.
const FORMAT = 'tma-audit-event/1';
const FORMAT_WITH_OBJECT_IDS = 'tma-audit-event/2';

const NULL_TAG = 0;
const TEXT_TAG = 1;

/**
 * The bytes an event's hash covers. Every field, in a fixed order, is a tag byte (null or text) and, for
 * text, a 4-byte big-endian length and the UTF-8 bytes: no choice of field values can produce the same
 * bytes as another. Values are written as the database returns them: UUIDs in lower case, times as ISO
 * 8601 UTC with milliseconds (timestamptz keeps microseconds, so events are written with a JS Date).
 */
export function canonicalAuditEventBytes(event: ChainedEvent, prevHash: Uint8Array): Buffer {
  if (prevHash.length !== HASH_BYTES) throw new RangeError(`prevHash must be ${HASH_BYTES} bytes`);
  if (!Number.isSafeInteger(event.seq) || event.seq < 1)
    throw new RangeError('seq must be a positive integer');
  if (Number.isNaN(event.occurredAt.getTime())) throw new RangeError('occurredAt is not a valid time');
  if (event.objectIds !== null && event.objectIds.length === 0)
    throw new RangeError('objectIds is null or holds at least one id');
  const fields: Array<string | null> = [
    event.objectIds === null ? FORMAT : FORMAT_WITH_OBJECT_IDS,
    event.tenantId.toLowerCase(),
    String(event.seq),
    event.occurredAt.toISOString(),
    event.actorType,
    event.actorId,
    event.action,
    event.objectType,
    event.objectId,
    event.caseId === null ? null : event.caseId.toLowerCase(),
    event.requestId,
    event.outcome,
    event.reason,
  ];
  // Lower-case UUIDs joined by commas, in the stored order: a UUID holds no comma, so the list is exact.
  if (event.objectIds !== null) fields.push(event.objectIds.map((id) => id.toLowerCase()).join(','));
  const parts: Buffer[] = [];
  for (const field of fields) {
    if (field === null) {
      parts.push(Buffer.of(NULL_TAG));
      continue;
    }
    const text = Buffer.from(field, 'utf8');
    const header = Buffer.alloc(5);
    header.writeUInt8(TEXT_TAG, 0);
    header.writeUInt32BE(text.length, 1);
    parts.push(header, text);
  }
  parts.push(Buffer.from(prevHash));
  return Buffer.concat(parts);
}

/** SHA-256 over the event's canonical bytes and the previous event's hash. */
export function hashAuditEvent(event: ChainedEvent, prevHash: Uint8Array): Buffer {
  return createHash('sha256').update(canonicalAuditEventBytes(event, prevHash)).digest();
}

export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

export function toHex(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');
}
