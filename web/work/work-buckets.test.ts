import { describe, expect, it } from 'vitest';
import type { InboxItem } from '../api/types.ts';
import { reportBuckets } from './work-buckets.ts';

const report = (over: Partial<InboxItem>): InboxItem =>
  ({
    id: over.id ?? 'r',
    reference: 'R-2026-0001',
    unit: { id: 'u', name: 'DE' },
    channel: 'portal',
    anonymous: true,
    dangerIndicated: false,
    status: 'new',
    receivedOn: '2026-12-01',
    acknowledgedOn: null,
    acknowledgeDueOn: '2026-12-08',
    feedbackDueOn: '2027-03-08',
    feedbackGivenOn: null,
    language: 'de',
    hasReceipt: true,
    awaitingReply: false,
    caseId: null,
    deleted: null,
    can: {} as InboxItem['can'],
    ...over,
  }) as InboxItem;

describe('my work buckets', () => {
  it('puts danger first, then acknowledgements and feedback due, and lists unanswered reporters', () => {
    const today = '2026-12-07';
    const buckets = reportBuckets(
      [
        report({ id: 'danger', dangerIndicated: true }),
        report({ id: 'ack' }),
        report({ id: 'later', acknowledgeDueOn: '2026-12-20' }),
        report({
          id: 'feedback',
          status: 'acknowledged',
          acknowledgedOn: '2026-09-01',
          feedbackDueOn: '2026-12-01',
          awaitingReply: true,
        }),
        report({ id: 'closed', status: 'closed', dangerIndicated: true }),
      ],
      today,
    );
    const ids = (items: InboxItem[]) => items.map((item) => item.id);
    expect(ids(buckets.danger)).toEqual(['danger']);
    expect(ids(buckets.acknowledge)).toEqual(['ack']);
    expect(ids(buckets.feedback)).toEqual(['feedback']);
    expect(ids(buckets.unanswered)).toEqual(['feedback']);
  });
});
