// The inbox's view, filters and order as the page's address holds them (`/inbox?status=new&sort=oldest`), so
// a filtered inbox can be shared and the back button steps through the filters. No React here: tested in Node.

import type { Channel, ReportStatus } from '../api/reports.ts';

export const inboxViews = ['open', 'closed', 'all'] as const;
export type InboxView = (typeof inboxViews)[number];
export const inboxSorts = ['danger', 'newest', 'oldest', 'deadline'] as const;
export type InboxSort = (typeof inboxSorts)[number];
export const inboxChannels = [
  'portal',
  'phone',
  'in_person',
  'letter',
  'email',
] as const satisfies readonly Channel[];
export const inboxStatuses = [
  'new',
  'acknowledged',
  'case_opened',
  'attached',
  'closed',
] as const satisfies readonly ReportStatus[];
/** The statuses a report in each view can have: the status filter offers only these. */
export const viewStatuses: Record<InboxView, readonly ReportStatus[]> = {
  open: ['new', 'acknowledged'],
  closed: ['case_opened', 'attached', 'closed'],
  all: inboxStatuses,
};

/** Whose reports: the case owner's (`me`), none yet (`none`); a user id also works in the address. */
export type InboxAssignee = 'me' | 'none' | (string & {});

export interface InboxFilters {
  view: InboxView;
  sort: InboxSort;
  q: string;
  unit: string | null;
  channel: Channel | null;
  status: ReportStatus | null;
  danger: boolean;
  awaitingReply: boolean;
  assignee: InboxAssignee | null;
}

/** The filters that narrow the list (view and order aside), in the order the page names them. */
export const narrowingFilters = [
  'q',
  'unit',
  'channel',
  'status',
  'danger',
  'awaitingReply',
  'assignee',
] as const;
export type NarrowingFilter = (typeof narrowingFilters)[number];

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The server takes up to 100 characters. */
export const maxSearchLength = 100;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

/** The filters an address asks for; anything it holds that is not a filter the server takes is left out. */
export function filtersFromSearch(params: URLSearchParams): InboxFilters {
  const assignee = params.get('assignee');
  const unit = params.get('unit');
  return {
    view: oneOf(inboxViews, params.get('view')) ?? 'open',
    sort: oneOf(inboxSorts, params.get('sort')) ?? 'danger',
    q: (params.get('q') ?? '').slice(0, maxSearchLength),
    unit: unit !== null && uuid.test(unit) ? unit : null,
    channel: oneOf(inboxChannels, params.get('channel')),
    status: oneOf(inboxStatuses, params.get('status')),
    danger: params.get('danger') === 'true',
    awaitingReply: params.get('awaiting') === 'true',
    assignee:
      assignee === 'me' || assignee === 'none' || (assignee !== null && uuid.test(assignee))
        ? assignee
        : null,
  };
}

/** The address's query for these filters: defaults left out, so the plain inbox stays `/inbox`. */
export function searchFromFilters(filters: InboxFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.view !== 'open') params.set('view', filters.view);
  if (filters.q.trim() !== '') params.set('q', filters.q);
  if (filters.unit) params.set('unit', filters.unit);
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.status) params.set('status', filters.status);
  if (filters.danger) params.set('danger', 'true');
  if (filters.awaitingReply) params.set('awaiting', 'true');
  if (filters.assignee) params.set('assignee', filters.assignee);
  if (filters.sort !== 'danger') params.set('sort', filters.sort);
  return params;
}

/** The API's query string for one view with these filters (`limit` and `after` are the pager's). */
export function apiFilters(filters: InboxFilters): Record<string, string> {
  const query: Record<string, string> = { view: filters.view };
  const q = filters.q.trim();
  if (q !== '') query.q = q;
  if (filters.unit) query.unit = filters.unit;
  if (filters.channel) query.channel = filters.channel;
  if (filters.status) query.status = filters.status;
  if (filters.danger) query.danger = 'true';
  if (filters.awaitingReply) query.awaitingReply = 'true';
  if (filters.assignee) query.assignee = filters.assignee;
  if (filters.sort !== 'danger') query.sort = filters.sort;
  return query;
}

/** Which of the narrowing filters are set. */
export function activeFilters(filters: InboxFilters): NarrowingFilter[] {
  return narrowingFilters.filter((name) => {
    const value = filters[name];
    return typeof value === 'string' ? value.trim() !== '' : Boolean(value);
  });
}

/** Another view with the same filters, except a status that view's reports cannot have. */
export function withView(filters: InboxFilters, view: InboxView): InboxFilters {
  const status = filters.status && viewStatuses[view].includes(filters.status) ? filters.status : null;
  return { ...filters, view, status };
}

/** The same view and order with no filter narrowing it. */
export function withoutFilters(filters: InboxFilters): InboxFilters {
  return {
    ...filters,
    q: '',
    unit: null,
    channel: null,
    status: null,
    danger: false,
    awaitingReply: false,
    assignee: null,
  };
}
