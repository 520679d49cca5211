import type { Messages } from './en.ts';

// Löschbescheinigungen: die Liste für Admins und Auditoren, der Link am Grabstein, die Zeilen der Prüfseite.
export const certificatesDe: Messages['certificates'] = {
  nav: 'Löschbescheinigungen',
  title: 'Löschbescheinigungen',
  intro:
    'Jede Löschung eines Falls oder einer Meldung, durch einen Admin oder durch eine Aufbewahrungsrichtlinie, erzeugt eine Bescheinigung: ein PDF, das festhält, was gelöscht wurde (Aktenzeichen, Daten, Anzahlen), wann, warum, von wem und wer es freigegeben hat. Sie enthält keinen Inhalt des gelöschten Falls. Jede Bescheinigung ist ein prüfbarer Export.',
  access: {
    title: 'Für Ihre Rolle nicht verfügbar',
    text: 'Löschbescheinigungen sehen Admins und Auditoren.',
  },
  filter: {
    label: 'Anzeigen',
    all: 'Alle',
    case: 'Fälle',
    report: 'Meldungen',
  },
  loading: 'Bescheinigungen werden geladen…',
  empty: 'Es wurde noch kein Fall und keine Meldung gelöscht.',
  loadMore: 'Weitere Bescheinigungen laden',
  columns: {
    deletedAt: 'Gelöscht',
    object: 'Gelöschtes Objekt',
    reason: 'Grund',
    deletedBy: 'Gelöscht von',
    approvedBy: 'Freigegeben von',
    contents: 'Was gelöscht wurde',
    file: 'Bescheinigung',
  },
  objectType: { case: 'Fall', report: 'Meldung' },
  operator: 'Betrieb (Kommandozeile)',
  retentionPolicy: 'Aufbewahrungsrichtlinie ({{rule}})',
  unknownUser: 'Unbekanntes Konto',
  noApproval: '—',
  counts: {
    reports_one: '{{count}} Meldung',
    reports_other: '{{count}} Meldungen',
    persons_one: '{{count}} Person',
    persons_other: '{{count}} Personen',
    documents_one: '{{count}} Dokument',
    documents_other: '{{count}} Dokumente',
    attachments_one: '{{count}} Anhang',
    attachments_other: '{{count}} Anhänge',
    dialogueMessages_one: '{{count}} Nachricht',
    dialogueMessages_other: '{{count}} Nachrichten',
    nothing: 'kein Inhalt',
  },
  download: 'PDF herunterladen',
  downloadLabel: 'PDF herunterladen: Löschbescheinigung von {{reference}}',
  tombstone: {
    link: 'Löschbescheinigung (PDF)',
    none: 'Für diese Löschung wurde keine Bescheinigung ausgestellt (gelöscht, bevor es Bescheinigungen gab).',
  },
  verify: {
    kind: 'Art des Exports',
    kinds: { case_report: 'Fallbericht', deletion_certificate: 'Löschbescheinigung' },
    deletedObject: 'Gelöscht',
    deletedBy: 'Gelöscht von',
    issuedBy: 'Ausgestellt für',
  },
};
