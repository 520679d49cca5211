import type { Messages } from './en.ts';

// German messages for deleting cases and reports: exactly the keys of deletion.en.ts.
export const deletionDe: Messages['deletion'] = {
  reasons: {
    retention_expired: 'Aufbewahrungsfrist abgelaufen',
    unfounded: 'Unbegründet',
    data_subject_request: 'Antrag der betroffenen Person',
    duplicate: 'Doppelt erfasst',
    legal_order: 'Gerichtliche oder behördliche Anordnung',
    other: 'Anderer Grund',
  },
  action: {
    delete: 'Löschen …',
    requestDelete: 'Löschung beantragen …',
    approve: 'Löschung genehmigen',
    withdraw: 'Antrag zurückziehen',
  },
  dialog: {
    caseTitle: 'Fall {{reference}} löschen',
    reportTitle: 'Meldung {{reference}} löschen',
    caseExplanation:
      'Der Fall und alle mit ihm verknüpften Meldungen werden endgültig gelöscht: Ihre Schlüssel werden vernichtet, sodass Titel, Antworten, Angaben der Meldenden, Anhänge und Dialog nie wieder gelesen werden können, auch nicht aus Sicherungen. Nur ein Grabstein bleibt: Aktenzeichen, Einheit, Daten, wer gelöscht hat und warum.',
    reportExplanation:
      'Die Meldung wird endgültig gelöscht: Ihr Schlüssel wird vernichtet, sodass Antworten, Angaben der meldenden Person, Anhänge und Dialog nie wieder gelesen werden können, auch nicht aus Sicherungen. Nur ein Grabstein bleibt: Aktenzeichen, Einheit, Daten, wer gelöscht hat und warum. Die meldende Person sieht die Meldung als abgeschlossen.',
    irreversible: 'Das kann nicht rückgängig gemacht werden.',
    approvalRequired:
      'Ihre Organisation verlangt, dass eine zweite Administratorin oder ein zweiter Administrator Löschungen genehmigt. Gelöscht wird erst mit dieser Genehmigung.',
    reason: 'Grund',
    reasonPlaceholder: 'Grund wählen',
    note: 'Notiz für die Genehmigung (optional)',
    confirm: 'Zur Bestätigung {{reference}} eingeben',
    confirmMismatch: 'Geben Sie das Aktenzeichen genau wie angezeigt ein.',
    submitDelete: 'Endgültig löschen',
    submitRequest: 'Löschung beantragen',
    cancel: 'Abbrechen',
    failed: 'Die Löschung ist fehlgeschlagen',
  },
  pending: {
    title: 'Löschung beantragt',
    text: '{{name}} hat am {{day}} beantragt, dies endgültig zu löschen. Grund: {{reason}}.',
    note: 'Notiz: {{note}}',
    ownRequest: 'Eine andere Administratorin oder ein anderer Administrator muss Ihren Antrag genehmigen.',
    requested: 'Die Löschung wurde beantragt. Sie muss noch von einer zweiten Person genehmigt werden.',
    approveFailed: 'Die Genehmigung ist fehlgeschlagen',
  },
  gone: {
    caseTitle: 'Fall gelöscht',
    reportTitle: 'Meldung gelöscht',
    caseText: 'Dieser Fall wurde am {{day}} gelöscht. Sein Inhalt ist endgültig entfernt.',
    reportText: 'Diese Meldung wurde am {{day}} gelöscht. Ihr Inhalt ist endgültig entfernt.',
    reason: 'Grund: {{reason}}',
  },
  cases: {
    nav: 'Fälle',
    access: {
      title: 'Für Ihre Rolle nicht verfügbar',
      text: 'Mit Fällen arbeiten Bedrohungsmanager, die Fachleute im Team eines Falls und Administratoren (Metadaten). Prüfer sehen keine Fälle.',
    },
    title: 'Fälle',
    intro:
      'Die Fälle, die Sie sehen dürfen. Ohne Filter: die offenen, die neuesten zuerst, und die Grabsteine gelöschter Fälle.',
    loadMore: 'Weitere Fälle laden',
    loading: 'Fälle werden geladen …',
    errorTitle: 'Die Fälle konnten nicht geladen werden',
    empty: 'Es gibt keine Fälle, die Sie sehen dürfen.',
    reference: 'Aktenzeichen',
    caseTitle: 'Titel',
    status: 'Status',
    unit: 'Einheit',
    opened: 'Eröffnet',
    deletedOn: 'Gelöscht am {{day}}',
  },
  settings: {
    heading: 'Löschen von Fällen und Meldungen',
    help: 'Administratorinnen und Administratoren löschen Fälle und Meldungen endgültig (Crypto-Shredding). Ist dies eingeschaltet, ist eine Löschung nur ein Antrag, bis eine zweite Person mit Administratorrechten sie genehmigt.',
    requiresApproval: 'Jede Löschung muss von einer zweiten Person genehmigt werden',
  },
  inbox: {
    deletedOn: 'Gelöscht am {{day}}',
  },
};
