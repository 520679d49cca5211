import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ChainedEvent, canonicalAuditEventBytes, GENESIS_HASH, hashAuditEvent } from './hash-chain.ts';

const event: ChainedEvent = {
  tenantId: '0b7c1e3a-5f2d-4c8e-9a1b-2c3d4e5f6a7b',
  seq: 17,
  occurredAt: new Date('2026-11-23T10:00:00.123Z'),
  actorType: 'user',
  actorId: 'c0ffee00-0000-4000-8000-000000000001',
  action: 'case.read',
  objectType: 'case',
  objectId: 'd1e2f3a4-0000-4000-8000-000000000002',
  caseId: 'd1e2f3a4-0000-4000-8000-000000000002',
  requestId: 'req-1',
  outcome: 'success',
  reason: null,
  objectIds: null,
};

const ids = ['d1e2f3a4-0000-4000-8000-000000000002', 'd1e2f3a4-0000-4000-8000-000000000003'];

describe('audit hash chain', () => {
  it('is SHA-256 over the canonical bytes and the previous hash', () => {
    const bytes = canonicalAuditEventBytes(event, GENESIS_HASH);
    expect(hashAuditEvent(event, GENESIS_HASH)).toEqual(createHash('sha256').update(bytes).digest());
    expect(bytes.subarray(-32)).toEqual(GENESIS_HASH);
    expect(bytes.includes(Buffer.from('2026-11-23T10:00:00.123Z'))).toBe(true);
  });

  it.each<[string, Partial<ChainedEvent>]>([
    ['tenant', { tenantId: '0b7c1e3a-5f2d-4c8e-9a1b-2c3d4e5f6a7c' }],
    ['seq', { seq: 18 }],
    ['time, by one millisecond', { occurredAt: new Date('2026-11-23T10:00:00.124Z') }],
    ['actor type', { actorType: 'api_token' }],
    ['actor id', { actorId: 'someone-else' }],
    ['action', { action: 'case.update' }],
    ['object type', { objectType: 'document' }],
    ['object id', { objectId: null }],
    ['case id', { caseId: null }],
    ['request id', { requestId: 'req-2' }],
    ['outcome', { outcome: 'denied' }],
    ['reason: null and empty text differ', { reason: '' }],
    ['object ids, from none to some', { objectIds: ids }],
  ])('changes when the %s changes', (_field, change) => {
    expect(hashAuditEvent({ ...event, ...change }, GENESIS_HASH)).not.toEqual(
      hashAuditEvent(event, GENESIS_HASH),
    );
  });

  it('hashes an event without object ids exactly as before they existed (format 1)', () => {
    // The hash of this event as tma-audit-event/1 computed it before object ids were added.
    expect(hashAuditEvent(event, GENESIS_HASH).toString('hex')).toBe(
      'e888e7239b194df8a9ea7d552208e4d5b8c2bae176f1b2bf0e230322ce5a4bcd',
    );
    expect(canonicalAuditEventBytes(event, GENESIS_HASH).includes(Buffer.from('tma-audit-event/1'))).toBe(
      true,
    );
  });

  it('covers object ids (format 2): their order, each id, and lower-cases them', () => {
    const withIds = { ...event, objectIds: ids };
    const bytes = canonicalAuditEventBytes(withIds, GENESIS_HASH);
    expect(bytes.includes(Buffer.from('tma-audit-event/2'))).toBe(true);
    expect(bytes.includes(Buffer.from(ids.join(',')))).toBe(true);
    const hash = hashAuditEvent(withIds, GENESIS_HASH);
    expect(hashAuditEvent({ ...event, objectIds: [...ids].reverse() }, GENESIS_HASH)).not.toEqual(hash);
    expect(hashAuditEvent({ ...event, objectIds: ids.slice(0, 1) }, GENESIS_HASH)).not.toEqual(hash);
    expect(hashAuditEvent({ ...event, objectIds: ids.map((id) => id.toUpperCase()) }, GENESIS_HASH)).toEqual(
      hash,
    );
    expect(() => hashAuditEvent({ ...event, objectIds: [] }, GENESIS_HASH)).toThrow(RangeError);
  });

  it('cannot be fooled by moving text from one field to the next', () => {
    const a = { ...event, objectType: 'case', objectId: 'x' };
    const b = { ...event, objectType: 'casex', objectId: '' };
    expect(hashAuditEvent(a, GENESIS_HASH)).not.toEqual(hashAuditEvent(b, GENESIS_HASH));
  });

  it('depends on the previous hash', () => {
    const other = Buffer.alloc(32, 1);
    expect(hashAuditEvent(event, other)).not.toEqual(hashAuditEvent(event, GENESIS_HASH));
  });

  it('reads UUIDs as the database returns them (lower case)', () => {
    const upper = {
      ...event,
      tenantId: event.tenantId.toUpperCase(),
      caseId: event.caseId?.toUpperCase() ?? null,
    };
    expect(hashAuditEvent(upper, GENESIS_HASH)).toEqual(hashAuditEvent(event, GENESIS_HASH));
  });

  it('refuses a previous hash of the wrong length and a bad seq or time', () => {
    expect(() => hashAuditEvent(event, Buffer.alloc(31))).toThrow(RangeError);
    expect(() => hashAuditEvent({ ...event, seq: 0 }, GENESIS_HASH)).toThrow(RangeError);
    expect(() => hashAuditEvent({ ...event, occurredAt: new Date(Number.NaN) }, GENESIS_HASH)).toThrow(
      RangeError,
    );
  });
});
