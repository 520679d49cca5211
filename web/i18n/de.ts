import type { Messages } from './en.ts';

export const de: Messages = {
  app: {
    productName: 'TMA',
    fullName: 'Assistent für Bedrohungsmanagement',
    documentTitle: '{{page}} · TMA',
    skipToContent: 'Zum Hauptinhalt springen',
  },
  header: {
    homeLink: 'TMA – zur Übersicht',
    openNavigation: 'Navigation öffnen',
    closeNavigation: 'Navigation schließen',
    language: 'Sprache',
  },
  language: {
    de: 'Deutsch',
    en: 'English',
  },
  nav: {
    label: 'Hauptnavigation',
    overview: 'Übersicht',
  },
  overview: {
    title: 'Übersicht',
    intro: 'Der Zustand dieser TMA-Installation.',
    health: {
      heading: 'Serverstatus',
      ready: 'Betriebsbereit',
      notReady: 'Nicht betriebsbereit',
      draining: 'Wird heruntergefahren',
      readyDescription: 'Der Server läuft und nimmt Anfragen an.',
      notReadyDescription: 'Der Server läuft, kann aber noch keine Anfragen annehmen.',
      drainingDescription: 'Der Server schließt laufende Anfragen ab und beendet sich danach.',
      loading: 'Serverstatus wird abgefragt …',
      database: 'Datenbank',
      engineEmbedded: 'Eingebettet (PGlite)',
      enginePostgres: 'PostgreSQL',
      reachable: 'erreichbar',
      unreachable: 'nicht erreichbar',
      migrations: 'Migrationen',
      migrationsValue: '{{applied}} angewendet, {{pending}} ausstehend',
      version: 'Serverversion',
      lastChecked: 'Zuletzt geprüft',
      autoRefresh: 'Wird alle {{seconds}} Sekunden erneut geprüft.',
      checkNow: 'Jetzt prüfen',
      errorTitle: 'Der Serverstatus konnte nicht geladen werden',
      networkError: 'Der Server ist nicht erreichbar.',
      requestId: 'Anfrage-ID',
      stale: 'Die folgenden Angaben stammen von der letzten erfolgreichen Prüfung.',
    },
  },
  error: {
    title: 'Etwas ist schiefgelaufen',
    description:
      'Diese Seite konnte wegen eines Fehlers in TMA nicht angezeigt werden. Oft hilft es, die Seite neu zu laden.',
    reload: 'Seite neu laden',
  },
  notFound: {
    title: 'Seite nicht gefunden',
    description:
      'Unter dieser Adresse gibt es keine Seite. Vielleicht wurde sie verschoben, oder der Link ist fehlerhaft.',
    back: 'Zurück zur Übersicht',
  },
};
