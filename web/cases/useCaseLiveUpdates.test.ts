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

  it('load the assessments again only when they changed; their changes refresh the rest too', () => {
    expect(refreshes('assessments', 'assessments')).toBe(true);
    expect(refreshes('assessments', 'journal')).toBe(false);
    expect(refreshes('assessments', 'documents')).toBe(false);
    expect(refreshes('journal', 'assessments')).toBe(true);
    expect(refreshes('detail', 'assessments')).toBe(true);
    expect(refreshes('documents', 'assessments')).toBe(false);
    expect(refreshes('assessments', undefined)).toBe(true);
  });

  it('load the measures again only when they changed; their changes refresh the journal and team', () => {
    expect(refreshes('measures', 'measures')).toBe(true);
    expect(refreshes('measures', 'journal')).toBe(false);
    expect(refreshes('measures', 'team')).toBe(false);
    expect(refreshes('journal', 'measures')).toBe(true);
    expect(refreshes('team', 'measures')).toBe(true);
    expect(refreshes('measures', undefined)).toBe(true);
  });
});
