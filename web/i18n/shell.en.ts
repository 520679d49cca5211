/** The app's frame: navigation groups, loading placeholders and what a failed request means for the user. */
export const shellEn = {
  nav: {
    work: 'Work',
    knowledge: 'Knowledge',
    insight: 'Insight',
    privacy: 'Privacy and audit',
    administration: 'Administration',
    openTasks_one: '{{count}} open task',
    openTasks_other: '{{count}} open tasks',
  },
  loading: 'Loading…',
  /** The side column of a page with its details (a case's facts beside its tabs). */
  details: 'Details',
  error: {
    title: 'Something went wrong',
    loadFailed: 'This could not be loaded',
    loadMoreFailed: 'The next page could not be loaded',
    signedOut: 'Your session has ended. Sign in again to continue where you were.',
    forbidden:
      'Your role does not give you access to this. If you need it for your work, ask an administrator of your organisation.',
    notFound: 'This could not be found. It may have been deleted, or the link may be out of date.',
    gone: 'This has been deleted and can no longer be opened.',
    changed: 'Someone else changed this in the meantime. Reload to see the current state, then try again.',
    conflict:
      'This clashes with something that already exists or has already happened. See the detail below.',
    invalid: 'Some of what was sent was not accepted. Check the details below, correct them and try again.',
    tooLarge: 'This is too large for the server. Choose a smaller file or shorter text.',
    rateLimited_one: 'Too many attempts in a short time. Wait a second, then try again.',
    rateLimited_other: 'Too many attempts in a short time. Wait {{count}} seconds, then try again.',
    rateLimitedNoTime: 'Too many attempts in a short time. Wait a minute, then try again.',
    unavailable:
      'TMA is not available at the moment, perhaps for maintenance or a restart. Try again in a minute.',
    server:
      'The server ran into a problem it could not handle. Try again; if it keeps happening, tell your administrator and give them the request number below.',
    network: 'TMA could not be reached. Check your network connection, then try again.',
    unexpected:
      'Something unexpected happened in this page. Try again; if it keeps happening, reload the page.',
    serverSaid: 'Server: {{message}}',
    requestId: 'Request number: {{id}}',
    retry: 'Try again',
    reload: 'Reload',
    signIn: 'Sign in again',
  },
  attachments: {
    thumbnailFailed: 'No preview',
  },
};
