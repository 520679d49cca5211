import { describe, expect, it } from 'vitest';
import { changedPart, refreshes } from './useCaseLiveUpdates.ts';

describe('live updates of a case page', () => {
  it('read the part a change names', () => {
    expect(changedPart('{"part":"documents"}')).toBe('documents');
    expect(changedPart('not json')).toBeUndefined();
    expect(changedPart('{"part":3}')).toBeUndefined();
  });

  it('load the documents again only when they changed, everything else on any other change', () => {
    expect(refreshes('documents', 'documents')).toBe(true);
    expect(refreshes('journal', 'documents')).toBe(false);
    expect(refreshes('documents', 'journal')).toBe(false);
    expect(refreshes('detail', 'team')).toBe(true);
    expect(refreshes('documents', undefined)).toBe(true);
  });
});
