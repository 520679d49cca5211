import type { Messages } from './en.ts';

/** Der Rahmen der App: Navigationsgruppen, Platzhalter beim Laden und was ein Fehler für die Nutzerin bedeutet. */
export const shellDe: Messages['shell'] = {
  nav: {
    work: 'Arbeit',
    knowledge: 'Wissen',
    insight: 'Auswertung',
    privacy: 'Datenschutz und Prüfung',
    administration: 'Verwaltung',
    openTasks_one: '{{count}} offene Aufgabe',
    openTasks_other: '{{count}} offene Aufgaben',
  },
  loading: 'Wird geladen …',
  details: 'Angaben',
  error: {
    title: 'Etwas ist schiefgegangen',
    loadFailed: 'Das ließ sich nicht laden',
    loadMoreFailed: 'Die nächste Seite ließ sich nicht laden',
    signedOut:
      'Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an, um dort weiterzumachen, wo Sie waren.',
    forbidden:
      'Ihre Rolle gibt Ihnen keinen Zugriff darauf. Wenn Sie ihn für Ihre Arbeit brauchen, wenden Sie sich an eine Administratorin oder einen Administrator Ihrer Organisation.',
    notFound: 'Das wurde nicht gefunden. Vielleicht wurde es gelöscht, oder der Link ist nicht mehr aktuell.',
    gone: 'Das wurde gelöscht und lässt sich nicht mehr öffnen.',
    changed:
      'Jemand anderes hat das inzwischen geändert. Laden Sie neu, um den aktuellen Stand zu sehen, und versuchen Sie es dann noch einmal.',
    conflict:
      'Das steht im Widerspruch zu etwas, das schon existiert oder schon geschehen ist. Siehe Details unten.',
    invalid:
      'Ein Teil der Angaben wurde nicht angenommen. Prüfen Sie die Details unten, korrigieren Sie sie und versuchen Sie es erneut.',
    tooLarge: 'Das ist zu groß für den Server. Wählen Sie eine kleinere Datei oder einen kürzeren Text.',
    rateLimited_one:
      'Zu viele Versuche in kurzer Zeit. Warten Sie eine Sekunde und versuchen Sie es dann erneut.',
    rateLimited_other:
      'Zu viele Versuche in kurzer Zeit. Warten Sie {{count}} Sekunden und versuchen Sie es dann erneut.',
    rateLimitedNoTime:
      'Zu viele Versuche in kurzer Zeit. Warten Sie eine Minute und versuchen Sie es dann erneut.',
    unavailable:
      'TMA ist gerade nicht erreichbar, vielleicht wegen Wartung oder eines Neustarts. Versuchen Sie es in einer Minute erneut.',
    server:
      'Auf dem Server ist ein Problem aufgetreten. Versuchen Sie es erneut; wenn es wieder passiert, melden Sie es Ihrer Administration mit der Anfragenummer unten.',
    network: 'TMA ist nicht erreichbar. Prüfen Sie Ihre Netzwerkverbindung und versuchen Sie es dann erneut.',
    unexpected:
      'Auf dieser Seite ist etwas Unerwartetes passiert. Versuchen Sie es erneut; wenn es wieder passiert, laden Sie die Seite neu.',
    serverSaid: 'Server: {{message}}',
    requestId: 'Anfragenummer: {{id}}',
    retry: 'Erneut versuchen',
    reload: 'Neu laden',
    signIn: 'Erneut anmelden',
  },
  attachments: {
    thumbnailFailed: 'Keine Vorschau',
  },
};
