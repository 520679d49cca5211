import { describe, expect, it } from 'vitest';
import {
  activeFilters,
  apiFilters,
  filtersFromSearch,
  searchFromFilters,
  withoutFilters,
  withView,
} from './inbox-filters.ts';

const unit = '0b6f2a4e-8c1d-4e5f-9a7b-3c2d1e0f9a8b';
const from = (query: string) => filtersFromSearch(new URLSearchParams(query));

describe('the inbox’s filters in the address', () => {
  it('reads the plain inbox as the open view, danger first, nothing narrowing it', () => {
    const filters = from('');
    expect(filters).toEqual({
      view: 'open',
      sort: 'danger',
      q: '',
      unit: null,
      channel: null,
      status: null,
      danger: false,
      awaitingReply: false,
      assignee: null,
    });
    expect(searchFromFilters(filters).toString()).toBe('');
    expect(apiFilters(filters)).toEqual({ view: 'open' });
    expect(activeFilters(filters)).toEqual([]);
  });

  it('keeps every filter and the order through the address and into the API’s query', () => {
    const query = `view=all&q=R-2026&unit=${unit}&channel=phone&status=closed&danger=true&awaiting=true&assignee=me&sort=oldest`;
    const filters = from(query);
    expect(new URLSearchParams(searchFromFilters(filters)).toString()).toBe(
      new URLSearchParams(query).toString(),
    );
    expect(apiFilters(filters)).toEqual({
      view: 'all',
      q: 'R-2026',
      unit,
      channel: 'phone',
      status: 'closed',
      danger: 'true',
      awaitingReply: 'true',
      assignee: 'me',
      sort: 'oldest',
    });
    expect(activeFilters(filters)).toEqual([
      'q',
      'unit',
      'channel',
      'status',
      'danger',
      'awaitingReply',
      'assignee',
    ]);
    expect(searchFromFilters(withoutFilters(filters)).toString()).toBe('view=all&sort=oldest');
  });

  it('leaves out what the server would refuse', () => {
    const filters = from(
      'view=archive&sort=random&unit=germany&channel=fax&status=gone&danger=yes&assignee=bob',
    );
    expect(apiFilters(filters)).toEqual({ view: 'open' });
    expect(from(`q=${'x'.repeat(150)}`).q).toHaveLength(100);
    // Blank search is no search.
    expect(apiFilters(from('q=%20%20'))).toEqual({ view: 'open' });
    expect(from(`assignee=${unit.toUpperCase()}`).assignee).toBe(unit.toUpperCase());
  });

  it('drops a status the new view’s reports cannot have', () => {
    expect(withView(from('view=all&status=closed&channel=letter'), 'open')).toMatchObject({
      view: 'open',
      status: null,
      channel: 'letter',
    });
    expect(withView(from('view=all&status=new'), 'open').status).toBe('new');
    expect(withView(from('status=new'), 'all').status).toBe('new');
  });
});
