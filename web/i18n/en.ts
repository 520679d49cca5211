// English messages: the reference catalogue. de.ts must have exactly these keys (checked by the compiler and by
// i18n.test.ts), so a string added here without its German twin fails the build.
export const en = {
  app: {
    productName: 'TMA',
    fullName: 'Threat Management Assistant',
    documentTitle: '{{page}} · TMA',
    skipToContent: 'Skip to main content',
  },
  header: {
    homeLink: 'TMA – go to the overview',
    openNavigation: 'Open navigation',
    closeNavigation: 'Close navigation',
    language: 'Language',
  },
  language: {
    // Each language is named in itself, whatever the interface language is.
    de: 'Deutsch',
    en: 'English',
  },
  nav: {
    label: 'Main navigation',
    overview: 'Overview',
  },
  overview: {
    title: 'Overview',
    intro: 'The state of this TMA installation.',
    health: {
      heading: 'Server health',
      ready: 'Ready',
      notReady: 'Not ready',
      draining: 'Shutting down',
      readyDescription: 'The server is running and accepts requests.',
      notReadyDescription: 'The server is running but cannot accept requests yet.',
      drainingDescription: 'The server is finishing open requests before it stops.',
      loading: 'Checking server health…',
      database: 'Database',
      engineEmbedded: 'Embedded (PGlite)',
      enginePostgres: 'PostgreSQL',
      reachable: 'reachable',
      unreachable: 'unreachable',
      migrations: 'Migrations',
      migrationsValue: '{{applied}} applied, {{pending}} pending',
      version: 'Server version',
      lastChecked: 'Last checked',
      autoRefresh: 'Checked again every {{seconds}} seconds.',
      checkNow: 'Check now',
      errorTitle: 'Server health could not be loaded',
      networkError: 'The server could not be reached.',
      requestId: 'Request ID',
      stale: 'The details below are from the last successful check.',
    },
  },
  error: {
    title: 'Something went wrong',
    description: 'This page could not be shown because of an error in TMA. Reloading the page often helps.',
    reload: 'Reload page',
  },
  notFound: {
    title: 'Page not found',
    description: 'There is no page at this address. It may have been moved, or the link may be wrong.',
    back: 'Back to the overview',
  },
};

type Catalogue<T> = { [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };

/** The shape every language's messages must have: the keys of `en`, each with a string. */
export type Messages = Catalogue<typeof en>;
