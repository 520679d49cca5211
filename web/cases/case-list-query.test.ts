import { describe, expect, it } from 'vitest';
import {
  apiFiltersOf,
  filtersFromSearch,
  hasSearchWords,
  isFiltered,
  isOverdue,
  noFilters,
  searchOfFilters,
} from './case-list-query.ts';

describe('case list filters in the address', () => {
  it('reads nothing from an empty query string', () => {
    expect(filtersFromSearch(new URLSearchParams())).toEqual(noFilters);
    expect(searchOfFilters(noFilters).toString()).toBe('');
    expect(isFiltered(noFilters)).toBe(false);
  });

  it('reads repeated statuses and levels, and writes them back the same way', () => {
    const search = new URLSearchParams(
      'q=canteen+threat&status=intake&status=assessment&level=3&level=4&category=stalking&tag=Late%20Shift&owner=6f1c2f0e-4b7a-4d43-9a55-0d3a8f1e2b77&unit=0a4e9c3d-7f21-4c65-8b2e-5d9f1a7c3e10&mine=true&overdue=true&sort=updated',
    );
    const filters = filtersFromSearch(search);
    expect(filters).toEqual({
      q: 'canteen threat',
      statuses: ['intake', 'assessment'],
      levels: ['3', '4'],
      category: 'stalking',
      tag: 'late shift',
      owner: '6f1c2f0e-4b7a-4d43-9a55-0d3a8f1e2b77',
      unit: '0a4e9c3d-7f21-4c65-8b2e-5d9f1a7c3e10',
      mine: true,
      overdue: true,
      sort: 'updated',
    });
    expect(filtersFromSearch(searchOfFilters(filters))).toEqual(filters);
    expect(isFiltered(filters)).toBe(true);
  });

  it('drops what the API would refuse', () => {
    const filters = filtersFromSearch(
      new URLSearchParams(
        'status=open&status=closed&status=closed&level=5&category=Bad-Cat&owner=nobody&unit=1&sort=random&mine=yes',
      ),
    );
    expect(filters).toEqual({ ...noFilters, statuses: ['closed'] });
  });

  it('asks the API only for what narrows the list, and the sort when it is not the default', () => {
    expect(apiFiltersOf({ ...noFilters, q: '  ', sort: 'oldest' })).toEqual({ sort: 'oldest' });
    expect(isFiltered({ ...noFilters, sort: 'oldest' })).toBe(false);
    expect(apiFiltersOf({ ...noFilters, statuses: ['closed'], levels: ['2'] })).toEqual({
      status: ['closed'],
      level: ['2'],
    });
  });
});

describe('search words', () => {
  it('needs a letter or a digit', () => {
    expect(hasSearchWords('Müller')).toBe(true);
    expect(hasSearchWords('42')).toBe(true);
    expect(hasSearchWords(' -- !? ')).toBe(false);
  });
});

describe('overdue', () => {
  it('is an open case due before today', () => {
    expect(isOverdue('2026-11-30', 'management', '2026-12-01')).toBe(true);
    expect(isOverdue('2026-12-01', 'management', '2026-12-01')).toBe(false);
    expect(isOverdue('2026-11-30', 'closed', '2026-12-01')).toBe(false);
    expect(isOverdue(null, 'intake', '2026-12-01')).toBe(false);
  });
});
